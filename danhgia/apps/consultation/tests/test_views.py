from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from docx import Document

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.consultation.models import (
    BridgePoint,
    Comment,
    ConferenceSession,
    Consultation,
    Opinion,
    Provision,
)
from danhgia.apps.consultation.tests.helpers import PASSWORD, World, world

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _docx(lines: list[str]) -> io.BytesIO:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    out.name = "du-thao.docx"
    return out


def test_a_user_of_a_unit_outside_the_consultation_cannot_open_it() -> None:
    w = world()

    response = _client("hanoi").get(f"/consultation/{w.consultation.pk}/")

    assert response.status_code == 403


def test_posting_for_a_unit_outside_the_consultation_changes_nothing() -> None:
    w = world()
    entries = AuditEntry.objects.count()

    response = _client("bacninh").post(
        f"/consultation/{w.consultation.pk}/comments/", {"unit": w.outside.pk, "text": "Góp ý thay đơn vị khác."}
    )

    assert response.status_code == 302
    assert Comment.objects.count() == 0
    assert AuditEntry.objects.count() == entries


def test_a_unit_agrees_entirely_in_one_click() -> None:
    w = world()

    _client("tanan").post(f"/consultation/{w.consultation.pk}/opinion/", {"unit": w.commune.pk, "agree": "1"})

    assert list(Opinion.objects.values_list("unit_id", "state", "agrees_entirely")) == [
        (w.commune.pk, "submitted", True)
    ]


def test_a_unit_user_cannot_open_the_synthesis() -> None:
    w = world()

    assert _client("bacninh").get(f"/consultation/{w.consultation.pk}/synthesis/").status_code == 403
    assert _client("bientap").get(f"/consultation/{w.consultation.pk}/synthesis/").status_code == 200


def test_the_editorial_team_opens_a_consultation_from_a_word_file() -> None:
    w = world()
    lines = ["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Tỷ lệ", "1. Không quá 15%.", "2. Trường hợp đặc biệt."]

    response = _client("bientap").post(
        "/consultation/new/",
        {
            "title": "Dự thảo thứ hai",
            "owner": w.centre.pk,
            "deadline": "2099-01-31",
            "units": [w.province.pk, w.ministry.pk],
            "file": _docx(lines),
        },
    )

    created = Consultation.objects.get(title="Dự thảo thứ hai")
    assert response.status_code == 302
    assert list(Provision.objects.filter(version__consultation=created).values_list("key", "body")) == [
        ("CI", ""),
        ("A1", ""),
        ("A1.1", "Không quá 15%."),
        ("A1.2", "Trường hợp đặc biệt."),
    ]
    assert sorted(created.consulted.values_list("unit__code", flat=True)) == ["BNV", "T27"]


def test_a_malformed_file_is_refused_in_vietnamese_and_nothing_is_created() -> None:
    w = world()
    bad = io.BytesIO(b"PK\x03\x04 broken zip")
    bad.name = "hong.docx"

    response = _client("bientap").post(
        "/consultation/new/",
        {"title": "Hỏng", "owner": w.centre.pk, "deadline": "2099-01-31", "units": [w.province.pk], "file": bad},
    )

    assert response.status_code == 200
    assert "Tệp không phải là văn bản Word (.docx)." in response.content.decode()
    assert Consultation.objects.count() == 1


def test_the_conference_notes_join_the_synthesis() -> None:
    w = world()
    client = _client("bientap")
    article = Provision.objects.get(version__consultation=w.consultation, key="A5")
    client.post(
        f"/consultation/{w.consultation.pk}/conference/new/",
        {"title": "Hội nghị trực tuyến", "held_on": "2026-05-30", "agenda": [article.pk]},
    )
    session = ConferenceSession.objects.get()
    client.post(f"/consultation/{w.consultation.pk}/conference/{session.pk}/present/", {"unit": [w.province.pk]})
    client.post(
        f"/consultation/{w.consultation.pk}/conference/{session.pk}/turn/",
        {"unit": w.province.pk, "speaker": "Đồng chí Phó Bí thư", "provision": article.pk},
    )
    client.post(
        f"/consultation/{w.consultation.pk}/conference/{session.pk}/note/",
        {"unit": w.province.pk, "speaker": "Đồng chí Phó Bí thư", "provision": article.pk, "text": "Nên giữ 20%."},
    )

    page = client.get(f"/consultation/{w.consultation.pk}/synthesis/").content.decode()

    assert list(BridgePoint.objects.filter(is_present=True).values_list("unit__code", flat=True)) == ["T27"]
    assert list(session.turns.values_list("order", "speaker")) == [(1, "Đồng chí Phó Bí thư")]
    assert list(session.agenda.values_list("key", flat=True)) == ["A5"]
    assert "Nên giữ 20%." in page
    assert Comment.objects.get().origin == "conference"


def test_the_reminder_command_lists_the_units_without_an_opinion(
    capsys: pytest.CaptureFixture[str], settings: Any
) -> None:
    settings.DANHGIA_REMINDERS_BY_MAIL = True
    w: World = world()

    call_command("consultation_remind", consultation=w.consultation.pk)

    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{w.consultation.pk}\tĐảng ủy Bộ Nội vụ\tbonoivu@example.vn",
        f"{w.consultation.pk}\tTỉnh ủy Bắc Ninh\tbacninh@example.vn",
        f"{w.consultation.pk}\tĐảng ủy xã Tân An\ttanan@example.vn",
    ]


def test_the_editorial_team_links_a_clause_to_the_rules_it_changes_and_a_unit_cannot() -> None:
    w = world()
    clause = Provision.objects.get(version__consultation=w.consultation, key="A5.1")
    url = f"/consultation/{w.consultation.pk}/provisions/{clause.pk}/rules/"

    _client("bacninh").post(url, {"rule_ids": "collective_disciplined"})
    clause.refresh_from_db()
    assert clause.rule_ids == []

    _client("bientap").post(url, {"rule_ids": "quota_level1_over_20pct_of_level2, collective_disciplined"})
    clause.refresh_from_db()
    assert clause.rule_ids == ["collective_disciplined", "quota_level1_over_20pct_of_level2"]

    refused = _client("bientap").post(url, {"rule_ids": "Sai mã!"}, follow=True)
    clause.refresh_from_db()
    assert "“Sai mã!” không phải là quy tắc của dự thảo." in refused.content.decode()
    assert clause.rule_ids == ["collective_disciplined", "quota_level1_over_20pct_of_level2"]


def test_a_unit_reads_the_editorial_teams_answer_to_its_comment() -> None:
    w = world()
    _client("bacninh").post(
        f"/consultation/{w.consultation.pk}/comments/", {"unit": w.province.pk, "text": "Đề nghị làm rõ Điều 1."}
    )
    _client("bacninh").post(f"/consultation/{w.consultation.pk}/opinion/", {"unit": w.province.pk, "agree": "0"})
    comment = Comment.objects.get()
    _client("bientap").post(
        f"/consultation/{w.consultation.pk}/synthesis/{comment.pk}/decide/",
        {"decision": "explained", "response": "Điều 1 đã rõ phạm vi."},
    )

    page = _client("bacninh").get(f"/consultation/{w.consultation.pk}/").content.decode()

    assert "Tổ biên tập trả lời: giải trình — Điều 1 đã rõ phạm vi." in page
