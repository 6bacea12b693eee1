"""The operator's CLI: `python -m complaint_console --help`."""

from __future__ import annotations

import argparse
import csv
import gc
import getpass
import os
import sys
from pathlib import Path

from complaint_console.domain.vocabulary import Channel
from complaint_console.observability import logs
from complaint_console.settings import get_settings, settings_or_exit


def _engine():
    from complaint_console.db.engine import get_engine

    return get_engine()


def cmd_migrate(args: argparse.Namespace) -> int:
    from complaint_console.db.migrate import upgrade

    upgrade(_engine())
    print(f"database migrated: {_redacted(get_settings().database_url)}")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    if args.scale == "national":
        from seeds import national

        national.load(_engine(), outlets=args.outlets, tickets=args.tickets)
        return 0
    from seeds import demo

    with Session(_engine()) as db:
        if not demo.is_empty(db):
            if args.if_empty:
                print("demo data: the database has data already, left as it is")
                return 0
            print("error: the database is not empty; demo data is only loaded into an empty one", file=sys.stderr)
            return 1
        counts = demo.load(db)
    print("demo data loaded: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    """A staff account from the command line, with or without a terminal; never a traceback."""
    from sqlmodel import Session

    from complaint_console.domain.login_rules import password_problem
    from complaint_console.i18n.catalogue import translate
    from complaint_console.services import staff
    from complaint_console.services.passwords import hash_password

    password = os.environ.get("CC_NEW_PASSWORD", "")
    if not password and sys.stdin is not None and sys.stdin.isatty():
        try:
            password = getpass.getpass("Password (empty: generate a temporary one): ")
        except (EOFError, KeyboardInterrupt):
            print("error: no password given", file=sys.stderr)
            return 1
    if password and (problem := password_problem(password, args.username)):
        print(f"error: {translate(problem, 'en')}", file=sys.stderr)
        return 1
    values = {
        "username": args.username,
        "display_name": args.name or args.username,
        "role": args.role,
        "outlet_code": args.outlet or "",
        "email": args.email or "",
        "phone": args.phone or "",
        "language": args.language,
    }
    try:
        with Session(_engine(), expire_on_commit=False) as db:
            outcome = staff.create(db, None, values)
            if outcome.errors:
                for name, key in outcome.errors.items():
                    given = f" {values[name]!r}" if values.get(name) else ""
                    print(f"error: {name}{given}: {translate(key, 'en')}", file=sys.stderr)
                return 1
            if password:  # the operator chose it: it is not temporary
                from complaint_console.db.models import AppUser

                user = db.get(AppUser, outcome.user_id)
                user.password_hash, user.must_change_password = hash_password(password), False
                db.add(user)
                db.commit()
    except Exception as exc:  # noqa: BLE001  (a database that is not there or not migrated: say so)
        print(f"error: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}", file=sys.stderr)
        return 2
    print(f"created user {args.username} ({args.role})")
    if not password:
        print(f"temporary password (shown once; they choose their own at the first sign-in): {outcome.password}")
    return 0


def cmd_import_users(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from complaint_console.services import staff
    from complaint_console.states.admin_users import set_password_link

    path = Path(args.file)
    if (content := _read_import(path)) is None:
        return 2
    invitations: list = []

    def work(data: bytes, progress):
        report, found = staff.import_users(db, None, data, progress=progress)
        invitations.extend(found)
        return report

    with Session(_engine(), expire_on_commit=False) as db:
        code = _run_recorded(db, path, content, "staff", None, work)
    if invitations:
        out = Path(args.links)
        with open(out, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["username", "set_password_link"])
            writer.writerows([i.username, set_password_link(i.token)] for i in invitations)
        out.chmod(0o600)
        print(f"{len(invitations)} set-password links (valid 72 hours) written to {out}: hand them out, then delete the file")
    return code


def _monday(text: str):
    """The Monday a --week option names, or None after saying what is wrong."""
    from datetime import date

    try:
        week = date.fromisoformat(text)
    except ValueError:
        print(f"error: {text!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
        return None
    if week.weekday() != 0:
        print(f"error: {week} is a {week:%A}; a week starts on a Monday", file=sys.stderr)
        return None
    return week


def cmd_rollup(args: argparse.Namespace) -> int:

    from sqlmodel import Session

    from complaint_console.db.types import utcnow
    from complaint_console.services.rollup import freeze_week

    gc.disable()  # a short-lived process: 30,000 outlets' rows are freed at its end, no cycle hunts meanwhile
    if args.refreeze:
        return _refreeze(args)
    if not args.week:
        print("error: --week is required (or --refreeze for every frozen week)", file=sys.stderr)
        return 2
    week = _monday(args.week)
    if week is None:
        return 2
    with Session(_engine()) as db:
        frozen = freeze_week(db, week, utcnow())
    print(f"week of {week}: " + ("frozen" if frozen else "was frozen already; nothing changed"))
    return 0


def _refreeze(args: argparse.Namespace) -> int:
    """`rollup --refreeze [--week W]`: frozen weeks scored again under today's rule (score rounded
    before tier and rank) with their own weights and tiers; one audit line per changed week."""
    from sqlmodel import Session

    from complaint_console.db.types import utcnow
    from complaint_console.services.refreeze import refreeze

    week = _monday(args.week) if args.week else None
    if args.week and week is None:
        return 2
    with Session(_engine()) as db:
        results = refreeze(db, [week] if week else None, utcnow())
    if week and not results:
        print(f"error: the week of {week} is not frozen", file=sys.stderr)
        return 2
    for r in results:
        moves = ", ".join(f"{code} {old or '—'}→{new or '—'}" for code, (old, new) in sorted(r.tier_moves.items()))
        told = f"{r.scores} scores, {r.tiers} tiers, {r.ranks} ranks changed" + (f" ({moves})" if moves else "")
        print(f"week of {r.week}: " + (told if r.changed else "unchanged"))
    changed = [r for r in results if r.changed]
    print(
        f"{len(results)} frozen weeks checked, {len(changed)} refrozen: {sum(r.tiers for r in results)} tiers and "
        f"{sum(r.ranks for r in results)} ranks changed"
    )
    return 0


def cmd_export_scores(args: argparse.Namespace) -> int:
    """A frozen week's outlet table (the current week: live, partial) as CSV or XLSX."""
    from pathlib import Path

    from sqlmodel import Session

    from complaint_console.db import score_table
    from complaint_console.db.types import utcnow
    from complaint_console.services import live_scores
    from complaint_console.views import score_export

    week = _monday(args.week)
    if week is None:
        return 2
    now = utcnow()
    with Session(_engine()) as db:
        live = week == live_scores.current_week(now)
        if not live and week not in score_table.frozen_weeks(db, limit=10_000):
            print(f"error: the week of {week} is not frozen; run `rollup --week {week}` first", file=sys.stderr)
            return 2
        rows, _ = score_table.score_table(db, live_scores.ready(db, score_table.TableQuery(week, live=live), now), size=None)
    title = f"Outlet scores, week of {week}" + (" (live, partial)" if live else "")
    out = Path(args.out or f"scores-{week}.{args.format}")
    if args.format == "csv":
        out.write_bytes(score_export.to_csv(rows))
    else:
        out.write_bytes(score_export.to_xlsx(rows, title))
    print(f"{len(rows)} outlets written to {out}" + (" (live, partial week)" if live else ""))
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """The scheduler alone; with --once, what is due now and exit (1 if a job failed)."""
    import signal
    import threading

    from complaint_console.jobs.scheduler import JobScheduler, run_due_once

    engine = _engine()
    if args.once:
        outcomes = run_due_once(engine)
        if outcomes is None:
            print("another process holds the jobs lease: nothing run")
            return 0
        for name, outcome in outcomes.items():
            print(f"{name}: {outcome}")
        return 1 if "error" in outcomes.values() else 0
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    scheduler = JobScheduler(engine)
    scheduler.start()
    print(f"worker {scheduler.holder} running the scheduled jobs; Ctrl+C stops it", flush=True)
    stop.wait()
    scheduler.shutdown()
    return 0


def _read_import(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return None


def _run_recorded(db, path: Path, content: bytes, kind: str, actor, work) -> int:
    """A file import recorded as a job (`import_job`, see services/import_jobs.py): the file is kept
    until done, progress is written as it goes, and a re-run of an interrupted import resumes it."""
    from complaint_console.services import import_jobs

    import_jobs.close_abandoned(db)
    job_id = import_jobs.create(db, kind, actor, path.name, content, origin="cli")
    from complaint_console.db.models import ImportJob

    retry_of = db.get(ImportJob, job_id).retry_of_id
    print(f"import #{job_id}" + (f", resuming #{retry_of} from its kept file" if retry_of else ""), file=sys.stderr)
    try:
        return _run_import(
            path,
            lambda progress: import_jobs.run(
                db, job_id, lambda data, track: work(data, lambda report: (progress(report), track(report)))
            ),
            kind,
        )
    except import_jobs.TakenOver:
        print(f"error: import #{job_id} was closed as interrupted by another process; run the import again", file=sys.stderr)
        return 2


def _run_import(path: Path, run, what: str) -> int:
    """An import with a progress bar and its report, row by row (exit 1: some rows rejected; 2: file refused)."""
    from tqdm import tqdm

    from complaint_console.domain.csv_file import FileError
    from complaint_console.i18n.catalogue import translate

    try:
        with tqdm(desc=f"importing {what}", unit="row", file=sys.stderr) as bar:

            def progress(report) -> None:
                bar.total = report.total
                bar.update(report.done - bar.n)

            report = run(progress)
    except FileError as exc:
        print(f"error: {path}: {translate(exc.key)} {exc.detail}".rstrip(), file=sys.stderr)
        return 2
    unchanged = f", unchanged {report.unchanged}" if report.unchanged else ""
    already = f", already imported {report.already}" if report.already else ""
    print(f"imported {report.imported} of {report.total} rows{unchanged}{already}; rejected {report.rejected}")
    for problem in report.problems:
        print(f"line {problem.line}: {problem.field}: {translate(problem.message)}")
    return 0 if report.rejected == 0 else 1


def cmd_import_tickets(args: argparse.Namespace) -> int:
    from sqlmodel import Session, select

    from complaint_console.db.models import AppUser
    from complaint_console.domain.csv_file import FileError
    from complaint_console.i18n.catalogue import translate
    from complaint_console.services import auth, ticket_import

    path = Path(args.file)
    if (content := _read_import(path)) is None:
        return 2
    with Session(_engine(), expire_on_commit=False) as db:
        actor = None
        if args.as_user:
            user = db.exec(select(AppUser).where(AppUser.username == args.as_user, AppUser.active)).first()
            if user is None:
                print(f"error: no active user {args.as_user!r}", file=sys.stderr)
                return 2
            actor = auth.actor_of(user)
        try:
            ticket_import.check_actor(actor)
        except FileError as exc:
            print(f"error: {translate(exc.key)}", file=sys.stderr)
            return 2

        def work(data: bytes, progress):
            return ticket_import.import_tickets(db, actor, data, source=path.name, progress=progress)

        return _run_recorded(db, path, content, "tickets", actor, work)


def cmd_import_outlets(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from complaint_console.services import outlets

    path = Path(args.file)
    if (content := _read_import(path)) is None:
        return 2
    with Session(_engine(), expire_on_commit=False) as db:
        return _run_recorded(
            db, path, content, "outlets", None, lambda data, progress: outlets.import_outlets(db, None, data, progress=progress)
        )


def cmd_create_api_key(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from complaint_console.services.api_keys import create_key

    with Session(_engine()) as db:
        row, key = create_key(db, args.channel, args.label)
        db.commit()
        print(f"created API key {row.key_prefix}… for channel {row.channel} ({row.label or 'no label'})")
        print("key (shown only now; send it as 'Authorization: Bearer <key>'):")
        print(key)
    return 0


def cmd_revoke_api_key(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from complaint_console.services.api_keys import REVOKE_PREFIX_MIN, revoke

    if len(args.prefix) < REVOKE_PREFIX_MIN:
        print(f"error: give at least {REVOKE_PREFIX_MIN} characters of the key", file=sys.stderr)
        return 1
    with Session(_engine()) as db:
        try:
            revoked = revoke(db, args.prefix)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if not revoked:
            print(f"error: no active API key starts with {args.prefix!r}", file=sys.stderr)
            return 1
        db.commit()
        row = revoked[0]
        print(f"revoked API key {row.key_prefix}… of channel {row.channel} ({row.label or 'no label'})")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from complaint_console import serving

    if serving.build(force=args.force):
        print("frontend built")
    else:
        print("frontend is current: nothing to build (--force builds anyway)")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from complaint_console import serving

    if not serving.is_current():
        print(
            "error: the frontend is not built from these sources for this address (PORT): "
            "run `python -m complaint_console build` (or `make build`) first",
            file=sys.stderr,
        )
        return 1
    serving.serve()
    return 0


def _redacted(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m complaint_console",
        description="Complaint Console operator commands. Settings come from the environment or .env.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("migrate", help="apply every database migration (alembic upgrade head)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("seed-demo", help="load deterministic demo data into an empty database")
    p.add_argument(
        "--scale",
        choices=["demo", "national"],
        default="demo",
        help="demo: 60 outlets, 12 weeks; national: 30,000 outlets, 2.5 million tickets",
    )
    p.add_argument("--if-empty", action="store_true", help="do nothing (exit 0) when data exists")
    p.add_argument("--outlets", type=int, default=30_000, help="national scale: number of outlets")
    p.add_argument("--tickets", type=int, default=2_500_000, help="national scale: number of tickets")
    p.set_defaults(func=cmd_seed_demo)

    p = sub.add_parser(
        "create-user",
        help="create a staff account: password from CC_NEW_PASSWORD, a prompt, or a temporary one printed once",
    )
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["hq_admin", "hq_analyst", "outlet_manager", "agent", "training_lead"])
    p.add_argument("--outlet", help="outlet code (outlet_manager and agent)")
    p.add_argument("--name", help="display name")
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--language", default="zh", choices=["zh", "en"])
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("import-users", help="create or update staff accounts from a CSV or XLSX file (exit 1: rows rejected)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--links", default="set-password-links.csv", help="where the new accounts' set-password links go")
    p.set_defaults(func=cmd_import_users)

    p = sub.add_parser("import-tickets", help="import complaints from a CSV file (exit 1: some rows rejected; 2: file refused)")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--as", dest="as_user", metavar="USERNAME", help="record as this hq_admin (default: the operator, no user)")
    p.set_defaults(func=cmd_import_tickets)
    p = sub.add_parser(
        "import-outlets", help="load or update outlets (and their regions) from a CSV or XLSX file (exit 1: rows rejected)"
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_import_outlets)

    p = sub.add_parser("create-api-key", help="make a key of the JSON API for one channel; prints it once")
    p.add_argument("--channel", required=True, choices=[c.value for c in Channel], help="the channel of its complaints")
    p.add_argument("--label", default="", help="who uses it, e.g. 'Mobile app'")
    p.set_defaults(func=cmd_create_api_key)

    p = sub.add_parser("revoke-api-key", help="revoke a key of the JSON API by its first characters")
    p.add_argument("--prefix", required=True, help="the key's first characters (at least 4), as create-api-key printed")
    p.set_defaults(func=cmd_revoke_api_key)

    p = sub.add_parser("rollup", help="freeze the outlet scores of one week (nothing changes if it is frozen already)")
    p.add_argument("--week", metavar="YYYY-MM-DD", help="the Monday the week starts on")
    p.add_argument(
        "--refreeze",
        action="store_true",
        help="score frozen weeks (all, or --week) again under today's rule, with their own weights",
    )
    p.set_defaults(func=cmd_rollup)

    p = sub.add_parser("export-scores", help="write a week's outlet scores table to CSV or XLSX")
    p.add_argument("--week", required=True, metavar="YYYY-MM-DD", help="the Monday the week starts on")
    p.add_argument("--format", required=True, choices=["csv", "xlsx"])
    p.add_argument("--out", metavar="FILE", help="where to write (default: scores-WEEK.FORMAT here)")
    p.set_defaults(func=cmd_export_scores)

    p = sub.add_parser("build", help="compile the app and build the production frontend, when its sources changed")
    p.add_argument("--force", action="store_true", help="build even when the last build is current")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="serve the built frontend and the backend on PORT (builds nothing)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="run the scheduled jobs (for deployments whose web runs with SCHEDULER=off)")
    p.add_argument("--once", action="store_true", help="run every job that is due now, then exit")
    p.set_defaults(func=cmd_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = settings_or_exit()
    logs.configure(settings.log_level, settings.log_format)
    return args.func(args)
