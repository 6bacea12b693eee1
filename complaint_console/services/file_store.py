"""Where evidence and import files are kept: the upload folder on local disk (the default), or a
bucket on S3-compatible storage (AWS S3, MinIO, Ceph, ...), chosen by FILE_STORAGE.

A file is named by a key such as `0f3c….png` or `imports/9a1b….csv`; on local disk the key is
the path under UPLOAD_DIR, so files stored before this module existed are found as they are.
Every call blocks: callers on the Reflex event loop run them through `states/offload.in_thread`.
S3 credentials come from boto3's usual places (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ...).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol

from complaint_console.settings import get_settings

_KEY = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")


class FileStore(Protocol):
    def put(self, key: str, content: bytes | BinaryIO) -> None:
        """Store `content` (bytes, or a binary file read to its end) under `key`, replacing any."""

    def open(self, key: str) -> BinaryIO:
        """The stored file, to read and close; FileNotFoundError when there is none."""

    def delete(self, key: str) -> None:
        """Remove the file; nothing happens when there is none."""

    def exists(self, key: str) -> bool: ...


def new_key(extension: str, folder: str = "") -> str:
    """A fresh random key (`folder/<32 hex>.extension`): stored names never come from users."""
    name = f"{secrets.token_hex(16)}.{extension}"
    return check_key(f"{folder}/{name}" if folder else name)


def check_key(key: str) -> str:
    """`key` when it is a relative path without `.`/`..` parts; ValueError otherwise."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"not a file key: {key!r}")
    return key


class LocalStore:
    """Files under a folder; a key's folders are made on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, content: bytes | BinaryIO) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=path.parent, prefix=".part-")  # readers never see half a file
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(content, bytes):
                    out.write(content)
                else:
                    shutil.copyfileobj(content, out)
            os.replace(part, path)
        except BaseException:
            Path(part).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> BinaryIO:
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        return path.open("rb")

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()


def file_store() -> FileStore:
    """The store the settings choose (checked at start: s3 comes with its bucket)."""
    settings = get_settings()
    if settings.file_storage == "s3":
        return _s3_store(settings.s3_bucket, settings.s3_prefix, settings.s3_endpoint_url, settings.s3_region)
    return LocalStore(settings.upload_dir)


@lru_cache(maxsize=4)
def _s3_store(bucket: str, prefix: str, endpoint_url: str | None, region: str | None) -> FileStore:
    from complaint_console.services.s3_store import S3Store  # boto3 loads only when S3 is used

    return S3Store(bucket, prefix, endpoint_url=endpoint_url, region=region)
