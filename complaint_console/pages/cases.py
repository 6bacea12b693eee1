"""/cases (training_lead; HQ reads): candidates of a week, the case form, the library, the pack."""

import reflex as rx

from complaint_console.components.case_actions import corrective_actions, root_cause_select
from complaint_console.components.case_homework import case_homework
from complaint_console.components.case_story import case_story
from complaint_console.components.cases_tabs import cases_tabs as _tabs
from complaint_console.components.i18n import t, tv
from complaint_console.components.shell import app_page
from complaint_console.components.ticket_summary import customer_words, fact
from complaint_console.components.widgets import empty_state, field_error, page_title, pager
from complaint_console.domain.cases import ALL_SIGNALS, ALL_WEIGHTS, ANY_GOOD, MAX_WHYS
from complaint_console.domain.vocabulary import Category
from complaint_console.states.case_actions import CaseActionsState
from complaint_console.states.case_homework import CaseHomeworkState
from complaint_console.states.case_story import CaseStoryState
from complaint_console.states.cases import CaseFormState as F
from complaint_console.states.cases import CasesState as S
from complaint_console.states.cases import LibraryState as L
from complaint_console.states.session import SessionState

SIGNAL_COLORS = {
    "regulator": "red",
    "low_rating": "crimson",
    "breached": "orange",
    "over_limit": "amber",
    "escalated": "purple",
    "reopened": "pink",
    "repeat": "blue",
    "praise": "green",
    "fast_five": "teal",
}


def signal_badge(signal: rx.Var) -> rx.Component:
    return rx.badge(
        tv(signal, "cases.signal."),
        color_scheme=rx.match(signal, *[(s, c) for s, c in SIGNAL_COLORS.items()], "gray"),
        class_name="signal-badge",
        custom_attrs={"data-signal": signal},
    )


def _select(name: str, label_key: str, value: rx.Var, items: list, on_change, width: str = "11em") -> rx.Component:
    return rx.vstack(
        rx.text(t(label_key), size="1", color=rx.color("gray", 11)),
        rx.select.root(
            rx.select.trigger(width=width, id=f"cases-{name}", aria_label=t(label_key)),
            rx.select.content(*items),
            value=rx.cond(value == "", "all", value),
            on_change=on_change,
        ),
        spacing="1",
    )


def _all() -> rx.Component:
    return rx.select.item(t("cases.filter.all"), value="all")


def _toolbar() -> rx.Component:
    weeks = rx.foreach(S.weeks, lambda w: rx.select.item(w, value=w))
    regions = rx.foreach(S.regions, lambda r: rx.select.item(rx.cond(SessionState.lang == "zh", r[2], r[1]), value=r[0]))
    return rx.hstack(
        rx.vstack(
            rx.text(t("cases.week"), size="1", color=rx.color("gray", 11)),
            rx.select.root(
                rx.select.trigger(width="10em", id="cases-week", aria_label=t("cases.week")),
                rx.select.content(weeks),
                value=S.week,
                on_change=S.set_week,
            ),
            spacing="1",
        ),
        _select(
            "category",
            "cases.filter.category",
            S.category,
            [_all(), *[rx.select.item(t(f"category.{c.value}"), value=c.value) for c in Category]],
            lambda v: S.set_filter("category", v),
        ),
        _select("region", "cases.filter.region", S.region, [_all(), regions], lambda v: S.set_filter("region", v)),
        _select(
            "signal",
            "cases.filter.signal",
            S.signal,
            [
                _all(),
                rx.select.item(t("cases.signal.good"), value=ANY_GOOD),
                *[rx.select.item(t(f"cases.signal.{s}"), value=s) for s in ALL_SIGNALS],
            ],
            lambda v: S.set_filter("signal", v),
            width="13em",
        ),
        rx.spacer(),
        rx.vstack(
            rx.text(t("cases.picked_count"), " ", rx.text.strong(S.picked, id="cases-picked-count"), size="2"),
            rx.hstack(
                rx.button(
                    rx.icon("file-down", size=14),
                    t("cases.export_pdf"),
                    on_click=S.export_pdf,
                    id="export-pdf",
                    disabled=S.picked == 0,
                ),
                rx.button(
                    rx.icon("file-text", size=14),
                    t("cases.export_md"),
                    on_click=S.export_markdown,
                    variant="soft",
                    id="export-md",
                    disabled=S.picked == 0,
                ),
                rx.button(
                    rx.icon("presentation", size=14),
                    t("cases.export_pptx"),
                    on_click=S.export_pptx,
                    variant="soft",
                    id="export-pptx",
                    disabled=S.picked == 0,
                ),
            ),
            align="end",
            spacing="1",
        ),
        align="end",
        width="100%",
        wrap="wrap",
    )


def _weights_help() -> rx.Component:
    return rx.hstack(
        rx.text(t("cases.score_hint"), size="1", color=rx.color("gray", 11)),
        *[
            rx.badge(
                t(f"cases.signal.{s}"), " +", str(ALL_WEIGHTS[s]), color_scheme=SIGNAL_COLORS[s], variant="outline", size="1"
            )
            for s in ALL_SIGNALS
        ],
        wrap="wrap",
        align="center",
        id="cases-weights",
    )


def _candidate(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.badge(r["score"], size="2", variant="solid", color_scheme="gray", high_contrast=True, class_name="candidate-score")
        ),
        rx.table.cell(
            rx.vstack(
                rx.link(r["number"], href="/tickets/" + r["number"].to(str), weight="medium"),
                rx.text(r["created"], size="1", color=rx.color("gray", 11)),
                spacing="0",
            )
        ),
        rx.table.cell(rx.text(r["outlet"], size="2"), rx.text(r["region"], size="1", color=rx.color("gray", 11))),
        rx.table.cell(tv(r["category"].to(str), "category."), " · ", tv(r["severity"].to(str), "severity.")),
        rx.table.cell(rx.text(r["customer"], size="2"), rx.text(r["waybill"], size="1", color=rx.color("gray", 11))),
        rx.table.cell(rx.hstack(rx.foreach(r["signals"].to(list[str]), signal_badge), wrap="wrap", spacing="1")),
        rx.table.cell(
            rx.link(
                rx.button(
                    rx.cond(r["picked"].to(bool), rx.icon("pencil", size=14), rx.icon("plus", size=14)),
                    rx.cond(
                        r["picked"].to(bool),
                        rx.cond(S.can_edit, t("cases.edit"), t("cases.open")),
                        rx.cond(S.can_edit, t("cases.pick"), t("cases.open")),
                    ),
                    size="1",
                    variant=rx.cond(r["picked"].to(bool), "soft", "solid"),
                ),
                href="/cases/ticket/" + r["number"].to(str),
                class_name="case-pick",
            )
        ),
        key=r["number"].to(str),
        class_name=rx.cond(r["picked"].to(bool), "candidate picked", "candidate"),
        custom_attrs={"data-number": r["number"]},
    )


def _candidates_table() -> rx.Component:
    headers = ["cases.score", "ticket.number", "ticket.outlet", "ticket.category", "ticket.customer", "cases.signals"]
    return rx.vstack(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in headers], rx.table.column_header_cell(""))),
            rx.table.body(rx.foreach(S.rows, _candidate)),
            variant="surface",
            width="100%",
            id="candidates-table",
        ),
        pager(S.page, S.pages, S.turn, "candidates"),
        width="100%",
    )


@app_page("/cases", "cases.title", on_load=[S.load])
def cases() -> rx.Component:
    return rx.vstack(
        rx.hstack(page_title("cases.title"), rx.badge(S.total, size="2", id="candidates-count"), align="baseline"),
        _tabs("candidates"),
        _toolbar(),
        _weights_help(),
        rx.cond(S.total > 0, _candidates_table(), empty_state("graduation-cap", "cases.no_candidates")),
        spacing="3",
        width="100%",
    )


# --- the case form -------------------------------------------------------------------


def _ticket_card() -> rx.Component:
    d = F.ticket
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(
                    F.can_open_ticket,
                    rx.link(rx.heading(d["number"], size="4"), href="/tickets/" + d["number"], id="case-ticket-link"),
                    rx.heading(d["number"], size="4"),
                ),
                rx.foreach(F.signals, signal_badge),
                wrap="wrap",
                align="center",
            ),
            rx.data_list.root(
                fact("ticket.outlet", d["outlet"]),
                fact("ticket.category", rx.fragment(tv(d["category"], "category."), " · ", tv(d["severity"], "severity."))),
                fact("ticket.channel", tv(d["channel"], "channel.")),
                fact("ticket.created", d["created"]),
                fact("ticket.customer", rx.text(d["customer"], " · ", d["phone"], id="case-customer")),
                fact("ticket.waybill", rx.text(d["waybill"], id="case-waybill")),
                rx.cond(d["compensation"] != "", fact("move.field.compensation", "¥" + d["compensation"])),
                size="2",
            ),
            customer_words(d, "case"),
            rx.text(t("cases.masked_hint"), size="1", color=rx.color("gray", 10)),
            spacing="2",
        ),
        width="100%",
        max_width="26em",
        flex_shrink="0",
    )


def _label(name: str, key: str) -> rx.Component:
    return rx.text(t(key), as_="label", custom_attrs={"htmlFor": f"case-{name}"}, size="2", weight="medium")


def _field(name: str, key: str, control: rx.Component) -> rx.Component:
    return rx.vstack(_label(name, key), control, field_error(F.errors.get(name, "")), spacing="1", width="100%")


def _input(name: str, **props) -> rx.Component:
    return rx.input(
        name=name,
        id=f"case-{name}",
        default_value=F.form[name],
        width="100%",
        read_only=~F.can_edit,
        aria_invalid=rx.cond(F.errors.contains(name), "true", "false"),
        **props,
    )


def _area(name: str, rows: str = "3") -> rx.Component:
    return rx.text_area(
        name=name,
        id=f"case-{name}",
        default_value=F.form[name],
        rows=rows,
        width="100%",
        read_only=~F.can_edit,
        aria_invalid=rx.cond(F.errors.contains(name), "true", "false"),
    )


def _step_area(name: str, placeholder_key: str) -> rx.Component:
    return rx.text_area(
        name=name,
        id=f"case-{name}",
        default_value=F.form[name],
        rows="2",
        width="100%",
        placeholder=t(placeholder_key),
        read_only=~F.can_edit,
        aria_invalid=rx.cond(F.errors.contains(name), "true", "false"),
    )


def _why_step(i: int) -> rx.Component:
    return rx.hstack(
        rx.badge(str(i), size="2", variant="solid", color_scheme="gray"),
        rx.vstack(
            _step_area(f"why_{i}", "cases.why_placeholder"),
            field_error(F.errors.get(f"why_{i}", "")),
            spacing="1",
            width="100%",
        ),
        rx.icon("arrow-right", size=16, flex_shrink="0"),
        rx.vstack(
            _step_area(f"because_{i}", "cases.because_placeholder"),
            field_error(F.errors.get(f"because_{i}", "")),
            spacing="1",
            width="100%",
        ),
        align="start",
        width="100%",
        class_name="why-step",
    )


def _five_whys() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("list-tree", size=16), rx.text(t("cases.five_whys"), weight="bold"), align="center"),
            rx.text(t("cases.five_whys_hint"), size="1", color=rx.color("gray", 11)),
            rx.hstack(
                rx.text(t("cases.why"), size="1", weight="bold", width="50%", padding_left="2.5em"),
                rx.text(t("cases.because"), size="1", weight="bold", width="50%"),
                width="100%",
            ),
            *[_why_step(i) for i in range(1, MAX_WHYS + 1)],
            rx.grid(
                root_cause_select(
                    "root_cause_code",
                    "case-root_cause_code",
                    F.root_cause_code,
                    F.errors.get("root_cause_code", ""),
                    disabled=~F.can_edit,
                ),
                rx.box(_field("root_cause", "cases.field.root_cause", _input("root_cause")), grid_column="span 2"),
                columns="3",
                spacing="3",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="five-whys",
    )


def _case_form() -> rx.Component:
    practice = rx.select.root(
        rx.select.trigger(width="100%", id="case-practice", aria_label=t("cases.field.practice")),
        rx.select.content(*[rx.select.item(t(f"cases.practice.{v}"), value=v) for v in ("bad", "good")]),
        name="practice",
        default_value=F.form["practice"],
        disabled=~F.can_edit,
    )
    return rx.form(
        rx.vstack(
            _field("title", "cases.field.title", _input("title")),
            rx.grid(
                _field("tags", "cases.field.tags", _input("tags", placeholder=t("cases.tags_hint"))),
                _field("practice", "cases.field.practice", practice),
                columns="2",
                spacing="3",
                width="100%",
            ),
            _field("lesson", "cases.field.lesson", _area("lesson")),
            _five_whys(),
            _field("corrective_action", "cases.field.corrective_action", _area("corrective_action", "2")),
            rx.grid(
                _field("action_owner", "cases.field.action_owner", _input("action_owner")),
                _field("action_due", "cases.field.action_due", _input("action_due", type="date")),
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.cond(
                F.can_edit,
                rx.hstack(
                    rx.cond(
                        F.has_case,
                        rx.button(
                            t("cases.remove"),
                            type="button",
                            variant="soft",
                            color_scheme="red",
                            on_click=F.remove,
                            id="case-remove",
                        ),
                    ),
                    rx.spacer(),
                    rx.link(rx.button(t("cases.back"), type="button", variant="soft", color_scheme="gray"), href="/cases"),
                    rx.button(rx.icon("save", size=14), t("cases.save"), type="submit", id="case-save"),
                    width="100%",
                ),
                rx.callout(t("cases.read_only"), icon="eye", color_scheme="gray", size="1"),
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=F.save,
        reset_on_submit=False,
        key=F.form_key,
        width="100%",
        id="case-form",
    )


def _follow_up() -> rx.Component:
    """Corrective actions and homework: once the ticket is a case (they belong to the case)."""
    return rx.cond(
        CaseActionsState.has_case,
        rx.vstack(corrective_actions(), case_homework(), spacing="4", width="100%", id="case-follow-up"),
        rx.cond(
            F.can_edit,
            rx.callout(t("followup.save_case_first"), icon="info", color_scheme="gray", size="1", id="follow-up-later"),
        ),
    )


@app_page(
    "/cases/ticket/[number]",
    "cases.case_title",
    on_load=[F.load, CaseStoryState.load, CaseActionsState.load, CaseHomeworkState.load],
)
def case_page() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            page_title("cases.case_title"),
            rx.cond(F.has_case, rx.badge(t("cases.picked"), color_scheme="green", id="case-picked")),
            align="baseline",
        ),
        _tabs(""),
        rx.cond(
            F.loaded,
            rx.cond(
                F.found,
                rx.vstack(
                    case_story(),
                    rx.hstack(_ticket_card(), _case_form(), align="start", spacing="5", width="100%"),
                    _follow_up(),
                    spacing="4",
                    width="100%",
                ),
                empty_state("search-x", "cases.not_found"),
            ),
            rx.spinner(),
        ),
        spacing="3",
        width="100%",
    )


# --- the library ---------------------------------------------------------------------


def _library_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["week"]),
        rx.table.cell(
            rx.link(r["title"], href="/cases/ticket/" + r["number"].to(str), weight="medium", class_name="library-case")
        ),
        rx.table.cell(
            rx.cond(L.can_open_ticket, rx.link(r["number"], href="/tickets/" + r["number"].to(str)), rx.text(r["number"]))
        ),
        rx.table.cell(r["outlet"]),
        rx.table.cell(tv(r["category"].to(str), "category.")),
        rx.table.cell(
            rx.badge(
                tv(r["practice"].to(str), "cases.practice."),
                color_scheme=rx.cond(r["practice"].to(str) == "good", "green", "red"),
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.foreach(
                    r["tags"].to(list[str]),
                    lambda tag: rx.badge(tag, variant="outline", cursor="pointer", on_click=L.search_tag(tag), class_name="tag"),
                ),
                wrap="wrap",
                spacing="1",
            )
        ),
        rx.table.cell(rx.text(r["author"], size="1")),
        key=r["number"].to(str),
    )


def _library_search() -> rx.Component:
    return rx.hstack(
        rx.form(
            rx.hstack(
                rx.input(name="text", placeholder=t("cases.library.text"), default_value=L.text, width="18em", id="library-text"),
                rx.input(name="tag", placeholder=t("cases.library.tag"), default_value=L.tag, width="10em", id="library-tag"),
                rx.input(
                    name="outlet",
                    placeholder=t("cases.library.outlet"),
                    default_value=L.outlet,
                    width="10em",
                    id="library-outlet",
                ),
                rx.button(rx.icon("search", size=14), t("cases.library.search"), type="submit", id="library-search"),
                align="center",
            ),
            on_submit=L.search,
            reset_on_submit=False,
        ),
        rx.select.root(
            rx.select.trigger(width="11em", id="library-category", aria_label=t("ticket.category")),
            rx.select.content(_all(), *[rx.select.item(t(f"category.{c.value}"), value=c.value) for c in Category]),
            value=rx.cond(L.category == "", "all", L.category),
            on_change=L.set_category,
        ),
        rx.button(t("cases.library.clear"), variant="ghost", on_click=L.clear),
        align="center",
        wrap="wrap",
    )


@app_page("/cases/library", "cases.library.title", on_load=[L.load])
def library() -> rx.Component:
    headers = [
        "cases.library.week",
        "cases.field.title",
        "ticket.number",
        "ticket.outlet",
        "ticket.category",
        "cases.field.practice",
        "cases.field.tags",
        "cases.library.author",
    ]
    return rx.vstack(
        rx.hstack(page_title("cases.library.title"), rx.badge(L.total, size="2", id="library-count"), align="baseline"),
        _tabs("library"),
        _library_search(),
        rx.cond(
            L.total > 0,
            rx.vstack(
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in headers])),
                    rx.table.body(rx.foreach(L.rows, _library_row)),
                    variant="surface",
                    width="100%",
                    id="library-table",
                ),
                pager(L.page, L.pages, L.turn, "library"),
                width="100%",
            ),
            empty_state("library", "cases.library.empty"),
        ),
        spacing="3",
        width="100%",
    )
