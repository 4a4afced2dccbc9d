from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.consultation.models import Attachment, Comment, Opinion, Provision
from danhgia.apps.consultation.services.opinions import (
    attachment_add,
    comment_add,
    comment_update,
    opinion_agree_entirely,
    opinion_submit,
)
from danhgia.apps.consultation.services.record import consultation_chain
from danhgia.apps.consultation.services.texts import consultation_close
from danhgia.apps.consultation.tests.helpers import NOW, World, world

pytestmark = pytest.mark.django_db


def _clause(w: World, key: str = "A5.1") -> Provision:
    return Provision.objects.get(version__consultation=w.consultation, version__number=1, key=key)


def _entries(w: World) -> list[str]:
    return list(
        AuditEntry.objects.filter(chain__name=consultation_chain(w.consultation.pk)).values_list("action", flat=True)
    )


def test_a_unit_writes_a_draft_then_submits_its_opinion_once() -> None:
    w = world()
    comment = comment_add(
        consultation=w.consultation,
        unit=w.province,
        provision=_clause(w),
        text="Đề nghị giảm tỷ lệ xuống 15%.",
        proposed_wording="Tỷ lệ không quá 15% số được xếp loại hoàn thành tốt nhiệm vụ.",
        actor=w.province_user,
        now=NOW,
    )
    opinion = opinion_submit(consultation=w.consultation, unit=w.province, actor=w.province_user, now=NOW)

    assert (opinion.state, opinion.number, opinion.agrees_entirely) == ("submitted", 1, False)
    assert list(opinion.comments.values_list("pk", flat=True)) == [comment.pk]
    assert _entries(w) == ["consultation_create", "comment_add", "opinion_submit"]
    assert audit_verify(chain=consultation_chain(w.consultation.pk)) == []


def test_a_submitted_opinion_is_locked_and_a_refused_edit_changes_nothing() -> None:
    w = world()
    comment = comment_add(
        consultation=w.consultation, unit=w.province, provision=None, text="Nhất trí.", actor=w.province_user, now=NOW
    )
    opinion_submit(consultation=w.consultation, unit=w.province, actor=w.province_user, now=NOW)
    entries = AuditEntry.objects.count()

    with pytest.raises(PermissionDenied):
        comment_update(comment=comment, text="Đổi ý.", proposed_wording="", actor=w.province_user, now=NOW)

    comment.refresh_from_db()
    assert comment.text == "Nhất trí."
    assert AuditEntry.objects.count() == entries


def test_a_later_opinion_supersedes_the_first_and_both_are_kept() -> None:
    w = world()
    comment_add(
        consultation=w.consultation,
        unit=w.ministry,
        provision=None,
        text="Ý kiến lần 1.",
        actor=w.ministry_user,
        now=NOW,
    )
    first = opinion_submit(consultation=w.consultation, unit=w.ministry, actor=w.ministry_user, now=NOW)
    later = NOW + timedelta(days=2)
    comment_add(
        consultation=w.consultation,
        unit=w.ministry,
        provision=None,
        text="Ý kiến lần 2.",
        actor=w.ministry_user,
        now=later,
    )
    second = opinion_submit(consultation=w.consultation, unit=w.ministry, actor=w.ministry_user, now=later)

    first.refresh_from_db()
    assert (first.state, second.state, second.number, second.supersedes_id) == ("superseded", "submitted", 2, first.pk)
    assert Comment.objects.filter(unit=w.ministry).count() == 2


def test_agreeing_entirely_is_one_step() -> None:
    w = world()
    opinion = opinion_agree_entirely(consultation=w.consultation, unit=w.commune, actor=w.commune_user, now=NOW)

    assert (opinion.state, opinion.agrees_entirely, opinion.comments.count()) == ("submitted", True, 0)


def test_a_unit_outside_the_consultation_is_refused_and_nothing_changes() -> None:
    w = world()
    entries = AuditEntry.objects.count()

    with pytest.raises(PermissionDenied):
        comment_add(
            consultation=w.consultation, unit=w.outside, provision=None, text="X", actor=w.outside_user, now=NOW
        )
    with pytest.raises(PermissionDenied):
        opinion_agree_entirely(consultation=w.consultation, unit=w.outside, actor=w.outside_user, now=NOW)

    assert Comment.objects.count() == 0
    assert Opinion.objects.count() == 0
    assert AuditEntry.objects.count() == entries


def test_a_province_user_cannot_write_the_opinion_of_a_commune_below_it() -> None:
    w = world()

    with pytest.raises(PermissionDenied):
        opinion_agree_entirely(consultation=w.consultation, unit=w.commune, actor=w.province_user, now=NOW)

    assert Opinion.objects.count() == 0


def test_submitting_an_empty_opinion_is_refused() -> None:
    w = world()

    with pytest.raises(ValidationError) as refused:
        opinion_submit(consultation=w.consultation, unit=w.province, actor=w.province_user, now=NOW)

    assert "opinion" in refused.value.message_dict
    assert Opinion.objects.filter(state="submitted").count() == 0


def test_attachments_are_checked_for_type_and_kept_beside_the_comment() -> None:
    w = world()
    comment = comment_add(
        consultation=w.consultation, unit=w.province, provision=None, text="Xem tệp.", actor=w.province_user, now=NOW
    )
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    attachment = attachment_add(comment=comment, file=pdf, actor=w.province_user, now=NOW)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(ValidationError) as refused:
        attachment_add(comment=comment, file=fake, actor=w.province_user, now=NOW)

    assert refused.value.message_dict["file"] == ["Chỉ nhận tệp PDF, DOCX, XLSX, JPG và PNG."]
    assert (attachment.name, attachment.size) == ("bao-cao.pdf", 13)
    assert Attachment.objects.count() == 1


def test_a_closed_consultation_takes_no_more_opinions() -> None:
    w = world()
    consultation_close(consultation=w.consultation, actor=w.editor, now=NOW)

    with pytest.raises(PermissionDenied):
        opinion_agree_entirely(consultation=w.consultation, unit=w.commune, actor=w.commune_user, now=NOW)

    assert Opinion.objects.count() == 0
    assert _entries(w) == ["consultation_create", "consultation_close"]
