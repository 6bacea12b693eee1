"""sessions: a one-time code hands a new session to the browser, which gets it as an HttpOnly cookie

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_session") as batch:
        batch.add_column(sa.Column("handoff_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("handoff_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_user_session_handoff_hash", ["handoff_hash"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("user_session") as batch:
        batch.drop_index("ix_user_session_handoff_hash")
        batch.drop_column("handoff_expires_at")
        batch.drop_column("handoff_hash")
