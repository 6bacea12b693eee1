"""going live: outlet managers, staff phone and forced password change, set-password links,
the customer's e-mail on a ticket, and the admin audit trail of outlets and staff

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("password_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("password_token_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_app_user_password_token_hash", ["password_token_hash"], unique=True)
    with op.batch_alter_table("outlet", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manager_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_outlet_manager_id_app_user", "app_user", ["manager_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index("ix_outlet_name", ["name"], unique=False)
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_email", sa.String(length=200), nullable=True))
    op.create_table(
        "admin_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_admin_audit_entity", "admin_audit", ["entity", "entity_id", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_admin_audit_entity", table_name="admin_audit")
    op.drop_table("admin_audit")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_column("customer_email")
    with op.batch_alter_table("outlet", schema=None) as batch_op:
        batch_op.drop_index("ix_outlet_name")
        batch_op.drop_constraint("fk_outlet_manager_id_app_user", type_="foreignkey")
        batch_op.drop_column("manager_id")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_index("ix_app_user_password_token_hash")
        batch_op.drop_column("password_token_expires_at")
        batch_op.drop_column("password_token_hash")
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("phone")
