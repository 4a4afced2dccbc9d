"""Editing a draft's file changes only the values edited: every comment of the shipped rule sets (their source
citations and explanations) and the layout of the rest stay, line for line; the result still compiles."""

from __future__ import annotations

import difflib
from fractions import Fraction

import pytest

from danhgia.apps.lab.textfile import params_text, put_rule, read, remove_rule, set_header, set_parameters
from danhgia.apps.lab.validation import compiled_draft
from danhgia.engine.schema import builtin_text, ruleset_files

SHIPPED = sorted(ruleset_files())
NEW_RULE = {
    "code": "member_disciplined_in_year",
    "stage": "disqualifier",
    "kind": "member_discipline_counts",
    "applies_to": ["leadership_collective"],
    "level": None,
    "outcome": None,
    "params": {"self_detected_counts": True, "public_service_only": False, "min_form": "reprimand"},
    "enabled": True,
    "source": "Dự thảo, Điều 11, khoản 4",
    "confirmed": False,
    "vi": "Có thành viên bị kỷ luật trong năm.",
    "en": "A member was disciplined during the year.",
}


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def _changed(before: str, after: str) -> list[str]:
    """The lines removed (-) and added (+), in order."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _rule(text: str, code: str) -> dict[str, object]:
    return next(r for r in read(text)["rules"] if r["code"] == code)


def test_the_shipped_rule_sets_carry_comments() -> None:
    """(else the tests below would keep nothing)"""
    assert SHIPPED and all(len(_comments(builtin_text(ruleset))) >= 2 for ruleset in SHIPPED)


def test_editing_one_parameter_changes_only_its_line_and_keeps_every_comment() -> None:
    base = builtin_text("qd366-2025")
    edited = set_parameters(base, {"quota_ratio": {"value": "3/20"}})
    assert set(_comments(edited)) == set(_comments(base)) and _comments(edited) == _comments(base)
    assert _changed(base, edited) == ['-value = "1/5"', '+value = "3/20"']
    assert compiled_draft(edited).quota_ratio == Fraction(3, 20)
    assert read(edited)["parameters"]["quota_ratio"]["value"] == "3/20"


def test_a_parameter_form_posting_every_value_rewrites_only_the_changed_ones() -> None:
    base = builtin_text("qd366-2025")
    values = {name: dict(p) for name, p in read(base)["parameters"].items()}
    assert set_parameters(base, values) == base
    values["quota_ratio"]["source"] = "Dự thảo, Điều 11"
    values["score_bands_are_minimums"]["value"] = False
    assert _changed(base, set_parameters(base, values)) == [
        '-source = "366-QĐ/TW, Điều 11; 43-HD/BTCTW"',
        '+source = "Dự thảo, Điều 11"',
        "-value = true",
        "+value = false",
    ]


def test_editing_a_rule_changes_only_the_fields_edited() -> None:
    base = builtin_text("qd366-2025")
    rule = _rule(base, "level2_score")
    edited = put_rule(base, "level2_score", {**rule, "params": {"min": 75}})
    assert _changed(base, edited) == ["-params = { min = 70 }", "+params = { min = 75 }"]
    assert _comments(edited) == _comments(base)
    [level2] = [rule for rule in compiled_draft(edited).stages["level"] if rule.code == "level2_score"]
    assert level2.params == {"min": 75}


def test_a_field_left_out_or_set_to_its_default_is_removed_and_a_new_field_follows_the_last() -> None:
    base = builtin_text("qd366-2025")
    rule = _rule(base, "admitted_less_than_6_months")
    edited = put_rule(
        base, "admitted_less_than_6_months", {**rule, "applies_to": ["all"], "enabled": False, "params": None}
    )
    assert _changed(base, edited) == [
        '-applies_to = ["individual"]',
        "-params = { months = 6 }",
        "+enabled = false",
    ]
    lines = edited.splitlines()
    assert lines[lines.index("enabled = false") - 1] == f'en = "{rule["en"]}"'
    assert _comments(edited) == _comments(base)


@pytest.mark.parametrize("ruleset", SHIPPED)
def test_saving_every_rule_unchanged_or_toggled_off_and_on_gives_back_the_same_file(ruleset: str) -> None:
    base = builtin_text(ruleset)
    rules = read(base)["rules"]
    for rule in rules:
        assert put_rule(base, rule["code"], rule) == base
    for rule in (rules[0], rules[-1]):  # a new field goes above the comments that head the next rule
        off = put_rule(base, rule["code"], {**rule, "enabled": False})
        assert _changed(base, off) == ["+enabled = false"]
        assert put_rule(off, rule["code"], {**rule, "enabled": True}) == base


@pytest.mark.parametrize("ruleset", SHIPPED)
def test_removing_any_rule_removes_only_its_lines_and_keeps_every_comment(ruleset: str) -> None:
    base = builtin_text(ruleset)
    rules = read(base)["rules"]
    for index, rule in enumerate(rules):
        edited = remove_rule(base, rule["code"])
        assert sorted(_comments(edited)) == sorted(_comments(base)), rule["code"]
        assert all(line.startswith("-") for line in _changed(base, edited)), rule["code"]
        assert read(edited)["rules"] == rules[:index] + rules[index + 1 :]


def test_a_removed_rule_hands_the_comment_below_it_to_the_rule_before() -> None:
    base = builtin_text("qd366-2025")
    lines = base.splitlines()
    edited = remove_rule(base, "missing_input").splitlines()
    heading = "# --- eligibility (366-QĐ/TW, Điều 5 khoản 2.1) " + "-" * 57
    assert lines[lines.index(heading) + 1 : lines.index(heading) + 3] == [
        "[[rules]]",
        'code = "exempt_from_activities"',
    ]
    assert edited[edited.index(heading) - 2 : edited.index(heading) + 2] == [
        "confirmed = false",
        "",
        heading,
        "[[rules]]",
    ]
    assert _changed(base, "\n".join(edited) + "\n") == [
        "-[[rules]]",
        '-code = "missing_input"',
        '-stage = "input"',
        '-kind = "required_input"',
        '-source = "366-QĐ/TW, Điều 11 (thang điểm 100)"',
        "-confirmed = true",
        '-vi = "Chưa có tổng điểm tự đánh giá nên chưa thể xác định mức; cấp có thẩm quyền quyết định."',
        '-en = "No total score was given, so no level can be determined; the competent level decides."',
        "-",
    ]


def test_adding_a_rule_appends_only_its_lines_and_the_file_still_compiles() -> None:
    base = builtin_text("qd366-2025")
    edited = put_rule(base, None, NEW_RULE)
    assert _changed(base, edited) == [
        "+",
        "+[[rules]]",
        '+code = "member_disciplined_in_year"',
        '+stage = "disqualifier"',
        '+kind = "member_discipline_counts"',
        '+applies_to = ["leadership_collective"]',
        '+params = { self_detected_counts = true, public_service_only = false, min_form = "reprimand" }',
        '+source = "Dự thảo, Điều 11, khoản 4"',
        "+confirmed = false",
        '+vi = "Có thành viên bị kỷ luật trong năm."',
        '+en = "A member was disciplined during the year."',
    ]
    assert _comments(edited) == _comments(base)
    assert "member_disciplined_in_year" in [rule.code for rule in compiled_draft(edited).stages["disqualifier"]]
    assert remove_rule(edited, "member_disciplined_in_year") == base + "\n"


def test_a_missing_rule_is_a_key_error() -> None:
    base = builtin_text("qd366-2025")
    with pytest.raises(KeyError):
        put_rule(base, "no_such_rule", NEW_RULE)
    with pytest.raises(KeyError):
        remove_rule(base, "no_such_rule")


def test_the_header_changes_only_its_lines() -> None:
    base = builtin_text("qd366-2025")
    edited = set_header(base, status="draft", version="2025.1-lab7")
    assert _changed(base, edited) == [
        '-version = "2025.1"',
        '-status = "published"',
        '+version = "2025.1-lab7"',
        '+status = "draft"',
    ]


def test_parameters_of_a_rule_as_one_line() -> None:
    assert params_text({"min": 50, "name": 'Đảng viên "x"', "on": True, "groups": ["a", "b"]}) == (
        'min = 50, name = "Đảng viên \\"x\\"", on = true, groups = ["a", "b"]'
    )
