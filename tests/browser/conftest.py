"""The browser the desk tests drive: Debian's Chromium, headless, and a signed-in page."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("FACTBASE_REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is required (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    # Playwright's sync API runs an event loop; the ORM calls in this test are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()
        # ORM calls made while Playwright's loop runs get their own connection;
        # close it here, in that context, so the test database can be dropped.
        connections.close_all()


def log_in(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(base_url=base_url).new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "desk-password")
    page.click("input[type=submit]")
    expect(page.locator("#fb-dashboard")).to_be_visible()
    return page
