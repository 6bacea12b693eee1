"""/admin/scores: who else receives the weekly report (a region's director: their region's section)."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.widgets import field_error
from complaint_console.states.report_recipients import ReportRecipientsState as R


def _labelled(key: str, control: rx.Component, error: rx.Var, for_id: str | None = None) -> rx.Component:
    tie = {"as_": "label", "custom_attrs": {"htmlFor": for_id}} if for_id else {}
    label = rx.text(t(key), size="2", weight="medium", **tie)
    return rx.vstack(label, control, field_error(error), spacing="1", align="start")


def _select(name: str, options: list[tuple[str, rx.Var | str]], width: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id=f"recipient-{name}", min_width=width, aria_label=t(f"recipients.{name}")),
        rx.select.content(*[rx.select.item(label, value=value) for value, label in options]),
        value=R.form.get(name, ""),
        on_change=lambda v: R.set_field(name, v),
    )


def _text(name: str, width: str) -> rx.Component:
    """A text field of the form; what was typed stays after a refused submit (kept in the state)."""
    typed = R.form.get(name, "")
    field = rx.input(name=name, id=f"recipient-{name}", default_value=typed, key=typed + name, width=width)
    return _labelled(f"recipients.{name}", field, R.errors.get(name, ""), f"recipient-{name}")


def _form() -> rx.Component:
    region = rx.select.root(
        rx.select.trigger(id="recipient-region", min_width="8em", aria_label=t("recipients.region")),
        rx.select.content(rx.foreach(R.regions, lambda r: rx.select.item(r, value=r))),
        value=R.form.get("region", ""),
        on_change=lambda v: R.set_field("region", v),
    )
    return rx.form(
        rx.hstack(
            _labelled(
                "recipients.scope",
                _select("scope", [("region", t("recipients.scope.region")), ("network", t("recipients.scope.network"))], "11em"),
                R.errors.get("scope", ""),
            ),
            rx.cond(R.form.get("scope", "") == "region", _labelled("recipients.region", region, R.errors.get("region", ""))),
            _text("email", "18em"),
            _text("name", "10em"),
            _labelled(
                "recipients.language",
                _select("language", [("zh", "中文"), ("en", "English")], "7em"),
                R.errors.get("language", ""),
            ),
            rx.button(rx.icon("user-plus", size=14), t("recipients.add"), type="submit", id="add-recipient", margin_top="1.5em"),
            spacing="3",
            align="start",
            wrap="wrap",
        ),
        on_submit=R.add,
    )


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(tv(r["scope"], "recipients.scope.")),
        rx.table.cell(r["region"]),
        rx.table.cell(r["email"]),
        rx.table.cell(r["name"]),
        rx.table.cell(r["language"]),
        rx.table.cell(
            rx.button(t("recipients.remove"), variant="soft", color_scheme="red", size="1", on_click=R.remove(r["id"]))
        ),
        class_name="recipient-row",
    )


def report_recipients() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("recipients.title"), size="4"),
            rx.text(t("recipients.hint"), size="2", color=rx.color("gray", 11)),
            _form(),
            rx.cond(
                R.added, rx.callout(t("recipients.added"), icon="check", color_scheme="green", size="1", id="recipient-added")
            ),
            rx.cond(
                R.rows.length() > 0,
                rx.table.root(rx.table.body(rx.foreach(R.rows, _row)), size="1", width="100%", id="recipients"),
                rx.text(t("recipients.none"), size="2", color=rx.color("gray", 11)),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="report-recipients",
    )
