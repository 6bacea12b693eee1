"""scores: the live week keeps its counts (resolved, timely, surveys, satisfied) like a frozen week,
so the /scores headline scores the network and a region from the counts, live or frozen

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = ("resolved_count", "timely_count", "survey_count", "satisfied_count")


def upgrade() -> None:
    with op.batch_alter_table("live_outlet_score", schema=None) as batch_op:
        for column in COUNTS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("live_outlet_score", schema=None) as batch_op:
        for column in reversed(COUNTS):
            batch_op.drop_column(column)
