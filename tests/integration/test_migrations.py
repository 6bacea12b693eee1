"""Alembic builds the schema on an empty database, and the models do not drift from it."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from complaint_console.db import models  # noqa: F401
from complaint_console.db.migrate import downgrade, upgrade

CONTRACT = {
    "outlet": {"id", "code", "name", "region", "city", "timezone", "authority_limit", "business_hours", "holiday_calendar"},
    "sla_policy": {"id", "severity", "category", "response_minutes", "resolution_minutes", "valid_from"},
    "ticket": {
        "id",
        "number",
        "waybill_no",
        "customer_name",
        "customer_phone",
        "channel",
        "category",
        "severity",
        "description",
        "outlet_id",
        "assignee_id",
        "stage",
        "created_at",
        "first_response_at",
        "response_due_at",
        "resolution_due_at",
        "resolved_at",
        "closed_at",
        "paused_seconds",
        "escalation_level",
        "repeat_of_id",
        "responsibility",
        "root_cause",
        "resolution_summary",
        "compensation_amount",
        "version",
    },
    "ticket_event": {"id", "ticket_id", "at", "actor_id", "kind", "from_stage", "to_stage", "note"},
    "survey": {"id", "ticket_id", "sent_at", "answered_at", "rating", "comment"},
    "notification": {
        "id",
        "channel",
        "recipient",
        "kind",
        "ticket_id",
        "dedupe_key",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    },
    "weekly_outlet_score": {
        "week_start",
        "outlet_id",
        "cohort_size",
        "resolved_count",
        "timely_count",
        "survey_count",
        "satisfied_count",
        "received_count",
        "repeat_count",
        "resolution_rate",
        "timeliness_rate",
        "satisfaction_rate",
        "score",
        "tier",
        "rank",
        "computed_at",
    },
}


def test_upgrade_builds_every_table_of_the_data_contract(empty_engine):
    upgrade(empty_engine)
    inspector = sa.inspect(empty_engine)
    tables = set(inspector.get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    for table, columns in CONTRACT.items():
        assert columns <= {c["name"] for c in inspector.get_columns(table)}, table


def test_timestamps_are_timestamptz_on_postgresql(empty_engine):
    upgrade(empty_engine)
    if empty_engine.dialect.name != "postgresql":
        return
    with empty_engine.connect() as conn:
        kind = conn.execute(
            sa.text(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_name = 'ticket' AND column_name = 'created_at' AND table_schema = current_schema()"
            )
        ).scalar_one()
    assert kind == "timestamp with time zone"


def test_models_and_migrations_do_not_drift(empty_engine):
    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_downgrade_to_base_and_up_again(empty_engine):
    upgrade(empty_engine)
    downgrade(empty_engine, "base")
    assert set(sa.inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    upgrade(empty_engine)
    assert "ticket" in sa.inspect(empty_engine).get_table_names()
