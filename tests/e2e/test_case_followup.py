"""The follow-up of a typical case (#14 points 4 and 5), as the issue's "Must show" journey: the
training lead picks a case, reads its story, sets its root cause from the list and a corrective
action, and gives it to outlets as homework; manager1 acknowledges it; weeks later the effect
check shows the complaints of that root cause at that outlet before and after the action, and the
training lead sees manager1's acknowledgement.

"Weeks later": the server runs on the real clock, so the test moves the action's done date five
weeks back in the database and puts complaints of that root cause at that outlet around it."""

import re
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import expect
from sqlmodel import Session, select

from complaint_console.db.engine import make_engine
from complaint_console.db.models import CorrectiveAction, Outlet
from complaint_console.db.root_causes import effect_counts
from complaint_console.db.scores import monday_of, week_bounds
from complaint_console.domain.root_causes import EFFECT_WEEKS
from complaint_console.settings import get_settings
from tests.e2e.conftest import insert_ticket, login, screenshot
from tests.e2e.test_accessibility import axe_problems

ROOT_CAUSE, ROOT_CAUSE_NAME = "packaging", "Poor packaging"
TITLE = "Soaked parcel reported to the regulator"
WEEKS_BACK = EFFECT_WEEKS + 1  # the action was done this many weeks ago: its whole "after" window has passed


def _case_ticket(db_url: str) -> tuple[str, date]:
    """A regulator complaint at EAST-001 this week: a candidate of this week's list."""
    now, tz = datetime.now(UTC).replace(microsecond=0), get_settings().business_tz
    week = monday_of(now, tz)
    created = max(now - timedelta(hours=2), week_bounds(week, tz)[0] + timedelta(minutes=2))
    number = insert_ticket(
        db_url,
        "EAST-001",
        986_101,
        channel="regulator",
        category="damage",
        description="The parcel was left outside in the rain and soaked through; I complained to the postal bureau.",
        created_at=created,
        stage="investigating",
    )
    return number, week


def _weeks_later(db_url: str) -> tuple[list[int], list[int]]:
    """Move the action's done date back and add complaints of its root cause at its outlet
    before and after it (and one of another root cause, which does not count); what the effect
    check must show, counted the way the app counts."""
    done = datetime.now(UTC).replace(microsecond=0) - timedelta(weeks=WEEKS_BACK)
    engine = make_engine(db_url)
    with Session(engine) as db:
        action = db.exec(select(CorrectiveAction).where(CorrectiveAction.description.contains("rain covers"))).one()
        action.done_at = done
        db.add(action)
        db.commit()
        outlet_id = db.exec(select(Outlet.id).where(Outlet.code == "EAST-001")).one()
    for i, (weeks, code) in enumerate([(-3, ROOT_CAUSE), (-1, ROOT_CAUSE), (-0.5, ROOT_CAUSE), (2, ROOT_CAUSE), (1, "weather")]):
        insert_ticket(
            db_url,
            "EAST-001",
            986_201 + i,
            created_at=done + timedelta(weeks=weeks),
            root_cause=code,
            stage="closed",
            closed_at=done + timedelta(weeks=weeks, days=1),
        )
    with Session(engine) as db:
        counts = effect_counts(db, outlet_id, ROOT_CAUSE, done, EFFECT_WEEKS)
    engine.dispose()
    return counts


def test_training_lead_follows_a_case_up_and_manager1_does_the_homework(browser, page, app_server):
    number, week = _case_ticket(app_server.db_url)

    # the training lead picks the case from this week's candidates and reads its story
    login(page, "trainer")
    page.wait_for_url(re.compile(r"/cases/?$"))
    page.click("#cases-week")
    page.get_by_role("option", name=week.isoformat()).click()
    page.click("#cases-signal")
    page.get_by_role("option", name="Regulator", exact=True).click()
    page.locator(f"#candidates-table tr[data-number='{number}'] .case-pick").click()
    page.wait_for_url(re.compile(rf"/cases/ticket/{number}$"))
    expect(page.locator("#case-story [data-section=customer]")).to_contain_text("soaked through")
    expect(page.locator("#follow-up-later")).to_be_visible()  # actions and homework belong to a saved case

    # the root cause from the list (and in words), saved with the case
    expect(page.locator("#case-ticket-link")).to_have_text(number)
    page.wait_for_timeout(300)  # the form's fields take their values before we type
    page.fill("#case-title", TITLE)
    page.fill("#case-tags", "packaging, rain")
    page.fill("#case-lesson", "Never leave a parcel outside; in rain, bag it before the last mile.")
    page.fill("#case-why_1", "Why was the parcel soaked?")
    page.fill("#case-because_1", "The courier left it at an open door in the rain.")
    page.fill("#case-root_cause", "No rain bags on the vans.")
    page.fill("#case-corrective_action", "Rain bags on every van.")
    page.fill("#case-action_owner", "EAST-001 manager")
    page.fill("#case-action_due", (date.today() + timedelta(days=14)).isoformat())
    page.click("#case-root_cause_code")
    page.get_by_role("option", name=ROOT_CAUSE_NAME).click()
    page.click("#case-save")
    expect(page.get_by_text("Case saved.")).to_be_visible()
    expect(page.locator("#corrective-actions")).to_be_visible()
    expect(page.locator("#case-story [data-section=cause]")).to_contain_text(ROOT_CAUSE_NAME)
    page.locator("#five-whys").scroll_into_view_if_needed()
    screenshot(page, "case-root-cause.png")

    # a corrective action: each field's message next to it, then one that is complete
    expect(page.locator("#action-root_cause")).to_contain_text(ROOT_CAUSE_NAME)  # the case's root cause, proposed
    page.click("#action-add")
    form = page.locator("#action-form")
    expect(form.get_by_text("Describe the corrective action.")).to_be_visible()
    expect(form.get_by_text("Choose an active staff member as owner.")).to_be_visible()
    expect(form.get_by_text("Enter a due date.")).to_be_visible()
    page.fill("#action-description", "Put rain covers on every van; call 139-1234-5678 to order them")
    page.click("#action-owner")
    page.get_by_role("option", name=re.compile(r"\(manager1\)")).click()
    page.fill("#action-due", (date.today() + timedelta(days=14)).isoformat())
    page.click("#action-add")
    expect(page.get_by_text("Corrective action added.")).to_be_visible()
    action = page.locator(".corrective-action")
    expect(action).to_have_count(1)
    expect(action).to_have_attribute("data-status", "open")
    expect(action).to_contain_text("Manager One")
    expect(action).to_contain_text(ROOT_CAUSE_NAME)
    assert "139-1234-5678" not in action.inner_text()  # what a trainer types is stored masked
    expect(form.get_by_text("Describe the corrective action.")).to_have_count(0)

    # homework for two outlets (a code that names no outlet is refused, next to the field)
    page.fill("#homework-outlets", "EAST-001, EAST-002, NOPE-999")
    page.click("#homework-assign")
    expect(page.locator("#homework-unknown")).to_have_text("NOPE-999")
    page.fill("#homework-outlets", "EAST-001, EAST-002")
    page.click("#homework-assign")
    expect(page.get_by_text("Given to 2 more outlets.")).to_be_visible()
    expect(page.locator("#homework-total")).to_have_text("2")
    expect(page.locator("#homework-acknowledged")).to_have_text("0")

    # manager1 finds it under Homework and acknowledges it
    other = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=app_server.url, locale="en-US")
    manager = other.new_page()
    manager.set_default_timeout(30_000)
    login(manager, "manager1")
    manager.wait_for_url(re.compile(r"/board"))
    manager.click("#nav-homework")
    manager.wait_for_url(re.compile(r"/homework$"))
    item = manager.locator(".homework-item", has_text=TITLE)
    expect(item).to_be_visible()
    expect(item).to_contain_text("Never leave a parcel outside")
    expect(item).to_contain_text(ROOT_CAUSE_NAME)
    item.locator(".homework-acknowledge").click()
    expect(item.locator(".homework-acknowledged")).to_be_visible()
    # manager1 owns the corrective action too: it waits on the same page, and the owner marks it done there
    owned = manager.locator("#owned-actions .owned-action")
    expect(owned).to_have_count(1)
    expect(owned).to_contain_text(ROOT_CAUSE_NAME)
    owned.locator(".owned-mark-done").click()
    expect(owned).to_contain_text("Done")
    expect(owned.locator(".owned-mark-done")).to_have_count(0)
    screenshot(manager, "homework-manager.png")
    expect(manager.locator("[data-sonner-toast]")).to_have_count(0, timeout=20_000)  # the toast is not the page
    assert axe_problems(manager) == []
    other.close()

    # the owner's work is done (as of now), then, weeks later, the effect check
    page.reload()
    action = page.locator(".corrective-action")
    expect(action).to_have_attribute("data-status", "done")
    expect(action.locator(".effect-check")).to_be_visible()
    before, after = _weeks_later(app_server.db_url)
    assert sum(before) >= 3 and sum(after) >= 1
    page.reload()
    action = page.locator(".corrective-action")
    expect(action.locator(".effect-before")).to_have_text(str(sum(before)))
    expect(action.locator(".effect-after")).to_have_text(str(sum(after)))
    expect(action.locator(".effect-recurred")).to_contain_text("Recurred")
    chart = action.locator(".js-plotly-plot")
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("Before the action")
    expect(chart).to_contain_text("After the action")
    expect(chart.locator(".bars .point")).to_have_count(2 * EFFECT_WEEKS)
    action.locator(".action-verify").click()
    expect(action).to_have_attribute("data-status", "verified")
    page.locator("#corrective-actions").scroll_into_view_if_needed()
    screenshot(page, "effect-chart.png")

    # the training lead sees manager1's acknowledgement (and EAST-002's manager still owes it)
    expect(page.locator("#homework-acknowledged")).to_have_text("1")
    expect(page.locator("tr.homework-row.acknowledged[data-outlet='EAST-001']")).to_contain_text("Acknowledged")
    expect(page.locator("tr.homework-row:not(.acknowledged)[data-outlet='EAST-002']")).to_contain_text("Not yet")
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=20_000)  # nothing over the table
    page.locator("#case-homework").scroll_into_view_if_needed()
    screenshot(page, "homework-status.png")
    problems = axe_problems(page)  # the case page with its follow-up
    assert problems == [], "\n".join(problems)

    # in Chinese, the effect check and its chart at once (both languages are on the page)
    page.click("#language-switch")
    expect(action).to_contain_text("效果核查")
    expect(action.locator(".effect-recurred")).to_contain_text("再次发生")
    expect(action.locator(".js-plotly-plot")).to_contain_text("措施之前")
    expect(page.locator("#case-homework")).to_contain_text("已确认")
    page.click("#language-switch")
