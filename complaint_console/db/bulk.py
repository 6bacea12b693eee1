"""Writing many rows at once, in the caller's transaction.

PostgreSQL: one COPY (an executemany sends a statement per row: 30,000 round trips for the
network's outlets). Other databases: an executemany, which SQLite runs in-process."""

from __future__ import annotations

import json
import operator
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
    from psycopg import errors  # the PostgreSQL driver, only needed here

    columns = list(rows[0])
    shared: dict[int, tuple[object, str]] = {}  # a dict or list shared by many rows (weights) is dumped once

    def as_json(value: object) -> object:
        if not isinstance(value, dict | list):
            return value  # None, or JSON text already
        if id(value) not in shared:
            shared[id(value)] = (value, json.dumps(value))  # the value is kept, so its id is not reused meanwhile
        return shared[id(value)][1]

    # the column types' own conversions (UTC timestamps, JSON) apply, as in an INSERT; only where there is one
    conversions = []
    for i, name in enumerate(columns):
        column_type = table.c[name].type
        convert = as_json if isinstance(column_type, sa.JSON) else column_type.bind_processor(connection.dialect)
        if convert:
            conversions.append((i, convert))
    values_of = operator.itemgetter(*columns)
    quote = connection.dialect.identifier_preparer
    statement = f"COPY {quote.format_table(table)} ({', '.join(quote.quote(name) for name in columns)}) FROM STDIN"
    try:
        with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                values = list(values_of(row)) if len(columns) > 1 else [row[columns[0]]]
                for i, convert in conversions:
                    values[i] = convert(values[i])
                copy.write_row(values)
    except errors.IntegrityError as exc:  # as SQLAlchemy reports it for an INSERT, so callers catch one kind
        raise sa.exc.IntegrityError(statement, None, exc) from exc
