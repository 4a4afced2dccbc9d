"""A consultation on a rule-set draft sends the draft to consultation (lab: draft → in consultation); only its
rule editor can, and a withdrawn draft cannot be consulted on. A refusal creates nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.consultation.models import Consultation
from danhgia.apps.consultation.services.texts import consultation_create
from danhgia.apps.consultation.tests.helpers import DEADLINE, NOW, TEXT, World, world
from danhgia.apps.cycles.rulesets import record_version
from danhgia.apps.lab.models import DraftState, RulesetDraft
from danhgia.apps.lab.services import draft_create, draft_transition

pytestmark = pytest.mark.django_db


def _draft(w: World) -> RulesetDraft:
    RoleAssignment.objects.create(user=w.editor, role=Role.RULE_EDITOR, unit=w.centre, valid_from=date(2020, 1, 1))
    base = record_version("qd366-2025", NOW)
    return draft_create(base=base, title="Dự thảo sửa đổi", owner=w.centre, actor=w.editor, now=NOW)


def _consult(w: World, draft: RulesetDraft) -> Consultation:
    return consultation_create(
        title="Lấy ý kiến dự thảo", owner=w.centre, deadline=DEADLINE, units=[w.province], provisions=TEXT,
        draft=draft, actor=w.editor, now=NOW,
    )  # fmt: skip


def test_consulting_on_a_draft_moves_it_to_consultation_on_the_audit_chain() -> None:
    w = world()
    draft = _draft(w)
    consultation = _consult(w, draft)
    assert (consultation.draft_id, RulesetDraft.objects.get(pk=draft.pk).state) == (
        draft.pk,
        DraftState.IN_CONSULTATION,
    )
    assert AuditEntry.objects.filter(action="lab_draft_in_consultation", object_id=draft.pk).count() == 1
    _consult(w, RulesetDraft.objects.get(pk=draft.pk))  # a second consultation on it leaves it there
    assert RulesetDraft.objects.get(pk=draft.pk).state == DraftState.IN_CONSULTATION


def test_only_the_rule_editor_sends_a_draft_and_a_withdrawn_one_is_refused_creating_nothing() -> None:
    w = world()
    draft = _draft(w)
    RoleAssignment.objects.filter(user=w.editor, role=Role.RULE_EDITOR).delete()
    before = Consultation.objects.count()
    with pytest.raises(ValidationError) as refused:
        _consult(w, draft)
    assert list(refused.value.message_dict) == ["draft"]
    assert (Consultation.objects.count(), RulesetDraft.objects.get(pk=draft.pk).state) == (before, DraftState.DRAFT)

    RoleAssignment.objects.create(user=w.editor, role=Role.RULE_EDITOR, unit=w.centre, valid_from=date(2020, 1, 1))
    draft = draft_transition(draft=draft, to=DraftState.WITHDRAWN, actor=w.editor, now=NOW)
    with pytest.raises(ValidationError) as refused:
        _consult(w, draft)
    assert list(refused.value.message_dict) == ["draft"]
    assert (Consultation.objects.count(), RulesetDraft.objects.get(pk=draft.pk).state) == (before, DraftState.WITHDRAWN)
