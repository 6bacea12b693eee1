"""Import jobs against real databases and a real file store (a folder): progress written as rows
are done, the kept file until done, an abandoned job closed as interrupted and resumed from its
file without a duplicate, a refused file recorded as failed, and two imports racing on a row."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import select

from complaint_console.db.models import ImportJob, Notification, Ticket
from complaint_console.db.types import utcnow
from complaint_console.domain.csv_file import FileError
from complaint_console.domain.import_jobs import STALE_AFTER, ticket_fingerprint
from complaint_console.domain.import_rows import parse_ticket_row
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, import_jobs, intake, ticket_import
from complaint_console.services.file_store import LocalStore
from complaint_console.settings import get_settings
from tests import factories as f

HEADER = "waybill_no,customer_name,customer_phone,channel,category,description\n"
ROWS = [f"ZT7{n:011d},客户{n},139{n:08d},web,delay,快件超时三天未派送，第 {n} 号。\n" for n in range(30)]
FILE = (HEADER + "".join(ROWS)).encode()


@pytest.fixture
def uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setenv("FILE_STORAGE", "local")
    get_settings.cache_clear()
    yield LocalStore(tmp_path / "uploads")
    get_settings.cache_clear()


def admin(db):
    f.region(db)
    actor = auth.actor_of(f.user(db, "admin", Role.HQ_ADMIN))
    db.commit()
    return actor


def work(db, actor):
    return lambda content, progress: ticket_import.import_tickets(db, actor, content, source="old.csv", progress=progress)


def count(db, model) -> int:
    return db.exec(select(sa.func.count()).select_from(model)).one()


def test_a_recorded_import_writes_its_outcome_and_the_file_leaves_the_store_when_done(db, uploads):
    actor = admin(db)
    job_id = import_jobs.create(db, "tickets", actor, "old.csv", FILE)
    job = db.get(ImportJob, job_id)
    assert (job.status, job.actor_id, job.origin, job.file_name) == ("waiting", actor.user_id, "web", "old.csv")
    assert uploads.exists(job.file_key) and job.content_hash and job.holder == import_jobs.holder_id()
    report = import_jobs.run(db, job_id, work(db, actor))
    db.expire_all()
    job = db.get(ImportJob, job_id)
    assert (job.status, job.rows_done, job.rows_total, job.imported, job.already, job.rejected) == ("done", 30, 30, 30, 0, 0)
    assert report.imported == 30 and job.started_at and job.finished_at and job.file_key is None
    assert not [p for p in uploads.root.rglob("*") if p.is_file()]
    assert job.report == {"problems": [], "more": 0}


def test_an_abandoned_import_is_closed_interrupted_and_resumed_from_its_kept_file_without_duplicates(db, uploads):
    actor = admin(db)
    job_id = import_jobs.create(db, "tickets", actor, "old.csv", FILE)
    tracker = import_jobs.claim(db, job_id)
    assert tracker is not None and import_jobs.claim(db, job_id) is None  # one process per job
    table, report = ticket_import.read_file(FILE)
    ticket_import.import_rows(db, actor, table.rows[:12], report, "old.csv")
    tracker.progress(db, report, force=True)
    ticket_import.import_rows(db, actor, table.rows[12:13], report, "old.csv")  # imported, not yet counted: then the crash

    assert import_jobs.close_abandoned(db) == 0  # this process is alive and its heartbeat fresh
    old = utcnow() - STALE_AFTER - timedelta(seconds=5)
    db.execute(sa.update(ImportJob).where(ImportJob.id == job_id).values(heartbeat_at=old))
    db.commit()
    assert import_jobs.close_abandoned(db) == 1
    db.expire_all()
    stopped = db.get(ImportJob, job_id)
    assert (stopped.status, stopped.rows_done, stopped.imported, stopped.error) == (
        "interrupted",
        12,
        12,
        "import.job_interrupted",
    )
    assert uploads.exists(stopped.file_key)
    with pytest.raises(import_jobs.TakenOver):  # the stopped process, were it only slow, stops writing
        tracker.progress(db, report, force=True)

    resumed = import_jobs.resume(db, actor, job_id, "tickets")
    assert resumed is not None and import_jobs.resume(db, actor, job_id, "tickets") is None  # resumed once
    import_jobs.run(db, resumed, work(db, actor))
    db.expire_all()
    again = db.get(ImportJob, resumed)
    assert (again.status, again.retry_of_id, again.imported, again.already, again.rejected) == ("done", job_id, 17, 13, 0)
    assert [p[2] for p in again.report["problems"]] == ["import.already_imported"] * 13
    assert count(db, Ticket) == 30
    accepted = db.exec(select(Notification.recipient).where(Notification.kind == "customer_accepted")).all()
    assert sorted(accepted) == sorted(f"139{n:08d}" for n in range(30))
    assert db.get(ImportJob, job_id).file_key is None and not [p for p in uploads.root.rglob("*") if p.is_file()]


def test_a_dead_process_on_this_host_is_found_at_once_and_the_same_file_takes_its_kept_file_over(db, uploads):
    actor = admin(db)
    job_id = import_jobs.create(db, "tickets", actor, "old.csv", FILE)
    gone = subprocess.Popen(["true"])
    gone.wait()
    holder = import_jobs.holder_id().rsplit(":", 1)[0] + f":{gone.pid}"
    db.execute(sa.update(ImportJob).where(ImportJob.id == job_id).values(status="running", holder=holder))
    db.commit()
    assert import_jobs.close_abandoned(db) == 1
    kept = db.get(ImportJob, job_id).file_key
    again = import_jobs.create(db, "tickets", None, "renamed.csv", FILE, origin="cli")
    db.expire_all()
    new = db.get(ImportJob, again)
    assert (new.retry_of_id, new.file_key, new.origin, new.actor_id) == (job_id, kept, "cli", None)
    assert db.get(ImportJob, job_id).file_key is None
    other = import_jobs.create(db, "outlets", None, "old.csv", FILE)  # another kind never takes it over
    assert db.get(ImportJob, other).retry_of_id is None


def test_a_refused_file_is_recorded_failed_and_leaves_the_store(db, uploads):
    actor = admin(db)
    job_id = import_jobs.create(db, "tickets", actor, "wrong.csv", b"waybill,name\nx,y\n")
    with pytest.raises(FileError):
        import_jobs.run(db, job_id, work(db, actor))
    db.expire_all()
    job = db.get(ImportJob, job_id)
    assert (job.status, job.error, job.file_key) == ("failed", "import.unknown_columns", None)
    assert job.report["detail"] == "waybill, name" and job.finished_at is not None
    assert import_jobs.resume(db, actor, job_id, "tickets") is None


def test_two_imports_racing_on_one_row_record_one_ticket(db, uploads):
    admin(db)
    values = dict(zip(HEADER.strip().split(","), ROWS[0].strip().split(","), strict=True))
    parsed = parse_ticket_row(values, utcnow(), ZoneInfo(get_settings().business_tz))
    fingerprint = ticket_fingerprint(parsed)
    first = intake.record(db, None, parsed.data, fingerprint=fingerprint)
    # the other import checked before the first committed, so it goes on to record the row: the unique column stops it
    second = intake.record(db, None, parsed.data, fingerprint=fingerprint)
    assert first.number and second.errors == {"*": "import.already_imported"} and second.number is None
    assert count(db, Ticket) == 1
    assert db.exec(select(Notification.kind).where(Notification.kind == "customer_accepted")).all() == ["customer_accepted"]
