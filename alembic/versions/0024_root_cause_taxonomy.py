"""root causes as a taxonomy HQ edits (code, names in English and Chinese, active), seeded with
the categories tickets already carry so counting them over weeks works from the first day

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEED = (  # (code, English, Chinese): the closing form's categories as they stood before the table
    ("transit_delay", "Transit hub delay", "中转延误"),
    ("courier_shortage", "Too few couriers", "快递员不足"),
    ("weather", "Weather", "天气原因"),
    ("sorting_error", "Sorting error", "分拣错误"),
    ("packaging", "Poor packaging", "包装不当"),
    ("rough_handling", "Rough handling", "暴力操作"),
    ("theft", "Theft", "被盗"),
    ("address_error", "Wrong or incomplete address", "地址错误或不全"),
    ("courier_attitude", "Courier attitude", "快递员态度"),
    ("training_gap", "Training gap", "培训不足"),
    ("pricing_error", "Pricing error", "计费错误"),
    ("system_fault", "System fault", "系统故障"),
    ("tracking_gap", "Missing tracking data", "缺少物流数据"),
    ("other", "Other", "其他"),
)


def upgrade() -> None:
    table = op.create_table(
        "root_cause_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", name="uq_root_cause_category_code"),
    )
    op.bulk_insert(table, [{"code": c, "name_en": en, "name_zh": zh, "active": True} for c, en, zh in SEED])
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_root_cause_created", ["root_cause", "created_at"])


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_root_cause_created")
    op.drop_table("root_cause_category")
