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


def size_problems(sizes: list[int | None]) -> list[str]:
    """What is wrong with the files from their count and sizes alone: checked before any is read.
    An unknown size passes here; the read stops one byte past MAX_BYTES (`problems` refuses it)."""
    found = {"evidence.too_many"} if len(sizes) > MAX_FILES else set()
    found |= {"evidence.too_big" for size in sizes if size is not None and size > MAX_BYTES}
    return sorted(found)


def problems(files: list[tuple[str, bytes]]) -> list[str]:
    """Message keys for what is wrong with the files (name, content); empty when all is fine."""
    found = set(size_problems([len(content) for _, content in files]))
    found |= {"evidence.wrong_type" for _, content in files if len(content) <= MAX_BYTES and sniff(content) is None}
    return sorted(found)
