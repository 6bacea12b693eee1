"""The bell and /admin/jobs in the browser: a manager sees, opens and reads an in-app
notification; hq_admin sees the jobs and the outbox, retries a dead item and runs delivery now."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlmodel import Session, select

from complaint_console.db.engine import make_engine
from complaint_console.db.models import AppUser, Notification, Ticket
from complaint_console.services import outbox
from tests.e2e.conftest import insert_ticket, login, screenshot


def _queue(db_url: str, number: str) -> int:
    """An in-app reminder for manager1 (delivered by the outbox) and a dead e-mail; the dead item's id."""
    now = datetime.now(UTC)
    engine = make_engine(db_url)
    with Session(engine) as db:
        manager = db.exec(select(AppUser).where(AppUser.username == "manager1")).one()
        ticket = db.exec(select(Ticket).where(Ticket.number == number)).one()
        # what earlier tests told manager1 and admin (an approval asked and answered) is read: the bells count this one
        admin = db.exec(select(AppUser).where(AppUser.username == "admin")).one()
        users = [f"user:{manager.id}", f"user:{admin.id}"]
        for earlier in db.exec(select(Notification).where(Notification.recipient.in_(users))).all():
            earlier.read_at = now
            db.add(earlier)
        # an alert's body starts with its subject line, as written for e-mail
        bell = Notification(
            channel="in_app",
            recipient=f"user:{manager.id}",
            kind="reminder_at_risk",
            ticket_id=ticket.id,
            dedupe_key=f"e2e:bell:{ticket.id}",
            subject=f"{number} is at risk",
            body=f"{number} is at risk\n75 % of the resolution time is used.",
            created_at=now,
            next_attempt_at=now,
        )
        db.add(bell)
        dead = Notification(
            channel="email",
            recipient="ops@example.com",
            kind="reminder_breached",
            dedupe_key="e2e:dead:1",
            status="dead",
            attempts=8,
            subject="breached",
            body="past due",
            created_at=now - timedelta(hours=3),
            last_error="SMTP: ConnectionRefusedError: [Errno 111] Connection refused",
        )
        db.add(dead)
        db.commit()
        dead_id, bell_id = dead.id, bell.id
    # what the deliver job does, run by run, until nothing is due (earlier tests leave more due items behind
    # than one run takes: at most 1,000); "run now" below then meets only the retried item
    for _ in range(10):
        if not any(outbox.deliver_due(engine, now).values()):
            break
    with Session(engine) as db:
        assert db.get(Notification, bell_id).status == "sent"
    engine.dispose()
    return dead_id


def test_bell_then_admin_jobs(page, app_server, browser):
    number = insert_ticket(app_server.db_url, "EAST-001", 9301)
    dead_id = _queue(app_server.db_url, number)

    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    expect(page.locator("#bell-count")).to_have_text("1")
    page.click("#bell")
    expect(page.locator("#bell-list")).to_contain_text(f"{number} is at risk")
    expect(page.locator("#bell-list")).to_contain_text("75 % of the resolution time is used.")
    expect(page.locator("#bell-list .bell-body").first).to_have_text("75 % of the resolution time is used.")  # no repeated title
    screenshot(page, "bell-open.png")
    page.locator("#bell-list a", has_text=number).click()
    page.wait_for_url(re.compile(rf"/tickets/{number}/?$"))
    expect(page.locator("#ticket-number")).to_have_text(number)
    expect(page.locator("#bell-count")).to_have_text("1")  # opening the list does not read it
    page.click("#bell")
    page.click("#bell-mark-read")
    expect(page.locator("#bell-count")).to_have_count(0)
    expect(page.locator("#bell-mark-read")).to_be_disabled()
    page.keyboard.press("Escape")
    page.reload()
    expect(page.locator("#ticket-number")).to_have_text(number)
    expect(page.locator("#bell-count")).to_have_count(0)

    admin = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_server.url).new_page()
    login(admin, "admin")
    admin.wait_for_url(re.compile(r"/scores/?$"))
    expect(admin.locator("#bell")).to_be_visible()
    expect(admin.locator("#bell-count")).to_have_count(0)  # manager1's item is not admin's
    admin.goto("/admin")
    admin.click("#admin-jobs-link")
    admin.wait_for_url(re.compile(r"/admin/jobs/?$"))
    job = admin.locator("#job-deliver")
    expect(job).to_contain_text("Deliver notifications")
    expect(job).to_contain_text("every 30 s")  # an earlier test may have run the worker once: no "never run" here
    expect(admin.locator("#outbox-dead")).to_contain_text("1")
    row = admin.locator(f"#problem-{dead_id}")
    expect(row).to_contain_text("ops@example.com")
    expect(row).to_contain_text("Connection refused")
    expect(row).to_contain_text("8")
    screenshot(admin, "admin-jobs-dead.png")

    admin.click(f"#retry-{dead_id}")
    expect(row).to_have_count(0)
    expect(admin.locator("#outbox-dead")).to_contain_text("0")
    expect(admin.locator("#outbox-pending")).not_to_contain_text(": 0")

    admin.click("#run-now-deliver")
    expect(job).to_contain_text("run by hand", timeout=30_000)
    expect(job).to_contain_text("OK")
    # the retried e-mail failed (this server has no SMTP_URL); items earlier tests left may be due again too
    expect(job).to_contain_text(re.compile(r"failed [1-9]"))
    expect(row).to_contain_text("SMTP_URL is not set")
    expect(row).to_contain_text("Failed")
    screenshot(admin, "admin-jobs.png")
    admin.context.close()
