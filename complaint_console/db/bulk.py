"""Writing many rows at once, in the caller's transaction.

PostgreSQL: one COPY (an executemany sends a statement per row: 30,000 round trips for the
network's outlets). Other databases: an executemany, which SQLite runs in-process."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlmodel import Session, SQLModel


def insert_rows(db: Session, model: type[SQLModel], rows: Sequence[dict]) -> None:
    """Insert `rows` (dicts of column values, all with the same keys); a constraint violation
    raises sqlalchemy's IntegrityError on either database."""
    if not rows:
        return
    table = model.__table__
    connection = db.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(sa.insert(table), list(rows))
        return
    from psycopg import errors
    from psycopg.types.json import Json  # the PostgreSQL driver, only needed here

    columns = list(rows[0])
    binds = {name: table.c[name].type.bind_processor(connection.dialect) for name in columns}
    quote = connection.dialect.identifier_preparer
    statement = f"COPY {quote.format_table(table)} ({', '.join(quote.quote(name) for name in columns)}) FROM STDIN"
    try:
        with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:  # the column types' own conversions (UTC timestamps, JSON) apply, as in an INSERT
                values = (binds[name](row[name]) if binds[name] else row[name] for name in columns)
                copy.write_row([Json(v) if isinstance(v, dict | list) else v for v in values])
    except errors.IntegrityError as exc:  # as SQLAlchemy reports it for an INSERT, so callers catch one kind
        raise sa.exc.IntegrityError(statement, None, exc) from exc
