"""Going live in the browser (#11): admin imports outlets, creates a manager for one; the manager
signs in with the temporary password, must choose their own, and sees only that outlet; admin
deactivates the manager, and the manager's open page is refused at its next action."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import insert_ticket, login, screenshot, set_outlets_active

OUTLETS = "code,name,region,city,timezone,business_hours,holiday_calendar,authority_limit\n" + (
    "HZ-101,杭州 滨江区网点,EAST,杭州,,mon-sat 08:30-19:00,CN,600\nHZ-102,杭州 萧山区网点,EAST,杭州,,,,\n"
)


def test_admin_brings_a_new_outlet_and_its_manager_live(browser, app_server, tmp_path):
    try:
        _outlet_and_manager_go_live(browser, app_server, tmp_path)
    finally:
        set_outlets_active(app_server.db_url, ["HZ-101", "HZ-102"], False)


def _outlet_and_manager_go_live(browser, app_server, tmp_path):
    admin = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_server.url, locale="en-US").new_page()
    login(admin, "admin")
    admin.wait_for_url(re.compile(r"/scores/?$"))
    file = tmp_path / "hangzhou.csv"
    file.write_text(OUTLETS, encoding="utf-8-sig")
    admin.goto("/admin/outlets")
    admin.click("#outlets-tab-import")
    admin.locator("#outlets-file input[type=file]").set_input_files(str(file))
    admin.click("#outlets-start")
    expect(admin.locator("#import-imported")).to_have_text("2", timeout=60_000)
    number = insert_ticket(app_server.db_url, "HZ-101", 9101, customer_name="赵先生")
    other = insert_ticket(app_server.db_url, "EAST-001", 9102)

    admin.goto("/admin")
    admin.click("#admin-users-link")
    admin.wait_for_url(re.compile(r"/admin/users/?$"))
    admin.click("#users-new")
    admin.wait_for_url(re.compile(r"/admin/users/new/?$"))
    admin.fill("#user-username", "Hz.Manager")
    admin.fill("#user-display_name", "钱经理")
    admin.click("#user-role")
    admin.get_by_role("option", name="Outlet manager").click()
    admin.fill("#user-outlet_code", "HZ-999")
    admin.fill("#user-email", "not-an-address")
    admin.fill("#user-phone", "0571-8765 4321")
    admin.click("#user-save")
    expect(admin.get_by_text("No active outlet has this code.")).to_be_visible()
    expect(admin.get_by_text("Enter an e-mail address like name@example.com, or leave it empty.")).to_be_visible()
    expect(admin.locator("#user-display_name")).to_have_value("钱经理")  # what was typed stays
    admin.fill("#user-outlet_code", "hz-101")
    admin.fill("#user-email", "qian@example.com")
    admin.click("#user-save")
    admin.wait_for_url(re.compile(r"/admin/users/hz.manager/?$"))
    temporary = admin.locator("#user-temporary-password").inner_text().strip()
    assert re.fullmatch(r"[a-z0-9]{4}(-[a-z0-9]{4}){3}", temporary), temporary
    expect(admin.locator("#user-history tbody tr").first).to_contain_text("created")
    expect(admin.locator("#user-temporary-password")).to_have_text(temporary)  # still there once the page has loaded
    screenshot(admin, "admin-user.png")

    manager = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_server.url, locale="en-US").new_page()
    login(manager, "hz.manager", temporary)
    manager.wait_for_url(re.compile(r"/account/?$"))
    expect(manager.locator("#must-change")).to_be_visible()
    manager.goto("/board")
    manager.wait_for_url(re.compile(r"/account/?$"))  # nothing else opens before a password of their own
    manager.fill("#current", temporary)
    manager.fill("#new", "qian's own password")
    manager.fill("#confirm", "qian's own password")
    manager.click("#password-submit")
    manager.wait_for_url(re.compile(r"/board/?$"))
    expect(manager.locator(f".kanban-card[data-number='{number}']")).to_be_visible()
    expect(manager.locator(f".kanban-card[data-number='{other}']")).to_have_count(0)  # EAST-001's ticket is not theirs
    expect(manager.get_by_text("HZ-101")).to_be_visible()

    admin.goto("/admin/users")
    admin.fill("#users-query", "hz.")
    admin.keyboard.press("Enter")
    expect(admin.locator("#users-table tbody tr")).to_have_count(1)
    screenshot(admin, "admin-users.png")
    admin.click("#users-table >> text=hz.manager")
    admin.click("#user-deactivate")
    expect(admin.get_by_text("Account deactivated: its sessions have ended.")).to_be_visible()

    manager.fill("#board-search", "9101")  # the next action of the open page
    manager.keyboard.press("Enter")
    expect(manager.locator("#session-ended")).to_be_visible()
    manager.goto("/board")
    manager.wait_for_url(re.compile(r"/login/?$"))
    login(manager, "hz.manager", "qian's own password")
    expect(manager.get_by_text("Wrong username or password.")).to_be_visible()


def test_a_set_password_link_opens_once_and_a_manager_reads_only_their_own_staff(browser, app_server):
    admin = browser.new_context(base_url=app_server.url, locale="en-US").new_page()
    login(admin, "admin")
    admin.wait_for_url(re.compile(r"/scores/?$"))
    admin.goto("/admin/users/agent.east-005")  # a demo account without a password (agent1 stays as it is)
    admin.click("#user-reset-link")
    link = admin.locator("#user-link").inner_text().strip()
    assert "/set-password/" in link
    path = "/set-password/" + link.rsplit("/set-password/", 1)[1]
    visitor = browser.new_context(base_url=app_server.url, locale="en-US").new_page()
    visitor.goto(path)
    visitor.fill("#new", "agent five's new password")
    visitor.fill("#confirm", "agent five's new password")
    visitor.click("#set-password-submit")
    expect(visitor.locator("#set-password-done")).to_be_visible()
    visitor.goto(path)
    expect(visitor.locator("#set-password-invalid")).to_be_visible()

    manager = browser.new_context(base_url=app_server.url, locale="en-US").new_page()
    login(manager, "manager1")
    manager.wait_for_url(re.compile(r"/board/?$"))
    manager.goto("/staff")
    rows = manager.locator("#staff-table tbody tr")
    expect(rows.filter(has_text="agent1")).to_have_count(1)
    expect(rows.filter(has_text="manager2")).to_have_count(0)  # another outlet's staff
    manager.goto("/admin/users")
    manager.wait_for_url(re.compile(r"/board/?$"))
