"""Root causes as HQ's list (#14 point 3) in the browser: the admin adds one (a bad code is refused
next to its field), a manager closes a ticket choosing it with a few words of their own, and the
training lead finds it counted in the Pareto of the network and of the manager's outlet."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, login, screenshot

CODE, NAME_EN, NAME_ZH = "late_pickup_e2e", "Late pick-up (browser test)", "揽收延迟（浏览器测试）"


def _signed_in(browser, app_server, user: str, home: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=app_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    login(page, user)
    page.wait_for_url(re.compile(f"{home}/?$"))
    return context, page


def _ticket_row(app_server, number: str):
    engine = sa.create_engine(app_server.db_url)
    with engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT stage, root_cause, root_cause_note FROM ticket WHERE number = :n"), {"n": number}
        ).one()
    engine.dispose()
    return tuple(row)


def test_admin_adds_a_root_cause_a_manager_closes_with_it_the_trainer_counts_it(browser, app_server):
    # hq_admin: /admin links to the list; a bad code is refused next to its field, a good one is added
    context, admin = _signed_in(browser, app_server, "admin", "/scores")
    admin.goto("/admin")
    admin.click("#admin-root-causes-link")
    admin.wait_for_url(re.compile("/admin/root-causes/?$"))
    expect(admin.locator("#root-cause-list tr[data-code='packaging']")).to_be_visible()
    admin.fill("#root-cause-code", "Late Pickup!")
    admin.fill("#root-cause-name_zh", NAME_ZH)
    admin.click("#root-cause-add")
    form = admin.locator("#root-cause-add-form")
    expect(form.get_by_text("Use 2 to 40 lower-case letters, digits or _, starting with a letter.")).to_be_visible()
    expect(form.get_by_text("Enter a name.")).to_be_visible()
    screenshot(admin, "root-cause-admin-errors.png")
    admin.fill("#root-cause-code", CODE)
    admin.fill("#root-cause-name_en", "Late pickup")
    admin.click("#root-cause-add")
    row = admin.locator(f"#root-cause-list tr[data-code='{CODE}']")
    expect(row).to_contain_text("Late pickup")
    expect(row).to_contain_text("Offered")
    expect(admin.locator("#root-cause-code")).to_have_value("")  # the form is empty again
    # rename: an empty name is refused next to its field, then the new names are saved
    row.locator(".root-cause-rename").click()
    admin.fill("#rename-name_en", " ")
    admin.click("#rename-save")
    expect(row.get_by_text("Enter a name.")).to_be_visible()
    admin.fill("#rename-name_en", NAME_EN)
    admin.click("#rename-save")
    expect(row).to_contain_text(NAME_EN)
    expect(admin.locator("#rename-name_en")).to_have_count(0)
    # deactivate and reactivate 'weather': the badge follows
    weather = admin.locator("#root-cause-list tr[data-code='weather']")
    weather.locator(".root-cause-deactivate").click()
    expect(weather).to_contain_text("Not offered")
    screenshot(admin, "root-cause-admin.png")
    weather.locator(".root-cause-reactivate").click()
    expect(weather).to_contain_text("Offered")
    context.close()

    # outlet_manager: closing a resolved ticket offers the new root cause, with free text beside it
    now = datetime.now(UTC)
    number = insert_ticket(
        app_server.db_url,
        "EAST-001",
        990_101,
        stage="resolved",
        first_response_at=now - timedelta(minutes=4),
        resolved_at=now - timedelta(minutes=1),
        resolution_summary="Picked up and delivered the next morning.",
        responsibility="outlet",
        compensation_amount=Decimal("0"),
    )
    context, manager = _signed_in(browser, app_server, "manager1", "/board")
    manager.goto(f"/tickets/{number}")
    expect(manager.locator("#ticket-number")).to_have_text(number)
    manager.locator(".move-button", has_text="Closed").click()
    dialog = manager.locator("#move-dialog")
    expect(dialog).to_be_visible()
    manager.click("#move-submit")
    expect(dialog.get_by_text("Choose a root cause before closing.")).to_be_visible()
    manager.click("#root_cause")
    expect(manager.get_by_role("option", name="Weather")).to_be_visible()  # reactivated: offered again
    manager.get_by_role("option", name=NAME_EN).click()
    expect(dialog.get_by_text("Choose a root cause before closing.")).to_have_count(0)  # chosen: the message goes
    manager.fill("#root_cause_note", "The courier's pick-up round started two hours late on Monday.")
    screenshot(manager, "root-cause-close-form.png")
    manager.click("#move-submit")
    expect(dialog).to_be_hidden()
    expect(manager.get_by_text(NAME_EN)).to_be_visible()  # the ticket page names it as HQ's list does
    expect(manager.get_by_text("The courier's pick-up round started two hours late on Monday.")).to_be_visible()
    screenshot(manager, "root-cause-closed-ticket.png")
    assert _ticket_row(app_server, number) == (
        "closed",
        CODE,
        "The courier's pick-up round started two hours late on Monday.",
    )
    manager.goto("/cases/root-causes")  # not an outlet role's page: the guard sends them home
    manager.wait_for_url(re.compile("/board/?$"))
    context.close()

    # training_lead: the Pareto of the network, then of manager1's outlet, counts it
    context, trainer = _signed_in(browser, app_server, "trainer", "/cases")
    trainer.click("#cases-tab-root-causes")
    trainer.wait_for_url(re.compile("/cases/root-causes/?$"))
    counted = trainer.locator(f"#pareto-table tr[data-code='{CODE}']")
    expect(counted).to_contain_text(NAME_EN)
    expect(counted.locator(".pareto-count")).to_have_text("1")
    expect(trainer.locator("#root-causes-pareto .js-plotly-plot")).to_be_visible()
    expect(trainer.locator("#root-causes-trend .js-plotly-plot")).to_be_visible()
    trainer.locator("#root-causes-pareto").scroll_into_view_if_needed()
    screenshot(trainer, "root-cause-pareto.png")
    trainer.locator("#root-causes-trend").scroll_into_view_if_needed()
    screenshot(trainer, "root-cause-trend.png")
    trainer.fill("#root-causes-outlet", "EAST-001")
    trainer.click("#root-causes-outlet-show")
    expect(trainer.locator("#root-causes-shown")).to_contain_text("EAST-001")
    expect(counted.locator(".pareto-count")).to_have_text("1")
    trainer.locator("#root-causes-shown").scroll_into_view_if_needed()
    screenshot(trainer, "root-cause-pareto-outlet.png")
    trainer.click("#root-causes-outlet-clear")
    trainer.locator("#root-causes-region").click()
    trainer.get_by_role("option", name=re.compile("^East")).click()
    expect(trainer.locator("#root-causes-shown")).to_contain_text("Region East China")
    expect(counted.locator(".pareto-count")).to_have_text("1")  # EAST-001 is in the east
    trainer.fill("#root-causes-outlet", "NOPE-999")
    trainer.click("#root-causes-outlet-show")
    expect(trainer.get_by_text("No outlet with this code that you may see.")).to_be_visible()
    trainer.click("#root-causes-outlet-clear")
    # in Chinese, the names come from HQ's list in Chinese, and the figures are drawn again in it
    trainer.click("#language-switch")
    expect(counted).to_contain_text(NAME_ZH)
    expect(trainer.locator("#root-causes-pareto")).to_contain_text("投诉")
    screenshot(trainer, "root-cause-pareto-zh.png")
    context.close()
