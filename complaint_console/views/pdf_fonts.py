"""The one font of every PDF the app makes: WenQuanYi Micro Hei, shipped in complaint_console/fonts/
and embedded (as a subset of the glyphs used) in each file, so Latin and Chinese text look the same
wherever the PDF is opened (a CID font such as STSong-Light is not embedded: Latin text came out
spaced apart and Chinese missing on machines without it)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT = "WenQuanYiMicroHei"
FILE = Path(__file__).resolve().parents[1] / "fonts" / "wqy-microhei.ttc"


@cache
def registered() -> str:
    """Register the font with reportlab (once per process); its name, for styles and canvases."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(FILE), subfontIndex=0))
    return FONT
