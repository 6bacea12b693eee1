"""The operator CLI as an operator runs it: a subprocess with settings from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args, db_path, **env):
    full_env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", **env}
    return subprocess.run(
        [sys.executable, "-m", "complaint_console", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=300
    )


def test_help_lists_the_operator_commands(tmp_path):
    out = run(["--help"], tmp_path / "x.db")
    assert out.returncode == 0
    commands = ("migrate", "seed-demo", "create-user", "create-api-key", "revoke-api-key", "worker", "rollup", "export-scores")
    for command in commands:
        assert command in out.stdout


def test_migrate_seed_if_empty_and_create_user(tmp_path):
    db_path = tmp_path / "cli.db"
    assert run(["migrate"], db_path).returncode == 0
    first = run(["seed-demo", "--if-empty"], db_path)
    assert first.returncode == 0 and "demo data loaded" in first.stdout
    second = run(["seed-demo", "--if-empty"], db_path)
    assert second.returncode == 0 and "left as it is" in second.stdout
    assert run(["seed-demo"], db_path).returncode == 1

    weak = run(["create-user", "lead2", "--role", "training_lead"], db_path, CC_NEW_PASSWORD="short")
    assert weak.returncode == 1 and "10 characters" in weak.stderr
    bad_outlet = run(["create-user", "a2", "--role", "agent", "--outlet", "NOPE"], db_path, CC_NEW_PASSWORD="long enough pw")
    assert bad_outlet.returncode == 1 and "NOPE" in bad_outlet.stderr
    ok = run(["create-user", "a2", "--role", "agent", "--outlet", "EAST-002"], db_path, CC_NEW_PASSWORD="long enough pw")
    assert ok.returncode == 0, ok.stderr

    check = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "from complaint_console.db.engine import get_engine; from sqlmodel import Session;"
                "from complaint_console.services.auth import login;"
                "r = login(Session(get_engine()), 'a2', 'long enough pw'); print(r.actor.role, r.actor.outlet_id)"
            ),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{db_path}"},
        capture_output=True,
        text=True,
    )
    assert check.stdout.strip() == "agent 2", check.stderr


def test_create_and_revoke_an_api_key(tmp_path):
    db_path = tmp_path / "keys.db"
    assert run(["migrate"], db_path).returncode == 0
    made = run(["create-api-key", "--channel", "app", "--label", "Mobile app"], db_path)
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip().splitlines()[-1]
    assert key.startswith("cck_") and len(key) > 40 and "Mobile app" in made.stdout
    assert run(["create-api-key", "--channel", "carrier-pigeon"], db_path).returncode == 2
    assert run(["revoke-api-key", "--prefix", "nope-nope"], db_path).returncode == 1
    assert run(["revoke-api-key", "--prefix", "cck"], db_path).returncode == 1  # too short
    revoked = run(["revoke-api-key", "--prefix", key[:12]], db_path)
    assert revoked.returncode == 0 and "revoked" in revoked.stdout and "app" in revoked.stdout
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import sys; from complaint_console.db.engine import get_engine; from sqlmodel import Session;"
                "from complaint_console.services.api_keys import authenticate;"
                "print(authenticate(Session(get_engine()), sys.argv[1]))"
            ),
            key,
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{db_path}"},
        capture_output=True,
        text=True,
    )
    assert check.stdout.strip() == "None", check.stderr


def test_rollup_and_worker_once(tmp_path):
    db_path = tmp_path / "jobs.db"
    assert run(["migrate"], db_path).returncode == 0
    tuesday = run(["rollup", "--week", "2026-11-10"], db_path)
    assert tuesday.returncode == 2 and "a week starts on a Monday" in tuesday.stderr
    assert run(["rollup", "--week", "2026-11-09"], db_path).stdout.strip() == "week of 2026-11-09: frozen"
    assert "was frozen already" in run(["rollup", "--week", "2026-11-09"], db_path).stdout
    once = run(["worker", "--once"], db_path)
    assert once.returncode == 0, once.stderr
    assert "reminders: ok" in once.stdout and "daily_digest: ok" in once.stdout


def test_create_user_without_a_terminal_prints_a_temporary_password_once(tmp_path):
    db_path = tmp_path / "noterm.db"
    assert run(["migrate"], db_path).returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "CC_NEW_PASSWORD"}
    made = subprocess.run(
        [sys.executable, "-m", "complaint_console", "create-user", "ops.admin", "--role", "hq_admin", "--name", "运维"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"sqlite:///{db_path}"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    temporary = made.stdout.strip().splitlines()[-1].rsplit(" ", 1)[-1]
    assert "shown once" in made.stdout and len(temporary) == 19
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "from complaint_console.db.engine import get_engine; from sqlmodel import Session;"
                "from complaint_console.services.auth import login;"
                f"r = login(Session(get_engine()), 'ops.admin', '{temporary}'); print(r.actor.role, r.actor.must_change_password)"
            ),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{db_path}"},
        capture_output=True,
        text=True,
    )
    assert check.stdout.strip() == "hq_admin True", check.stderr
    again = run(["create-user", "ops.admin", "--role", "hq_admin"], db_path, CC_NEW_PASSWORD="long enough pw")
    assert again.returncode == 1 and "taken" in again.stderr and "Traceback" not in again.stderr
    nodb = run(["create-user", "x1", "--role", "hq_admin"], tmp_path / "missing" / "db.sqlite", CC_NEW_PASSWORD="long enough pw")
    assert nodb.returncode == 2 and nodb.stderr.startswith("error:") and "Traceback" not in nodb.stderr


def test_import_users_and_outlets_from_files(tmp_path):
    db_path = tmp_path / "people.db"
    assert run(["migrate"], db_path).returncode == 0
    outlets = tmp_path / "outlets.csv"
    outlets.write_text("code,name,region,city\nSH-001,上海 浦东网点,EAST,上海\n", encoding="utf-8")
    loaded = run(["import-outlets", str(outlets)], db_path)
    assert loaded.returncode == 0 and "imported 1 of 1 rows" in loaded.stdout, loaded.stderr
    staff = tmp_path / "staff.csv"
    staff.write_text(
        "username,display_name,role,outlet_code,email,phone\n"
        "zhang.wei,张伟,outlet_manager,SH-001,zhang@example.com,139-1234-5678\n"
        "li.na,李娜,agent,NOPE-1,,\n",
        encoding="utf-8",
    )
    links = tmp_path / "links.csv"
    result = run(["import-users", str(staff), "--links", str(links)], db_path)
    assert result.returncode == 1, result.stderr
    assert "imported 1 of 2 rows; rejected 1" in result.stdout
    assert "line 3: outlet_code: No active outlet has this code." in result.stdout
    rows = links.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "username,set_password_link" and rows[1].startswith("zhang.wei,http") and "/set-password/" in rows[1]
    assert oct(links.stat().st_mode & 0o777) == "0o600"
