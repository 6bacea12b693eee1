"""the free text a closer may write beside the root cause chosen from HQ's list

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.add_column(sa.Column("root_cause_note", sa.Text(), nullable=True))


def downgrade() -> None:
    # a plain ALTER TABLE … DROP COLUMN (SQLite has it since 3.35): batch mode would copy the ticket
    # table and drop the old one, which SQLite refuses while other tables' rows point at tickets
    op.drop_column("ticket", "root_cause_note")
