"""Settings from the environment (and a `.env` file), per DESIGN's operator contract."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    scheduler: str
    smtp_url: str | None
    smtp_from: str
    webhook_url: str | None
    webhook_secret: str
    outbox_lock_seconds: int
    business_tz: str
    secret_key: str
    port: int
    upload_dir: Path
    jobs_tick_seconds: int | None  # tests and demos: run every interval job this often instead
    jobs_lease_seconds: int
    public_url: str  # the customer-facing address, for links in messages (the survey link)
    file_storage: str  # where evidence and import files live: "local" (under upload_dir) or "s3"
    s3_bucket: str | None
    s3_endpoint_url: str | None  # S3-compatible storage (MinIO, Ceph, ...); None: AWS
    s3_region: str | None
    s3_prefix: str  # object keys start with this ("" or e.g. "complaints/")


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under data/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    DATA_DIR.mkdir(exist_ok=True)
    path = DATA_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    default_db = f"sqlite:///{DATA_DIR / 'complaint_console.db'}"
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or default_db,
        redis_url=os.environ.get("REDIS_URL") or None,
        scheduler=os.environ.get("SCHEDULER", "embedded"),
        smtp_url=os.environ.get("SMTP_URL") or None,
        smtp_from=os.environ.get("SMTP_FROM") or "Complaint Console <complaint-console@localhost>",
        webhook_url=os.environ.get("WEBHOOK_URL") or None,
        webhook_secret=os.environ.get("WEBHOOK_SECRET") or "",
        outbox_lock_seconds=int(os.environ.get("OUTBOX_LOCK_SECONDS") or "120"),
        business_tz=os.environ.get("BUSINESS_TZ", "Asia/Shanghai"),
        secret_key=_secret_key(),
        port=int(os.environ.get("PORT", "3000")),
        upload_dir=Path(os.environ.get("UPLOAD_DIR") or DATA_DIR / "uploads"),
        jobs_tick_seconds=int(os.environ["JOBS_TICK_SECONDS"]) if os.environ.get("JOBS_TICK_SECONDS") else None,
        jobs_lease_seconds=int(os.environ.get("JOBS_LEASE_SECONDS") or 60),
        public_url=(os.environ.get("PUBLIC_URL") or "http://localhost:3000").rstrip("/"),
        file_storage=(os.environ.get("FILE_STORAGE") or "local").strip().lower(),
        s3_bucket=os.environ.get("S3_BUCKET") or None,
        s3_endpoint_url=os.environ.get("S3_ENDPOINT_URL") or None,
        s3_region=os.environ.get("S3_REGION") or None,
        s3_prefix=os.environ.get("S3_PREFIX") or "",
    )
