"""The case pack as slides to project in the weekly meeting (#14): 16:9, a summary slide and one
slide per case, body text at 20 pt or more, Chinese set in an East Asian font.

The slides show what the other pack formats show (services/case_pack.py): the masked case and
its story (services/case_story.py), shortened to what a slide can hold at that size.
"""

from __future__ import annotations

import io
import unicodedata

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from complaint_console.i18n.catalogue import translate
from complaint_console.services.case_pack import Pack
from complaint_console.services.case_story import StorySection

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
LATIN_FONT = "Arial"
EAST_ASIAN_FONT = "Microsoft YaHei"  # on every Windows and Office for Mac; others substitute a CJK sans
TITLE_PT, BODY_PT, HEAD_PT = 32, 20, 22
LINE = 36  # columns of one line of body text in the left box (a Chinese character takes two)
LINE_RIGHT = 40  # ... and in the wider right box (the timeline)
TIMELINE_ROWS = 4  # timeline entries on a case slide; more show 3 and "… and N more"
SUMMARY_ROWS = 10  # cases listed on the summary slide before "… and N more"
GREY, DARK, ACCENT = RGBColor(0x55, 0x5F, 0x6D), RGBColor(0x1C, 0x20, 0x24), RGBColor(0xC0, 0x39, 0x2B)


def _width(ch: str) -> float:
    """Columns a character takes: a Chinese one two, a narrow Latin one less than one."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 0.85 if ch.islower() or ch in " .,:;·'()-|ijlt1" else 1


def _clip(text: str, limit: float) -> str:
    """`text` on one line, cut to `limit` columns (a Chinese character takes two) with "…"."""
    text, used = " ".join(text.split()), 0
    for n, ch in enumerate(text):
        used += _width(ch)
        if used > limit:
            return text[:n].rstrip() + "…"
    return text


def _font(run, size: int, bold: bool = False, color: RGBColor = DARK) -> None:
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, LATIN_FONT
    run.font.color.rgb = color
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):  # East Asian text takes `ea`: without it CJK falls back to boxes on some viewers
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", EAST_ASIAN_FONT)


def _box(slide, left: Emu, top: Emu, width: Emu, height: Emu, paragraphs: list[tuple[str, int, bool, RGBColor]]):
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for n, (text, size, bold, color) in enumerate(paragraphs):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.space_after = Pt(2)
        _font(para.add_run(), size, bold, color)
        para.runs[0].text = text
    return frame


def _section(sections: list[StorySection], key: str) -> StorySection | None:
    return next((s for s in sections if s.key == key), None)


def _head(text: str) -> tuple[str, int, bool, RGBColor]:
    return (text, HEAD_PT, True, ACCENT)


def _body(text: str, limit: float = LINE) -> tuple[str, int, bool, RGBColor]:
    return (_clip(text, limit), BODY_PT, False, DARK)


def _case_slide(prs: Presentation, pack: Pack, index: int, lang: str) -> None:
    c = pack.cases[index]
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    sections = pack.story(index, lang)
    practice = translate(f"cases.practice.{c.practice}", lang)
    _box(
        slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(1.0), [(f"{index + 1}. {_clip(c.title, 60)}", TITLE_PT, True, DARK)]
    )
    category = translate(f"category.{c.category}", lang)
    facts = f"{c.number} · {c.outlet} · {category} · {practice} · {c.customer_name} {c.customer_phone}"
    _box(slide, Inches(0.5), Inches(1.0), Inches(12.3), Inches(0.5), [(_clip(facts, 110), BODY_PT, False, GREY)])
    left: list[tuple[str, int, bool, RGBColor]] = []
    customer = _section(sections, "customer")
    if customer:
        left += [_head(customer.title), _body(customer.lines[0], 2 * LINE)] + [_body(x) for x in customer.lines[1:3]]
    for key, most in (("clocks", 2), ("cause", 3)):
        part = _section(sections, key)
        if part:
            left += [_head(part.title)] + [_body(x) for x in part.lines[:most]]
    right: list[tuple[str, int, bool, RGBColor]] = []
    timeline = _section(sections, "timeline")
    if timeline:
        fits = len(timeline.lines) <= TIMELINE_ROWS
        shown = timeline.lines if fits else timeline.lines[: TIMELINE_ROWS - 1]
        right += [_head(timeline.title)] + [_body(x.split(" — ")[0][5:], LINE_RIGHT) for x in shown]  # no year, no note
        if len(timeline.lines) > len(shown):
            right.append(_body(translate("cases.pack.more", lang).format(n=len(timeline.lines) - len(shown))))
    for key, most in (("remedy", 2), ("repeats", 1)):
        part = _section(sections, key)
        if part:
            right += [_head(part.title)] + [_body(x, LINE_RIGHT) for x in part.lines[:most]]
    if not sections:
        left += [_head(translate("story.customer", lang)), _body(c.description, 3 * LINE)]
    right += [_head(translate("cases.field.lesson", lang)), _body(c.lesson, LINE_RIGHT)]
    _box(slide, Inches(0.5), Inches(1.55), Inches(5.7), Inches(5.5), left)
    _box(slide, Inches(6.4), Inches(1.55), Inches(6.5), Inches(5.5), right)
    footer = f"{translate('cases.pack.case_of', lang).format(i=index + 1, n=len(pack.cases))} · {pack.week_label}"
    _box(slide, Inches(0.5), Inches(7.1), Inches(12.3), Inches(0.4), [(footer, 12, False, GREY)])


def _summary_slide(prs: Presentation, pack: Pack, lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    title = f"{translate('cases.pack.title', lang)}: {pack.week_label}"
    _box(slide, Inches(0.5), Inches(0.4), Inches(12.3), Inches(1.0), [(title, TITLE_PT + 4, True, DARK)])
    rows: list[tuple[str, int, bool, RGBColor]] = [_head(translate("cases.pack.summary", lang))]
    if not pack.cases:
        rows.append(_body(translate("cases.pack.no_cases", lang)))
    for i, c in enumerate(pack.cases[:SUMMARY_ROWS], 1):
        practice = translate(f"cases.practice.{c.practice}", lang)
        category = translate(f"category.{c.category}", lang)
        rows.append(_body(f"{i}. {_clip(c.title, 40)} — {c.number} · {category} · {practice}", 2 * LINE + 10))
    if len(pack.cases) > SUMMARY_ROWS:
        rows.append(_body(translate("cases.pack.more", lang).format(n=len(pack.cases) - SUMMARY_ROWS)))
    _box(slide, Inches(0.5), Inches(1.5), Inches(12.3), Inches(5.2), rows)
    _box(
        slide, Inches(0.5), Inches(6.9), Inches(12.3), Inches(0.5), [(translate("cases.pack.masked_note", lang), 14, False, GREY)]
    )


def pptx(pack: Pack, lang: str = "en") -> bytes:
    """The pack as a 16:9 PowerPoint file: the summary, then one slide per case."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{translate('cases.pack.title', lang)} {pack.week_start.isoformat()}"
    prs.core_properties.author = translate("app.name", lang)
    _summary_slide(prs, pack, lang)
    for index in range(len(pack.cases)):
        _case_slide(prs, pack, index, lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
