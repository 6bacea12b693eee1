"""Evidence files of a public complaint: JPEG, PNG or PDF, up to 10 MB each, 5 at most.

The type is read from the content's first bytes, never from the file name or the browser.
"""

from __future__ import annotations

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = (
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"%PDF-", "pdf", "application/pdf"),
)


def sniff(content: bytes) -> tuple[str, str] | None:
    """(extension, content type) from the file's first bytes, or None for anything else."""
    for magic, extension, content_type in SIGNATURES:
        if content.startswith(magic):
            return extension, content_type
    return None


def problems(files: list[tuple[str, bytes]]) -> list[str]:
    """Message keys for what is wrong with the files (name, content); empty when all is fine."""
    found: list[str] = []
    if len(files) > MAX_FILES:
        found.append("evidence.too_many")
    for _, content in files:
        if len(content) > MAX_BYTES:
            found.append("evidence.too_big")
        elif sniff(content) is None:
            found.append("evidence.wrong_type")
    return sorted(set(found))
