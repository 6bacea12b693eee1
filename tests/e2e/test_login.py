"""Every demo role signs in and lands on its home; wrong input gets a clear message."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, screenshot

HOMES = [
    ("admin", "/scores", "HQ administrator", "hq_admin"),
    ("analyst", "/scores", "HQ analyst", "hq_analyst"),
    ("trainer", "/cases", "Training lead", "training_lead"),
    ("manager1", "/board", "Outlet manager", "outlet_manager"),
    ("manager2", "/board", "Outlet manager", "outlet_manager_2"),
    ("agent1", "/board", "Agent", "agent"),
]


@pytest.mark.parametrize(("username", "home", "role_label", "shot"), HOMES)
def test_each_demo_role_lands_on_its_home(page, username, home, role_label, shot):
    login(page, username)
    page.wait_for_url(re.compile(f"{home}/?$"))
    expect(page.locator("#header-role")).to_have_text(role_label)
    expect(page.locator("#sign-out")).to_be_visible()
    screenshot(page, f"home-{shot}.png")


def test_login_page(page):
    page.goto("/login")
    expect(page.locator("#login-submit")).to_be_visible()
    screenshot(page, "login.png")


def test_wrong_password_shows_an_error_and_stays_on_login(page):
    login(page, "manager1", "not-the-password")
    expect(page.locator("#login-error")).to_have_text("Wrong username or password.")
    assert page.url.rstrip("/").endswith("/login")


def test_empty_fields_are_named_next_to_the_field(page):
    page.goto("/login")
    page.click("#login-submit")
    expect(page.get_by_text("Enter your username.")).to_be_visible()
    expect(page.get_by_text("Enter your password.")).to_be_visible()


def test_pages_need_a_login(page):
    page.goto("/scores")
    page.wait_for_url(re.compile(r"/login/?$"))


def test_a_page_of_another_role_sends_the_user_home(page):
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    page.goto("/admin")
    page.wait_for_url(re.compile(r"/board/?$"))
    expect(page.locator("#nav-admin")).to_have_count(0)


def test_sign_out_ends_the_session(page):
    login(page, "agent1")
    page.wait_for_url(re.compile(r"/board/?$"))
    page.click("#sign-out")
    page.wait_for_url(re.compile(r"/login/?$"))
    page.goto("/board")
    page.wait_for_url(re.compile(r"/login/?$"))


def test_language_switch_to_chinese_and_it_sticks(page):
    login(page, "manager1")
    page.wait_for_url(re.compile(r"/board/?$"))
    page.click("#language-switch")
    expect(page.get_by_role("heading", name="工单看板")).to_be_visible()
    expect(page.locator("#header-role")).to_have_text("网点经理")
    expect(page).to_have_title("工单看板 · 投诉工作台")
    screenshot(page, "board-zh.png")
    page.reload()
    expect(page.get_by_role("heading", name="工单看板")).to_be_visible()
    page.click("#language-switch")
    expect(page.get_by_role("heading", name="Board")).to_be_visible()
