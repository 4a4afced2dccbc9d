"""Drafts: cloned from the cycle's version, edited through the services, every save compiled by the engine,
refusals change nothing, states and adoption, everything on the lab's audit chain."""

from __future__ import annotations

import difflib
from fractions import Fraction

import pytest
import tomlkit
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.lab.diff import ruleset_diff
from danhgia.apps.lab.models import DraftState, RulesetDraft
from danhgia.apps.lab.services import (
    LAB_CHAIN,
    cycle_pin_adopted,
    draft_data,
    draft_put_rule,
    draft_remove_rule,
    draft_replace_text,
    draft_set_parameters,
    draft_transition,
)
from danhgia.apps.lab.tests.helpers import NOW, lab_world, new_draft, scored_cycle
from danhgia.apps.lab.validation import DraftInvalid, compiled_draft
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.engine.schema import load_spec_text

pytestmark = pytest.mark.django_db


def _entries() -> list[tuple[str, str]]:
    return list(AuditEntry.objects.filter(chain__name=LAB_CHAIN).order_by("seq").values_list("action", "object_id"))


def test_a_new_draft_has_the_base_rules_and_no_differences() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    base_spec, _sha = load_spec_text(draft.base_version.text)
    spec, _sha = load_spec_text(draft.text)
    assert spec.ruleset.status == "draft"
    assert [r.code for r in spec.rules] == [r.code for r in base_spec.rules]
    assert ruleset_diff(draft.base_version.text, draft.text) == []
    assert _entries() == [("lab_draft_create", str(draft.pk))]


def test_changing_the_ratio_and_adding_a_rule_shows_in_the_diff_with_sources() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    editor = world.users["bientap"]
    draft_set_parameters(
        draft=draft, values={"quota_ratio": {"value": "3/20", "source": "Dự thảo, Điều 11"}}, actor=editor, now=NOW
    )
    rule = {
        "code": "member_disciplined_in_year",
        "stage": "disqualifier",
        "kind": "member_discipline_counts",
        "applies_to": ["leadership_collective"],
        "params": {"self_detected_counts": True, "public_service_only": False, "min_form": "reprimand"},
        "source": "Dự thảo, Điều 11, khoản 4",
        "confirmed": False,
        "vi": "Có thành viên bị kỷ luật trong năm.",
        "en": "A member was disciplined during the year.",
    }
    draft_put_rule(draft=draft, code=None, rule=rule, actor=editor, now=NOW)
    draft_remove_rule(draft=draft, code="factionalism", actor=editor, now=NOW)
    draft.refresh_from_db()
    changes = [
        (c.kind, c.what, c.code, c.source_before, c.source_after)
        for c in ruleset_diff(draft.base_version.text, draft.text)
    ]
    assert changes == [
        ("changed", "parameter", "quota_ratio", "366-QĐ/TW, Điều 11; 43-HD/BTCTW", "Dự thảo, Điều 11"),
        ("removed", "rule", "factionalism", "366-QĐ/TW, Điều 11, khoản 4", ""),
        ("added", "rule", "member_disciplined_in_year", "", "Dự thảo, Điều 11, khoản 4"),
    ]
    assert [a for a, _ in _entries()] == ["lab_draft_create", "lab_draft_save", "lab_draft_save", "lab_draft_save"]


def test_an_invalid_rule_is_refused_in_vietnamese_naming_the_rule_and_field_and_changes_nothing() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    text = draft.text
    rule = draft_data(draft)["rules"][6]
    assert rule["code"] == "score_below_50"
    with translation.override("vi"), pytest.raises(DraftInvalid) as refused:
        draft_put_rule(
            draft=draft,
            code="score_below_50",
            rule={**rule, "params": {"minimum": 50}},
            actor=world.users["bientap"],
            now=NOW,
        )
    assert refused.value.errors == [
        "Quy tắc score_below_50, trường params: các tham số phải đúng là ['min'], không phải ['minimum']"
    ]
    with translation.override("vi"), pytest.raises(DraftInvalid) as refused:
        draft_put_rule(
            draft=draft, code="score_below_50", rule={**rule, "level": 7}, actor=world.users["bientap"], now=NOW
        )
    assert refused.value.errors == ["Quy tắc score_below_50 (số 7), trường level: quá lớn"]
    draft.refresh_from_db()
    assert draft.text == text
    assert [a for a, _ in _entries()] == ["lab_draft_create"]


def test_a_user_without_the_role_over_the_owner_cannot_edit_and_nothing_changes() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    text = draft.text
    for user in ("khong_vai_tro", "bientap_db", "thamdinh"):
        with pytest.raises(PermissionDenied):
            draft_set_parameters(
                draft=draft, values={"quota_ratio": {"value": "3/20"}}, actor=world.users[user], now=NOW
            )
        with pytest.raises(PermissionDenied):
            draft_transition(draft=draft, to=DraftState.IN_CONSULTATION, actor=world.users[user], now=NOW)
    draft.refresh_from_db()
    assert (draft.text, draft.state) == (text, DraftState.DRAFT)
    assert len(_entries()) == 1


def test_adoption_records_a_new_immutable_version_and_locks_the_draft() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    editor = world.users["bientap"]
    draft_set_parameters(draft=draft, values={"quota_ratio": {"value": "3/20"}}, actor=editor, now=NOW)
    with pytest.raises(ValidationError):
        draft_transition(draft=draft, to=DraftState.ADOPTED, actor=editor, now=NOW)
    draft_transition(draft=draft, to=DraftState.IN_CONSULTATION, actor=editor, now=NOW)
    draft = draft_transition(draft=draft, to=DraftState.ADOPTED, actor=editor, now=NOW)
    version = draft.adopted_version
    assert version is not None
    spec, sha = load_spec_text(version.text)
    assert (version.sha256, version.ruleset, version.title) == (sha, "qd366-2025", "Dự thảo sửa đổi Quy định 366")
    assert (spec.ruleset.status, spec.parameters["quota_ratio"].value) == ("published", "3/20")
    assert RulesetVersion.objects.count() == 2
    with pytest.raises(ValidationError):
        draft_set_parameters(draft=draft, values={"quota_ratio": {"value": "1/10"}}, actor=editor, now=NOW)
    assert RulesetDraft.objects.get(pk=draft.pk).text == draft.text
    assert [a for a, _ in _entries()] == [
        "lab_draft_create",
        "lab_draft_save",
        "lab_draft_in_consultation",
        "lab_draft_adopted",
    ]


def test_an_open_cycle_can_be_classified_under_the_adopted_version() -> None:
    world = lab_world()
    cycle = scored_cycle(world)
    draft = new_draft(world, cycle)
    editor, admin = world.users["bientap"], world.users["admin"]
    draft_set_parameters(draft=draft, values={"quota_ratio": {"value": "3/20"}}, actor=editor, now=NOW)
    with pytest.raises(ValidationError):
        cycle_pin_adopted(cycle=cycle, draft=draft, actor=admin, now=NOW)
    draft_transition(draft=draft, to=DraftState.IN_CONSULTATION, actor=editor, now=NOW)
    draft = draft_transition(draft=draft, to=DraftState.ADOPTED, actor=editor, now=NOW)
    with pytest.raises(PermissionDenied):
        cycle_pin_adopted(cycle=cycle, draft=draft, actor=editor, now=NOW)
    cycle = cycle_pin_adopted(cycle=cycle, draft=draft, actor=admin, now=NOW)
    assert draft.adopted_version is not None
    assert cycle.ruleset_sha256 == draft.adopted_version.sha256
    assert cycle_rules(cycle).quota_ratio == Fraction(3, 20)
    assert AuditEntry.objects.filter(chain__name=f"cycle:{cycle.pk}", action="cycle_pin_adopted_ruleset").count() == 1


def test_a_new_cycle_is_created_on_the_adopted_version_and_keeps_it_when_opened() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    editor, admin = world.users["bientap"], world.users["admin"]
    draft_set_parameters(draft=draft, values={"quota_ratio": {"value": "3/20"}}, actor=editor, now=NOW)
    draft_transition(draft=draft, to=DraftState.IN_CONSULTATION, actor=editor, now=NOW)
    draft = draft_transition(draft=draft, to=DraftState.ADOPTED, actor=editor, now=NOW)
    assert draft.adopted_version is not None
    sha = draft.adopted_version.sha256
    with pytest.raises(ValidationError) as refused:  # a version of another rule set, or none recorded
        cycle_create(
            actor=admin, name="Năm 2025 (sửa đổi)", kind="year", year=2025, root=world.province,
            ruleset="qd124-2023", version=sha, replay_grounds="Đối chiếu", now=NOW,
        )  # fmt: skip
    assert list(refused.value.message_dict) == ["version"]
    assert not ReviewCycle.objects.filter(name="Năm 2025 (sửa đổi)").exists()

    cycle = cycle_create(
        actor=admin, name="Năm 2025 (sửa đổi)", kind="year", year=2025, root=world.province,
        ruleset="qd366-2025", version=sha, now=NOW,
    )  # fmt: skip
    assert (cycle.ruleset_sha256, cycle_rules(cycle).quota_ratio) == (sha, Fraction(3, 20))
    cycle_open(cycle=cycle, actor=admin, now=NOW)
    cycle = ReviewCycle.objects.get(pk=cycle.pk)
    assert (cycle.ruleset_sha256, cycle_rules(cycle).quota_ratio) == (sha, Fraction(3, 20))
    [created] = AuditEntry.objects.filter(chain__name=f"cycle:{cycle.pk}", action="cycle_create")
    assert created.after is not None and created.after["ruleset_sha256"] == sha
    [opened] = AuditEntry.objects.filter(chain__name=f"cycle:{cycle.pk}", action="cycle_open")
    assert opened.after is not None and opened.after["ruleset_sha256"] == sha


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def _changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_draft_keeps_every_comment_of_its_base_through_its_edits_and_adoption() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    editor = world.users["bientap"]
    base = draft.base_version.text
    assert len(_comments(base)) >= 2
    assert _changed(base, draft.text) == ['-status = "published"', '+status = "draft"']

    before = draft.text
    draft = draft_set_parameters(draft=draft, values={"quota_ratio": {"value": "3/20"}}, actor=editor, now=NOW)
    assert _changed(before, draft.text) == ['-value = "1/5"', '+value = "3/20"']
    rule = next(r for r in draft_data(draft)["rules"] if r["code"] == "level2_score")
    before = draft.text
    draft = draft_put_rule(
        draft=draft, code="level2_score", rule={**rule, "params": {"min": 75}}, actor=editor, now=NOW
    )
    assert _changed(before, draft.text) == ["-params = { min = 70 }", "+params = { min = 75 }"]
    added = {**rule, "code": "level2_score_copy", "enabled": False}
    draft = draft_put_rule(draft=draft, code=None, rule=added, actor=editor, now=NOW)
    draft = draft_remove_rule(draft=draft, code="factionalism", actor=editor, now=NOW)
    assert _comments(draft.text) == _comments(base)
    assert [c.code for c in compiled_draft(draft.text).stages["level"]].count("level2_score_copy") == 0  # disabled
    assert [(c.kind, c.code) for c in ruleset_diff(base, draft.text)] == [
        ("changed", "quota_ratio"),
        ("removed", "factionalism"),
        ("changed", "level2_score"),
        ("added", "level2_score_copy"),
    ]

    draft_transition(draft=draft, to=DraftState.IN_CONSULTATION, actor=editor, now=NOW)
    draft = draft_transition(draft=draft, to=DraftState.ADOPTED, actor=editor, now=NOW)
    assert draft.adopted_version is not None
    assert _comments(draft.adopted_version.text) == _comments(base)
    assert _changed(RulesetDraft.objects.get(pk=draft.pk).text, draft.adopted_version.text) == [
        '-version = "2025.1"',
        '-status = "draft"',
        f'+version = "2025.1-lab{draft.pk}"',
        '+status = "published"',
    ]


def test_the_whole_file_is_saved_as_typed_with_its_comments() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    typed = draft.text.replace("[parameters.quota_ratio]\n", "# Ghi chú của người soạn\n[parameters.quota_ratio]\n")
    draft = draft_replace_text(draft=draft, text=typed, actor=world.users["bientap"], now=NOW)
    assert RulesetDraft.objects.get(pk=draft.pk).text == typed
    assert "# Ghi chú của người soạn" in _comments(typed)


def test_a_file_whose_rules_are_an_inline_array_is_refused_by_the_rule_forms_and_nothing_changes() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    editor = world.users["bientap"]
    document = tomlkit.parse(draft.text)
    inline = tomlkit.array()
    for rule in draft_data(draft)["rules"]:
        table = tomlkit.inline_table()
        table.update(rule)
        inline.append(table)
    del document["rules"]
    document["rules"] = inline
    draft = draft_replace_text(draft=draft, text=tomlkit.dumps(document), actor=editor, now=NOW)
    text, saves = draft.text, len(_entries())
    rule = next(r for r in draft_data(draft)["rules"] if r["code"] == "level2_score")
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        draft_put_rule(draft=draft, code="level2_score", rule={**rule, "params": {"min": 75}}, actor=editor, now=NOW)
    assert refused.value.messages == [
        "Tệp của dự thảo không được trình bày theo cách các biểu mẫu chỉnh sửa (ví dụ: các quy tắc được viết thành "
        "một mảng trên một dòng): hãy sửa trong trình soạn toàn bộ tệp."
    ]
    with pytest.raises(ValidationError):
        draft_remove_rule(draft=draft, code="factionalism", actor=editor, now=NOW)
    assert (RulesetDraft.objects.get(pk=draft.pk).text, len(_entries())) == (text, saves)
    draft = draft_set_parameters(draft=draft, values={"quota_ratio": {"value": "3/20"}}, actor=editor, now=NOW)
    assert _changed(text, draft.text) == ['-value = "1/5"', '+value = "3/20"']
