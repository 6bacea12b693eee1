"""/admin/scores (hq_admin): the weights of the three rates and the tier floors, versioned."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.report_recipients import report_recipients
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import field_error, page_title
from complaint_console.states.admin_scores import AdminScoresState
from complaint_console.states.report_recipients import ReportRecipientsState
from complaint_console.states.session import SessionState

S = AdminScoresState


def _field(group: str, key: str, label: rx.Var | str) -> rx.Component:
    name = f"{group}.{key}"
    error = S.errors.get(name, "")
    return rx.vstack(
        rx.text(label, as_="label", custom_attrs={"htmlFor": name}, size="2", weight="medium"),
        rx.input(
            name=name,
            id=name,
            default_value=getattr(S, group)[key],
            key=getattr(S, group)[key] + name,
            width="8em",
            aria_invalid=rx.cond(error != "", "true", "false"),
        ),
        field_error(error),
        spacing="1",
        align="start",
    )


@app_page("/admin/scores", "scores.settings", on_load=[S.load, ReportRecipientsState.load])
def admin_scores() -> rx.Component:
    return rx.vstack(
        page_title("scores.settings"),
        rx.text(t("scores.settings_hint"), size="2", color=rx.color("gray", 11)),
        rx.form(
            rx.vstack(
                rx.heading(t("scores.weights"), size="4"),
                rx.hstack(
                    *[_field("weights", k, t(f"scores.col.{k}")) for k in ("resolution", "satisfaction", "timeliness")],
                    spacing="5",
                    align="start",
                ),
                rx.heading(t("scores.tier_floors"), size="4"),
                rx.hstack(*[_field("tiers", k, k) for k in ("A", "B", "C")], spacing="5", align="start"),
                rx.button(t("scores.save"), type="submit", id="save-score-settings"),
                rx.cond(S.saved, rx.callout(t("scores.saved"), icon="check", color_scheme="green", size="1", id="saved")),
                spacing="3",
            ),
            on_submit=S.save,
        ),
        report_recipients(),
        rx.heading(t("scores.versions"), size="4"),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(t("scores.valid_from")),
                    rx.table.column_header_cell(""),
                    rx.table.column_header_cell(""),
                )
            ),
            rx.table.body(
                rx.foreach(
                    S.versions,
                    lambda v: rx.table.row(
                        rx.table.cell(v["valid_from"]),
                        rx.table.cell(tv(v["key"], "scores.setting.")),
                        rx.table.cell(rx.cond(SessionState.lang == "zh", v["value_zh"], v["value"])),
                        class_name="setting-version",
                    ),
                )
            ),
            size="1",
        ),
        spacing="4",
        width="100%",
    )
