from __future__ import annotations

from django.test import Client


def test_whitenoise_serves_the_stylesheet_without_collectstatic(client: Client) -> None:
    response = client.get("/static/web/site.css")

    assert response.status_code == 200
    assert response["Content-Type"] == 'text/css; charset="utf-8"'
    assert b"".join(response.streaming_content).startswith(b"/* danhgia")  # type: ignore[attr-defined]


def test_whitenoise_serves_htmx_from_django_htmx(client: Client) -> None:
    response = client.get("/static/django_htmx/htmx-2.min.js")

    assert response.status_code == 200
