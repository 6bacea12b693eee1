"""weekly outlet score: change against the previous week and the early-warning flag

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('weekly_outlet_score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score_change', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('warning', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('tiers', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('weekly_outlet_score', schema=None) as batch_op:
        batch_op.drop_column('tiers')
        batch_op.drop_column('warning')
        batch_op.drop_column('score_change')
