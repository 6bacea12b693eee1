"""inspection samples and items

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inspection_sample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=True),
        sa.Column("size_per_region", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("drawn_by_id", sa.Integer(), nullable=True),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["drawn_by_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["region"],
            ["region.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inspection_sample", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_sample_week_start"), ["week_start"], unique=False)

    op.create_table(
        "inspection_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reply_speed", sa.Integer(), nullable=True),
        sa.Column("remedy_accuracy", sa.Integer(), nullable=True),
        sa.Column("empathy", sa.Integer(), nullable=True),
        sa.Column("policy_compliance", sa.Integer(), nullable=True),
        sa.Column("record_completeness", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["app_user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sample_id"],
            ["inspection_sample.id"],
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["ticket.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sample_id", "ticket_id", name="uq_inspection_item_sample_ticket"),
    )
    with op.batch_alter_table("inspection_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_item_reviewed_at"), ["reviewed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_item_sample_id"), ["sample_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_item_ticket_id"), ["ticket_id"], unique=False)

    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_stage_closed", ["stage", "closed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_stage_closed")

    with op.batch_alter_table("inspection_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_item_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_item_sample_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_item_reviewed_at"))

    op.drop_table("inspection_item")
    with op.batch_alter_table("inspection_sample", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_sample_week_start"))

    op.drop_table("inspection_sample")
