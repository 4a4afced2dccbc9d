"""Evidence files on a self-review: PDF, DOCX, XLSX, JPG or PNG up to 10 MB, attached and removed while the
self-review can be edited, downloaded by its subject and their secretary only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.asserts import assertContains, assertRedirects

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reviews.models import Evidence, Review
from danhgia.apps.reviews.tests.world import World
from danhgia.apps.selfservice.tests.factories import client_of, everything, review_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def attach(
    world: World, review: Review, client: Client | None = None, name: str = "bao-cao.pdf", content: bytes = PDF
) -> Any:
    return (client or client_of(world, "p2")).post(
        f"/self-review/{review.pk}/evidence/",
        {"file": upload(name, content), "description": "Báo cáo tổng kết năm 2025"},
    )


def test_a_pdf_is_attached_listed_and_downloaded(world: World, cycle: ReviewCycle, media: Path) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")

    response = attach(world, review, client)

    assertRedirects(response, f"/self-review/{review.pk}/#evidence", fetch_redirect_response=False)
    evidence = Evidence.objects.get(review=review)
    assert (evidence.description, evidence.uploaded_by) == ("Báo cáo tổng kết năm 2025", world.users["p2"])
    assert (media / evidence.file.name).read_bytes() == PDF
    entry = AuditEntry.objects.get(action="evidence_add")
    assert (entry.object_id, (entry.after or {}).get("description")) == (str(review.pk), "Báo cáo tổng kết năm 2025")
    page = client.get(f"/self-review/{review.pk}/")
    assertContains(
        page,
        f'<a href="/self-review/{review.pk}/evidence/{evidence.pk}/">Báo cáo tổng kết năm 2025</a>',
        html=True,
    )
    assertContains(page, '<li class="ss-message ss-message-success">Đã đính kèm tệp.</li>', html=True)
    download = client.get(f"/self-review/{review.pk}/evidence/{evidence.pk}/")
    assert (download.status_code, b"".join(download.streaming_content)) == (200, PDF)  # type: ignore[attr-defined]
    assert download.headers["Content-Disposition"].startswith('attachment; filename="bao-cao')
    # the member's secretary may read it too; another member may not
    secretary = client_of(world, "bithu").get(f"/self-review/{review.pk}/evidence/{evidence.pk}/")
    assert secretary.status_code == 200
    assert client_of(world, "p3").get(f"/self-review/{review.pk}/evidence/{evidence.pk}/").status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, DOCX, XLSX, JPG và PNG."),
        ("gia-mao.pdf", b"<html>not a pdf</html>", "Chỉ nhận tệp PDF, DOCX, XLSX, JPG và PNG."),
        ("anh.png", PNG, None),
        ("bang.xlsx", b"PK\x03\x04" + b"\x00" * 16, None),
        ("qua-lon.pdf", PDF + b"\x00" * (10 * 1024 * 1024), "Tệp lớn hơn 10 MB."),
    ],
)
def test_only_small_files_of_the_accepted_types_are_attached(
    world: World, cycle: ReviewCycle, name: str, content: bytes, message: str | None
) -> None:
    review = review_of(world, "P2")
    before = everything()

    response = attach(world, review, name=name, content=content)

    if message is None:
        assert (response.status_code, Evidence.objects.count()) == (302, 1)
        return
    assert response.status_code == 200
    assertContains(response, f'<ul class="errorlist" id="id_file_error"><li>{message}</li></ul>', html=True)
    assert everything() == before


def test_a_file_is_removed_while_the_self_review_is_a_draft(
    world: World, cycle: ReviewCycle, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    review = review_of(world, "P2")
    attach(world, review)
    evidence = Evidence.objects.get()
    stored = media / evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(world, "p2").post(f"/self-review/{review.pk}/evidence/{evidence.pk}/remove/")

    assertRedirects(response, f"/self-review/{review.pk}/#evidence", fetch_redirect_response=False)
    assert (Evidence.objects.count(), stored.exists()) == (0, False)
    assert list(AuditEntry.objects.filter(object_type="review").values_list("action", flat=True)) == [
        "evidence_add",
        "evidence_remove",
    ]


def test_evidence_cannot_change_once_submitted(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    attach(world, review)
    evidence = Evidence.objects.get()
    Review.objects.filter(pk=review.pk).update(state="submitted")
    before = everything()

    added = client_of(world, "p2").post(
        f"/self-review/{review.pk}/evidence/",
        {"file": upload("them.pdf", PDF), "description": "Bổ sung"},
        follow=True,
    )
    removed = client_of(world, "p2").post(f"/self-review/{review.pk}/evidence/{evidence.pk}/remove/", follow=True)

    for response in (added, removed):
        assertContains(
            response,
            '<li class="ss-message ss-message-error">Bản tự kiểm điểm đã nộp: không thể thay đổi minh chứng nữa.</li>',
            html=True,
        )
    assert everything() == before
