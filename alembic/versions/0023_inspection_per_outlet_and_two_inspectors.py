"""inspection: samples per outlet (or proportional to volume) and topped up; one review row per inspector per ticket

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK_ITEM = "fk_inspection_review_item_id_inspection_item"
SCORES = ("reply_speed", "remedy_accuracy", "empathy", "policy_compliance", "record_completeness")


def upgrade() -> None:
    op.create_table(
        "inspection_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in SCORES],
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["reviewer_id"], ["app_user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "reviewer_id", name="uq_inspection_review_item_reviewer"),
    )
    op.create_index("ix_inspection_review_item_id", "inspection_review", ["item_id"])
    op.create_index("ix_inspection_review_reviewed_at", "inspection_review", ["reviewed_at"])
    cols = ", ".join(SCORES)
    # the one review an item could hold so far (a review without a reviewer cannot be attributed: none was saved so)
    op.execute(
        f"INSERT INTO inspection_review (item_id, reviewer_id, {cols}, comment, reviewed_at, updated_at) "
        f"SELECT id, reviewer_id, {cols}, comment, reviewed_at, updated_at FROM inspection_item "
        "WHERE reviewed_at IS NOT NULL AND reviewer_id IS NOT NULL"
    )
    with op.batch_alter_table("inspection_item") as batch:
        batch.drop_index("ix_inspection_item_reviewed_at")
        for name in ("reviewer_id", *SCORES, "comment", "reviewed_at", "updated_at"):
            batch.drop_column(name)
    # the reference to the item only now: SQLite rebuilds inspection_item above, which a referencing row would block
    with op.batch_alter_table("inspection_review") as batch:
        batch.create_foreign_key(FK_ITEM, "inspection_item", ["item_id"], ["id"])
    # in place, not rebuilt: inspection_item's rows reference the samples (SQLite and PostgreSQL both rename)
    op.execute("ALTER TABLE inspection_sample RENAME COLUMN size_per_region TO size")
    op.add_column("inspection_sample", sa.Column("mode", sa.String(length=16), server_default="per_outlet", nullable=False))
    op.add_column("inspection_sample", sa.Column("topped_up_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE inspection_sample DROP COLUMN topped_up_at")
    op.execute("ALTER TABLE inspection_sample DROP COLUMN mode")
    op.execute("ALTER TABLE inspection_sample RENAME COLUMN size TO size_per_region")
    with op.batch_alter_table("inspection_review") as batch:  # SQLite rebuilds inspection_item below
        batch.drop_constraint(FK_ITEM, type_="foreignkey")
    with op.batch_alter_table("inspection_item") as batch:
        batch.add_column(sa.Column("reviewer_id", sa.Integer(), nullable=True))
        for name in SCORES:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
        batch.add_column(sa.Column("comment", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key("fk_inspection_item_reviewer_id_app_user", "app_user", ["reviewer_id"], ["id"])
        batch.create_index("ix_inspection_item_reviewed_at", ["reviewed_at"])
    # an item keeps its first review (the older schema holds one); a second inspector's is lost
    first = "(SELECT r.{col} FROM inspection_review r WHERE r.item_id = inspection_item.id ORDER BY r.reviewed_at, r.id LIMIT 1)"
    sets = ", ".join(f"{c} = {first.format(col=c)}" for c in ("reviewer_id", *SCORES, "comment", "reviewed_at", "updated_at"))
    op.execute(
        f"UPDATE inspection_item SET {sets} WHERE EXISTS (SELECT 1 FROM inspection_review r WHERE r.item_id = inspection_item.id)"
    )
    op.drop_index("ix_inspection_review_reviewed_at", table_name="inspection_review")
    op.drop_index("ix_inspection_review_item_id", table_name="inspection_review")
    op.drop_table("inspection_review")
