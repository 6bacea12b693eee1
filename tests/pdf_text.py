"""The text of a PDF, for tests that look for what a PDF says: read back with pypdf, as a reader
would (the app's PDFs embed a subset of their TrueType font, so the text is not plain in the file)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
