"""typical case: root cause of the 5-Why chain, searchable tags, edits, one case per ticket

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("typical_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tags_text", sa.String(length=500), server_default="", nullable=False))
        batch_op.add_column(sa.Column("root_cause", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_typical_case_updated_by_id_app_user", "app_user", ["updated_by_id"], ["id"])
        batch_op.create_unique_constraint("uq_typical_case_ticket", ["ticket_id"])


def downgrade() -> None:
    with op.batch_alter_table("typical_case", schema=None) as batch_op:
        batch_op.drop_constraint("uq_typical_case_ticket", type_="unique")
        batch_op.drop_constraint("fk_typical_case_updated_by_id_app_user", type_="foreignkey")
        batch_op.drop_column("updated_by_id")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("root_cause")
        batch_op.drop_column("tags_text")
