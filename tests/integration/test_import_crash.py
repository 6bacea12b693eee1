"""An import killed mid-file and run again: every row is exactly one ticket, every customer is
told "accepted" once, and the killed run's record says interrupted, with how far it got.

The import is the operator's command (`python -m complaint_console import-tickets FILE`) in a
subprocess against a file database, with rows without `received_at` (the case that used to
duplicate). The test waits until the job's recorded progress shows rows done, SIGKILLs the
process, then runs the same command again: the new job takes the kept file over, skips the
rows already imported by their fingerprint and reports them as already imported."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import ImportJob, Notification, Ticket
from complaint_console.domain.import_jobs import DONE, INTERRUPTED
from complaint_console.services.file_store import LocalStore

ROOT = Path(__file__).resolve().parents[2]
ROWS = 600
HEADER = "waybill_no,customer_name,customer_phone,channel,category,description\n"


def _file(path: Path) -> Path:
    lines = [f"ZT8{n:011d},客户{n},139{n:08d},hotline,delay,快件超时三天未派送，第 {n} 号。\n" for n in range(ROWS)]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def _import(db_url: str, upload_dir: Path, csv: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "UPLOAD_DIR": str(upload_dir),
        "FILE_STORAGE": "local",
        "SCHEDULER": "off",
        "SECRET_KEY": "import-test",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "complaint_console", "import-tickets", str(csv)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _job(engine: sa.Engine, job_id: int | None = None) -> ImportJob | None:
    with Session(engine) as db:
        query = select(ImportJob).order_by(ImportJob.id.desc())
        return db.exec(query.where(ImportJob.id == job_id) if job_id else query).first()


def test_an_import_killed_mid_file_then_run_again_duplicates_nothing(worker_database, tmp_path):
    engine, db_url = worker_database
    csv, uploads = _file(tmp_path / "helpdesk.csv"), tmp_path / "uploads"

    first = _import(db_url, uploads, csv)
    deadline = time.monotonic() + 120
    job = None
    while time.monotonic() < deadline and first.poll() is None:
        job = _job(engine)
        if job is not None and job.rows_done >= 40:
            break
        time.sleep(0.02)
    assert first.poll() is None, first.communicate()
    first.send_signal(signal.SIGKILL)  # mid-file: some rows recorded, most not
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL

    killed = _job(engine, job.id)
    assert killed.status == "running"  # nothing could close it
    assert 40 <= killed.rows_done < ROWS and killed.rows_total == ROWS
    assert killed.file_key and LocalStore(uploads).exists(killed.file_key)  # the file is kept until done
    with Session(engine) as db:
        before = db.exec(select(sa.func.count()).select_from(Ticket)).one()
    assert killed.rows_done <= before < ROWS  # progress is written after the rows it counts

    again = _import(db_url, uploads, csv)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err[-3000:]
    assert f"resuming #{killed.id}" in err
    assert f"imported {ROWS - before} of {ROWS} rows, already imported {before}; rejected 0" in out
    assert out.count("Already imported") == before  # row by row

    with Session(engine) as db:
        waybills = Counter(db.exec(select(Ticket.waybill_no)).all())
        fingerprints = db.exec(select(Ticket.import_fingerprint)).all()
        accepted = Counter(db.exec(select(Notification.recipient).where(Notification.kind == "customer_accepted")).all())
        jobs = db.exec(select(ImportJob).order_by(ImportJob.id)).all()
    assert waybills == Counter({f"ZT8{n:011d}": 1 for n in range(ROWS)})  # every row exactly one ticket
    assert len(set(fingerprints)) == ROWS and None not in fingerprints
    assert accepted == Counter({f"139{n:08d}": 1 for n in range(ROWS)})  # each customer texted once

    interrupted, resumed = jobs
    assert interrupted.id == killed.id and interrupted.status == INTERRUPTED
    assert interrupted.rows_done == killed.rows_done and interrupted.imported == killed.imported  # how far it got
    assert interrupted.finished_at is not None and interrupted.error == "import.job_interrupted"
    assert resumed.status == DONE and resumed.retry_of_id == interrupted.id
    assert (resumed.rows_done, resumed.imported, resumed.already, resumed.rejected) == (ROWS, ROWS - before, before, 0)
    assert interrupted.file_key is None and resumed.file_key is None  # done: the kept file left the store
    assert not [p for p in uploads.rglob("*") if p.is_file()]
