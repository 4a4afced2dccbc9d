"""The upload page (staff only): access, a good file, a bad file with its report, and template downloads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.apps.orgs.models import Person
from danhgia.apps.spreadsheets.tests.conftest import full_sheets, headers, table_counts, xlsx

pytestmark = pytest.mark.django_db
URL = "/import/"


@pytest.fixture
def alice(client: Client) -> Client:
    """Staff."""
    client.force_login(User.objects.create_user("alice", is_staff=True))
    return client


@pytest.fixture
def bob(client: Client) -> Client:
    """Signed in, not staff."""
    client.force_login(User.objects.create_user("bob"))
    return client


def test_the_page_lives_at_import() -> None:
    assert reverse("spreadsheets:import") == URL


def test_staff_see_the_form_and_the_template_links(alice: Client) -> None:
    response = alice.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhập liệu từ bảng tính" in page
    assert 'enctype="multipart/form-data"' in page
    assert f'href="{URL}template/people/">Nhân sự</a>' in page
    assert f'href="{URL}template/all/">Tất cả các trang trong một tệp</a>' in page


def test_anonymous_users_are_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/import/"


@pytest.mark.parametrize("path", [URL, f"{URL}template/people/", f"{URL}report/{'0' * 32}/"])
def test_users_who_are_not_staff_are_refused(bob: Client, path: str) -> None:
    assert bob.get(path).status_code == 403


def test_a_post_by_a_user_who_is_not_staff_changes_nothing(bob: Client, client: Client) -> None:
    before = table_counts()

    assert bob.post(URL, {"file": xlsx(full_sheets())}).status_code == 403
    client.logout()
    assert client.post(URL, {"file": xlsx(full_sheets())}).status_code == 302

    assert table_counts() == before


def test_a_good_file_is_imported_and_counted(alice: Client) -> None:
    response = alice.post(URL, {"file": xlsx({"Nhân sự": full_sheets()["Nhân sự"]})})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã nhập xong tệp." in page
    assert (
        '<tr><td>Nhân sự</td><td class="number">2</td><td class="number">0</td><td class="number">0</td></tr>' in page
    )
    assert Person.objects.count() == 2


def test_a_bad_file_lists_the_errors_and_offers_the_report(alice: Client) -> None:
    sheets: dict[str, Any] = {"Nhân sự": [headers("people"), ["", "CB1", "Lê Văn A", "30/02/1990", "Nam"]]}
    before = table_counts()

    response = alice.post(URL, {"file": xlsx(sheets)})

    page = response.content.decode()
    assert "Tệp có 1 lỗi: không có dữ liệu nào được nhập." in page
    assert (
        '<tr><td>Nhân sự</td><td class="number">2</td><td>Ngày sinh (dd/mm/yyyy)</td><td>30/02/1990</td>'
        "<td>Ngày này không có thật.</td></tr>"
    ) in page
    assert table_counts() == before
    token = response.context["report_token"]
    report = alice.get(f"{URL}report/{token}/")
    assert report.status_code == 200
    assert report["Content-Disposition"] == 'attachment; filename="bao-cao-loi-nhap-lieu.xlsx"'
    content = b"".join(report.streaming_content)  # type: ignore[attr-defined]
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1] == ("Nhân sự", 2, "Ngày sinh (dd/mm/yyyy)", "30/02/1990", "Ngày này không có thật.")


def test_an_unknown_report_or_template_is_404(alice: Client) -> None:
    assert alice.get(f"{URL}report/{'a' * 32}/").status_code == 404
    assert alice.get(f"{URL}report/..%2Fsecret/").status_code == 404
    assert alice.get(f"{URL}template/salaries/").status_code == 404


def test_a_template_downloads_as_xlsx(alice: Client) -> None:
    response = alice.get(f"{URL}template/units/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-units.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Đơn vị", "Hướng dẫn"]


def test_the_form_requires_a_file(alice: Client) -> None:
    response = alice.post(URL, {})

    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()
