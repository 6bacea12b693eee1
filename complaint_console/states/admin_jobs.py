"""hq_admin: /admin/jobs — the scheduled jobs (last and next run, "run now"), the jobs lease,
the outbox by status, and failed or dead items (50 a page from SQL) with "retry".
Every handler re-checks ADMINISTER."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.engine import get_engine
from complaint_console.db.models import JobRun
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.i18n.catalogue import translate
from complaint_console.jobs import runner
from complaint_console.jobs.schedule import JOBS
from complaint_console.services import job_admin, outbox, sms
from complaint_console.states.offload import in_thread, with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views.formatting import business_time


def _counts_text(counts: dict | None, lang: str) -> str:
    """What a run did, in words: "sent 3 · closed 0" / "已发送 3 · 已关闭 0" (an unknown count by its key)."""
    from complaint_console.i18n import catalogue

    messages = catalogue.messages(lang)
    return " · ".join(f"{messages.get(f'job_count.{key}', key)} {value}" for key, value in (counts or {}).items())


def _run_fields(run: JobRun | None) -> dict[str, str]:
    if run is None:
        return {"started": "", "duration": "", "outcome": "", "counts": "", "counts_zh": "", "error": "", "trigger": ""}
    duration = ""
    if run.finished_at is not None:
        duration = f"{(run.finished_at - run.started_at).total_seconds():.1f} s"
    return {
        "started": business_time(run.started_at, seconds=True),
        "duration": duration,
        "outcome": run.outcome,
        "counts": _counts_text(run.counts, "en"),
        "counts_zh": _counts_text(run.counts, "zh"),
        "error": (run.error or "").splitlines()[0][:200] if run.error else "",
        "trigger": run.trigger,
    }


class AdminJobsState(rx.State):
    jobs: list[dict[str, str]] = []
    lease_holder: str = ""
    lease_until: str = ""
    counts: list[dict[str, str]] = []
    problems: list[dict[str, str]] = []
    problem_total: int = 0
    page: int = 0
    running: list[str] = []
    sms_problem: str = ""  # why customers receive no SMS; "" when a provider is configured

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.problem_total // outbox.PAGE_SIZE))

    async def _read(self) -> None:
        now, page = utcnow(), self.page

        def read(db):
            engine = get_engine()
            return (
                job_admin.overview(engine, now),
                job_admin.current_lease(engine, now),
                outbox.status_counts(db),
                outbox.problem_items(db, page),
            )

        overview, held, counts, result = await with_db(read)
        self.jobs = [
            {
                "name": v.name,
                "schedule": v.schedule,
                "schedule_zh": v.schedule_zh,
                "next": business_time(v.next_run, seconds=True),
                "every": str(v.every_seconds or ""),
                **_run_fields(v.last),
            }
            for v in overview
        ]
        self.sms_problem = sms.problem() or ""
        self.lease_holder = held.holder if held else ""
        self.lease_until = business_time(held.expires_at, seconds=True) if held else ""
        self.counts = [{"status": s, "count": str(c)} for s, c in counts.items()]
        self.problem_total = result.total
        self.problems = [
            {
                "id": str(n.id),
                "status": n.status,
                "channel": n.channel,
                "recipient": n.recipient,
                "kind": n.kind,
                "attempts": str(n.attempts),
                "error": (n.last_error or "")[:300],
                "next": business_time(n.next_attempt_at, seconds=True) if n.status == "failed" else "",
            }
            for n in result.rows
        ]

    @rx.event
    async def load(self):
        self.jobs, self.counts, self.problems, self.problem_total, self.page = [], [], [], 0, 0
        if await require_actor(self, Action.ADMINISTER) is not None:
            await self._read()

    @rx.event
    async def reload(self):
        if await require_actor(self, Action.ADMINISTER) is not None:
            await self._read()

    @rx.event
    async def turn(self, delta: int):
        if await require_actor(self, Action.ADMINISTER) is None:
            return
        self.page = min(max(0, self.page + delta), self.pages - 1)
        await self._read()

    @rx.event
    async def retry(self, item_id: str):
        if await require_actor(self, Action.ADMINISTER) is None or not str(item_id).isdigit():
            return
        done = await with_db(lambda db: outbox.retry(db, int(item_id), utcnow()))
        lang = (await self.get_state(SessionState)).lang
        await self._read()
        if done:
            return rx.toast.success(translate("jobs_admin.retried", lang))

    @rx.event(background=True)
    async def run_now(self, name: str):
        """Run a job now in a worker thread, so the page stays usable; recorded as `manual`."""
        async with self:
            actor = await require_actor(self, Action.ADMINISTER)
            if actor is None or name not in JOBS or name in self.running:
                return
            self.running = [*self.running, name]
        try:
            await in_thread(runner.run, get_engine(), name, "manual", f"manual:{actor.username}")
        finally:
            async with self:
                self.running = [n for n in self.running if n != name]
                await self._read()
