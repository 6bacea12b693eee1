"""escalations and compensation in outlet scores (DESIGN: shown, not scored), and the indexes
that find a week's escalations and compensated tickets

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("weekly_outlet_score", "live_outlet_score")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("escalated_count", sa.Integer(), nullable=False, server_default="0"))
            batch_op.add_column(sa.Column("compensated_count", sa.Integer(), nullable=False, server_default="0"))
            batch_op.add_column(sa.Column("compensation_total", sa.Numeric(12, 2), nullable=False, server_default="0"))
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_resolved_at", ["resolved_at"], unique=False)
    with op.batch_alter_table("ticket_event", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_event_kind_at", ["kind", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ticket_event", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_event_kind_at")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_resolved_at")
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("compensation_total")
            batch_op.drop_column("compensated_count")
            batch_op.drop_column("escalated_count")
