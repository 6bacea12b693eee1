"""hq_admin imports parcel volumes in the browser and sees complaints per 10,000 parcels on /scores."""

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from complaint_console.db.scores import monday_of
from tests.e2e.conftest import ROOT, login, screenshot


def test_admin_imports_volumes_and_sees_per_10k_parcels_on_scores(page, app_server, tmp_path):
    week = monday_of(datetime.now(UTC), "Asia/Shanghai") - timedelta(weeks=1)
    env = {**os.environ, "DATABASE_URL": app_server.db_url, "SCHEDULER": "off"}
    subprocess.run(
        [sys.executable, "-m", "complaint_console", "rollup", "--week", week.isoformat()],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    csv = tmp_path / "volumes.csv"
    csv.write_text(
        f"outlet_code,week,parcels\nEAST-001,{week},20000\nEAST-002,{week},30000\nEAST-003,{week + timedelta(days=1)},500\n",
        encoding="utf-8",
    )

    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/admin")
    page.click("#admin-volumes-link")
    page.wait_for_url(re.compile(r"/admin/volumes/?$"))
    expect(page.locator("#volume-weeks")).to_have_count(0)  # nothing imported yet
    page.locator("#volumes-csv input[type=file]").set_input_files(str(csv))
    expect(page.locator(".selected-file")).to_have_text("volumes.csv")
    page.click("#volumes-start")
    expect(page.locator("#import-imported")).to_have_text("2")
    expect(page.locator("#import-rejected")).to_have_text("1")
    problem = page.locator("#import-problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("4")
    expect(problem).to_contain_text("week")
    expect(problem).to_contain_text("The week is the Monday it starts on")
    expect(page.locator("#volume-weeks tbody tr")).to_contain_text(week.isoformat())
    expect(page.locator("#volume-weeks tbody tr")).to_contain_text("50,000")
    screenshot(page, "admin-volumes.png")

    page.goto("/scores")
    expect(page.locator("#week-picker")).to_contain_text(week.isoformat())
    page.click("#sort-per_10k")
    page.click("#sort-per_10k")
    expect(page.locator("#col-per_10k")).to_have_attribute("aria-sort", "descending")
    rows = page.locator(".score-row")
    expect(rows.first.locator(".per-10k")).not_to_have_text("—")
    shown = {}
    for i in range(2):
        row = rows.nth(i)
        code = row.locator(".outlet-link").inner_text()
        shown[code] = float(row.locator(".per-10k").inner_text())
        received = int(row.locator("td.received").inner_text())
        assert abs(shown[code] - received * 10_000 / {"EAST-001": 20000, "EAST-002": 30000}[code]) < 0.051
    assert set(shown) == {"EAST-001", "EAST-002"} and shown[next(iter(shown))] >= list(shown.values())[1]
    expect(rows.nth(2).locator(".per-10k")).to_have_text("—")  # no volume: empty, sorted last
    screenshot(page, "scores-per-10k.png")
    for chart in ("categories", "channels"):
        expect(page.locator(f"#chart-{chart} .js-plotly-plot")).to_be_visible()
    page.locator("#chart-categories").scroll_into_view_if_needed()
    screenshot(page, "scores-shares.png")

    page.goto("/scores/EAST-001")
    expect(page.locator("#outlet-heading")).to_contain_text("EAST-001")
    expect(page.get_by_text("Per 10,000 parcels")).to_be_visible()
    expect(page.get_by_text(f"{shown['EAST-001']:.1f}", exact=True)).to_be_visible()

    page.goto(f"/reports/{week}")
    expect(page.locator("#report-totals")).to_contain_text("Complaints per 10,000 parcels")
    for chart in ("sla", "categories", "channels"):
        expect(page.locator(f"#report-chart-{chart} .js-plotly-plot")).to_be_visible()
    page.locator("#report-chart-sla").scroll_into_view_if_needed()
    screenshot(page, "report-charts.png")
