"""Settings from the environment (and a `.env` file), per DESIGN's operator contract.

Every variable is checked when the settings are first read: a wrong value raises
`SettingsError`, which names each bad variable, what it holds and what is allowed. The
entry points (the CLI, `rxconfig.py`) print that message and exit with status 2, so a typo
such as `SCHEDULER=embeded` stops the process instead of silently turning the jobs off.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import load_dotenv

from complaint_console.domain.public_limits import PublicLimits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SCHEDULERS = ("embedded", "off")
FILE_STORAGES = ("local", "s3")
LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
EXIT_BAD_SETTINGS = 2

T = TypeVar("T")


class SettingsError(ValueError):
    """One or more environment variables hold values the app cannot run with."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid settings:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class Settings:
    database_url: str
    db_pool_size: int  # per process (PostgreSQL): processes × (pool + overflow) must stay below max_connections
    db_max_overflow: int
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
    # The address browsers use (behind a proxy: the proxy's, port included): links in messages, and
    # the backend address compiled into the frontend (so it must be set before `build`).
    public_url: str
    log_level: str
    log_format: str
    session_lifetime_days: int  # a session ends this long after sign-in, however active
    trusted_proxy_hops: int  # reverse proxies in front of the app whose X-Forwarded-For is believed
    allowed_origins: tuple[str, ...]  # browser origins allowed to call the backend: PUBLIC_URL's, and ALLOWED_ORIGINS
    file_storage: str  # where evidence and import files live: "local" (under upload_dir) or "s3"
    s3_bucket: str | None
    s3_endpoint_url: str | None  # S3-compatible storage (MinIO, Ceph, ...); None: AWS
    s3_region: str | None
    s3_prefix: str  # object keys start with this ("" or e.g. "complaints/")
    public_limits: PublicLimits  # how often the public complaint form may be used (domain/public_limits.py)


class _Reader:
    """Reads variables, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def _parse(self, name: str, default: T, parse: Callable[[str], T], allowed: str) -> T:
        raw = os.environ.get(name, "").strip()
        if not raw:
            return default
        try:
            return parse(raw)
        except ValueError:
            self.problems.append(f"{name}={raw!r}: {allowed}")
            return default

    def text(self, name: str, default: str) -> str:
        return os.environ.get(name, "").strip() or default

    def optional(self, name: str) -> str | None:
        return os.environ.get(name, "").strip() or None

    def integer(self, name: str, default: int | None, low: int, high: int) -> int | None:
        def parse(raw: str) -> int:
            value = int(raw)
            if not low <= value <= high:
                raise ValueError
            return value

        return self._parse(name, default, parse, f"must be a whole number from {low} to {high}")

    def choice(self, name: str, default: str, choices: tuple[str, ...], fold: Callable[[str], str] = str.lower) -> str:
        def parse(raw: str) -> str:
            if fold(raw) not in choices:
                raise ValueError
            return fold(raw)

        return self._parse(name, default, parse, f"must be one of {', '.join(choices)}")

    def url(self, name: str, default: str | None, schemes: tuple[str, ...]) -> str | None:
        def parse(raw: str) -> str:
            parts = urlsplit(raw)
            if not any(parts.scheme == s or parts.scheme.startswith(s + "+") for s in schemes):
                raise ValueError
            if parts.scheme.split("+")[0] != "sqlite" and not parts.netloc:
                raise ValueError
            return raw

        return self._parse(name, default, parse, f"must be a URL starting with {' or '.join(s + '://' for s in schemes)}")

    def origins(self, name: str) -> tuple[str, ...]:
        """A comma-separated list of origins (`https://host[:port]`, no path)."""

        def parse(raw: str) -> tuple[str, ...]:
            found = tuple(item.strip().rstrip("/") for item in raw.split(",") if item.strip())
            for origin in found:
                parts = urlsplit(origin)
                if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
                    raise ValueError
            return found

        return self._parse(name, (), parse, "must be origins such as https://complaints.example.com, separated by commas")

    def timezone(self, name: str, default: str) -> str:
        def parse(raw: str) -> str:
            try:
                ZoneInfo(raw)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError from exc
            return raw

        return self._parse(name, default, parse, "must be an IANA time zone such as Asia/Shanghai")


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


def read_settings() -> Settings:
    """The settings of the current environment; raises SettingsError naming every bad value."""
    env = _Reader()
    default_db = f"sqlite:///{DATA_DIR / 'complaint_console.db'}"
    port = env.integer("PORT", 3000, 1, 65_535)
    public_url = (env.url("PUBLIC_URL", f"http://localhost:{port}", ("http", "https")) or "").rstrip("/")
    # The app's own origins: PUBLIC_URL's; on this machine without one (`make run`), 127.0.0.1 too.
    own_origins = ("{0.scheme}://{0.netloc}".format(urlsplit(public_url)),)
    if not os.environ.get("PUBLIC_URL", "").strip():
        own_origins += (f"http://127.0.0.1:{port}",)
    settings = Settings(
        database_url=env.url("DATABASE_URL", default_db, ("sqlite", "postgresql")),
        db_pool_size=env.integer("DB_POOL_SIZE", 10, 1, 1000),
        db_max_overflow=env.integer("DB_MAX_OVERFLOW", 20, 0, 1000),
        redis_url=env.url("REDIS_URL", None, ("redis", "rediss")),
        scheduler=env.choice("SCHEDULER", "embedded", SCHEDULERS),
        smtp_url=env.url("SMTP_URL", None, ("smtp", "smtps")),
        smtp_from=env.text("SMTP_FROM", "Complaint Console <complaint-console@localhost>"),
        webhook_url=env.url("WEBHOOK_URL", None, ("http", "https")),
        webhook_secret=env.text("WEBHOOK_SECRET", ""),
        outbox_lock_seconds=env.integer("OUTBOX_LOCK_SECONDS", 120, 1, 86_400),
        business_tz=env.timezone("BUSINESS_TZ", "Asia/Shanghai"),
        secret_key=_secret_key(),
        port=port,
        upload_dir=Path(env.text("UPLOAD_DIR", str(DATA_DIR / "uploads"))),
        jobs_tick_seconds=env.integer("JOBS_TICK_SECONDS", None, 1, 86_400),
        jobs_lease_seconds=env.integer("JOBS_LEASE_SECONDS", 60, 1, 3_600),
        public_url=public_url,
        log_level=env.choice("LOG_LEVEL", "INFO", LOG_LEVELS, fold=str.upper),
        log_format=env.choice("LOG_FORMAT", "text", LOG_FORMATS),
        session_lifetime_days=env.integer("SESSION_LIFETIME_DAYS", 7, 1, 90),
        trusted_proxy_hops=env.integer("TRUSTED_PROXY_HOPS", 0, 0, 5),
        allowed_origins=tuple(dict.fromkeys((*own_origins, *env.origins("ALLOWED_ORIGINS")))),
        file_storage=env.choice("FILE_STORAGE", "local", FILE_STORAGES),
        s3_bucket=env.optional("S3_BUCKET"),
        s3_endpoint_url=env.url("S3_ENDPOINT_URL", None, ("http", "https")),
        s3_region=env.optional("S3_REGION"),
        s3_prefix=env.text("S3_PREFIX", ""),
        public_limits=PublicLimits(
            per_client_hour=env.integer("PUBLIC_LIMIT_CLIENT_HOUR", PublicLimits.per_client_hour, 1, 100_000),
            per_phone_day=env.integer("PUBLIC_LIMIT_PHONE_DAY", PublicLimits.per_phone_day, 1, 1000),
            per_waybill_day=env.integer("PUBLIC_LIMIT_WAYBILL_DAY", PublicLimits.per_waybill_day, 1, 1000),
        ),
    )
    if settings.file_storage == "s3" and not settings.s3_bucket:
        env.problems.append("S3_BUCKET is not set: FILE_STORAGE=s3 needs the bucket's name")
    if env.problems:
        raise SettingsError(env.problems)
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    return read_settings()


def settings_or_exit() -> Settings:
    """For entry points: the settings, or the problems printed and the process ended (status 2)."""
    try:
        return get_settings()
    except SettingsError as exc:
        print(f"complaint-console: {exc}\nSee docs/configuration.md for every variable.", file=sys.stderr)
        raise SystemExit(EXIT_BAD_SETTINGS) from None
