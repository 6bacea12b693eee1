"""scores: the live week's "not yet due" count (open tickets due later in the week)

Frozen weeks scored under the old rule (tier and rank on the unrounded score) are frozen
again by `python -m complaint_console rollup --refreeze`, which records an admin_audit line.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("live_outlet_score", schema=None) as batch_op:
        batch_op.add_column(sa.Column("not_yet_due_count", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("live_outlet_score", schema=None) as batch_op:
        batch_op.drop_column("not_yet_due_count")
