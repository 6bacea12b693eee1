"""The text of a ReportLab PDF, for tests that look for what a PDF says (no PDF library needed).

Content streams are ASCII85 + Flate encoded; text is shown with `(...) Tj`, in the CID font
STSong-Light (UTF-16-BE, UniGB-UCS2-H) or a base-14 font (Latin-1).
"""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(rb"<<(.*?)>>\s*stream\r?\n(.*?)endstream", re.S)
_TOKEN = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> bytes:
    def one(m: re.Match) -> bytes:
        e = m.group(1)
        if e[:1].isdigit():
            return bytes([int(e, 8) & 0xFF])
        return _SIMPLE.get(e, e)

    return _ESCAPE.sub(one, raw)


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for m in _STREAM.finditer(pdf):
        head, data = m.group(1), m.group(2).strip()
        if b"ASCII85Decode" in head:
            data = base64.a85decode(data.removesuffix(b"~>"))
        if b"FlateDecode" in head:
            data = zlib.decompress(data)
        out.append(data)
    return out


def pdf_text(pdf: bytes) -> str:
    """Every shown string, in order, joined without separators (so a word broken across
    lines is still found whole)."""
    cid_fonts = {m.decode() for m in re.findall(rb"/Encoding /UniGB-UCS2-H /Name /(F\d+)", pdf)}
    assert cid_fonts, "no CID font in this PDF"
    font, parts = "", []
    for stream in _streams(pdf):
        for m in _TOKEN.finditer(stream):
            if m.group(1):
                font = m.group(1).decode()
                continue
            raw = _unescape(m.group(2))
            parts.append(raw.decode("utf-16-be", "replace") if font in cid_fonts else raw.decode("latin-1"))
    return "".join(parts)
