"""The upload page (staff only, each sheet needing its permissions): access, a good file, a bad file with its
report, and template downloads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from openpyxl import load_workbook

from danhgia.apps.orgs.models import Person
from danhgia.apps.spreadsheets.forms import ImportForm
from danhgia.apps.spreadsheets.limits import LIMITS
from danhgia.apps.spreadsheets.records import Problem
from danhgia.apps.spreadsheets.tests.conftest import csv_upload, full_sheets, grant_import, headers, table_counts, xlsx
from danhgia.apps.spreadsheets.tests.hostile import package, sheet_xml, workbook_parts

pytestmark = pytest.mark.django_db
URL = "/import/"


@pytest.fixture
def alice(client: Client) -> Client:
    """Staff, with the permissions to import every kind of sheet."""
    client.force_login(grant_import(User.objects.create_user("alice", is_staff=True)))
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


@pytest.fixture
def carol(client: Client) -> Client:
    """Staff without any permission."""
    client.force_login(User.objects.create_user("carol", is_staff=True))
    return client


def discipline_sheet() -> dict[str, Any]:
    row = ["", "CB001", "", "", "Khiển trách", "Kỷ luật Đảng", "01/02/2024", "VP-2024-01", "", "", "", "QĐ 12"]
    return {"Kỷ luật": [headers("discipline"), row]}


def test_staff_without_permissions_cannot_import_a_disciplinary_record(carol: Client) -> None:
    Person.objects.create(personnel_code="CB001", full_name="Nguyễn Văn An")
    before = table_counts()

    response = carol.post(URL, {"file": xlsx(discipline_sheet())})

    assert response.status_code == 200
    assert response.context["problems"] == [
        Problem(
            "nhap.xlsx",
            None,
            "",
            "",
            "Tài khoản của bạn không có quyền nhập dữ liệu danh mục: hãy đề nghị quản trị viên cấp quyền cho các "
            "trang tính cần nhập.",
        )
    ]
    assert "Tài khoản của bạn không có quyền nhập dữ liệu danh mục" in response.content.decode()
    assert table_counts() == before


def test_each_sheet_needs_the_permissions_of_what_it_writes(client: Client) -> None:
    client.force_login(grant_import(User.objects.create_user("dave", is_staff=True), "people"))
    sheets = {"Nhân sự": [headers("people"), ["", "CB001", "Nguyễn Văn An", "", ""]], **discipline_sheet()}
    before = table_counts()

    response = client.post(URL, {"file": xlsx(sheets)})

    assert response.context["problems"] == [
        Problem(
            "Kỷ luật",
            None,
            "",
            "",
            "Bạn không có quyền nhập trang tính này (Kỷ luật): cần quyền thêm và sửa “kỷ luật”, tài khoản của bạn "
            "thiếu quyền orgs.add_disciplinerecord, orgs.change_disciplinerecord.",
        )
    ]
    assert table_counts() == before  # not even the people sheet it may import


def test_a_cell_at_xfd1048576_gets_an_answer_not_a_dead_server(alice: Client) -> None:
    cells = [(f"{letter}1", header) for letter, header in zip("ABCDE", headers("people"), strict=True)]
    before = table_counts()

    response = alice.post(URL, {"file": package(workbook_parts(sheet_xml([*cells, ("XFD1048576", "x")])))})

    assert response.status_code == 200
    assert [(p.sheet, p.reason[:43]) for p in response.context["problems"]] == [
        ("Nhân sự", "Dữ liệu của trang tính kéo đến ô XFD1048576")
    ]
    assert table_counts() == before


def test_the_page_and_the_report_say_when_the_check_stopped(alice: Client) -> None:
    text = ",".join(headers("people")) + "\n" + "x,y,z,w,v\n" * 600

    response = alice.post(URL, {"file": csv_upload(text)})

    page = response.content.decode()
    assert "Tệp có 1000 lỗi: không có dữ liệu nào được nhập." in page
    assert "Việc kiểm tra dừng lại sau 1.000 lỗi đầu tiên; tệp còn lỗi khác." in page
    report = alice.get(f"{URL}report/{response.context['report_token']}/")
    content = b"".join(report.streaming_content)  # type: ignore[attr-defined]
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + 1000 + 1
    assert rows[-1] == (None, None, None, None, "Việc kiểm tra dừng lại sau 1.000 lỗi đầu tiên; tệp còn lỗi khác.")


def test_the_error_report_writes_an_uploaded_formula_back_as_text(alice: Client) -> None:
    formula = "=cmd|' /C calc'!A0"
    text = ",".join(headers("people")) + f'\n"{formula}",CB1,"=HYPERLINK(""http://x"",""y"")",,"+1"\n'

    response = alice.post(URL, {"file": csv_upload(text)})

    report = alice.get(f"{URL}report/{response.context['report_token']}/")
    content = b"".join(report.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.data_type for cell in cells if cell.data_type == "f"] == []
    assert [(cell.value, cell.quotePrefix) for cell in cells if str(cell.value)[:1] in "=+"] == [
        (formula, True),
        ("+1", True),
    ]


def test_the_form_refuses_a_file_over_the_size_limit_before_reading_it() -> None:
    upload = SimpleUploadedFile("lon.csv", b"x")
    upload.size = LIMITS.file_bytes + 1

    form = ImportForm(data={}, files=MultiValueDict({"file": [upload]}))

    assert not form.is_valid()
    assert form.errors["file"] == ["Tệp lớn hơn 32 MB (32,0 MB): hãy chia thành nhiều tệp."]
