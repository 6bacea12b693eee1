"""/admin/root-causes (hq_admin): the root causes closers choose from and the Pareto counts:
add one (its code never changes), rename it, deactivate or reactivate it."""

import reflex as rx

from complaint_console.components.i18n import t
from complaint_console.components.shell import app_page
from complaint_console.components.widgets import data_table, empty_state, field_error, page_title
from complaint_console.states.admin_root_causes import AdminRootCausesState as S


def _labelled(label_key: str, name: str, error: rx.Var, width: str, **props) -> rx.Component:
    input_id = props.pop("id", f"root-cause-{name}")
    return rx.vstack(
        rx.text(t(label_key), as_="label", custom_attrs={"htmlFor": input_id}, size="2", weight="medium"),
        rx.input(name=name, id=input_id, width=width, aria_invalid=rx.cond(error != "", "true", "false"), **props),
        field_error(error),
        spacing="1",
        align="start",
        width=width,  # a message under the field wraps within its width
    )


def _add_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("root_causes.admin.add_title"), size="4"),
                rx.text(t("root_causes.admin.code_hint"), size="2", color=rx.color("gray", 11)),
                rx.hstack(
                    _labelled("root_causes.field.code", "code", S.add_errors.get("code", ""), "14em", max_length=40),
                    _labelled("root_causes.field.name_en", "name_en", S.add_errors.get("name_en", ""), "18em", max_length=100),
                    _labelled("root_causes.field.name_zh", "name_zh", S.add_errors.get("name_zh", ""), "14em", max_length=100),
                    rx.button(rx.icon("plus", size=14), t("root_causes.admin.add"), type="submit", id="root-cause-add"),
                    align="start",
                    wrap="wrap",
                    spacing="3",
                ),
                spacing="2",
                align="start",
            ),
            on_submit=S.add,
            reset_on_submit=False,
            key=S.add_key.to(str),
            id="root-cause-add-form",
        ),
        width="100%",
    )


def _rename_form(r: rx.Var) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.vstack(
                rx.input(
                    name="name_en",
                    default_value=r["name_en"],
                    aria_label=t("root_causes.field.name_en"),
                    id="rename-name_en",
                    max_length=100,
                ),
                field_error(S.edit_errors.get("name_en", "")),
                spacing="1",
            ),
            rx.vstack(
                rx.input(
                    name="name_zh",
                    default_value=r["name_zh"],
                    aria_label=t("root_causes.field.name_zh"),
                    id="rename-name_zh",
                    max_length=100,
                ),
                field_error(S.edit_errors.get("name_zh", "")),
                spacing="1",
            ),
            rx.button(t("root_causes.admin.save"), type="submit", size="1", id="rename-save"),
            rx.button(
                t("root_causes.admin.cancel"),
                type="button",
                size="1",
                variant="soft",
                color_scheme="gray",
                on_click=S.cancel_rename,
            ),
            align="start",
            wrap="wrap",
        ),
        on_submit=S.rename,
        reset_on_submit=False,
    )


def _names(r: rx.Var) -> rx.Component:
    return rx.cond(
        S.editing == r["code"],
        _rename_form(r),
        rx.hstack(rx.text(r["name_en"]), rx.text("·", color=rx.color("gray", 9)), rx.text(r["name_zh"]), wrap="wrap"),
    )


def _actions(r: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("pencil", size=12),
            t("root_causes.admin.rename"),
            size="1",
            variant="soft",
            on_click=S.start_rename(r["code"]),
            class_name="root-cause-rename",
        ),
        rx.cond(
            r["active"] != "",
            rx.button(
                t("root_causes.admin.deactivate"),
                size="1",
                variant="soft",
                color_scheme="gray",
                on_click=S.set_active(r["code"], False),
                class_name="root-cause-deactivate",
            ),
            rx.button(
                t("root_causes.admin.reactivate"),
                size="1",
                variant="soft",
                color_scheme="green",
                on_click=S.set_active(r["code"], True),
                class_name="root-cause-reactivate",
            ),
        ),
        spacing="2",
    )


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(r["code"])),
        rx.table.cell(_names(r)),
        rx.table.cell(
            rx.cond(
                r["active"] != "",
                rx.badge(t("root_causes.admin.active"), color_scheme="green"),
                rx.badge(t("root_causes.admin.inactive"), color_scheme="gray"),
            )
        ),
        rx.table.cell(_actions(r)),
        custom_attrs={"data-code": r["code"]},
        key=r["code"],
    )


@app_page("/admin/root-causes", "root_causes.admin.title", on_load=[S.load])
def admin_root_causes() -> rx.Component:
    return rx.vstack(
        page_title("root_causes.admin.title"),
        rx.text(t("root_causes.admin.intro"), size="2", color=rx.color("gray", 11), max_width="48em"),
        _add_form(),
        rx.cond(
            S.rows.length() > 0,
            data_table(
                [
                    ("root_causes.field.code", "14em"),
                    ("root_causes.admin.names", None),
                    ("root_causes.admin.status", "8em"),
                    ("root_causes.admin.actions", "16em"),
                ],
                S.rows,
                _row,
                "root-cause-list",
            ),
            empty_state("list-tree", "root_causes.admin.empty"),
        ),
        spacing="4",
        width="100%",
        align="start",
    )
