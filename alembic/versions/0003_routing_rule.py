"""routing_rule: waybill prefix or destination district -> responsible outlet

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "routing_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("pattern", sa.String(length=100), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlet.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "pattern", name="uq_routing_rule_kind_pattern"),
    )
    with op.batch_alter_table("routing_rule") as batch:
        batch.create_index("ix_routing_rule_outlet_id", ["outlet_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("routing_rule") as batch:
        batch.drop_index("ix_routing_rule_outlet_id")
    op.drop_table("routing_rule")
