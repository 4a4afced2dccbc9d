"""The browser reaches the home page in Vietnamese and logs in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_and_login_in_vietnamese(page: Page, live_server: object) -> None:
    User.objects.create_user("dangvien", password="mat-khau-2025")
    base = str(live_server)
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    screenshot(page, "home")
    log_in(page, base, "dangvien", "mat-khau-2025")
    expect(page.locator(".site-header .user")).to_have_text("dangvien")
    expect(page.get_by_text("Đã đăng nhập với tài khoản dangvien.")).to_be_visible()
