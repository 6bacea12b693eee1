"""Settings are checked at start: a wrong value names the variable and what is allowed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from complaint_console.settings import EXIT_BAD_SETTINGS, SettingsError, read_settings

ROOT = Path(__file__).resolve().parents[2]
VARIABLES = (
    "DATABASE_URL",
    "PORT",
    "SCHEDULER",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "DB_POOL_SIZE",
    "DB_MAX_OVERFLOW",
    "BUSINESS_TZ",
    "REDIS_URL",
    "SMTP_URL",
    "JOBS_TICK_SECONDS",
    "PUBLIC_URL",
    "FILE_STORAGE",
    "S3_BUCKET",
    "ALLOWED_ORIGINS",
)


@pytest.fixture
def clean_env(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "unit")
    return monkeypatch


def test_defaults_are_valid(clean_env):
    settings = read_settings()
    assert (settings.port, settings.scheduler, settings.log_level, settings.log_format) == (3000, "embedded", "INFO", "text")
    assert (settings.db_pool_size, settings.db_max_overflow) == (10, 20)


def test_good_values_are_read(clean_env):
    clean_env.setenv("PORT", "8443")
    clean_env.setenv("SCHEDULER", "OFF")
    clean_env.setenv("LOG_LEVEL", "debug")
    clean_env.setenv("LOG_FORMAT", "json")
    clean_env.setenv("DB_POOL_SIZE", "3")
    clean_env.setenv("DB_MAX_OVERFLOW", "0")
    clean_env.setenv("DATABASE_URL", "postgresql+psycopg://cc@db.internal/cc")
    settings = read_settings()
    assert (settings.port, settings.scheduler, settings.log_level, settings.log_format) == (8443, "off", "DEBUG", "json")
    assert (settings.db_pool_size, settings.db_max_overflow) == (3, 0)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SCHEDULER", "embeded", "must be one of embedded, off"),
        ("PORT", "abc", "must be a whole number from 1 to 65535"),
        ("PORT", "70000", "must be a whole number from 1 to 65535"),
        ("DB_POOL_SIZE", "0", "must be a whole number from 1 to 1000"),
        ("LOG_LEVEL", "LOUD", "must be one of DEBUG, INFO, WARNING, ERROR"),
        ("LOG_FORMAT", "xml", "must be one of text, json"),
        ("DATABASE_URL", "mysql://x/y", "must be a URL starting with sqlite:// or postgresql://"),
        ("REDIS_URL", "localhost:6379", "must be a URL starting with redis:// or rediss://"),
        ("BUSINESS_TZ", "Asia/Shanghia", "must be an IANA time zone such as Asia/Shanghai"),
        ("PUBLIC_URL", "cc.example.com", "must be a URL starting with http:// or https://"),
        ("FILE_STORAGE", "ftp", "must be one of local, s3"),
        ("ALLOWED_ORIGINS", "https://a.example/x", "must be origins such as https://complaints.example.com, separated by commas"),
    ],
)
def test_a_wrong_value_names_the_variable_and_what_is_allowed(clean_env, name, value, says):
    clean_env.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        read_settings()
    assert caught.value.problems == [f"{name}={value!r}: {says}"]


def test_every_wrong_value_is_named_at_once(clean_env):
    clean_env.setenv("PORT", "abc")
    clean_env.setenv("SCHEDULER", "embeded")
    with pytest.raises(SettingsError) as caught:
        read_settings()
    assert sorted(p.split("=")[0] for p in caught.value.problems) == ["PORT", "SCHEDULER"]


def test_the_cli_stops_with_the_message_and_status_2():
    env = {**os.environ, "PORT": "abc", "SCHEDULER": "embeded", "SECRET_KEY": "unit"}
    done = subprocess.run(
        [sys.executable, "-m", "complaint_console", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == EXIT_BAD_SETTINGS
    assert "SCHEDULER='embeded': must be one of embedded, off" in done.stderr
    assert "PORT='abc': must be a whole number from 1 to 65535" in done.stderr
    assert "Traceback" not in done.stderr


def test_s3_storage_needs_its_bucket(clean_env):
    clean_env.setenv("FILE_STORAGE", "s3")
    with pytest.raises(SettingsError) as caught:
        read_settings()
    assert caught.value.problems == ["S3_BUCKET is not set: FILE_STORAGE=s3 needs the bucket's name"]
    clean_env.setenv("S3_BUCKET", "complaints")
    assert read_settings().s3_bucket == "complaints"


def test_only_the_apps_own_origins_may_call_it(clean_env):
    clean_env.setenv("PORT", "3917")
    assert read_settings().allowed_origins == ("http://localhost:3917", "http://127.0.0.1:3917")  # `make run` on this machine
    clean_env.setenv("PUBLIC_URL", "https://complaints.example.com:8443/")
    clean_env.setenv("ALLOWED_ORIGINS", "https://cc-backup.example.com")
    assert read_settings().allowed_origins == ("https://complaints.example.com:8443", "https://cc-backup.example.com")
