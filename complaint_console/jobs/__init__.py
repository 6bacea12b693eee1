"""Scheduled jobs (DESIGN "Scheduled jobs"): what runs when, who may run it, and the runs.

- `lease`: one process of a deployment holds the jobs lease and runs the jobs;
- `registry`: the jobs, their schedules and their functions;
- `runner`: runs one job and records it in `job_run`;
- `scheduler`: APScheduler 3 in the web process (SCHEDULER=embedded) or in `worker`.
"""
