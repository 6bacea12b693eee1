"""live outlet score: the current week's scores, refreshed at most once a minute, paged in SQL

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "live_outlet_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("cohort_size", sa.Integer(), nullable=False),
        sa.Column("received_count", sa.Integer(), nullable=False),
        sa.Column("repeat_count", sa.Integer(), nullable=False),
        sa.Column("resolution_rate", sa.Float(), nullable=True),
        sa.Column("timeliness_rate", sa.Float(), nullable=True),
        sa.Column("satisfaction_rate", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("tier", sa.String(length=2), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("score_change", sa.Float(), nullable=True),
        sa.Column("warning", sa.String(length=32), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlet.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("week_start", "outlet_id", name="uq_live_outlet_score_week_outlet"),
    )


def downgrade() -> None:
    op.drop_table("live_outlet_score")
