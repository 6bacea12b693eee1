"""The satisfaction revisit against real databases: sending at 24 h, once per resolution,
answering once (1-2 reopen, 3-5 close), the 72 h close, and races between two writers."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Notification, Survey, Ticket, TicketEvent
from complaint_console.domain import survey_tokens as tokens
from complaint_console.domain.stages import MoveFields
from complaint_console.domain.survey_tokens import Refusal
from complaint_console.domain.vocabulary import Role, Stage
from complaint_console.jobs import surveys as survey_job
from complaint_console.jobs.scheduler import run_due_once
from complaint_console.services import auth, surveys, workflow
from complaint_console.settings import get_settings
from tests import factories as f

NUMBER = "CP-20261120-000001"
RESOLVED = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
SENT = RESOLVED + timedelta(hours=24)


@pytest.fixture
def world(db):
    f.region(db)
    outlet = f.outlet(db, "EAST-001")
    manager = f.user(db, "manager1", Role.OUTLET_MANAGER, outlet.id, email="manager1@example.com")
    ticket = f.ticket(db, NUMBER, outlet.id)
    ticket.customer_language = "en"
    db.commit()
    resolve(db, RESOLVED)
    return {"manager": auth.actor_of(manager)}


def fresh(db) -> Ticket:
    return db.exec(select(Ticket).where(Ticket.number == NUMBER).execution_options(populate_existing=True)).one()


def resolve(db, at: datetime) -> None:
    """The ticket as a manager resolved it at `at` (the workflow's own resolve is tested elsewhere)."""
    ticket = fresh(db)
    ticket.stage, ticket.resolved_at, ticket.version = Stage.RESOLVED.value, at, ticket.version + 1
    ticket.resolution_summary, ticket.responsibility = "re-delivered", "outlet"
    db.commit()


def notices(db) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.kind == "customer_survey").order_by(Notification.id)).all())


def token_of(notice: Notification) -> str:
    return notice.payload["url"].rsplit("/", 1)[-1]


def events(db) -> list[TicketEvent]:
    return list(db.exec(select(TicketEvent).order_by(TicketEvent.id).execution_options(populate_existing=True)).all())


def sent_token(db, engine, now=SENT) -> str:
    assert survey_job.run(engine, now)["sent"] == 1
    return token_of(notices(db)[-1])


def test_the_survey_goes_out_24_hours_after_resolved_and_only_once(db, world, migrated_engine):
    assert survey_job.run(migrated_engine, SENT - timedelta(seconds=1)) == {"sent": 0, "closed": 0}
    assert survey_job.run(migrated_engine, SENT) == {"sent": 1, "closed": 0}
    assert survey_job.run(migrated_engine, SENT) == {"sent": 0, "closed": 0}  # same `now` again
    assert survey_job.run(migrated_engine, SENT + timedelta(hours=5)) == {"sent": 0, "closed": 0}
    (notice,) = notices(db)
    ticket = fresh(db)
    token = token_of(notice)
    assert notice.payload["url"] == f"{get_settings().public_url}/survey/{token}"
    assert notice.dedupe_key == f"ticket:{ticket.id}:customer_survey:20261121T030000.000000"
    assert notice.recipient == ticket.customer_phone and notice.channel == "sms" and notice.ticket_id == ticket.id
    assert notice.body.startswith(f"How did we handle your complaint {NUMBER}?") and notice.payload["url"] in notice.body
    (survey,) = db.exec(select(Survey).execution_options(populate_existing=True)).all()
    assert survey.sent_at == SENT and survey.expires_at == SENT + timedelta(days=7)
    assert survey.token_hash == tokens.token_hash(token) and token not in survey.token_hash
    assert tokens.verify(token, get_settings().secret_key).survey_id == survey.id
    assert fresh(db).stage == "resolved" and fresh(db).version == ticket.version  # sending does not touch the ticket


def test_the_message_is_in_the_customers_language(db, world, migrated_engine):
    ticket = fresh(db)
    ticket.customer_language = "zh"
    db.commit()
    survey_job.run(migrated_engine, SENT)
    assert notices(db)[0].body.startswith(f"您的投诉 {NUMBER} 我们处理得如何？")


def test_only_resolved_tickets_are_asked(db, world, migrated_engine):
    ticket = fresh(db)
    ticket.stage = Stage.CLOSED.value
    db.commit()
    assert survey_job.run(migrated_engine, SENT + timedelta(days=1))["sent"] == 0


def test_reopened_and_resolved_again_gets_a_new_survey(db, world, migrated_engine):
    token = sent_token(db, migrated_engine)
    assert surveys.answer(db, token, 1, "still no parcel", SENT + timedelta(hours=1)).reopened
    again = SENT + timedelta(hours=6)
    resolve(db, again)
    assert survey_job.run(migrated_engine, again + timedelta(hours=23))["sent"] == 0
    assert survey_job.run(migrated_engine, again + timedelta(hours=24))["sent"] == 1
    assert survey_job.run(migrated_engine, again + timedelta(hours=30))["sent"] == 0
    first, second = notices(db)
    assert first.dedupe_key != second.dedupe_key and token_of(first) != token_of(second)
    assert surveys.answer(db, token_of(second), 5, "", again + timedelta(hours=25)).moved
    assert fresh(db).stage == "closed"


def test_a_survey_sent_before_a_manual_reopen_no_longer_counts_for_the_next_resolution(db, world, migrated_engine):
    old = sent_token(db, migrated_engine)
    ticket = fresh(db)
    reason = MoveFields(reason="customer called again")
    outcome = workflow.move(db, world["manager"], NUMBER, Stage.INVESTIGATING, ticket.version, reason, SENT + timedelta(hours=1))
    assert outcome.ok
    resolve(db, SENT + timedelta(hours=2))
    # the old link still takes an answer, but it no longer decides the new resolution
    result = surveys.answer(db, old, 1, "", SENT + timedelta(hours=3))
    assert result.ok and not result.moved and not result.reopened and fresh(db).stage == "resolved"
    assert survey_job.run(migrated_engine, SENT + timedelta(hours=26))["sent"] == 1


def test_no_answer_in_72_hours_closes_the_ticket(db, world, migrated_engine):
    sent_token(db, migrated_engine)
    version = fresh(db).version
    assert survey_job.run(migrated_engine, SENT + timedelta(hours=72) - timedelta(seconds=1))["closed"] == 0
    assert survey_job.run(migrated_engine, SENT + timedelta(hours=72)) == {"sent": 0, "closed": 1}
    assert survey_job.run(migrated_engine, SENT + timedelta(hours=72)) == {"sent": 0, "closed": 0}
    ticket = fresh(db)
    assert ticket.stage == "closed" and ticket.closed_at == SENT + timedelta(hours=72) and ticket.version == version + 1
    assert ticket.root_cause is None and ticket.resolved_at == RESOLVED  # kept as they were
    close = events(db)[-1]
    assert (close.kind, close.from_stage, close.to_stage, close.actor_id) == ("stage_change", "resolved", "closed", None)
    assert close.note == "closed: no survey answer in 72 h"


def test_the_timeout_close_respects_the_version_lock(db, world, migrated_engine):
    sent_token(db, migrated_engine)
    ticket = fresh(db)
    stale = ticket.version
    db.execute(sa.update(Ticket).where(Ticket.id == ticket.id).values(version=stale + 1))  # someone changed it
    db.commit()
    outcome = workflow.close_unanswered(db, fresh(db), stale, SENT + timedelta(hours=72))
    assert not outcome.ok and outcome.conflict is not None
    assert fresh(db).stage == "resolved" and events(db) == []


def test_an_answered_survey_does_not_time_out(db, world, migrated_engine):
    token = sent_token(db, migrated_engine)
    assert surveys.answer(db, token, 4, "", SENT + timedelta(hours=1)).moved
    assert survey_job.run(migrated_engine, SENT + timedelta(hours=80)) == {"sent": 0, "closed": 0}


@pytest.mark.parametrize("rating", [3, 4, 5])
def test_a_good_rating_closes_the_ticket(db, world, migrated_engine, rating):
    token = sent_token(db, migrated_engine)
    at = SENT + timedelta(hours=2)
    result = surveys.answer(db, token, str(rating), "  quick and polite  ", at)
    assert result.ok and result.moved and not result.reopened
    ticket = fresh(db)
    assert ticket.stage == "closed" and ticket.closed_at == at and ticket.root_cause is None
    survey = db.exec(select(Survey).execution_options(populate_existing=True)).one()
    assert (survey.answered_at, survey.rating, survey.comment) == (at, rating, "quick and polite")
    close = events(db)[-1]
    assert (close.kind, close.to_stage, close.actor_id) == ("stage_change", "closed", None)
    assert db.exec(select(Notification).where(Notification.kind == "survey_reopened")).all() == []
    assert close.note == f"closed: survey answered {rating}/5: quick and polite"


@pytest.mark.parametrize("rating", [1, 2])
def test_a_low_rating_reopens_the_ticket_with_an_event(db, world, migrated_engine, rating):
    token = sent_token(db, migrated_engine)
    at = SENT + timedelta(hours=2)
    result = surveys.answer(db, token, rating, "courier was rude", at)
    assert result.ok and result.reopened
    ticket = fresh(db)
    assert ticket.stage == "investigating" and ticket.resolved_at is None and ticket.closed_at is None
    reopen = events(db)[-1]
    assert (reopen.kind, reopen.from_stage, reopen.to_stage, reopen.actor_id) == ("reopened", "resolved", "investigating", None)
    assert reopen.note == f"survey rating {rating}/5: courier was rude" and reopen.at == at
    # the outlet hears of it at once: its manager in the app and by e-mail (no assignee here)
    manager = world["manager"].user_id
    alerts = db.exec(select(Notification).where(Notification.kind == "survey_reopened").order_by(Notification.id)).all()
    assert [(n.channel, n.recipient) for n in alerts] == [("in_app", f"user:{manager}"), ("email", "manager1@example.com")]
    assert alerts[0].subject == f"{NUMBER} reopened: the customer rated it {rating}/5"
    assert "The customer wrote: courier was rude" in alerts[1].body and alerts[1].ticket_id == ticket.id


def test_a_link_is_single_use_and_bad_links_are_refused(db, world, migrated_engine):
    token = sent_token(db, migrated_engine)
    at = SENT + timedelta(hours=1)
    opened = surveys.open_survey(db, token, at)
    assert opened.refusal is None and opened.number == NUMBER and opened.outlet == "Outlet EAST-001" and opened.language == "en"
    assert surveys.answer(db, token, 4, "", at).ok
    assert surveys.open_survey(db, token, at).refusal == Refusal.USED
    again = surveys.answer(db, token, 1, "changed my mind", at)
    assert again.refusal == Refusal.USED and not again.ok
    assert fresh(db).stage == "closed" and len(events(db)) == 1
    survey = db.exec(select(Survey).execution_options(populate_existing=True)).one()
    key = get_settings().secret_key
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (
        tampered,
        "",
        "1.2.3",
        tokens.sign(survey.id + 99, survey.expires_at, key),
        tokens.sign(survey.id, survey.expires_at + timedelta(days=30), key),  # genuine key, not the link we sent
        tokens.sign(survey.id, survey.expires_at, "another-key"),
    ):
        refused = surveys.open_survey(db, bad, at)
        assert refused.refusal == Refusal.TAMPERED and refused.number == "" and refused.outlet == ""


def test_an_expired_link_is_refused(db, world, migrated_engine):
    token = sent_token(db, migrated_engine)  # (the 72 h close is not run here)
    assert surveys.open_survey(db, token, SENT + timedelta(days=7) - timedelta(seconds=1)).refusal is None
    assert surveys.open_survey(db, token, SENT + timedelta(days=7)).refusal == Refusal.EXPIRED
    assert surveys.answer(db, token, 5, "", SENT + timedelta(days=8)).refusal == Refusal.EXPIRED


def test_the_rating_is_required_and_the_comment_limited(db, world, migrated_engine):
    token = sent_token(db, migrated_engine)
    at = SENT + timedelta(hours=1)
    assert surveys.answer(db, token, "", "", at).problems == {"rating": "survey.rating_required"}
    assert surveys.answer(db, token, "7", "", at).problems == {"rating": "survey.rating_required"}
    assert surveys.answer(db, token, "4", "x" * 1001, at).problems == {"comment": "survey.comment_too_long"}
    assert db.exec(select(Survey.answered_at)).one() is None and fresh(db).stage == "resolved"


def test_an_answer_after_staff_moved_the_ticket_is_kept_without_moving_it(db, world, migrated_engine):
    token = sent_token(db, migrated_engine)
    version = fresh(db).version
    close = MoveFields(root_cause="transit_delay")
    outcome = workflow.move(db, world["manager"], NUMBER, Stage.CLOSED, version, close, now=SENT + timedelta(hours=1))
    assert outcome.ok
    result = surveys.answer(db, token, 1, "too slow", SENT + timedelta(hours=2))
    assert result.ok and not result.moved and not result.reopened
    ticket = fresh(db)
    assert ticket.stage == "closed" and ticket.root_cause == "transit_delay" and ticket.version == version + 1
    assert db.exec(select(Survey.rating)).one() == 1  # the answer still counts for the scores


def _race(engine, count, work):
    results, barrier = [], threading.Barrier(count)

    def attempt(i):
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                results.append(work(session, i))
            except Exception as exc:  # a lock timeout or a unique violation escaping would be a failure
                results.append(exc)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_tabs_answering_at_once_one_wins(db, world, migrated_engine):
    token = sent_token(db, migrated_engine)
    at = SENT + timedelta(hours=1)
    results = _race(migrated_engine, 4, lambda s, i: surveys.answer(s, token, 1 + i, f"tab {i}", at))
    assert all(not isinstance(r, Exception) for r in results), results
    winners = [r for r in results if r.ok]
    assert len(winners) == 1 and sorted(r.refusal for r in results if not r.ok) == [Refusal.USED] * 3
    survey = db.exec(select(Survey).execution_options(populate_existing=True)).one()
    assert survey.comment == f"tab {survey.rating - 1}"
    assert len(events(db)) == 1 and fresh(db).stage == ("investigating" if winners[0].reopened else "closed")


def test_two_schedulers_sending_at_once_queue_one_message(db, world, migrated_engine):
    results = _race(migrated_engine, 3, lambda s, i: surveys.send_due(migrated_engine, SENT))
    assert sorted(results) == [0, 0, 1]
    assert len(notices(db)) == 1 and len(db.exec(select(Survey.id)).all()) == 1


def test_two_schedulers_closing_at_once_close_once(db, world, migrated_engine):
    sent_token(db, migrated_engine)
    results = _race(migrated_engine, 3, lambda s, i: surveys.close_unanswered(migrated_engine, SENT + timedelta(hours=73)))
    assert sorted(results) == [0, 0, 1]
    assert [e.to_stage for e in events(db)] == ["closed"]


def test_the_job_is_registered_and_run_by_the_worker(db, world, migrated_engine):
    outcomes = run_due_once(migrated_engine, holder="test", now=SENT)
    assert outcomes["surveys"] == "ok" and len(notices(db)) == 1


def test_an_answer_racing_the_timeout_close_is_kept_and_retried_on_the_fresh_ticket(db, world, migrated_engine, monkeypatch):
    if migrated_engine.dialect.name == "sqlite":
        pytest.skip("SQLite holds the write lock from the claim on, so the close cannot come in between")
    token = sent_token(db, migrated_engine)
    real, calls = workflow.after_survey, []

    def close_first(session, ticket, survey_id, rating, comment, now):
        if not calls:  # the job closes the ticket between the answer's read and its write
            assert surveys.close_unanswered(migrated_engine, SENT + timedelta(hours=72)) == 1
        calls.append(rating)
        return real(session, ticket, survey_id, rating, comment, now)

    monkeypatch.setattr(workflow, "after_survey", close_first)
    result = surveys.answer(db, token, 1, "too late", SENT + timedelta(hours=72, minutes=1))
    assert result.ok and not result.moved and calls == [1]  # the retry found the ticket closed
    assert fresh(db).stage == "closed" and [e.note for e in events(db)] == ["closed: no survey answer in 72 h"]
    assert db.exec(select(Survey.rating).execution_options(populate_existing=True)).one() == 1
