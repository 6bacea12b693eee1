"""The one SQLAlchemy engine of a process, and sessions bound to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from complaint_console.settings import get_settings


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    settings = get_settings()
    return sa.create_engine(url, pool_pre_ping=True, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow)


def begin_write(db: Session) -> None:
    """Open the session's transaction for writing now, on SQLite.

    pysqlite sends BEGIN only before INSERT/UPDATE/DELETE, so a SAVEPOINT issued first
    starts a transaction of its own, and its RELEASE commits whatever was flushed inside it
    (SQLAlchemy's "pysqlite savepoint" caveat). BEGIN IMMEDIATE here keeps `begin_nested`
    inside the session's transaction, so a later rollback undoes it, and takes the write
    lock up front (waiting up to the busy timeout). Other databases need nothing.
    """
    conn = db.connection()
    if conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> sa.Engine:
    return make_engine(url or get_settings().database_url)


@contextmanager
def session_scope(engine: sa.Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
