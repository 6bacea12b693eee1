"""Shared fixtures: real databases. SQLite always; PostgreSQL when TEST_POSTGRES_URL is set.

Each PostgreSQL fixture works in a schema of its own (dropped afterwards), so tests never
touch other data in that database.
"""

from __future__ import annotations

import importlib.util
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from complaint_console.db.engine import make_engine
from complaint_console.db.migrate import upgrade

BACKENDS = ["sqlite", "postgresql"]
MIGRATIONS = Path(__file__).resolve().parents[1] / "alembic" / "versions"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")


def _postgres_engine(schema: str) -> sa.Engine:
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return sa.create_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})


def _drop_postgres_schema(schema: str) -> None:
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def new_empty_engine(backend: str, tmp_dir) -> tuple[sa.Engine, callable]:
    """A fresh, empty database of the backend and a function that removes it."""
    if backend == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("TEST_POSTGRES_URL is not set: PostgreSQL variant skipped")
        schema = f"cc_test_{uuid.uuid4().hex[:10]}"
        engine = _postgres_engine(schema)

        def cleanup() -> None:
            engine.dispose()
            _drop_postgres_schema(schema)

        return engine, cleanup
    engine = make_engine(f"sqlite:///{tmp_dir}/test-{uuid.uuid4().hex[:8]}.db")
    return engine, engine.dispose


@pytest.fixture(params=BACKENDS)
def empty_engine(request, tmp_path) -> Iterator[sa.Engine]:
    """An empty database, new for each test."""
    engine, cleanup = new_empty_engine(request.param, tmp_path)
    yield engine
    cleanup()


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(request, tmp_path_factory) -> Iterator[sa.Engine]:
    """A migrated database shared by a session; `db` empties it after each test."""
    engine, cleanup = new_empty_engine(request.param, tmp_path_factory.mktemp("db"))
    upgrade(engine)
    yield engine
    cleanup()


def _migration_seed(filename: str) -> tuple:
    """The reference rows a migration inserts (its SEED), read from the migration itself."""
    spec = importlib.util.spec_from_file_location(filename.removesuffix(".py"), MIGRATIONS / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SEED


ROOT_CAUSE_SEED = _migration_seed("0024_root_cause_taxonomy.py")


@pytest.fixture
def db(migrated_engine) -> Iterator[Session]:
    with Session(migrated_engine, expire_on_commit=False) as session:
        yield session
    with migrated_engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())
        # the root causes a fresh database starts with (closing a ticket by hand needs one of them)
        categories = SQLModel.metadata.tables["root_cause_category"]
        conn.execute(
            categories.insert(), [{"code": c, "name_en": en, "name_zh": zh, "active": True} for c, en, zh in ROOT_CAUSE_SEED]
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def worker_database(request, tmp_path):
    """(engine for the test, DATABASE_URL for worker processes) on a migrated, empty database."""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("TEST_POSTGRES_URL is not set: PostgreSQL variant skipped")
        schema = f"cc_proc_{uuid.uuid4().hex[:10]}"
        engine = _postgres_engine(schema)
        url = f"{POSTGRES_URL}{'&' if '?' in POSTGRES_URL else '?'}options=-csearch_path%3D{schema}"
        upgrade(engine)
        yield engine, url
        engine.dispose()
        _drop_postgres_schema(schema)
        return
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    engine = make_engine(url)
    upgrade(engine)
    yield engine, url
    engine.dispose()
