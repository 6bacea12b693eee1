"""/admin/jobs (hq_admin): scheduled jobs with "run now", the jobs lease, the outbox by
status, and failed or dead notifications with "retry"."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import empty_state, page_title, pager
from complaint_console.states.admin_jobs import AdminJobsState as S
from complaint_console.states.session import SessionState


def _outcome(value: rx.Var) -> rx.Component:
    return rx.cond(
        value != "",
        rx.badge(tv(value, "job_outcome."), color_scheme=rx.match(value, ("ok", "green"), ("error", "red"), "blue")),
        rx.text(t("jobs_admin.never"), size="2", color=rx.color("gray", 11)),
    )


def _job_row(job: rx.Var) -> rx.Component:
    running = S.running.contains(job["name"])
    return rx.table.row(
        rx.table.cell(rx.text(tv(job["name"], "jobs."), weight="medium"), rx.code(job["name"], size="1")),
        rx.table.cell(
            rx.text(
                rx.cond(SessionState.lang == "zh", job["schedule_zh"], job["schedule"]),
                white_space="nowrap",
                class_name="job-schedule",
            )
        ),
        rx.table.cell(
            rx.vstack(
                rx.text(job["started"]),
                rx.text(tv(job["trigger"], "job_trigger."), size="1", color=rx.color("gray", 11)),
                spacing="0",
            )
        ),
        rx.table.cell(job["duration"]),
        rx.table.cell(
            rx.vstack(_outcome(job["outcome"]), rx.text(job["error"], size="1", color=rx.color("red", 11)), spacing="1")
        ),
        rx.table.cell(rx.text(rx.cond(SessionState.lang == "zh", job["counts_zh"], job["counts"]), size="2")),
        rx.table.cell(
            rx.cond(
                job["next"] != "",
                job["next"],
                rx.text(t("jobs_admin.within"), " ", job["every"], " ", t("unit.seconds")),
            )
        ),
        rx.table.cell(
            rx.button(
                rx.cond(running, rx.spinner(size="1"), rx.icon("play", size=14)),
                rx.cond(running, t("jobs_admin.running"), t("jobs_admin.run_now")),
                on_click=S.run_now(job["name"]),
                disabled=running,
                white_space="nowrap",
                size="1",
                variant="soft",
                id="run-now-" + job["name"],
            )
        ),
        key=job["name"],
        id="job-" + job["name"],
    )


def _jobs() -> rx.Component:
    return rx.vstack(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(t(k))
                        for k in (
                            "jobs_admin.job",
                            "jobs_admin.schedule",
                            "jobs_admin.last_run",
                            "jobs_admin.duration",
                            "jobs_admin.outcome",
                            "jobs_admin.counts",
                            "jobs_admin.next_run",
                        )
                    ],
                    rx.table.column_header_cell(""),
                )
            ),
            rx.table.body(rx.foreach(S.jobs, _job_row)),
            variant="surface",
            size="1",
            width="100%",
            id="jobs-table",
        ),
        rx.text(
            rx.cond(
                S.lease_holder != "",
                rx.fragment(
                    t("jobs_admin.lease"), " ", rx.code(S.lease_holder), " ", t("jobs_admin.lease_until"), " ", S.lease_until, ")"
                ),
                t("jobs_admin.lease_none"),
            ),
            size="2",
            color=rx.color("gray", 11),
            id="jobs-lease",
        ),
        spacing="2",
        width="100%",
        align="start",
    )


def _counts() -> rx.Component:
    return rx.hstack(
        rx.foreach(
            S.counts,
            lambda c: rx.badge(
                tv(c["status"], "outbox_status."),
                ": ",
                c["count"],
                size="2",
                variant="soft",
                color_scheme=rx.match(c["status"], ("dead", "red"), ("failed", "orange"), ("sent", "green"), "gray"),
                id="outbox-" + c["status"],
            ),
        ),
        wrap="wrap",
        spacing="2",
        id="outbox-counts",
    )


def _problem_row(item: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.badge(tv(item["status"], "outbox_status."), color_scheme=rx.cond(item["status"] == "dead", "red", "orange"))
        ),
        rx.table.cell(tv(item["channel"], "outbox_channel.")),
        rx.table.cell(rx.text(item["recipient"], size="2")),
        rx.table.cell(rx.code(item["kind"], size="1")),
        rx.table.cell(item["attempts"]),
        rx.table.cell(rx.text(item["error"], size="1", color=rx.color("red", 11), max_width="28em")),
        rx.table.cell(item["next"]),
        rx.table.cell(
            rx.button(
                rx.icon("rotate-ccw", size=14),
                t("jobs_admin.retry"),
                on_click=S.retry(item["id"]),
                size="1",
                variant="soft",
                id="retry-" + item["id"],
            )
        ),
        key=item["id"],
        id="problem-" + item["id"],
    )


def _problems() -> rx.Component:
    return rx.cond(
        S.problems.length() > 0,
        rx.vstack(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(t(k))
                            for k in (
                                "jobs_admin.status",
                                "jobs_admin.channel",
                                "jobs_admin.recipient",
                                "jobs_admin.kind",
                                "jobs_admin.attempts",
                                "jobs_admin.last_error",
                                "jobs_admin.next_attempt",
                            )
                        ],
                        rx.table.column_header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(S.problems, _problem_row)),
                variant="surface",
                size="1",
                width="100%",
                id="outbox-problems",
            ),
            pager(S.page, S.pages, S.turn, "problems"),
            width="100%",
            align="start",
        ),
        empty_state("circle-check", "jobs_admin.no_problems"),
    )


def _sms_notice() -> rx.Component:
    return rx.cond(
        S.sms_problem != "",
        rx.callout(
            rx.vstack(
                rx.text(t("sms.none_jobs"), weight="medium"),
                rx.text(t("sms.reason"), " ", rx.code(S.sms_problem), size="1"),
                spacing="1",
            ),
            icon="message-square-off",
            color_scheme="red",
            id="sms-notice",
            max_width="56em",
        ),
    )


@app_page("/admin/jobs", "admin.jobs", on_load=[S.load])
def admin_jobs() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            page_title("admin.jobs"),
            rx.spacer(),
            rx.button(
                rx.icon("refresh-cw", size=14),
                t("jobs_admin.refresh"),
                on_click=S.reload,
                variant="outline",
                size="2",
                id="jobs-refresh",
            ),
            width="100%",
            align="center",
        ),
        _jobs(),
        rx.separator(),
        rx.heading(t("jobs_admin.outbox"), size="4"),
        _sms_notice(),
        rx.text(t("jobs_admin.outbox_hint"), size="2", color=rx.color("gray", 11), max_width="56em"),
        _counts(),
        rx.heading(t("jobs_admin.problems"), " (", S.problem_total, ")", size="4"),
        _problems(),
        spacing="4",
        width="100%",
        align="start",
    )
