"""The satisfaction revisit (DESIGN "Scheduled jobs"), every 5 minutes: send the survey
24 h after `resolved`, and close tickets whose survey went unanswered for 72 h.

Safe to run twice for the same `now` and in two processes at once: a survey message has a
unique outbox key per resolution, and a close is a conditional UPDATE on the ticket's
version. The rules live in `services/surveys.py`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from complaint_console.jobs.registry import Job
from complaint_console.services import surveys


def run(engine: sa.Engine, now: datetime) -> dict[str, int]:
    return {"sent": surveys.send_due(engine, now), "closed": surveys.close_unanswered(engine, now)}


JOB = Job("surveys", "jobs.surveys", run, every=timedelta(minutes=5))
