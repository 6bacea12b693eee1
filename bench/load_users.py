"""Simulated staff for the bench: outlet managers working their boards and one analyst reloading
/scores, in one headless Chromium, until terminated. Prints "ready" once all are signed in.

Usage: python bench/load_users.py BASE_URL PASSWORD ANALYST USER [USER ...]

Each manager works like a person at a board: searches it for a waybill fragment, reads the
result for 3 to 8 seconds, clears the filters, reads again (both actions read the board's counts
and column pages from the database): 20 managers send about four board reads a second. The
analyst loads /scores until its table shows, sorts it, and starts again, without a pause."""

from __future__ import annotations

import asyncio
import random
import shutil
import sys
from pathlib import Path

from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the project's packages
from bench.browser import CHROMIUM_ARGS  # noqa: E402


async def signed_in(browser, base: str, username: str, password: str, home: str):
    page = await (await browser.new_context(base_url=base, viewport={"width": 1440, "height": 900})).new_page()
    page.set_default_timeout(60_000)
    await page.goto("/login")
    await page.fill("#username", username)
    await page.fill("#password", password)
    await page.click("#login-submit")
    await page.wait_for_url(lambda url: "/login" not in url)
    await page.goto(home)
    return page


async def manager(page, rng: random.Random) -> None:
    while True:
        await page.fill("#board-search", f"NW{rng.randrange(100, 999)}")
        await page.get_by_role("button", name="Search").click()
        await asyncio.sleep(rng.uniform(3, 8))
        await page.get_by_role("button", name="Clear filters").click()
        await asyncio.sleep(rng.uniform(3, 8))


async def analyst(page) -> None:
    while True:
        await page.goto("/scores")
        await page.wait_for_selector(".score-row")
        await page.click("#sort-timeliness")
        await asyncio.sleep(0.5)


async def main(base: str, password: str, analyst_name: str, users: list[str]) -> None:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        boards = [await signed_in(browser, base, u, password, "/board") for u in users]
        scores = await signed_in(browser, base, analyst_name, password, "/scores")
        print("ready", flush=True)
        rng = random.Random(7)
        await asyncio.gather(analyst(scores), *(manager(p, random.Random(rng.random())) for p in boards))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
