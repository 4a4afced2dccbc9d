from __future__ import annotations

import unicodedata

import pytest
from django.test import Client

VI_DESCRIPTION = (
    "danhgia thực hiện việc kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối với tập thể "
    "và cá nhân trong hệ thống chính trị Việt Nam."
)
EN_DESCRIPTION = (
    "danhgia runs the annual review, assessment and quality classification of collectives and "
    "individuals in Vietnam's political system."
)

pytestmark = pytest.mark.django_db


def test_home_page_describes_the_product_in_vietnamese_by_default(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert f'<p class="lead">{VI_DESCRIPTION}</p>' in html
    assert "<li>Hoàn thành xuất sắc nhiệm vụ</li>" in html
    assert EN_DESCRIPTION not in html


def test_home_page_describes_the_product_in_english_under_the_en_prefix(client: Client) -> None:
    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert f'<p class="lead">{EN_DESCRIPTION}</p>' in html
    assert "<li>Excellent completion of duties</li>" in html
    assert VI_DESCRIPTION not in html


def test_home_page_ignores_an_english_browser_and_stays_vietnamese(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})

    assert '<html lang="vi">' in response.content.decode()


def test_language_switcher_sends_english_readers_to_the_english_page(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"
    assert response.cookies["django_language"].value == "en"


def test_language_switcher_sends_vietnamese_readers_back_to_the_unprefixed_page(
    client: Client,
) -> None:
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/en/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert response.cookies["django_language"].value == "vi"


def test_language_switcher_keeps_the_page_when_switching(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)

    assert response.redirect_chain == [("/en/accounts/login/", 302)]
    assert "<h1>Log in</h1>" in response.content.decode()


def test_base_template_loads_htmx_and_the_stylesheet(client: Client) -> None:
    html = client.get("/").content.decode()

    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/web/site.css">' in html


def test_navigation_offers_both_languages_by_their_own_names(client: Client) -> None:
    html = client.get("/").content.decode()

    assert '<option value="vi" selected>Tiếng Việt</option>' in html
    assert '<option value="en">English</option>' in html


@pytest.mark.parametrize("path", ["/", "/en/", "/accounts/login/"])
def test_pages_are_nfc_normalised(client: Client, path: str) -> None:
    html = client.get(path).content.decode()

    assert html == unicodedata.normalize("NFC", html)
