"""What `/health` checks: the database answers, Redis answers (when configured), and a
scheduler holds the jobs lease (when one should). Each check says how long it took."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import datetime

import sqlalchemy as sa

from complaint_console.db.models import JobLease
from complaint_console.jobs import lease

TIMEOUT_SECONDS = 3


@dataclass(frozen=True)
class Check:
    ok: bool
    ms: float
    detail: str = ""


@dataclass(frozen=True)
class Health:
    checks: dict[str, Check] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks.values())

    def as_json(self) -> dict:
        return {"status": "ok" if self.ok else "fail", "checks": {k: asdict(v) for k, v in self.checks.items()}}


def _timed(probe) -> Check:
    started = time.perf_counter()
    try:
        ok, detail = probe()
    except Exception as exc:  # noqa: BLE001  (any failure of a dependency is the answer)
        ok, detail = False, f"{type(exc).__name__}: {exc}"[:300]
    return Check(ok, round((time.perf_counter() - started) * 1000, 1), detail)


def database(engine: sa.Engine) -> Check:
    def probe() -> tuple[bool, str]:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return True, engine.dialect.name

    return _timed(probe)


def redis(url: str) -> Check:
    def probe() -> tuple[bool, str]:
        import redis as redis_client

        client = redis_client.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
        try:
            return bool(client.ping()), ""
        finally:
            client.close()

    return _timed(probe)


def jobs_lease(engine: sa.Engine, now: datetime, required: bool) -> Check:
    """Failing when the lease expired more than one lease period ago (its holder died and nobody
    took over), or when nobody holds it although this process should run the jobs."""

    def probe() -> tuple[bool, str]:
        with engine.connect() as conn:
            row = conn.execute(sa.select(JobLease.holder, JobLease.expires_at).where(JobLease.name == lease.NAME)).first()
        if row is None:
            return not required, "no scheduler holds the jobs lease"
        late = (now - row.expires_at).total_seconds()
        if late > lease.ttl().total_seconds():
            return False, f"the lease of {row.holder} expired {late:.0f} s ago"
        return True, f"held by {row.holder}"

    return _timed(probe)


def check(engine: sa.Engine, redis_url: str | None, now: datetime, jobs_required: bool) -> Health:
    checks = {"database": database(engine)}
    if redis_url:
        checks["redis"] = redis(redis_url)
    checks["jobs_lease"] = jobs_lease(engine, now, jobs_required) if checks["database"].ok else Check(False, 0, "no database")
    return Health(checks)
