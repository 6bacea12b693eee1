"""The scores view in a browser: the analyst's Monday review, and outlet staff kept to their outlet."""

import os
import re
import subprocess
import sys
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from playwright.sync_api import expect

from complaint_console.db.scores import monday_of
from tests.e2e.conftest import ROOT, SHOTS, login, screenshot


@pytest.fixture(scope="module")
def frozen(app_server):
    """The demo database with its past weeks frozen, as Monday's roll-up leaves it."""
    env = {**os.environ, "DATABASE_URL": app_server.db_url, "SCHEDULER": "off"}
    subprocess.run(
        [sys.executable, "-m", "complaint_console", "worker", "--once"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return monday_of(datetime.now(UTC), "Asia/Shanghai") - timedelta(weeks=1)


@contextmanager
def in_a_fresh_browser(browser, app_server, address: str, locale: str = "en-US"):
    """Another person's browser (nothing shared but the address): the analyst signs in and opens `address`."""
    fresh = browser.new_context(base_url=app_server.url, locale=locale, viewport={"width": 1440, "height": 900})
    try:
        other = fresh.new_page()
        login(other, "analyst")
        other.wait_for_url(re.compile(r"/scores/?$"))
        other.goto(address)
        yield other
    finally:
        fresh.close()


def percent(text: str) -> float:
    return float("inf") if text.strip() == "—" else float(text.strip().rstrip("%"))


def test_analyst_reviews_last_week_and_downloads_the_table(page, frozen, tmp_path):
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    expect(page.locator("#week-picker")).to_contain_text(frozen.isoformat())  # last week opens first
    expect(page.locator(".score-row")).to_have_count(50)  # one page of 50
    expect(page.locator("#score-total")).to_contain_text("60")
    expect(page.locator("#chart-distribution .js-plotly-plot")).to_be_visible()
    change = page.locator(".score-row .change").first.bounding_box()
    assert change["x"] + change["width"] <= page.viewport_size["width"]  # the change is in view, no sideways scroll
    screenshot(page, "scores.png")

    page.click("#sort-timeliness")
    expect(page.locator("#col-timeliness")).to_have_attribute("aria-sort", "ascending")
    expect(page).to_have_url(re.compile(rf"/scores\?week={frozen.isoformat()}&sort=timeliness$"))  # the view is its URL
    cells = page.locator(".score-row .timeliness")
    values = [percent(c) for c in cells.all_inner_texts()]
    assert values == sorted(values)

    weakest = page.locator(".score-row .outlet-link").first
    code = weakest.inner_text()
    weakest.click()
    page.wait_for_url(re.compile(rf"/scores/{code}\?week={frozen.isoformat()}$"))  # the link carries the week
    expect(page.locator("#outlet-heading")).to_contain_text(code)
    expect(page.locator("#outlet-trend .js-plotly-plot")).to_be_visible()
    missed = page.locator("a.missed-ticket").first
    expect(missed).to_be_visible()
    screenshot(page, "outlet-score.png")
    number = missed.inner_text()
    missed.click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))
    expect(page.locator("#ticket-number")).to_have_text(number)

    page.go_back()
    page.go_back()  # back to the table as it was left: its address holds the order
    expect(page).to_have_url(re.compile(rf"/scores\?week={frozen.isoformat()}&sort=timeliness$"))
    expect(page.locator(".score-row .outlet-link").first).to_have_text(code)
    with page.expect_download() as info:
        page.click("#export-xlsx")
    path = tmp_path / "scores.xlsx"
    info.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert frozen.isoformat() in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["Rank", "Code", "Name"] and "Timeliness" in header
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert len(rows) == 60  # the whole table, not one page
    timeliness = [r[header.index("Timeliness")] for r in rows]
    present = [v for v in timeliness if v is not None]
    assert present == sorted(present) and rows[0][1] == code  # the table's order, weakest first


def test_outlet_staff_see_their_own_outlet_only(page, frozen):
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    page.goto("/scores")
    page.wait_for_url(re.compile(r"/scores/EAST-001$"))
    expect(page.locator("#outlet-heading")).to_contain_text("EAST-001")
    page.goto("/scores/SOUTH-001")
    expect(page.get_by_text("No such outlet, or it is not yours to see.")).to_be_visible()
    expect(page.locator("#outlet-heading")).to_have_count(0)


def test_analyst_opens_the_newest_report_and_downloads_the_pdf(page, frozen, tmp_path):
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/reports")
    newest = page.locator("a.report-link").first
    expect(newest).to_have_text(frozen.isoformat())
    newest.click()
    page.wait_for_url(re.compile(rf"/reports/{frozen.isoformat()}$"))
    expect(page.locator("#report-best .rt-TableRow")).to_have_count(11)  # header and ten outlets
    screenshot(page, "report.png")
    expect(page.locator("#report-chart-categories .js-plotly-plot")).to_contain_text("Delay")
    page.click("#language-switch")  # the charts are drawn again in Chinese
    expect(page.locator("#report-chart-categories .js-plotly-plot")).to_contain_text("延误")
    page.click("#language-switch")
    expect(page.locator("#report-chart-categories .js-plotly-plot")).to_contain_text("Delay")
    with page.expect_download() as info:
        page.click("#report-pdf")
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "report.pdf").write_bytes(path.read_bytes())  # docs/scores-and-reports.md shows its first page


def test_admin_weights_are_checked_next_to_the_field(page, frozen):
    login(page, "admin")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.goto("/admin/scores")
    # the inputs are re-keyed when on_load brings the saved values: type only after that
    expect(page.locator("[name='weights.resolution']")).to_have_value("0.4")
    expect(page.locator("[name='tiers.B']")).to_have_value("80")
    page.wait_for_timeout(300)
    page.fill("[name='weights.resolution']", "1.5")
    page.fill("[name='tiers.B']", "95")
    page.click("#save-score-settings")
    expect(page.get_by_text("A weight is a number from 0 to 1.")).to_be_visible()
    expect(page.get_by_text("Each tier's floor must be below the one above it.")).to_be_visible()
    page.fill("[name='weights.resolution']", "0.5")
    page.fill("[name='tiers.B']", "80")
    page.click("#save-score-settings")
    expect(page.locator("#saved")).to_be_visible()
    newest = page.locator(".setting-version").first  # the saved version in words, not keys
    expect(newest).to_contain_text("Weights")
    expect(newest).to_contain_text("Resolution 0.5")
    page.click("#language-switch")
    expect(newest).to_contain_text("解决率 0.5")
    page.click("#language-switch")


def test_analyst_watches_the_live_week_sorted_and_paged(page, frozen):
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    expect(page.locator(".score-row")).to_have_count(50)
    page.click("#week-picker")
    page.get_by_role("option", name=re.compile("live", re.I)).click()
    expect(page.locator("#live-note")).to_be_visible()
    expect(page.locator("#score-total")).to_contain_text("60")
    expect(page.locator(".score-row")).to_have_count(50)
    page.click("#sort-timeliness")
    expect(page.locator("#col-timeliness")).to_have_attribute("aria-sort", "ascending")
    first = [percent(c) for c in page.locator(".score-row .timeliness").all_inner_texts()]
    assert first == sorted(first)
    expect(page.locator(".score-row .not-yet-due")).to_have_count(50)  # the live week: open tickets not yet due
    expect(page.locator(".score-row .not-yet-due").first).to_have_text(re.compile(r"^\(not yet due: \d+\)$"))
    calm = "No outlet moved beyond two standard deviations of its previous 8 weeks."
    expect(page.locator("#early-warnings")).to_contain_text(calm)  # a partial week raises no early warning
    screenshot(page, "scores-live.png")
    page.click("#scores-pager-next")
    expect(page.locator(".score-row")).to_have_count(10)  # the second page: outlets 51 to 60
    second = [percent(c) for c in page.locator(".score-row .timeliness").all_inner_texts()]
    assert second == sorted(second) and second[0] >= first[-1]
    page.locator(".outlet-link").first.click()
    expect(page.locator("#outlet-live")).to_contain_text("Not yet due")  # this week so far, on the outlet page
    screenshot(page, "scores-outlet-live.png")


def test_a_view_is_its_url_back_and_forward_and_a_fresh_browser_included(page, browser, app_server, frozen):
    """An older week, one region, sorted: the address says so, an outlet opens in that week, back and
    forward step between the views, and the copied address shows the same view in another browser."""
    older = (frozen - timedelta(weeks=2)).isoformat()
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    expect(page.locator(".score-row")).to_have_count(50)
    page.click("#week-picker")
    page.get_by_role("option", name=re.compile(older)).click()
    page.wait_for_url(re.compile(rf"/scores\?week={older}$"))
    page.click("#region-filter")
    page.get_by_role("option", name="East China").click()  # regions by their names
    page.wait_for_url(re.compile(rf"/scores\?week={older}&region=EAST$"))
    expect(page.locator(".score-row")).to_have_count(20)  # the 20 outlets of EAST
    page.click("#sort-timeliness")
    page.click("#sort-timeliness")  # descending
    expect(page.locator("#col-timeliness")).to_have_attribute("aria-sort", "descending")
    expect(page).to_have_url(re.compile(rf"/scores\?week={older}&region=EAST&sort=timeliness&desc=1$"))
    shared, first = page.url, page.locator(".score-row .outlet-link").first.inner_text()

    page.locator(".score-row .outlet-link").first.click()
    page.wait_for_url(re.compile(rf"/scores/{first}\?week={older}$"))
    expect(page.locator("#outlet-week")).to_contain_text(older)  # the same week, not the newest
    page.go_back()
    expect(page.locator("#week-picker")).to_contain_text(older)
    expect(page.locator("#col-timeliness")).to_have_attribute("aria-sort", "descending")
    expect(page.locator(".score-row .outlet-link").first).to_have_text(first)
    page.go_back()  # the view before the region was chosen
    expect(page.locator(".score-row")).to_have_count(50)
    expect(page.locator("#week-picker")).to_contain_text(older)
    page.go_forward()
    expect(page.locator(".score-row")).to_have_count(20)

    with in_a_fresh_browser(browser, app_server, shared, "en-US") as other:
        expect(other.locator("#week-picker")).to_contain_text(older)
        expect(other.locator("#region-filter")).to_contain_text("East China")
        expect(other.locator(".score-row .region").first).to_have_text("East China")
        other.click("#language-switch")  # 中文: regions by their Chinese names, charts drawn again in Chinese
        expect(other.locator("#region-filter")).to_contain_text("华东")
        expect(other.locator(".score-row .region").first).to_have_text("华东")
        expect(other.locator("#chart-regions")).to_contain_text("解决率")
        other.click("#language-switch")
        expect(other.locator("#col-timeliness")).to_have_attribute("aria-sort", "descending")
        expect(other.locator(".score-row")).to_have_count(20)
        expect(other.locator(".score-row .outlet-link").first).to_have_text(first)
        screenshot(other, "scores-shared-view.png")


def network_of(db_url: str, week) -> tuple[float, dict[str, int]]:
    """The network score of a frozen week from its summed counts (DESIGN's formula, default weights),
    and its tier counts, read straight from the frozen rows."""
    import sqlalchemy as sa

    from complaint_console.domain.scores import OutletWeek, score_week

    with sa.create_engine(db_url).connect() as conn:
        sums = conn.execute(
            sa.text(
                "SELECT SUM(cohort_size), SUM(resolved_count), SUM(timely_count), SUM(survey_count), SUM(satisfied_count)"
                " FROM weekly_outlet_score WHERE week_start = :w"
            ),
            {"w": week.isoformat()},
        ).one()
        tiers = dict(
            conn.execute(
                sa.text(
                    "SELECT tier, COUNT(*) FROM weekly_outlet_score WHERE week_start = :w AND tier IS NOT NULL GROUP BY tier"
                ),
                {"w": week.isoformat()},
            ).all()
        )
    return score_week(OutletWeek(0, *[int(v) for v in sums])).score, tiers


def test_analyst_reads_the_headline_and_opens_an_outlet_that_fell_a_tier(page, frozen, app_server):
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    score, tiers = network_of(app_server.db_url, frozen)
    before, _ = network_of(app_server.db_url, frozen - timedelta(weeks=1))
    expect(page.locator("#headline-score")).to_have_text(f"{score:.1f}")
    expect(page.locator("#headline-change")).to_have_text(f"{score - before:+.1f}")
    for tier in "ABCD":
        expect(page.locator(f".headline-tier[data-tier='{tier}'] .headline-tier-count")).to_have_text(str(tiers.get(tier, 0)))
    expect(page.locator("#headline-drops .headline-outlet").first).to_be_visible()
    expect(page.locator("#early-warnings .headline-flag").first).to_contain_text("σ")
    screenshot(page, "scores-headline-en.png")
    page.click("#language-switch")
    expect(page.locator("#score-headline")).to_contain_text("全网得分")
    screenshot(page, "scores-headline-zh.png")
    page.click("#language-switch")

    fell = page.locator("#headline-fell .headline-outlet")
    target = fell.first if fell.count() else page.locator("#headline-drops .headline-outlet").first
    code = target.inner_text().split()[0]  # "EAST-006 B→C"
    target.click()
    page.wait_for_url(re.compile(rf"/scores/{code}\?week={frozen.isoformat()}$"))  # the week the headline spoke of
    expect(page.locator("#outlet-heading")).to_contain_text(code)


def click_bar(page, chart: str, index: int = 0, marks: str = ".trace.bars .point path") -> None:
    """Click a bar (or a point) of a Plotly chart where a user would (Plotly listens on the layer above)."""
    from playwright.sync_api import Error

    bar = page.locator(f"{chart} {marks}").nth(index)
    for attempt in range(5):  # a chart drawn again (new data, a resize) replaces its marks: look again
        try:
            expect(bar).to_be_visible()
            bar.scroll_into_view_if_needed()
            page.wait_for_timeout(200)  # Plotly places its hover layer after a scroll
            box = bar.bounding_box()
            break
        except Error:
            if attempt == 4:
                raise
            page.wait_for_timeout(300)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_analyst_drills_down_from_the_charts(page, frozen):
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    expect(page.locator("#chart-distribution .js-plotly-plot")).to_be_visible()
    heights = [b.bounding_box()["height"] for b in page.locator("#chart-distribution .trace.bars .point path").all()]
    band = max(range(len(heights)), key=heights.__getitem__)  # the tallest bar: most outlets
    click_bar(page, "#chart-distribution", band)
    page.wait_for_url(re.compile(rf"/scores\?week={frozen.isoformat()}&band={band}$"))
    expect(page.locator("#band-filter")).to_contain_text(f"{band * 10}–{band * 10 + 10}")
    scores_shown = [float(s) for s in page.locator(".score-row td:nth-child(5) .rt-Text").first.all_inner_texts()]
    assert scores_shown and all(band * 10 <= s <= band * 10 + 10 for s in scores_shown)
    screenshot(page, "scores-drill-band.png")
    page.click("#language-switch")
    expect(page.locator("#band-filter")).to_contain_text("得分")
    screenshot(page, "scores-drill-band-zh.png")
    page.click("#language-switch")
    page.click("#band-filter")
    page.wait_for_url(re.compile(rf"/scores\?week={frozen.isoformat()}$"))

    expect(page.locator("#chart-regions .js-plotly-plot")).to_be_visible()
    click_bar(page, "#chart-regions", 0)  # the first region's resolution bar
    page.wait_for_url(re.compile(rf"/scores\?week={frozen.isoformat()}&region=[A-Z]+$"))
    region = page.url.rsplit("region=", 1)[1]
    expect(page.locator(".score-row")).to_have_count(20)  # the demo's 20 outlets of a region
    assert len(set(page.locator(".score-row .region").all_inner_texts())) == 1
    expect(page.locator("#chart-weakest .js-plotly-plot")).to_be_visible()
    screenshot(page, "scores-drill-region.png")
    click_bar(page, "#chart-weakest", 0)
    page.wait_for_url(re.compile(rf"/scores/{region}-\d+\?week={frozen.isoformat()}$"))  # the weakest outlet, same week
    expect(page.locator("#outlet-heading")).to_contain_text(region)


def test_analyst_puts_two_regions_side_by_side_and_shares_it(page, frozen, browser, app_server):
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.click("#region-filter")
    page.get_by_role("option", name="East China").click()
    page.wait_for_url(re.compile(r"region=EAST"))
    page.click("#compare-picker")
    page.get_by_role("option", name="South China").click()
    page.wait_for_url(re.compile(rf"/scores\?week={frozen.isoformat()}&region=EAST&vs=region%3ASOUTH$"))
    compare = page.locator("#score-compare")
    expect(compare).to_contain_text("East China")
    expect(compare).to_contain_text("South China")
    outlets = compare.locator(".compare-row[data-metric='outlets'] td")
    expect(outlets.nth(0)).to_have_text("20")
    expect(outlets.nth(1)).to_have_text("20")
    expect(compare.locator(".compare-row[data-metric='score'] td").nth(0)).to_have_text(re.compile(r"^\d+\.\d$"))
    screenshot(page, "scores-compare.png")
    shared = page.url
    with in_a_fresh_browser(browser, app_server, shared, "zh-CN") as other:
        expect(other.locator("#score-compare")).to_contain_text("华南")  # the same view, in the reader's language
        screenshot(other, "scores-compare-zh.png")


def test_analyst_reads_a_month_and_a_quarter(page, frozen):
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    page.click("#periods-link")
    page.wait_for_url(re.compile(r"/periods/?$"))
    expect(page.locator(".period-row")).to_have_count(50)
    expect(page.locator("#period-picker")).to_contain_text(f"{frozen.year}-{frozen.month:02d}")  # the newest month
    page.click("#period-kind")
    page.get_by_role("option", name="By quarter").click()
    page.wait_for_url(re.compile(r"/periods\?kind=quarter$"))
    expect(page.locator("#period-picker")).to_contain_text(f"{frozen.year}-Q")
    page.click("#period-region")
    page.get_by_role("option", name="South China").click()
    page.wait_for_url(re.compile(r"/periods\?kind=quarter&period=\d{4}-Q\d&region=SOUTH$"))
    expect(page.locator(".period-row")).to_have_count(20)
    screenshot(page, "scores-quarter.png")


def test_analyst_opens_the_outlets_behind_a_channel(page, frozen):
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    expect(page.locator("#chart-channels .js-plotly-plot")).to_be_visible()
    bars = page.locator("#chart-channels .trace.bars .point path")
    click_bar(page, "#chart-channels", bars.count() - 1)  # the top bar: the channel most tickets came by
    page.wait_for_url(re.compile(rf"/scores\?week={frozen.isoformat()}&received=channel%3A[a-z_]+$"))
    expect(page.locator("#received-filter")).to_be_visible()
    expect(page.locator(".score-row").first).to_be_visible()
    expect(page.locator("#chart-region-trends .js-plotly-plot")).to_be_visible()  # each region's own line
    assert page.locator("#chart-region-trends .scatterlayer .trace").count() == 3
    page.click("#received-filter")
    page.wait_for_url(re.compile(rf"/scores\?week={frozen.isoformat()}$"))
    expect(page.locator("#chart-trend .js-plotly-plot")).to_be_visible()
    click_bar(page, "#chart-trend", 0, marks=".scatterlayer .trace .points path")  # the oldest week's point
    page.wait_for_url(lambda url: re.search(r"/scores\?week=\d{4}-\d{2}-\d{2}$", url) and frozen.isoformat() not in url)
    expect(page.locator("#week-picker")).to_contain_text(page.url.rsplit("=", 1)[1])


def test_the_analysts_monday_journey(page, frozen, browser, app_server):
    """#13's journey in one go: the headline, the weakest region's bar, an outlet in an older week
    (the same week shown), one of its missed tickets, and the view's address in a fresh browser."""
    login(page, "analyst")
    page.wait_for_url(re.compile(r"/scores/?$"))
    expect(page.locator("#headline-score")).to_have_text(re.compile(r"^\d+\.\d$"))
    expect(page.locator("#chart-regions .js-plotly-plot")).to_be_visible()
    bars = page.locator("#chart-regions .trace.bars").first.locator(".point path")  # resolution, per region
    heights = [b.bounding_box()["height"] for b in bars.all()]
    weakest = min(range(len(heights)), key=heights.__getitem__)
    click_bar(page, "#chart-regions", weakest)
    page.wait_for_url(re.compile(rf"/scores\?week={frozen.isoformat()}&region=[A-Z]+$"))
    region = page.url.rsplit("region=", 1)[1]
    older = (frozen - timedelta(weeks=2)).isoformat()
    page.click("#week-picker")
    page.get_by_role("option", name=re.compile(older)).click()
    page.wait_for_url(re.compile(rf"/scores\?week={older}&region={region}$"))
    expect(page.locator(".score-row")).to_have_count(20)
    page.click("#sort-timeliness")  # the least timely first: an outlet with tickets that missed
    page.wait_for_url(re.compile(rf"/scores\?week={older}&region={region}&sort=timeliness$"))
    shared = page.url
    outlet = page.locator(".score-row .outlet-link").first
    code = outlet.inner_text()
    outlet.click()
    page.wait_for_url(re.compile(rf"/scores/{code}\?week={older}$"))
    expect(page.locator("#outlet-week")).to_contain_text(older)
    missed = page.locator("a.missed-ticket").first
    number = missed.inner_text()
    missed.click()
    page.wait_for_url(re.compile(rf"/tickets/{number}$"))
    expect(page.locator("#ticket-number")).to_have_text(number)
    with in_a_fresh_browser(browser, app_server, shared, "en-US") as other:
        expect(other.locator("#week-picker")).to_contain_text(older)
        expect(other.locator(".score-row")).to_have_count(20)
        expect(other.locator(".score-row .outlet-link").first).to_have_text(code)
