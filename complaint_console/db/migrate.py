"""Run Alembic migrations from code (CLI, tests, `make run`)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from complaint_console.settings import PROJECT_ROOT


def alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["skip_logging"] = True
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: sa.Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
