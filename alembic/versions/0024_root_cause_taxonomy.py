"""root causes as a taxonomy HQ edits (code, names in English and Chinese, active), seeded with
the categories tickets already carry so counting them over weeks works from the first day; a
case's root cause from that list; corrective actions with owner, due date and status; homework
(a case assigned to outlets, acknowledged by their managers)

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
    with op.batch_alter_table("typical_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("root_cause_code", sa.String(length=40), nullable=True))
    op.create_table(
        "corrective_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("typical_case.id", name="fk_corrective_action_case_id"), nullable=True),
        sa.Column("outlet_id", sa.Integer(), sa.ForeignKey("outlet.id", name="fk_corrective_action_outlet_id"), nullable=False),
        sa.Column("root_cause", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("app_user.id", name="fk_corrective_action_owner_id"), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="open", nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "verified_by_id", sa.Integer(), sa.ForeignKey("app_user.id", name="fk_corrective_action_verifier"), nullable=True
        ),
        sa.Column(
            "created_by_id", sa.Integer(), sa.ForeignKey("app_user.id", name="fk_corrective_action_creator"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_corrective_action_status_due", "corrective_action", ["status", "due_date"])
    op.create_table(
        "case_homework",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("typical_case.id", name="fk_case_homework_case_id"), nullable=False),
        sa.Column("outlet_id", sa.Integer(), sa.ForeignKey("outlet.id", name="fk_case_homework_outlet_id"), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), sa.ForeignKey("app_user.id", name="fk_case_homework_assigner"), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_by_id", sa.Integer(), sa.ForeignKey("app_user.id", name="fk_case_homework_ack"), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "outlet_id", name="uq_case_homework_case_outlet"),
    )
    op.create_index("ix_case_homework_outlet", "case_homework", ["outlet_id", "acknowledged_at"])


def downgrade() -> None:
    op.drop_index("ix_case_homework_outlet", table_name="case_homework")
    op.drop_table("case_homework")
    op.drop_index("ix_corrective_action_status_due", table_name="corrective_action")
    op.drop_table("corrective_action")
    with op.batch_alter_table("typical_case", schema=None) as batch_op:
        batch_op.drop_column("root_cause_code")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_root_cause_created")
    op.drop_table("root_cause_category")
