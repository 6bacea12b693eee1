"""Every scheduled job of the app, by name (DESIGN "Scheduled jobs")."""

from __future__ import annotations

from complaint_console.jobs import corrective_actions, delivery, digest, reminders, rollup, surveys
from complaint_console.jobs.registry import Job

JOBS: dict[str, Job] = {
    job.name: job for job in (reminders.JOB, delivery.JOB, surveys.JOB, digest.JOB, rollup.JOB, corrective_actions.JOB)
}
