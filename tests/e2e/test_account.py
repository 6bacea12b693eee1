"""A user changes their own password; every wrong field gets its message next to it."""

import os
import re
import subprocess
import sys

from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, login


def test_change_own_password(page, app_server):
    env = {**os.environ, "DATABASE_URL": app_server.db_url, "CC_NEW_PASSWORD": "first password 1"}
    subprocess.run(
        [sys.executable, "-m", "complaint_console", "create-user", "lead2", "--role", "training_lead", "--name", "Lead Two"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    login(page, "lead2", "first password 1")
    page.wait_for_url(re.compile(r"/cases/?$"))
    page.goto("/account")

    page.fill("#current", "wrong one")
    page.fill("#new", "short")
    page.fill("#confirm", "short")
    page.click("#password-submit")
    expect(page.get_by_text("The current password is not right.")).to_be_visible()
    expect(page.get_by_text("Use at least 10 characters.")).to_be_visible()

    page.fill("#current", "first password 1")
    page.fill("#new", "second password 2")
    page.fill("#confirm", "second password 3")
    page.click("#password-submit")
    expect(page.get_by_text("The two new passwords differ.")).to_be_visible()

    page.fill("#current", "first password 1")
    page.fill("#new", "second password 2")
    page.fill("#confirm", "second password 2")
    page.click("#password-submit")
    expect(page.locator("#password-saved")).to_be_visible()

    page.click("#sign-out")
    page.wait_for_url(re.compile(r"/login/?$"))
    login(page, "lead2", "first password 1")
    expect(page.locator("#login-error")).to_be_visible()
    login(page, "lead2", "second password 2")
    page.wait_for_url(re.compile(r"/cases/?$"))
