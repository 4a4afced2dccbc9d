"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) against a live server.

`make e2e` (called by `make test`) installs the `chromium` package if /usr/bin/chromium is missing. Each
test gets a fresh browser context; screenshots of the main pages go to test-artifacts/screenshots/
(git-ignored) so a reviewer can look at them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path(os.environ.get("DANHGIA_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the live server and the test share the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make e2e` installs Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # A full page of the long pages (the basis of classification) can take a while on a busy machine.
    page.screenshot(path=str(path), full_page=True, timeout=60_000)
    return path


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def confirm(page: Page, answer: str) -> str:
    """Answer the page's confirmation dialog (boards/confirm.js) with its `answer` button; returns what it said
    would happen. Irreversible steps (submit, decide, publish, resolve) ask first."""
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    said = dialog.locator("[data-confirm-text]").inner_text()
    dialog.get_by_role("button", name=answer, exact=True).click()
    return said
