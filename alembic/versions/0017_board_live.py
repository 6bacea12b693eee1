"""live boards: an index on ticket.updated_at, so each open board asks cheaply what changed

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_ticket_updated_at", "ticket", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_ticket_updated_at", table_name="ticket")
