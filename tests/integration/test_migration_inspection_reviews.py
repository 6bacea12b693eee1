"""Migration 0023 keeps the reviews: the one review an item held moves into its own table on
the way up, and on the way down an item gets its first review back."""

from datetime import UTC, date, datetime

import sqlalchemy as sa

from complaint_console.db.migrate import downgrade, upgrade

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
SCORES = ("reply_speed", "remedy_accuracy", "empathy", "policy_compliance", "record_completeness")


def _filler(column: sa.Column):
    t = column.type
    if isinstance(t, sa.Boolean):
        return False
    if isinstance(t, sa.Integer | sa.Numeric):
        return 1
    if isinstance(t, sa.DateTime):
        return NOW
    if isinstance(t, sa.Date):
        return date(2026, 11, 16)
    if isinstance(t, sa.JSON):
        return {}
    return "x"


def insert(conn, table: str, **values) -> int:
    """A row with `values` and a plain value in every other required column, as the schema stands."""
    meta = sa.MetaData()
    t = sa.Table(table, meta, autoload_with=conn)
    row = {
        c.name: _filler(c)
        for c in t.columns
        if not c.nullable and c.server_default is None and not c.primary_key and c.name not in values
    }
    return conn.execute(t.insert().values(**row, **values).returning(t.c.id)).scalar_one()


def test_reviews_move_to_one_row_per_inspector_and_back(empty_engine):
    upgrade(empty_engine, "0022")
    with empty_engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO region (code, name, name_zh) VALUES ('EAST', 'East', 'East')"))
        outlet = insert(conn, "outlet", code="EAST-001", region="EAST")
        user = insert(conn, "app_user", username="analyst")
        ticket = insert(conn, "ticket", number="CP-20261118-000001", outlet_id=outlet)
        other = insert(conn, "ticket", number="CP-20261118-000002", outlet_id=outlet)
        sample = insert(conn, "inspection_sample", week_start=date(2026, 11, 16), size_per_region=3, drawn_by_id=user)
        reviewed = insert(
            conn,
            "inspection_item",
            sample_id=sample,
            ticket_id=ticket,
            reviewer_id=user,
            comment="kept",
            reviewed_at=NOW,
            **dict(zip(SCORES, (5, 4, 3, 2, 1), strict=True)),
        )
        insert(conn, "inspection_item", sample_id=sample, ticket_id=other)  # not reviewed
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT item_id, reviewer_id, {', '.join(SCORES)}, comment FROM inspection_review")).all()
        assert [tuple(r) for r in rows] == [(reviewed, user, 5, 4, 3, 2, 1, "kept")]
        assert conn.execute(sa.text("SELECT size, mode FROM inspection_sample")).one() == (3, "per_outlet")
        second = insert(conn, "app_user", username="admin")
        insert(
            conn,
            "inspection_review",
            item_id=reviewed,
            reviewer_id=second,
            comment="later",
            reviewed_at=NOW.replace(hour=5),
            **dict.fromkeys(SCORES, 2),
        )
        conn.commit()
    downgrade(empty_engine, "0022")
    with empty_engine.connect() as conn:
        items = conn.execute(sa.text(f"SELECT id, reviewer_id, {', '.join(SCORES)}, comment FROM inspection_item ORDER BY id"))
        assert [tuple(r) for r in items] == [(reviewed, user, 5, 4, 3, 2, 1, "kept"), (reviewed + 1, None, *[None] * 5, "")]
        assert conn.execute(sa.text("SELECT size_per_region FROM inspection_sample")).scalar_one() == 3
        assert "inspection_review" not in sa.inspect(conn).get_table_names()
