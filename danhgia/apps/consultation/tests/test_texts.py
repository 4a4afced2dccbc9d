from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.consultation.models import Provision
from danhgia.apps.consultation.services.texts import provision_link_rules
from danhgia.apps.consultation.tests.helpers import NOW, world
from danhgia.apps.cycles.models import RulesetVersion
from danhgia.apps.lab.models import RulesetDraft

pytestmark = pytest.mark.django_db
DRAFT_TEXT = '[[rules]]\ncode = "collective_disciplined"\n\n[[rules]]\ncode = "quota_level1_over_20pct_of_level2"\n'


def test_a_provision_links_only_to_rules_the_linked_draft_holds() -> None:
    w = world()
    base = RulesetVersion.objects.create(
        ruleset="qd366-2025", sha256="0" * 64, title="366", text=DRAFT_TEXT, recorded_at=NOW
    )
    w.consultation.draft = RulesetDraft.objects.create(
        title="Dự thảo",
        base_version=base,
        owner=w.centre,
        text=DRAFT_TEXT,
        created_by=w.editor,
        created_at=NOW,
        updated_at=NOW,
    )
    w.consultation.save()
    clause = Provision.objects.get(version__consultation=w.consultation, key="A5.1")
    provision_link_rules(provision=clause, rule_ids=["collective_disciplined"], actor=w.editor, now=NOW)
    entries = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as refused:
        provision_link_rules(provision=clause, rule_ids=["no_such_rule"], actor=w.editor, now=NOW)

    clause.refresh_from_db()
    assert refused.value.message_dict["rule_ids"] == ["“no_such_rule” không phải là quy tắc của dự thảo."]
    assert clause.rule_ids == ["collective_disciplined"]
    assert AuditEntry.objects.count() == entries
