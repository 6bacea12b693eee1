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
        [sys.executable, "-c", (
            "from complaint_console.db.engine import get_engine; from sqlmodel import Session;"
            "from complaint_console.services.auth import login;"
            "r = login(Session(get_engine()), 'a2', 'long enough pw'); print(r.actor.role, r.actor.outlet_id)"
        )],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": f"sqlite:///{db_path}"}, capture_output=True, text=True,
    )  # fmt: skip
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
        [sys.executable, "-c", (
            "import sys; from complaint_console.db.engine import get_engine; from sqlmodel import Session;"
            "from complaint_console.services.api_keys import authenticate;"
            "print(authenticate(Session(get_engine()), sys.argv[1]))"
        ), key],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": f"sqlite:///{db_path}"}, capture_output=True, text=True,
    )  # fmt: skip
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
