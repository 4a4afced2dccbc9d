from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from docx import Document
from openpyxl import load_workbook

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.consultation.exports import synthesis_docx, synthesis_xlsx
from danhgia.apps.consultation.models import Comment, Provision
from danhgia.apps.consultation.selectors import comments_by_article, unit_answers, version_diff
from danhgia.apps.consultation.services.conference import note_record, session_create
from danhgia.apps.consultation.services.opinions import comment_add, opinion_agree_entirely, opinion_submit
from danhgia.apps.consultation.services.reminders import reminders_send
from danhgia.apps.consultation.services.synthesis import comment_decide, group_confirm
from danhgia.apps.consultation.services.texts import text_revise
from danhgia.apps.consultation.similarity import near_duplicate_groups
from danhgia.apps.consultation.tests.helpers import DEADLINE, NOW, World, world

pytestmark = pytest.mark.django_db
FIFTEEN = "Tỷ lệ không quá 15% số được xếp loại hoàn thành tốt nhiệm vụ."


def _provision(w: World, key: str) -> Provision:
    return Provision.objects.get(version__consultation=w.consultation, version__number=1, key=key)


def _answered(w: World) -> list[Comment]:
    """The province and the ministry ask for 15 % in nearly the same words; the commune agrees entirely."""
    clause = _provision(w, "A5.1")
    for unit, user, text in (
        (w.province, w.province_user, "Đề nghị giảm tỷ lệ hoàn thành xuất sắc xuống 15% số hoàn thành tốt."),
        (w.ministry, w.ministry_user, "Đề nghị giảm tỷ lệ hoàn thành xuất sắc xuống còn 15% số hoàn thành tốt."),
    ):
        comment_add(
            consultation=w.consultation,
            unit=unit,
            provision=clause,
            text=text,
            proposed_wording=FIFTEEN,
            actor=user,
            now=NOW,
        )
        opinion_submit(consultation=w.consultation, unit=unit, actor=user, now=NOW)
    return list(Comment.objects.order_by("pk"))


def test_near_duplicates_are_suggested_and_different_comments_are_not() -> None:
    groups = near_duplicate_groups(
        [
            "Đề nghị giảm tỷ lệ xuống 15%.",
            "Một ý kiến khác hẳn về kỷ luật tập thể lãnh đạo.",
            "Đề nghị giảm tỷ lệ xuống còn 15%.",
        ]
    )

    assert groups == [[0, 2]]


def test_the_editorial_team_sees_comments_by_article_with_a_suggested_group() -> None:
    w = world()
    province, ministry = _answered(w)

    articles = comments_by_article(w.consultation)

    assert [(a.label, [c.pk for c in a.comments]) for a in articles] == [("Điều 5", [ministry.pk, province.pk])]
    assert [[c.pk for c in group] for group in articles[0].suggestions] == [[ministry.pk, province.pk]]


def test_a_confirmed_group_is_decided_together_and_the_text_is_revised_with_its_trace() -> None:
    w = world()
    province, ministry = _answered(w)
    group_confirm(consultation=w.consultation, comments=[province, ministry], actor=w.editor, now=NOW)

    comment_decide(
        comment=province,
        decision="accepted",
        response="Tiếp thu: tỷ lệ 15%.",
        adopted_wording=FIFTEEN,
        with_group=True,
        actor=w.editor,
        now=NOW,
    )
    version = text_revise(consultation=w.consultation, actor=w.editor, now=NOW)

    assert version.number == 2
    assert list(Comment.objects.order_by("pk").values_list("decision", "response")) == [
        ("accepted", "Tiếp thu: tỷ lệ 15%."),
        ("accepted", "Tiếp thu: tỷ lệ 15%."),
    ]
    changes = version_diff(w.consultation, 2)
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Khoản 1 Điều 5", "Tỷ lệ không quá 20% số được xếp loại hoàn thành tốt nhiệm vụ.", FIFTEEN)
    ]
    assert ("-", "20%") in changes[0].diff and ("+", "15%") in changes[0].diff
    assert sorted(c.pk for c in changes[0].comments) == [province.pk, ministry.pk]


def test_a_unit_cannot_decide_and_a_refusal_changes_nothing() -> None:
    w = world()
    province, _ = _answered(w)
    entries = AuditEntry.objects.count()

    with pytest.raises(PermissionDenied):
        comment_decide(comment=province, decision="accepted", response="Tự tiếp thu.", actor=w.province_user, now=NOW)

    province.refresh_from_db()
    assert (province.decision, province.response) == ("", "")
    assert AuditEntry.objects.count() == entries


def test_the_synthesis_table_carries_written_comments_and_conference_notes() -> None:
    w = world()
    province, _ = _answered(w)
    comment_decide(comment=province, decision="explained", response="Giữ 20% vì …", actor=w.editor, now=NOW)
    session = session_create(
        consultation=w.consultation,
        title="Hội nghị trực tuyến",
        held_on=date(2026, 5, 30),
        agenda=[_provision(w, "A5")],
        actor=w.editor,
        now=NOW,
    )
    note_record(
        session=session,
        unit=w.commune,
        speaker="Đồng chí Bí thư",
        provision=_provision(w, "A5"),
        text="=Cần hướng dẫn cách tính tỷ lệ.",
        actor=w.editor,
        now=NOW,
    )

    book = load_workbook(io.BytesIO(synthesis_xlsx(w.consultation, DEADLINE)))
    rows = list(book.worksheets[0].iter_rows(min_row=3, values_only=True))
    document = Document(io.BytesIO(synthesis_docx(w.consultation, DEADLINE)))

    assert [row[1:3] + row[5:] for row in rows] == [
        ("Điều 5", "Đảng ủy xã Tân An (tại hội nghị)", "chưa quyết định", None),
        ("Khoản 1 Điều 5", "Đảng ủy Bộ Nội vụ", "chưa quyết định", None),
        ("Khoản 1 Điều 5", "Tỉnh ủy Bắc Ninh", "giải trình", "Giữ 20% vì …"),
    ]
    note_cell = book.worksheets[0].cell(row=3, column=4)
    assert (note_cell.data_type, note_cell.value) == ("s", "=Cần hướng dẫn cách tính tỷ lệ.")
    assert [p.text for p in document.paragraphs[3:5]] == [
        "2 trên 3 đơn vị được lấy ý kiến đã góp ý.",
        "Chưa góp ý: Đảng ủy xã Tân An.",
    ]
    assert len(document.tables[0].rows) == 4
    assert document.tables[0].rows[3].cells[6].text == "Giữ 20% vì …"


def test_statistics_and_reminders_list_the_units_that_have_not_answered() -> None:
    w = world()
    _answered(w)
    after_deadline = NOW.replace(month=6, day=20)

    answers = {a.unit.code: (a.comments, a.is_overdue) for a in unit_answers(w.consultation, after_deadline.date())}
    reminded = reminders_send(consultation=w.consultation, actor=w.editor, now=after_deadline)

    assert answers == {"T27": (1, False), "BNV": (1, False), "T27.X1": (0, True)}
    assert [(r.unit, r.recipients, r.is_mailed) for r in reminded] == [
        ("Đảng ủy xã Tân An", ["tanan@example.vn"], False)
    ]
    assert mail.outbox == []


def test_reminders_are_mailed_after_commit_where_mail_is_configured(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.DANHGIA_REMINDERS_BY_MAIL = True
    w = world()
    opinion_agree_entirely(consultation=w.consultation, unit=w.commune, actor=w.commune_user, now=NOW)

    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(consultation=w.consultation, actor=None, now=NOW + timedelta(days=30))

    assert sorted(m.to[0] for m in mail.outbox) == ["bacninh@example.vn", "bonoivu@example.vn"]
