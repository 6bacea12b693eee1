"""ticket next reminder time

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_reminder_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_ticket_next_reminder_at'), ['next_reminder_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_next_reminder_at'))
        batch_op.drop_column('next_reminder_at')

