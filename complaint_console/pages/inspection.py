"""/inspection (HQ): draw (and top up) a random sample of closed tickets per outlet, review them on the rubric."""

import reflex as rx

from complaint_console.components.i18n import t, tv
from complaint_console.components.shell import app_page
from complaint_console.components.ticket_summary import customer_words, fact
from complaint_console.components.widgets import empty_state, field_error, page_title, pager
from complaint_console.domain.inspection import MAX_SCORE, MIN_SCORE, MODES, RUBRIC
from complaint_console.states.inspection import ALL
from complaint_console.states.inspection import InspectionState as S
from complaint_console.states.inspection import ReviewState as R
from complaint_console.states.session import SessionState


def _caption(key: str) -> rx.Component:
    return rx.text(t(key), size="1", color=rx.color("gray", 11))


def _draw_form() -> rx.Component:
    weeks = rx.foreach(S.weeks, lambda w: rx.select.item(w, value=w))
    regions = rx.foreach(S.regions, lambda r: rx.select.item(rx.cond(SessionState.lang == "zh", r[2], r[1]), value=r[0]))
    return rx.card(
        rx.form(
            rx.hstack(
                rx.vstack(
                    _caption("inspection.week"),
                    rx.select.root(
                        rx.select.trigger(width="10em", id="draw-week", aria_label=t("inspection.week")),
                        rx.select.content(weeks),
                        value=S.draw_week,
                        on_change=S.set_draw_week,
                    ),
                    field_error(S.draw_errors.get("week", "")),
                    spacing="1",
                ),
                rx.vstack(
                    _caption("inspection.region"),
                    rx.select.root(
                        rx.select.trigger(width="11em", id="draw-region", aria_label=t("inspection.region")),
                        rx.select.content(rx.select.item(t("inspection.all_regions"), value=ALL), regions),
                        value=S.draw_region,
                        on_change=S.set_draw_region,
                    ),
                    field_error(S.draw_errors.get("region", "")),
                    spacing="1",
                ),
                rx.vstack(
                    _caption("inspection.mode"),
                    rx.select.root(
                        rx.select.trigger(width="13em", id="draw-mode", aria_label=t("inspection.mode")),
                        rx.select.content(*[rx.select.item(t(f"inspection.mode.{m}"), value=m) for m in MODES]),
                        value=S.draw_mode,
                        on_change=S.set_draw_mode,
                    ),
                    field_error(S.draw_errors.get("mode", "")),
                    spacing="1",
                ),
                rx.vstack(
                    rx.text(
                        t("inspection.size"),
                        as_="label",
                        custom_attrs={"htmlFor": "draw-size"},
                        size="1",
                        color=rx.color("gray", 11),
                    ),
                    rx.input(
                        name="size",
                        id="draw-size",
                        inputmode="numeric",
                        default_value=S.draw_size,
                        width="7em",
                        aria_invalid=rx.cond(S.draw_errors.contains("size"), "true", "false"),
                    ),
                    field_error(S.draw_errors.get("size", "")),
                    spacing="1",
                ),
                rx.button(rx.icon("shuffle", size=14), t("inspection.draw"), type="submit", id="draw-submit"),
                align="start",
                wrap="wrap",
                spacing="4",
            ),
            on_submit=S.draw,
            reset_on_submit=False,
        ),
        rx.text(t("inspection.draw_hint"), size="1", color=rx.color("gray", 10), margin_top="0.5em"),
        width="100%",
        id="draw-card",
    )


def _sample_label(s: rx.Var) -> rx.Component:
    return rx.select.item(
        s["week"],
        " · ",
        rx.cond(s["region"] == "", t("inspection.all_regions"), s["region"]),
        " · ",
        s["reviewed"],
        "/",
        s["items"],
        value=s["id"],
    )


def _samples_bar() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            _caption("inspection.sample"),
            rx.select.root(
                rx.select.trigger(width="22em", id="sample-picker", aria_label=t("inspection.sample")),
                rx.select.content(rx.foreach(S.samples, _sample_label)),
                value=S.sample,
                on_change=S.choose_sample,
            ),
            spacing="1",
        ),
        rx.vstack(
            _caption("inspection.status"),
            rx.select.root(
                rx.select.trigger(width="10em", id="item-status", aria_label=t("inspection.status")),
                rx.select.content(*[rx.select.item(t(f"inspection.status.{v}"), value=v) for v in (ALL, "todo", "done")]),
                value=rx.cond(S.status == "", ALL, S.status),
                on_change=S.set_status,
            ),
            spacing="1",
        ),
        rx.badge(S.total, size="2", id="items-count"),
        align="end",
        wrap="wrap",
    )


def _item(r: rx.Var) -> rx.Component:
    done = r["reviews"] != "0"
    return rx.table.row(
        rx.table.cell(r["region"]),
        rx.table.cell(r["outlet"]),
        rx.table.cell(rx.text(r["number"], weight="medium")),
        rx.table.cell(tv(r["category"], "category.")),
        rx.table.cell(r["closed"]),
        rx.table.cell(
            rx.cond(
                done,
                rx.hstack(
                    rx.badge(r["overall"], color_scheme="green", class_name="item-overall"),
                    rx.text(r["reviews"], " ", t("inspection.reviews"), size="1", class_name="item-reviews"),
                ),
                rx.badge(t("inspection.status.todo"), color_scheme="gray"),
            )
        ),
        rx.table.cell(
            rx.link(
                rx.button(
                    rx.cond(r["mine"] != "", t("inspection.re_review"), t("inspection.review")),
                    size="1",
                    variant=rx.cond(r["mine"] != "", "soft", "solid"),
                ),
                href="/inspection/item/" + r["id"],
                class_name="item-review",
            )
        ),
        key=r["id"],
        class_name="inspection-item",
        custom_attrs={"data-number": r["number"], "data-outlet": r["outlet"]},
    )


def _items_table() -> rx.Component:
    headers = [
        "inspection.region",
        "ticket.outlet",
        "ticket.number",
        "ticket.category",
        "inspection.closed",
        "inspection.overall",
    ]
    return rx.vstack(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in headers], rx.table.column_header_cell(""))),
            rx.table.body(rx.foreach(S.rows, _item)),
            variant="surface",
            width="100%",
            id="items-table",
        ),
        pager(S.page, S.pages, S.turn, "items"),
        width="100%",
    )


@app_page("/inspection", "inspection.title", on_load=[S.load])
def inspection() -> rx.Component:
    return rx.vstack(
        page_title("inspection.title"),
        rx.text(t("inspection.intro"), size="2", color=rx.color("gray", 11)),
        _draw_form(),
        rx.cond(
            S.sample != "",
            rx.vstack(
                _samples_bar(),
                rx.cond(S.total > 0, _items_table(), empty_state("clipboard-check", "inspection.no_items")),
                width="100%",
            ),
            empty_state("clipboard-check", "inspection.no_samples"),
        ),
        spacing="3",
        width="100%",
    )


# --- reviewing one item ------------------------------------------------------------------


def _ticket_card() -> rx.Component:
    d = R.ticket
    return rx.card(
        rx.vstack(
            rx.heading(d["number"], size="4", id="review-number"),
            rx.data_list.root(
                fact("ticket.outlet", d["outlet"]),
                fact("ticket.category", rx.fragment(tv(d["category"], "category."), " · ", tv(d["severity"], "severity."))),
                fact("ticket.channel", tv(d["channel"], "channel.")),
                fact("ticket.created", d["created"]),
                fact("inspection.responded", d["responded"]),
                fact("inspection.resolved", d["resolved"]),
                fact("inspection.closed", d["closed"]),
                fact("ticket.customer", rx.text(d["customer"], " · ", d["phone"], id="review-customer")),
                fact("ticket.waybill", rx.text(d["waybill"], id="review-waybill")),
                rx.cond(d["responsibility"] != "", fact("move.field.responsibility", tv(d["responsibility"], "responsibility."))),
                rx.cond(d["root_cause"] != "", fact("move.field.root_cause", tv(d["root_cause"], "root_cause."))),
                rx.cond(d["compensation"] != "", fact("move.field.compensation", "¥" + d["compensation"])),
                size="2",
            ),
            customer_words(d, "review"),
            rx.text(t("inspection.masked_hint"), size="1", color=rx.color("gray", 10)),
            spacing="2",
        ),
        width="100%",
    )


def _event(e: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(e["at"], size="1", color=rx.color("gray", 11), white_space="nowrap"),
        rx.vstack(
            rx.hstack(
                rx.text(tv(e["kind"], "event."), weight="medium", size="2"),
                rx.cond(e["to"] != "", rx.text(tv(e["from"], "stage."), " → ", tv(e["to"], "stage."), size="2")),
                rx.text(e["actor"], size="1", color=rx.color("gray", 11)),
                wrap="wrap",
            ),
            rx.cond(e["note"] != "", rx.text(e["note"], size="1", white_space="pre-wrap")),
            spacing="0",
        ),
        align="start",
    )


def _timeline() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(t("inspection.timeline"), weight="bold"),
            rx.cond(
                R.timeline.length() > 0,
                rx.vstack(rx.foreach(R.timeline, _event), spacing="2"),
                rx.text(t("inspection.no_events"), size="2"),
            ),
            spacing="2",
        ),
        width="100%",
        id="review-timeline",
    )


def _rating(dim: str) -> rx.Component:
    label_id = f"label-{dim}"
    return rx.vstack(
        rx.text(t(f"inspection.rubric.{dim}"), id=label_id, size="2", weight="medium"),
        rx.text(t(f"inspection.rubric.{dim}.hint"), size="1", color=rx.color("gray", 11)),
        rx.radio_group.root(
            rx.hstack(
                *[
                    rx.text(
                        rx.hstack(rx.radio_group.item(value=str(i), id=f"rate-{dim}-{i}"), str(i), spacing="1", align="center"),
                        as_="label",
                        size="2",
                        custom_attrs={"htmlFor": f"rate-{dim}-{i}"},
                    )
                    for i in range(MIN_SCORE, MAX_SCORE + 1)
                ],
                spacing="4",
            ),
            name=dim,
            default_value=R.form[dim],
            aria_labelledby=label_id,
            aria_invalid=rx.cond(R.errors.contains(dim), "true", "false"),
            id=f"rate-{dim}",
        ),
        field_error(R.errors.get(dim, "")),
        spacing="1",
        width="100%",
        class_name="rubric-dimension",
    )


def _review_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.hstack(rx.icon("clipboard-check", size=16), rx.text(t("inspection.rubric"), weight="bold"), align="center"),
                _caption("inspection.scale_hint"),
                rx.cond(
                    R.others > 0,
                    rx.callout.root(
                        rx.callout.icon(rx.icon("users", size=14)),
                        rx.callout.text(t("inspection.others_reviewed"), " ", R.others),
                        size="1",
                        id="review-others",
                    ),
                ),
                *[_rating(d) for d in RUBRIC],
                rx.vstack(
                    rx.text(
                        t("inspection.comment"),
                        as_="label",
                        custom_attrs={"htmlFor": "review-comment"},
                        size="2",
                        weight="medium",
                    ),
                    rx.text_area(
                        name="comment",
                        id="review-comment",
                        default_value=R.form["comment"],
                        rows="4",
                        width="100%",
                        aria_invalid=rx.cond(R.errors.contains("comment"), "true", "false"),
                    ),
                    field_error(R.errors.get("comment", "")),
                    spacing="1",
                    width="100%",
                ),
                rx.hstack(
                    rx.cond(
                        R.reviewed.contains("at"),
                        rx.text(
                            t("inspection.reviewed_by"),
                            " ",
                            R.reviewed["by"],
                            " · ",
                            R.reviewed["at"],
                            rx.cond(
                                R.reviewed["updated"] != "",
                                rx.fragment(" · ", t("inspection.updated"), " ", R.reviewed["updated"]),
                            ),
                            size="1",
                            color=rx.color("gray", 11),
                            id="review-status",
                        ),
                    ),
                    rx.spacer(),
                    rx.link(
                        rx.button(t("inspection.back"), type="button", variant="soft", color_scheme="gray"), href="/inspection"
                    ),
                    rx.button(rx.icon("save", size=14), t("inspection.save"), type="submit", id="review-save"),
                    width="100%",
                    align="center",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=R.save,
            reset_on_submit=False,
            key=R.form_key,
            width="100%",
            id="review-form",
        ),
        width="100%",
    )


@app_page("/inspection/item/[item]", "inspection.review_title", on_load=[R.load])
def review_page() -> rx.Component:
    return rx.vstack(
        page_title("inspection.review_title"),
        rx.cond(
            R.loaded,
            rx.cond(
                R.found,
                rx.hstack(
                    rx.vstack(_ticket_card(), _timeline(), width="26em", flex_shrink="0"),
                    _review_form(),
                    align="start",
                    spacing="5",
                    width="100%",
                ),
                empty_state("search-x", "inspection.not_found"),
            ),
            rx.spinner(),
        ),
        spacing="3",
        width="100%",
    )
