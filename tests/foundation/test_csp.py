"""Content-Security-Policy (django-csp): scripts and style sheets from this site only, no inline script; the
only inline styles allowed are style attributes and, by hash, the two <style> elements we ship."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import django_htmx
import pytest
from django.conf import settings
from django.test import Client

from danhgia.apps.demo.services import DemoUser

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
HTMX = Path(django_htmx.__file__).parent / "static" / "django_htmx" / "htmx-2.min.js"
REGISTRY_ADMIN = REPO_ROOT / "danhgia" / "apps" / "orgs" / "templates" / "admin" / "orgs" / "change_form.html"
HTMX_STYLE_PARTS = [  # htmx 2 builds its indicator style from these (class names filled in)
    "`.${t}{opacity:0;visibility: hidden} `",
    "`.${n} .${t}, .${n}.${t}{opacity:1;visibility: visible;transition: opacity 200ms ease-in}`",
]
HTMX_STYLE = (
    ".htmx-indicator{opacity:0;visibility: hidden} "
    ".htmx-request .htmx-indicator, .htmx-request.htmx-indicator{opacity:1;visibility: visible;"
    "transition: opacity 200ms ease-in}"
)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(header: str) -> dict[str, list[str]]:
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/en/"])
def test_every_page_carries_the_policy(client: Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert policy(response.headers["Content-Security-Policy"]) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": [
            "'self'",
            sha256(HTMX_STYLE),
            sha256(".inline-group .tabular td.original p { display: none; }"),
        ],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


@pytest.mark.django_db
def test_a_signed_in_page_and_the_admin_carry_it_too(client: Client, demo_users: dict[str, DemoUser]) -> None:
    client.login(username="admin", password=demo_users["admin"].password)

    for path in ["/", "/admin/", "/admin/orgs/unit/add/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self';" in response.headers["Content-Security-Policy"] + ";", path


def test_the_htmx_indicator_style_hash_matches_the_htmx_shipped() -> None:
    bundled = HTMX.read_text(encoding="utf-8")

    assert all(part in bundled for part in HTMX_STYLE_PARTS), "htmx changed its indicator style: recompute the hash"
    assert sha256(HTMX_STYLE) == settings.HTMX_INDICATOR_STYLE_HASH


def test_the_registry_admin_style_hash_matches_its_template() -> None:
    styles = re.findall(r"<style>(.*?)</style>", REGISTRY_ADMIN.read_text(encoding="utf-8"), re.S)

    assert [sha256(style) for style in styles] == [settings.REGISTRY_ADMIN_STYLE_HASH]


def test_no_template_has_inline_script_or_event_handlers() -> None:
    """script-src 'self' holds only while every script is a file: an inline one would be blocked."""
    templates = sorted((REPO_ROOT / "danhgia").glob("apps/**/templates/**/*.html"))
    offending = [
        str(path.relative_to(REPO_ROOT))
        for path in templates
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|javascript:", path.read_text(encoding="utf-8"))
    ]

    assert offending == []
