"""Back up and restore Complaint Console: the database, the evidence files and a generated key.

    python scripts/backup.py dump DIR       # write a backup into DIR (a new or empty folder)
    python scripts/backup.py restore DIR    # restore DIR into an EMPTY database and upload folder
    python scripts/backup.py verify DIR     # compare the database with the backup's manifest

Settings come from the environment or `.env`, as for the app (`DATABASE_URL`, `UPLOAD_DIR`,
`SECRET_KEY`). What a backup folder holds:

- `database.dump`: PostgreSQL, `pg_dump -Fc --no-owner --no-privileges` (restored with
  `pg_restore --no-owner --no-privileges --exit-on-error --single-transaction`);
  or `database.sqlite`: SQLite, a consistent copy made with SQLite's online backup API;
- `uploads.tar.gz`: the files under `UPLOAD_DIR` (evidence files, imports waiting);
- `secret_key`: `data/.secret_key`, only when `SECRET_KEY` is not set and the app generated one;
- `manifest.json`: the Alembic revision and the row count of every table, which `restore`
  and `verify` compare the database with.

`restore` refuses a database that has tables, and an upload folder that has files: restore
into a new empty database (`createdb`), never over live data. docs/operations.md explains the
whole procedure; tests/integration/test_restore_drill.py runs it against PostgreSQL.
Exit codes: 0 done, 1 refused or not matching the manifest, 2 a tool or a file is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

from complaint_console.db import models  # noqa: E402, F401  (registers every table)
from complaint_console.settings import DATA_DIR, get_settings  # noqa: E402

PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite"
UPLOADS = "uploads.tar.gz"
SECRET = "secret_key"
MANIFEST = "manifest.json"


class Refused(Exception):
    """The operator must act first (exit 1)."""


class Missing(Exception):
    """A tool or a file is not there (exit 2)."""


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A SQLAlchemy URL as a libpq one for pg_dump/pg_restore, the password in PGPASSWORD (not argv)."""
    parsed = sa.engine.make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise Missing(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return path


def _sqlite_path(url: str) -> Path:
    database = sa.engine.make_url(url).database
    if not database or database == ":memory:":
        raise Refused(f"not a SQLite file: {url}")
    return Path(database)


def snapshot(url: str) -> dict:
    """The Alembic revision and each table's row count."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            present = set(sa.inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in present:
                revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            counts = {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in SQLModel.metadata.sorted_tables
                if table.name in present
            }
    finally:
        engine.dispose()
    return {"revision": revision, "rows": counts}


def _tables(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy even while another process writes."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def dump(target: Path) -> None:
    settings = get_settings()
    url = settings.database_url
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise Refused(f"{target} is not empty: write each backup into a new folder")
    manifest = {"made_at": datetime.now(UTC).isoformat(timespec="seconds"), "backend": sa.engine.make_url(url).get_backend_name()}
    if manifest["backend"] == "postgresql":
        libpq, env = _libpq(url)
        out = target / PG_DUMP
        subprocess.run([_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(out), libpq], env=env, check=True)
    elif manifest["backend"] == "sqlite":
        source = _sqlite_path(url)
        if not source.exists():
            raise Missing(f"no database file at {source}")
        out = target / SQLITE_COPY
        _copy_sqlite(source, out)  # a consistent copy while the app keeps writing
    else:
        raise Refused(f"unsupported database: {manifest['backend']}")
    manifest.update(snapshot(url))  # counted after the copy; equal unless the app wrote meanwhile (stop it for an exact manifest)
    print(f"database: {out} ({out.stat().st_size:,} bytes, revision {manifest['revision']})")

    uploads = settings.upload_dir
    files = sorted(p for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else []
    with tarfile.open(target / UPLOADS, "w:gz") as archive:
        for path in files:
            archive.add(path, arcname=str(path.relative_to(uploads)))
    manifest["upload_files"] = len(files)
    print(f"uploads: {target / UPLOADS} ({len(files)} files from {uploads})")

    key_file = DATA_DIR / ".secret_key"
    if not os.environ.get("SECRET_KEY") and key_file.exists():
        shutil.copy2(key_file, target / SECRET)
        (target / SECRET).chmod(0o600)
        print(f"secret key: {target / SECRET} (generated key; set SECRET_KEY in production instead)")
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(f"manifest: {target / MANIFEST} ({sum(manifest['rows'].values()):,} rows in {len(manifest['rows'])} tables)")


def restore(source: Path) -> None:
    key_file = DATA_DIR / ".secret_key"
    had_key = key_file.exists()  # get_settings() generates one when SECRET_KEY is unset
    settings = get_settings()
    url = settings.database_url
    if not (source / MANIFEST).exists():
        raise Missing(f"{source / MANIFEST} is missing: not a backup folder")
    backend = sa.engine.make_url(url).get_backend_name()
    if backend == "sqlite" and _sqlite_path(url).exists() and _tables(url):
        raise Refused(f"the database {_sqlite_path(url)} has tables: restore into a new, empty file")
    if backend == "postgresql" and (tables := _tables(url)):
        raise Refused(f"the database has {len(tables)} tables: restore into a new, empty database (createdb)")
    uploads = settings.upload_dir
    if uploads.is_dir() and any(p.is_file() for p in uploads.rglob("*")):
        raise Refused(f"{uploads} has files: restore into an empty upload folder")

    if backend == "postgresql":
        if not (source / PG_DUMP).exists():
            raise Missing(f"{source / PG_DUMP} is missing (a SQLite backup restores into a SQLite DATABASE_URL)")
        libpq, env = _libpq(url)
        command = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        subprocess.run([*command, "-d", libpq, str(source / PG_DUMP)], env=env, check=True)
    elif backend == "sqlite":
        if not (source / SQLITE_COPY).exists():
            raise Missing(f"{source / SQLITE_COPY} is missing (a PostgreSQL backup restores into a PostgreSQL DATABASE_URL)")
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_sqlite(source / SQLITE_COPY, target)
    else:
        raise Refused(f"unsupported database: {backend}")
    print(f"database restored into {sa.engine.make_url(url).render_as_string(hide_password=True)}")

    uploads.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / UPLOADS, "r:gz") as archive:
        archive.extractall(uploads, filter="data")
    print(f"uploads restored into {uploads}")
    if (source / SECRET).exists() and not os.environ.get("SECRET_KEY") and not had_key:
        DATA_DIR.mkdir(exist_ok=True)
        shutil.copy2(source / SECRET, key_file)
        key_file.chmod(0o600)
        print(f"secret key restored into {key_file}")
    verify(source)


def verify(source: Path) -> None:
    """The database and upload folder hold what the manifest says; Refused (exit 1) when not."""
    if not (source / MANIFEST).exists():
        raise Missing(f"{source / MANIFEST} is missing: not a backup folder")
    expected = json.loads((source / MANIFEST).read_text())
    settings = get_settings()
    found = snapshot(settings.database_url)
    uploads = settings.upload_dir
    found["upload_files"] = sum(1 for p in uploads.rglob("*") if p.is_file()) if uploads.is_dir() else 0
    problems = []
    if found["revision"] != expected["revision"]:
        problems.append(f"revision: backup {expected['revision']}, database {found['revision']}")
    for table, rows in expected["rows"].items():
        if found["rows"].get(table) != rows:
            problems.append(f"{table}: backup {rows} rows, database {found['rows'].get(table)}")
    if found["upload_files"] < expected["upload_files"]:
        problems.append(f"uploads: backup {expected['upload_files']} files, folder {found['upload_files']}")
    if problems:
        raise Refused("the database does not match the backup:\n  " + "\n  ".join(problems))
    print(
        f"verified: revision {found['revision']}, {len(expected['rows'])} tables with the backup's row counts "
        f"({found['rows'].get('ticket', 0):,} tickets), {found['upload_files']} upload files"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/backup.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("dump", "write a backup into DIR"),
        ("restore", "restore DIR into an empty database"),
        ("verify", "compare the database with DIR's manifest"),
    ):
        sub.add_parser(name, help=text).add_argument("dir", metavar="DIR", type=Path)
    args = parser.parse_args(argv)
    try:
        {"dump": dump, "restore": restore, "verify": verify}[args.command](args.dir)
    except Refused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Missing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"error: {Path(exc.cmd[0]).name} failed with exit code {exc.returncode}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
