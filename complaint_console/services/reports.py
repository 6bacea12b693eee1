"""The weekly review report: what the roll-up froze for a week, as a page, an XLSX and a PDF.

Everything is read from `weekly_report` (its summary) and `weekly_outlet_score` with bounded
queries: top/bottom 10, 10 movers each way, at most 50 early warnings on the page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db import outlet_scores, predicates, score_table
from complaint_console.db.models import Outlet, ParcelVolume, Region, Ticket, TypicalCase, WeeklyOutletScore, WeeklyReport
from complaint_console.db.scores import week_bounds
from complaint_console.domain.scores import score_text
from complaint_console.i18n import catalogue, zh
from complaint_console.services import score_settings
from complaint_console.settings import get_settings
from complaint_console.views import report_charts
from complaint_console.views.pdf_fonts import registered

METRICS = ("resolution_rate", "timeliness_rate", "satisfaction_rate", "score")


def report_weeks(db: Session, limit: int = 60) -> list[tuple[date, dict]]:
    """Weekly reports, newest first: the week and its summary."""
    rows = db.exec(select(WeeklyReport).order_by(WeeklyReport.week_start.desc()).limit(limit)).all()
    return [(r.week_start, r.summary or {}) for r in rows]


@dataclass(frozen=True)
class WeekCase:
    number: str
    title: str
    practice: str
    lesson: str


def week_cases(db: Session, week: date, limit: int = 50) -> list[WeekCase]:
    """The typical cases picked for the week (their texts were masked when saved)."""
    rows = db.exec(
        select(TypicalCase, Ticket.number)
        .join(Ticket, Ticket.id == TypicalCase.ticket_id)
        .where(TypicalCase.week_start == week)
        .order_by(TypicalCase.id)
        .limit(limit)
    ).all()
    return [WeekCase(number, case.title, case.practice, case.lesson) for case, number in rows]


@dataclass
class Report:
    week: date
    summary: dict
    previous: dict | None
    best: list[score_table.ScoreRow] = field(default_factory=list)
    worst: list[score_table.ScoreRow] = field(default_factory=list)
    risers: list[score_table.ScoreRow] = field(default_factory=list)
    fallers: list[score_table.ScoreRow] = field(default_factory=list)
    warnings: list[score_table.ScoreRow] = field(default_factory=list)
    per_10k: float | None = None  # the network's complaints per 10,000 parcels, over outlets with a volume
    cases: list[WeekCase] = field(default_factory=list)  # the typical cases picked for the week

    def network(self, key: str) -> float | None:
        return (self.summary.get("network") or {}).get(key)

    def change(self, key: str) -> float | None:
        now, before = self.network(key), ((self.previous or {}).get("network") or {}).get(key)
        return None if now is None or before is None else now - before

    def total(self, key: str) -> int:
        return int((self.summary.get("totals") or {}).get(key, 0))

    def total_change(self, key: str) -> int | None:
        return None if self.previous is None else self.total(key) - int((self.previous.get("totals") or {}).get(key, 0))


def network_per_10k(db: Session, week: date) -> float | None:
    """Σ received / Σ parcels × 10,000 over the outlets with an imported volume for the week
    (read at request time, so volumes imported after the roll-up count); None without volumes."""
    w, v = WeeklyOutletScore, ParcelVolume
    received, parcels = db.exec(
        select(sa.func.sum(w.received_count), sa.func.sum(v.parcels))
        .join(v, sa.and_(v.outlet_id == w.outlet_id, v.week_start == w.week_start))
        .where(w.week_start == week)
    ).one()
    return score_table.per_10k(int(received or 0), int(parcels or 0))


def load_report(db: Session, week: date, now: datetime) -> Report | None:
    report = db.exec(select(WeeklyReport).where(WeeklyReport.week_start == week)).first()
    if report is None:
        return None
    previous = db.exec(select(WeeklyReport).where(WeeklyReport.week_start == week - timedelta(weeks=1))).first()

    lists = _outlet_lists(score_table.score_table(db, score_table.TableQuery(week), size=None)[0])
    return Report(
        week=week,
        summary=report.summary or {},
        previous=previous.summary if previous else None,
        **lists,
        per_10k=network_per_10k(db, week),
        cases=week_cases(db, week),
    )


def _outlet_lists(rows: list[score_table.ScoreRow]) -> dict[str, list[score_table.ScoreRow]]:
    """The report's outlet lists from the week's rows, read once (pandas): best and worst 10 by rank,
    10 risers and fallers by change, at most 50 early warnings by code. An insufficient sample has no
    rank and is left out of movers and warnings (DESIGN)."""
    frame = pd.DataFrame(
        {
            "code": [r.code for r in rows],
            "rank": [r.rank for r in rows],
            "change": [r.change for r in rows],
            "warning": [r.warning for r in rows],
            "insufficient": [r.insufficient for r in rows],
        },
        dtype=object,
    )
    frame[["rank", "change"]] = frame[["rank", "change"]].apply(pd.to_numeric)
    sufficient = frame[~frame["insufficient"].astype(bool)]
    ranked = frame[frame["rank"].notna()]

    def pick(chosen: pd.DataFrame, size: int) -> list[score_table.ScoreRow]:
        return [rows[i] for i in chosen.index[:size]]

    return {
        "best": pick(ranked.sort_values(["rank", "code"]), 10),
        "worst": pick(ranked.sort_values(["rank", "code"], ascending=[False, True]), 10),
        "risers": pick(sufficient[sufficient["change"] > 0].sort_values(["change", "code"], ascending=[False, True]), 10),
        "fallers": pick(sufficient[sufficient["change"] < 0].sort_values(["change", "code"]), 10),
        "warnings": pick(sufficient[sufficient["warning"].notna()].sort_values("code"), 50),
    }


def sla_compliance(db: Session, week: date) -> list[tuple[str, int, int]]:
    """Per severity, across the network: the week's cohort and the tickets resolved on time with a
    timely first response (the timeliness rule), one grouped query."""
    start, end = week_bounds(week, get_settings().business_tz)
    timely = predicates.timely(end)
    on_time = sa.func.coalesce(sa.func.sum(sa.case((timely, 1), else_=0)), 0)
    rows = db.exec(
        select(Ticket.severity, sa.func.count(), on_time)
        .where(Ticket.resolution_due_at >= start, Ticket.resolution_due_at < end, Ticket.outlet_id.is_not(None))
        .group_by(Ticket.severity)
    ).all()
    order = {"urgent": 0, "serious": 1, "general": 2}
    return sorted(((s, int(n), int(k)) for s, n, k in rows), key=lambda r: (order.get(r[0], 9), r[0]))


def missed_tickets(db: Session, week: date) -> list[tuple]:
    """The week's cohort tickets across the network that missed (not resolved on time)."""
    start, end = week_bounds(week, get_settings().business_tz)
    timely = predicates.timely(end)
    return list(
        db.exec(
            select(
                Ticket.number,
                Outlet.code,
                Ticket.category,
                Ticket.severity,
                Ticket.stage,
                Ticket.resolution_due_at,
                Ticket.resolved_at,
            )
            .join(Outlet, Outlet.id == Ticket.outlet_id)
            .where(Ticket.resolution_due_at >= start, Ticket.resolution_due_at < end, sa.not_(timely))
            .order_by(Outlet.code, Ticket.number)
        ).all()
    )


def _naive(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=None)


def report_xlsx(db: Session, report: Report, now: datetime, lang: str = "en") -> bytes:
    """Sheets: summary, outlets, missed tickets, cases."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from complaint_console.views import score_export, xlsx_safe

    m = catalogue.messages(lang)
    book = Workbook()
    summary = book.active
    summary.title = "summary"
    xlsx_safe.append(summary, [f"{m['reports.title']} · {m['scores.week_of']} {report.week.isoformat()}"])
    summary["A1"].font = Font(bold=True)
    xlsx_safe.append(summary, [m["reports.metric"], m["reports.this_week"], m["reports.change"]])
    for key in METRICS:
        xlsx_safe.append(summary, [m[f"reports.metric.{key}"], report.network(key), report.change(key)])
    for key in ("cohort_size", "received_count", "repeat_count", "survey_count"):
        xlsx_safe.append(summary, [m[f"reports.metric.{key}"], report.total(key), report.total_change(key)])
    xlsx_safe.append(summary, [m["scores.col.per_10k"], report.per_10k, None])
    xlsx_safe.append(summary, [m["reports.outlets"], report.summary.get("outlets"), None])
    xlsx_safe.append(summary, [m["reports.ranked"], report.summary.get("ranked"), None])
    xlsx_safe.append(summary, [])
    xlsx_safe.append(summary, [m["reports.weights"], *[f"{k} {v}" for k, v in (report.summary.get("weights") or {}).items()]])

    outlets = book.create_sheet("outlets")
    rows, _ = score_table.score_table(db, score_table.TableQuery(report.week), size=None)
    score_export.write_sheet(outlets, rows, lang)

    missed = book.create_sheet("missed tickets")
    xlsx_safe.append(
        missed, ["number", "outlet", "category", "severity", "stage", "resolution_due_at (UTC)", "resolved_at (UTC)"]
    )
    for number, code, category, severity, stage, due, resolved in missed_tickets(db, report.week):
        xlsx_safe.append(missed, [number, code, category, severity, stage, _naive(due), _naive(resolved)])

    cases = book.create_sheet("cases")
    xlsx_safe.append(cases, ["ticket", "title", "practice", "lesson"])
    for case in report.cases:
        xlsx_safe.append(cases, [case.number, case.title, case.practice, case.lesson])
    for sheet in book.worksheets:
        for cell in sheet[2 if sheet.title == "summary" else 1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------


def _fmt_rate(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _fmt_change(value: float | None, points: bool = True) -> str:
    if value is None:
        return "—"
    return f"{100 * value:+.1f} pp" if not points else f"{value:+.1f}"


def report_pdf(
    db: Session, report: Report, now: datetime, lang: str = "en", region: str | None = None, outlet: str | None = None
) -> bytes:
    """A4: network totals with change, five charts (matplotlib PNGs, report_charts.py) with their
    numbers, best/worst 10, movers, early warnings, then a section per region. With `region`: that
    region's section only (for its director); with `outlet`: that outlet's page (for its managers).
    Text is set in the font the app ships and embeds (views/pdf_fonts.py)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image, KeepTogether, PageBreak, Paragraph, Table, TableStyle

    font = registered()
    m = catalogue.messages(lang)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    h1 = ParagraphStyle("h1", parent=body, fontSize=16, leading=20, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=body, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3)

    def table(rows: list[list], widths: list[float]) -> Table:
        t = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), font, 8),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3eaf5")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0bec5")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return t

    title = f"{m['reports.report_title']} | {m['scores.week_of']} {report.week.isoformat()}"
    if region is not None or outlet is not None:
        part = region_section(db, report, now, region, m) if region is not None else outlet_page(db, report, now, outlet, m)
        heading, blocks = part
        story = [Paragraph(f"{title} | {heading}", h1)]
        for kind, label, content in blocks:
            story.append(Paragraph(label, h2))
            story.append(table(*content) if kind == "table" else Paragraph(content, body))
        return _build_pdf(story, report.week)
    story = [
        Paragraph(title, h1),
        Paragraph(
            f"{m['reports.outlets']}: {report.summary.get('outlets', 0)} | {m['reports.ranked']}: "
            f"{report.summary.get('ranked', 0)}",
            body,
        ),
        Paragraph(m["reports.network"], h2),
    ]
    totals = [[m["reports.metric"], m["reports.this_week"], m["reports.change"]]]
    for key in METRICS:
        value, delta = report.network(key), report.change(key)
        totals.append(
            [
                m[f"reports.metric.{key}"],
                f"{value:.1f}" if key == "score" and value is not None else _fmt_rate(value),
                _fmt_change(delta, points=key == "score"),
            ]
        )
    for key in ("cohort_size", "received_count", "repeat_count"):
        delta = report.total_change(key)
        totals.append([m[f"reports.metric.{key}"], report.total(key), "—" if delta is None else f"{delta:+d}"])
    if report.per_10k is not None:
        totals.append([m["scores.col.per_10k"], f"{report.per_10k:.2f}", "—"])
    story.append(table(totals, [60, 40, 40]))

    def chart(title: str, png: bytes) -> KeepTogether:
        """A chart's heading and image (170 mm wide, proportions kept) never split over pages."""
        w, h = ImageReader(io.BytesIO(png)).getSize()
        return KeepTogether([Paragraph(title, h2), Image(io.BytesIO(png), width=170 * mm, height=170 * mm * h / w)])

    week = score_table.TableQuery(report.week)
    bands, trend = score_table.distribution(db, week), score_table.network_trend(db, report.week)  # a frozen week
    story += [chart(m["scores.chart.distribution"], report_charts.distribution(bands, lang, score_settings.tiers_at(db, now)))]
    story += [chart(m["scores.chart.trend"], report_charts.trend(trend, lang))]
    compliance = sla_compliance(db, report.week)
    sla = [[m["ticket.severity"], m["scores.col.cohort"], m["scores.on_time"], m["scores.compliance"]]]
    sla += [[m.get(f"severity.{s}", s), n, k, _fmt_rate(k / n if n else None)] for s, n, k in compliance]
    story += [chart(m["scores.sla_by_severity"], report_charts.sla_compliance(compliance, lang))]
    story.append(table(sla, [40, 30, 30, 30]))
    for column, title in (("category", "scores.chart.categories"), ("channel", "scores.chart.channels")):
        counts = score_table.shares(db, week, column)
        total = sum(n for _, n in counts)
        shares = [[m[f"ticket.{column}"], m["scores.chart.tickets"], "%"]]
        shares += [[m.get(f"{column}.{k}", k), n, _fmt_rate(n / total if total else None)] for k, n in counts]
        story += [chart(m[title], report_charts.shares(counts, f"{column}.", lang)), table(shares, [50, 30, 30])]
    for title, rows in (
        (m["reports.best"], report.best),
        (m["reports.worst"], report.worst),
        (m["reports.risers"], report.risers),
        (m["reports.fallers"], report.fallers),
    ):
        shown = table(_outlet_rows(rows, m), OUTLET_WIDTHS) if rows else Paragraph("—", body)
        story.append(KeepTogether([Paragraph(title, h2), shown]))
    story.append(Paragraph(m["scores.warnings_title"], h2))
    if report.warnings:
        warning_rows = [
            [m["scores.col.code"], m["scores.col.name"], m["scores.col.warning"], m["scores.col.received"], m["scores.col.score"]]
        ]
        warning_rows += [
            [r.code, r.name, m.get(f"scores.warning.{r.warning}", r.warning), r.received, score_text(r.score)]
            for r in report.warnings
        ]
        story.append(table(warning_rows, [24, 70, 40, 20, 20]))
    else:
        story.append(Paragraph(m["scores.warnings_none"], body))
    story.append(Paragraph(m["reports.cases"], h2))
    if report.cases:
        case_rows = [[m["ticket.number"], m["cases.field.title"], m["cases.field.practice"]]]
        case_rows += [[c.number, c.title, m.get(f"cases.practice.{c.practice}", c.practice)] for c in report.cases]
        story.append(table(case_rows, [40, 100, 30]))
    else:
        story.append(Paragraph(m["reports.cases_none"], body))
    for code in db.exec(select(Region.code).order_by(Region.code)).all():  # a section per region
        heading, blocks = region_section(db, report, now, code, m)
        story += [PageBreak(), Paragraph(heading, h1)]
        for kind, label, content in blocks:
            story.append(Paragraph(label, h2))
            story.append(table(*content) if kind == "table" else Paragraph(content, body))
    return _build_pdf(story, report.week)


def _build_pdf(story: list, week: date) -> bytes:
    """A4 pages with "page n" at the foot of each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    def number(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(registered(), 8)
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"{week.isoformat()} | {doc.page}")
        canvas.restoreState()

    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Weekly report {week.isoformat()}",
        initialFontName=registered(),
    ).build(story, onFirstPage=number, onLaterPages=number)
    return out.getvalue()


Block = tuple[str, str, object]  # ("table", heading, (rows, widths)) or ("text", heading, text)
OUTLET_WIDTHS = [14, 24, 70, 20, 14, 20]


def _outlet_rows(rows: list[score_table.ScoreRow], m: dict[str, str]) -> list[list]:
    head = [
        m["scores.col.rank"],
        m["scores.col.code"],
        m["scores.col.name"],
        m["scores.col.score"],
        m["scores.col.tier"],
        m["scores.col.change"],
    ]
    return [head] + [
        [r.rank or "—", r.code, r.name, score_text(r.score), r.tier or "—", "—" if r.change is None else f"{r.change:+.1f}"]
        for r in rows
    ]


def region_section(db: Session, report: Report, now: datetime, region: str, m: dict[str, str]) -> tuple[str, list[Block]]:
    """A region's part of the report: its outlets per tier, best and worst 10, who fell to D, its warnings."""
    name = db.exec(select(Region).where(Region.code == region)).first()
    heading = f"{m['scores.region']} {region}" + (f" {name.name_zh if m is zh.MESSAGES else name.name}" if name else "")
    q = score_table.TableQuery(report.week, region=region)

    def rows(sort: str, descending: bool, size: int, keep) -> list[score_table.ScoreRow]:
        found = score_table.score_page(db, replace(q, sort=sort, descending=descending), size=size)
        return [r for r in found if keep(r)][:10]

    w = WeeklyOutletScore
    tiers = dict(
        db.exec(
            select(w.tier, sa.func.count())
            .join(Outlet, Outlet.id == w.outlet_id)
            .where(w.week_start == report.week, Outlet.region == region, w.tier.is_not(None))
            .group_by(w.tier)
        ).all()
    )
    counts = [[m["scores.col.tier"], *"ABCD"], [m["reports.outlets"], *[tiers.get(t, 0) for t in "ABCD"]]]
    blocks: list[Block] = [("table", m["reports.tiers"], (counts, [40, 25, 25, 25, 25]))]
    for label, sort, descending, keep in (
        ("reports.best", "rank", False, lambda r: r.rank is not None),
        ("reports.worst", "rank", True, lambda r: r.rank is not None),
        ("reports.tier_d", "score", False, lambda r: r.tier == "D" and not r.insufficient),
        ("scores.warnings_title", "warning", True, lambda r: r.warning is not None and not r.insufficient),
    ):
        found = rows(sort, descending, 50, keep)
        blocks.append(("table", m[label], (_outlet_rows(found, m), OUTLET_WIDTHS)) if found else ("text", m[label], "—"))
    return heading, blocks


def outlet_page(db: Session, report: Report, now: datetime, code: str, m: dict[str, str]) -> tuple[str, list[Block]]:
    """One outlet's page: its score, tier, rank, rates and change, and the tickets that missed."""
    found = score_table.score_page(db, score_table.TableQuery(report.week, search=code), size=None)
    row = next((r for r in found if r.code == code), None)
    if row is None:
        return code, [("text", m["scores.no_rows"], "—")]
    pct = _fmt_rate
    facts = [
        [m["reports.metric"], m["reports.this_week"]],
        [m["scores.col.score"], score_text(row.score)],
        [m["scores.col.tier"], row.tier or "—"],
        [m["scores.col.rank"], row.rank or "—"],
        [m["scores.col.change"], "—" if row.change is None else f"{row.change:+.1f}"],
        [m["scores.col.resolution"], pct(row.resolution_rate)],
        [m["scores.col.timeliness"], pct(row.timeliness_rate)],
        [m["scores.col.satisfaction"], pct(row.satisfaction_rate)],
        [m["scores.col.cohort"], row.cohort_size],
        [m["scores.col.received"], row.received],
    ]
    missed, total = outlet_scores.missed_tickets(db, row.outlet_id, report.week, limit=40)
    listed = [[m["ticket.number"], m["ticket.category"], m["ticket.severity"], m["ticket.stage"]]]
    listed += [
        [
            t.number,
            m.get(f"category.{t.category}", t.category),
            m.get(f"severity.{t.severity}", t.severity),
            m.get(f"stage.{t.stage}", t.stage),
        ]
        for t in missed
    ]
    blocks: list[Block] = [("table", m["reports.this_week"], (facts, [60, 40]))]
    blocks.append(
        ("table", f"{m['scores.missed']} ({total})", (listed, [45, 40, 30, 35])) if missed else ("text", m["scores.missed"], "—")
    )
    return f"{row.code} {row.name}", blocks
