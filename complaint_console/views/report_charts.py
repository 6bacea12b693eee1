"""The weekly report's charts as PNG images for the PDF (matplotlib, no browser needed).

The page draws the same data with Plotly (views/score_charts.py). Labels are set in the
font the app ships (complaint_console/fonts, as the PDF's text), so Chinese charts look the
same on every machine; should that file be missing, an installed CJK font, else English.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from functools import cache

from complaint_console.domain.scores import band_tiers
from complaint_console.i18n import catalogue
from complaint_console.i18n.catalogue import DEFAULT_LANGUAGE
from complaint_console.views.score_charts import TIER_COLOURS  # one palette for the page and the PDF

CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", "SimHei")
RATE_COLOURS = {"resolution": "#1565c0", "timeliness": "#2e7d32", "satisfaction": "#ef6c00"}


@cache
def _cjk_font() -> str | None:
    from matplotlib import font_manager

    from complaint_console.views.pdf_fonts import FILE

    if FILE.exists():
        font_manager.fontManager.addfont(str(FILE))
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def messages(lang: str) -> dict[str, str]:
    """The catalogue the chart labels come from: Chinese only when a CJK font can draw it."""
    return catalogue.messages(lang if _cjk_font() else DEFAULT_LANGUAGE)


def _png(draw: Callable, lang: str, height: float = 2.6) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _cjk_font() if lang == "zh" else None
    with plt.rc_context({"font.sans-serif": [font, "DejaVu Sans"] if font else ["DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(7.5, height), dpi=150)
        draw(ax, messages(lang))
        ax.tick_params(labelsize=7)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        plt.close(fig)
    return out.getvalue()


def distribution(bands: list[int], lang: str, tiers: dict[str, float]) -> bytes:
    """Outlets per 10-point score band, each bar in the colour of its tier under `tiers`."""

    def draw(ax, m):
        ax.bar([f"{10 * i}-{10 * i + 10}" for i in range(10)], bands, color=[TIER_COLOURS[t] for t in band_tiers(tiers)])
        ax.yaxis.get_major_locator().set_params(integer=True)  # outlets are counted in whole numbers
        ax.set_ylabel(m["scores.chart.outlets"], fontsize=8)

    return _png(draw, lang)


def trend(rows: list[tuple[date, float | None, float | None, float | None]], lang: str) -> bytes:
    """The network's three rates over the weeks, in %."""

    def draw(ax, m):
        weeks = [w.strftime("%m-%d") for w, *_ in rows]
        for i, (name, colour) in enumerate(RATE_COLOURS.items()):
            values = [None if r[i + 1] is None else 100 * r[i + 1] for r in rows]
            ax.plot(weeks, values, marker="o", color=colour, label=m[f"scores.col.{name}"])
        ax.set_ylabel("%", fontsize=8)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=7, ncol=3, frameon=False)  # above the lines

    return _png(draw, lang)


def shares(counts: list[tuple[str, int]], prefix: str, lang: str) -> bytes:
    """Tickets per category or channel (`prefix` "category." or "channel."), largest on top."""

    def draw(ax, m):
        total = sum(n for _, n in counts) or 1
        labels = [m.get(f"{prefix}{key}", key or "—") for key, _ in reversed(counts)]
        values = [n for _, n in reversed(counts)]
        bars = ax.barh(labels, values, color="#1565c0")
        ax.bar_label(bars, labels=[f"{100 * n / total:.0f}%" for n in values], fontsize=7, padding=2)
        ax.set_xlabel(m["scores.chart.tickets"], fontsize=8)

    return _png(draw, lang, height=0.5 + 0.28 * max(len(counts), 3))


def sla_compliance(rows: list[tuple[str, int, int]], lang: str) -> bytes:
    """Per severity: the share of the week's cohort on time, in %."""

    def draw(ax, m):
        labels = [m.get(f"severity.{s}", s) for s, _, _ in rows]
        values = [100 * k / n if n else 0 for _, n, k in rows]
        bars = ax.bar(labels, values, color=["#c62828", "#ef6c00", "#1565c0"][: len(rows)])
        ax.bar_label(bars, labels=[f"{v:.1f}%" for v in values], fontsize=7)
        ax.set_ylim(0, 100)
        ax.set_ylabel(m["scores.compliance"] + " %", fontsize=8)

    return _png(draw, lang, height=2.2)
