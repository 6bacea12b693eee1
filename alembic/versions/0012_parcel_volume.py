"""parcel volume: weekly parcels per outlet, for complaints per 10,000 parcels

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "parcel_volume",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("parcels", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlet.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("outlet_id", "week_start", name="uq_parcel_volume_outlet_week"),
    )
    with op.batch_alter_table("parcel_volume", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parcel_volume_week_start"), ["week_start"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("parcel_volume", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parcel_volume_week_start"))

    op.drop_table("parcel_volume")
