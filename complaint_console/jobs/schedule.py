"""Every scheduled job of the app, by name (DESIGN "Scheduled jobs")."""

from __future__ import annotations

from complaint_console.jobs import surveys
from complaint_console.jobs.registry import Job

JOBS: dict[str, Job] = {job.name: job for job in (surveys.JOB,)}
