"""Reading a PPTX back, as a test would: its text (python-pptx) and a PNG picture of a slide.

LibreOffice is not installed on these machines, so a slide is pictured here from the file
itself: every text box drawn at its position and size, each paragraph in its own point size,
bold and colour, wrapped at the box's width, in the font the app ships (Pillow). What the
picture shows is what the file holds; it is not PowerPoint's exact typesetting.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation

FONT = Path(__file__).resolve().parents[1] / "complaint_console" / "fonts" / "wqy-microhei.ttc"
EMU_PER_INCH = 914400


def slides_text(data: bytes) -> list[str]:
    """The text of each slide, its text boxes in order."""
    prs = Presentation(io.BytesIO(data))
    return ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in prs.slides]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if draw.textlength(line + ch, font=font) > width and line:
            cut = line.rfind(" ")
            if cut > 0 and ch != " " and line[cut + 1 :].isascii():
                lines.append(line[:cut])
                line = line[cut + 1 :] + ch
                continue
            lines.append(line)
            line = ch.lstrip()
            continue
        line += ch
    return [*lines, line]


def render_slide(data: bytes, index: int, out: Path, dpi: int = 96) -> Path:
    """Slide `index` of the file as a PNG at `dpi`."""
    prs = Presentation(io.BytesIO(data))
    scale = dpi / EMU_PER_INCH
    image = Image.new("RGB", (round(prs.slide_width * scale), round(prs.slide_height * scale)), "white")
    draw = ImageDraw.Draw(image)
    for shape in prs.slides[index].shapes:
        if not shape.has_text_frame:
            continue
        x, y, width = shape.left * scale + 7, shape.top * scale + 4, shape.width * scale - 14
        for para in shape.text_frame.paragraphs:
            run = para.runs[0] if para.runs else None
            size = (run.font.size.pt if run is not None and run.font.size else 18) * dpi / 72
            font = ImageFont.truetype(str(FONT), round(size), index=0)
            color = f"#{run.font.color.rgb}" if run is not None and run.font.color and run.font.color.type else "#000000"
            for line in _wrap(draw, para.text, font, width):
                draw.text(
                    (x, y),
                    line,
                    font=font,
                    fill=color,
                    stroke_width=1 if run is not None and run.font.bold else 0,
                    stroke_fill=color,
                )
                y += size * 1.2
            y += (para.space_after.pt if para.space_after else 0) * dpi / 72
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out)
    return out
