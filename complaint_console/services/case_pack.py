"""The weekly case pack: a week's typical cases as Markdown, PDF and slides, for the meeting.

Everything in a pack comes from `db.cases.pack_cases`, which masks the customer's name,
phone and waybill and scrubs every free text (description, lesson, 5-Why...) of them, and
from each case's story (services/case_story.py, masked the same way); this module lays the
cases out (the slides: views/case_slides.py). PDF text is set in the font the app ships
and embeds (views/pdf_fonts.py), so the file looks the same everywhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from sqlmodel import Session

from complaint_console.db.cases import PackCase, pack_cases
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Actor
from complaint_console.domain.export_safety import markdown_text
from complaint_console.i18n.catalogue import translate
from complaint_console.services import case_story
from complaint_console.services.case_story import CaseStory, StorySection
from complaint_console.settings import get_settings


@dataclass(frozen=True)
class Pack:
    week_start: date
    cases: list[PackCase]
    stories: list[CaseStory | None] = field(default_factory=list)

    def story(self, index: int, lang: str) -> list[StorySection]:
        """The story of the `index`th case in `lang` (empty when it could not be read)."""
        found = self.stories[index] if index < len(self.stories) else None
        return case_story.sections(found, lang, get_settings().business_tz) if found else []

    @property
    def week_label(self) -> str:
        return f"{self.week_start.isoformat()} – {(self.week_start + timedelta(days=6)).isoformat()}"


def build(db: Session, actor: Actor, week_start: date) -> Pack:
    now = utcnow()
    cases = pack_cases(db, actor, week_start, now)
    return Pack(week_start, cases, [case_story.read(db, actor, c.ticket_id, now) for c in cases])


def filename(week_start: date, ext: str) -> str:
    return f"case-pack-{week_start.isoformat()}.{ext}"


def _local(moment) -> str:
    return moment.astimezone(ZoneInfo(get_settings().business_tz)).strftime("%Y-%m-%d %H:%M")


def _facts(c: PackCase, lang: str) -> list[tuple[str, str]]:
    def tr(key: str) -> str:
        return translate(key, lang)

    return [
        (tr("ticket.number"), c.number),
        (tr("ticket.outlet"), c.outlet),
        (tr("ticket.category"), f"{tr('category.' + c.category)} · {tr('severity.' + c.severity)}"),
        (tr("ticket.channel"), tr("channel." + c.channel)),
        (tr("ticket.created"), _local(c.created_at)),
        (tr("ticket.customer"), f"{c.customer_name} · {c.customer_phone}"),
        (tr("ticket.waybill"), c.waybill_no),
        (tr("cases.signals"), ", ".join(tr("cases.signal." + s) for s in c.signals) or "–"),
        (tr("cases.field.practice"), tr("cases.practice." + c.practice)),
        (tr("cases.field.tags"), ", ".join(c.tags)),
    ]


def _plain_story(c: PackCase, lang: str) -> list[StorySection]:
    """What a case shows when its story could not be read: the customer's words and the remedy."""
    lines = [StorySection("customer", translate("story.customer", lang), (c.description,))]
    if c.resolution_summary:
        lines.append(StorySection("remedy", translate("story.remedy", lang), (c.resolution_summary,)))
    return lines


def markdown(pack: Pack, lang: str = "en") -> str:
    def tr(key: str) -> str:
        return translate(key, lang)

    lines = [f"# {tr('cases.pack.title')}: {pack.week_label}", "", tr("cases.pack.masked_note"), ""]
    if not pack.cases:
        lines.append(tr("cases.pack.no_cases"))
    for i, c in enumerate(pack.cases, 1):
        lines += [f"## {i}. {markdown_text(c.title)}", ""]
        lines += [f"- **{label}:** {markdown_text(value)}" for label, value in _facts(c, lang)]
        lines.append("")
        for section in pack.story(i - 1, lang) or _plain_story(c, lang):
            lines += [f"### {section.title}", ""]
            lines += [f"- {markdown_text(line)}" for line in section.lines]
            lines.append("")
        lines += [f"### {tr('cases.field.lesson')}", "", markdown_text(c.lesson), ""]
        if c.five_whys:
            lines += [f"### {tr('cases.five_whys')}", ""]
            for n, (why, because) in enumerate(c.five_whys, 1):
                lines.append(
                    f"{n}. **{tr('cases.why')}** {markdown_text(why)} → **{tr('cases.because')}** {markdown_text(because)}"
                )
            lines += ["", f"**{tr('cases.field.root_cause')}:** {markdown_text(c.root_cause)}", ""]
        if c.corrective_action:
            due = c.action_due.isoformat() if c.action_due else ""
            lines += [
                f"### {tr('cases.field.corrective_action')}",
                "",
                markdown_text(c.corrective_action),
                "",
                f"- **{tr('cases.field.action_owner')}:** {markdown_text(c.action_owner)}",
                f"- **{tr('cases.field.action_due')}:** {due}",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


def pdf(pack: Pack, lang: str = "en") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from complaint_console.views.pdf_fonts import registered

    CJK_FONT = registered()  # noqa: N806  (a name, not a variable that changes)

    def tr(key: str) -> str:
        return translate(key, lang)

    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=CJK_FONT, fontSize=10, leading=14, wordWrap="CJK")
    h1 = ParagraphStyle("h1", parent=base["Title"], fontName=CJK_FONT, fontSize=18, leading=24)
    h2 = ParagraphStyle("h2", parent=base["Heading2"], fontName=CJK_FONT, fontSize=14, leading=18, spaceBefore=6)
    h3 = ParagraphStyle("h3", parent=base["Heading4"], fontName=CJK_FONT, fontSize=11, leading=15, spaceBefore=6)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=11, textColor=colors.grey)
    # A table sets its cells' font (Helvetica unless told): naming ours keeps every font of the file embedded.
    in_font = ("FONTNAME", (0, 0), (-1, -1), CJK_FONT)
    timeline = TableStyle([in_font, ("LINEBEFORE", (0, 0), (0, -1), 1, colors.lightgrey), ("TOPPADDING", (0, 0), (-1, -1), 1)])

    def p(text: str, style=body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story: list = [p(f"{tr('cases.pack.title')}: {pack.week_label}", h1), p(tr("cases.pack.masked_note"), small)]
    story.append(Spacer(1, 4 * mm))
    if not pack.cases:
        story.append(p(tr("cases.pack.no_cases")))
    for i, c in enumerate(pack.cases, 1):
        if i > 1:
            story.append(PageBreak())
        story.append(p(f"{i}. {c.title}", h2))
        facts = Table([[p(label, small), p(value)] for label, value in _facts(c, lang)], colWidths=[35 * mm, 135 * mm])
        facts.setStyle(
            TableStyle([in_font, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey)])
        )
        story.append(facts)
        for section in pack.story(i - 1, lang) or _plain_story(c, lang):
            story.append(p(section.title, h3))
            if section.key == "timeline":
                story.append(Table([[p(line)] for line in section.lines], colWidths=[170 * mm], style=timeline))
            else:
                story += [p(line) for line in section.lines]
        story += [p(tr("cases.field.lesson"), h3), p(c.lesson)]
        if c.five_whys:
            story.append(p(tr("cases.five_whys"), h3))
            rows = [[p("#", small), p(tr("cases.why"), small), p(tr("cases.because"), small)]]
            rows += [[p(str(n)), p(why), p(because)] for n, (why, because) in enumerate(c.five_whys, 1)]
            rows.append([p("⇒", small), p(tr("cases.field.root_cause"), small), p(c.root_cause)])
            chain = Table(rows, colWidths=[10 * mm, 80 * mm, 80 * mm])
            chain.setStyle(
                TableStyle(
                    [
                        in_font,
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                        ("BACKGROUND", (0, -1), (-1, -1), colors.lightyellow),
                    ]
                )
            )
            story.append(chain)
        if c.corrective_action:
            due = c.action_due.isoformat() if c.action_due else ""
            story += [
                p(tr("cases.field.corrective_action"), h3),
                p(c.corrective_action),
                p(f"{tr('cases.field.action_owner')}: {c.action_owner} · {tr('cases.field.action_due')}: {due}", small),
            ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{tr('cases.pack.title')} {pack.week_start.isoformat()}",
        author=tr("app.name"),
        invariant=True,
        initialFontName=CJK_FONT,
    )
    doc.build(story)
    return out.getvalue()
