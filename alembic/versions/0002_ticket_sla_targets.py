"""ticket: keep the SLA targets the due times were computed from

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Existing rows are filled from DESIGN's default targets for their severity.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULTS = {"general": (30, 1440), "serious": (60, 2880), "urgent": (10, 120)}


def upgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.add_column(sa.Column("response_target_minutes", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("resolution_target_minutes", sa.Integer(), nullable=True))
    for severity, (response, resolution) in DEFAULTS.items():
        op.execute(
            sa.text(
                "UPDATE ticket SET response_target_minutes = :r, resolution_target_minutes = :s WHERE severity = :sev"
            ).bindparams(r=response, s=resolution, sev=severity)
        )
    op.execute(sa.text("UPDATE ticket SET response_target_minutes = 30 WHERE response_target_minutes IS NULL"))
    op.execute(sa.text("UPDATE ticket SET resolution_target_minutes = 1440 WHERE resolution_target_minutes IS NULL"))
    with op.batch_alter_table("ticket") as batch:
        batch.alter_column("response_target_minutes", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("resolution_target_minutes", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("resolution_target_minutes")
        batch.drop_column("response_target_minutes")
