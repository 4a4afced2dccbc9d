"""Validate a draft's rule-set file with the engine's own parser and compiler; every error in the reader's
language, naming the rule (by its code and position) or the parameter, and the field.

The engine reports in English with a fixed wording (`schema.load_spec_text`, `compile.compile_ruleset`); the
known wordings are mapped here to translated messages. An unknown wording is shown as it is, still prefixed by
the rule and field it names.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from pydantic import ValidationError

from danhgia.engine import CompiledRuleset, ScenarioError, compile_ruleset
from danhgia.engine.schema import RulesetSpec, load_spec_text


class DraftInvalid(ValueError):
    """The draft's file does not compile; `errors` are the messages, one per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


def compiled_draft(text: str) -> CompiledRuleset:
    """The compiled rule set of a draft's text, or `DraftInvalid` naming every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DraftInvalid([_("The rule-set file cannot be read: %(error)s") % {"error": exc}]) from None
    try:
        RulesetSpec.model_validate(data)
    except ValidationError as exc:
        raise DraftInvalid([_schema_message(data, error) for error in exc.errors()]) from None
    try:
        return compile_ruleset(*load_spec_text(text))
    except ScenarioError as exc:
        raise DraftInvalid([_compile_message(exc.message)]) from None


def rule_label(data: dict[str, Any], index: int) -> str:
    rules = data.get("rules") or []
    code = rules[index].get("code", "") if index < len(rules) and isinstance(rules[index], dict) else ""
    return _("rule %(code)s (no. %(number)s)") % {"code": code or "?", "number": index + 1}


def _where(data: dict[str, Any], loc: tuple[int | str, ...]) -> tuple[str, str]:
    """(what, field) named by a pydantic location."""
    if loc and loc[0] == "rules" and len(loc) > 1 and isinstance(loc[1], int):
        return rule_label(data, loc[1]), ".".join(str(part) for part in loc[2:]) or "—"
    if loc and loc[0] == "parameters" and len(loc) > 1:
        return _("parameter %(name)s") % {"name": loc[1]}, ".".join(str(part) for part in loc[2:]) or "—"
    if loc and loc[0] == "ruleset":
        return _("rule-set header"), ".".join(str(part) for part in loc[1:]) or "—"
    return _("rule-set file"), ".".join(str(part) for part in loc) or "—"


SCHEMA_MESSAGES: dict[str, Callable[[], str]] = {
    "missing": lambda: _("is required"),
    "extra_forbidden": lambda: _("is not a field of this table"),
    "literal_error": lambda: _("is not one of the allowed values"),
    "string_type": lambda: _("must be text"),
    "bool_type": lambda: _("must be true or false"),
    "int_type": lambda: _("must be a whole number"),
    "string_pattern_mismatch": lambda: _("must start with a small letter and hold only a-z, 0-9 and _"),
    "greater_than_equal": lambda: _("is too small"),
    "less_than_equal": lambda: _("is too large"),
    "list_type": lambda: _("must be a list"),
    "dict_type": lambda: _("must be a table"),
}


def _schema_message(data: dict[str, Any], error: Any) -> str:
    what, field = _where(data, tuple(error["loc"]))
    describe = SCHEMA_MESSAGES.get(error["type"])
    message = describe() if describe else str(error["msg"])
    return _("%(what)s, field %(field)s: %(message)s") % {"what": what, "field": field, "message": message}


# The compiler's wordings (danhgia/engine/compile.py) → (field, translated message).
_RULE_ERROR = re.compile(r"^rule set [^,]+, rule ([a-z0-9_]+): (.*)$")
_SET_ERROR = re.compile(r"^rule set \S+: (.*)$")
COMPILE_MESSAGES: list[tuple[re.Pattern[str], str, Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^duplicate rule code$"), "code", lambda m: _("another rule has the same code")),
    (re.compile(r"^unknown rule kind '(.*)'$"), "kind", lambda m: _("unknown kind %(kind)s") % {"kind": m[1]}),
    (re.compile(r"^a level or cap rule needs 'level'$"), "level", lambda m: _("a level or cap rule needs a level")),
    (
        re.compile(r"^an eligibility rule needs 'outcome'$"),
        "outcome",
        lambda m: _("an eligibility rule needs an outcome"),
    ),
    (
        re.compile(r"^unknown placeholder\(s\) (.*) in its text$"),
        "vi/en",
        lambda m: _("the text names unknown values %(names)s") % {"names": m[1]},
    ),
    (
        re.compile(r"^unknown subject group '(.*)' in applies_to$"),
        "applies_to",
        lambda m: _("unknown subject group %(group)s") % {"group": m[1]},
    ),
    (
        re.compile(r"^parameters must be exactly (.*), got (.*)$"),
        "params",
        lambda m: _("the parameters must be exactly %(expected)s, not %(given)s") % {"expected": m[1], "given": m[2]},
    ),
    (
        re.compile(r"^bad parameter: (.*)$"),
        "params",
        lambda m: _("a parameter is invalid (%(error)s)") % {"error": m[1]},
    ),
]
SET_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^needs exactly one (\w+) rule$"),
        lambda m: _("the rule set needs exactly one enabled rule of stage %(stage)s") % {"stage": m[1]},
    ),
    (
        re.compile(r"^parameter '(.*)' is missing$"),
        lambda m: _("parameter %(name)s is missing") % {"name": m[1]},
    ),
    (re.compile(r"^quota_rounding is floor or half_up$"), lambda m: _("quota_rounding must be floor or half_up")),
    (
        re.compile(r"^more than (\d+) (\w+) rules$"),
        lambda m: _("more than %(n)s rules of stage %(stage)s") % {"n": m[1], "stage": m[2]},
    ),
]


def _compile_message(message: str) -> str:
    found = _RULE_ERROR.match(message)
    if found:
        code, detail = found[1], found[2]
        for pattern, field, translate in COMPILE_MESSAGES:
            matched = pattern.match(detail)
            if matched:
                return _("rule %(code)s, field %(field)s: %(message)s") % {
                    "code": code,
                    "field": field,
                    "message": translate(matched),
                }
        return _("rule %(code)s: %(message)s") % {"code": code, "message": detail}
    found = _SET_ERROR.match(message)
    detail = found[1] if found else message
    for pattern, translate in SET_MESSAGES:
        matched = pattern.match(detail)
        if matched:
            return translate(matched)
    return message
