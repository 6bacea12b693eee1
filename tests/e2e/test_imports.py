"""hq_admin imports tickets and routing rules from CSV in the browser; others cannot get in."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from playwright.sync_api import expect

from complaint_console.i18n.en import MESSAGES
from tests.e2e.conftest import login, screenshot

HEADER = "waybill_no,customer_name,customer_phone,channel,category,description,severity,district,received_at\n"


def _ticket_number(db_url: str, waybill: str) -> str:
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        number = conn.execute(sa.text("SELECT number FROM ticket WHERE waybill_no = :w"), {"w": waybill}).scalar_one()
    engine.dispose()
    return number


def test_admin_imports_tickets_with_progress_and_a_report(page, app_server, tmp_path):
    received = (datetime.now(UTC) - timedelta(hours=1)).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    rows = [
        f"EAST0019900000001,钱先生,13811110001,hotline,delay,旧系统迁移：快件超时三天未派送。,,,{received}",
        "CC9900000000002,Li Na,13811110002,regulator,damage,Regulator forwarded: parcel came crushed.,,Shanghai 中心,",
        "CC9900000000003,孙女士,12345,hotline,delay,The parcel is three days late.,,,",  # line 4: bad phone
    ]
    rows += [f"CC99100000{n:05d},客户{n},1390000{n:04d},web,inquiry,Where is my parcel number {n}?,,," for n in range(45)]
    csv = tmp_path / "helpdesk.csv"
    csv.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")

    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/admin")
    expect(page.locator("#admin-routing-link")).to_be_visible()
    screenshot(page, "admin-cards.png")
    page.click("#admin-import-link")
    page.wait_for_url(re.compile(r"/admin/import/?$"))
    expect(page.locator("#import-example")).to_have_attribute("href", "/examples/tickets-example.csv")
    example = page.request.get("/examples/tickets-example.csv")
    assert example.ok and example.text().startswith("waybill_no,customer_name,")
    page.locator("#tickets-csv input[type=file]").set_input_files(str(csv))
    expect(page.locator(".selected-file")).to_have_text("helpdesk.csv")
    page.click("#import-start")
    expect(page.locator("#import-progress-text")).to_contain_text("48 / 48", timeout=120_000)
    expect(page.locator("#import-progress-text")).to_contain_text("(100%)")
    expect(page.locator("#import-imported")).to_have_text("47")
    expect(page.locator("#import-rejected")).to_have_text("1")
    problem = page.locator("#import-problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("4")
    expect(problem).to_contain_text("customer_phone")
    expect(problem).to_contain_text(MESSAGES["intake.phone_invalid"])
    latest = page.locator("#import-jobs tbody tr").first  # the record of this import, newest first
    expect(latest).to_contain_text("helpdesk.csv")
    expect(latest.locator(".import-job-status")).to_have_text("done")
    expect(latest.locator(".import-job-progress")).to_have_text("48 / 48")
    screenshot(page, "admin-import.png")

    number = _ticket_number(app_server.db_url, "EAST0019900000001")
    page.goto(f"/tickets/{number}")
    expect(page.locator("#ticket-number")).to_have_text(number)
    expect(page.get_by_text("旧系统迁移：快件超时三天未派送。")).to_be_visible()
    expect(page.get_by_text("imported from helpdesk.csv, line 2")).to_be_visible()


def _interrupted_import(app_server, content: bytes) -> int:
    """An import of the CLI killed after 2 rows: its record, and its file kept in the app's upload folder."""
    from sqlmodel import Session

    from complaint_console.db.engine import make_engine
    from complaint_console.db.models import ImportJob
    from complaint_console.domain.import_jobs import content_hash

    key = "imports/e2e-interrupted.upload"
    (app_server.uploads / "imports").mkdir(parents=True, exist_ok=True)
    (app_server.uploads / key).write_bytes(content)
    engine = make_engine(app_server.db_url)
    now = datetime.now(UTC)
    with Session(engine) as db:
        job = ImportJob(
            kind="tickets",
            origin="cli",
            file_name="old-helpdesk.csv",
            file_key=key,
            content_hash=content_hash(content),
            status="interrupted",
            rows_done=2,
            rows_total=3,
            imported=2,
            holder="gone-host:1",
            created_at=now - timedelta(minutes=5),
            started_at=now - timedelta(minutes=5),
            heartbeat_at=now - timedelta(minutes=4),
            finished_at=now - timedelta(minutes=1),
            error="import.job_interrupted",
        )
        db.add(job)
        db.commit()
        job_id = job.id
    engine.dispose()
    return job_id


def test_admin_sees_an_interrupted_import_and_resumes_it_from_its_kept_file(page, app_server):
    rows = [f"CC98800000{n:05d},客户{n},1398800{n:04d},hotline,delay,旧系统迁移：第 {n} 号快件超时。,,," for n in range(3)]
    old = _interrupted_import(app_server, (HEADER + "\n".join(rows) + "\n").encode())

    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/admin/import")
    row = page.locator(f"#import-job-{old}")
    expect(row.locator(".import-job-status")).to_have_text("interrupted")
    expect(row.locator(".import-job-progress")).to_have_text("2 / 3")
    expect(row).to_contain_text(MESSAGES["import.by_operator"])
    page.click(f"#import-resume-{old}")
    expect(page.locator("#import-progress-text")).to_contain_text("3 / 3", timeout=60_000)
    expect(page.locator("#import-imported")).to_have_text("3")
    resumed = page.locator("#import-jobs tbody tr").first
    expect(resumed.locator(".import-job-status")).to_have_text("done")
    expect(resumed).to_contain_text(f"{MESSAGES['import.resuming']}{old}")
    expect(row).to_contain_text(MESSAGES["import.resumed_as"])
    expect(page.locator(f"#import-resume-{old}")).to_have_count(0)  # its file went over to the resumed import
    assert not (app_server.uploads / "imports" / "e2e-interrupted.upload").exists()  # done: the file left the store


def test_admin_imports_routing_rules_and_sees_them_listed(page, tmp_path):
    csv = tmp_path / "routing.csv"
    csv.write_text(
        "kind,pattern,outlet_code\nwaybill_prefix,zz99,EAST-002\ndistrict,Testville 北区,EAST-002\nwaybill_prefix,ZZ98,NOPE\n",
        encoding="utf-8",
    )
    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/admin/routing")
    expect(page.locator("#routing-total")).to_contain_text("120")  # the demo's: a prefix and a district per outlet
    expect(page.locator("#routing-rules tbody tr")).to_have_count(50)
    page.locator("#routing-csv input[type=file]").set_input_files(str(csv))
    page.click("#routing-start")
    expect(page.locator("#import-imported")).to_have_text("2")
    expect(page.locator("#import-problems tbody tr")).to_contain_text("No active outlet has this code.")
    expect(page.locator("#routing-total")).to_contain_text("122")
    page.fill("#routing-query", "zz9")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#routing-rules tbody tr")).to_have_count(1)
    expect(page.locator("#routing-rules tbody tr")).to_contain_text("ZZ99")
    expect(page.locator("#routing-rules tbody tr")).to_contain_text("EAST-002")
    screenshot(page, "admin-routing.png")


def test_others_cannot_open_the_import_pages(page):
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    for route in ("/admin/import", "/admin/routing"):
        page.goto(route)
        page.wait_for_url(re.compile(r"/board/?$"))
        expect(page.locator("#import-start, #routing-start")).to_have_count(0)
