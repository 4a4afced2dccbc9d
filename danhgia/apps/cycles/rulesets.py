"""The rule set a cycle is classified under: the version it pinned when it opened, compiled once per process.

A rule set is data (a file under danhgia/engine/rulesets/). Opening a cycle records the file's current text as
an immutable `RulesetVersion` (one row per distinct text) and pins its SHA-256; from then on every computation
of that cycle compiles the stored text, so editing or adding a rule-set file changes no open cycle.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
from danhgia.engine import CompiledRuleset, builtin_ruleset, compile_ruleset
from danhgia.engine.schema import builtin_text, load_spec_text


def record_version(ruleset: str, now: datetime) -> RulesetVersion:
    """The version of `ruleset` its file holds now, recorded once."""
    text = builtin_text(ruleset)
    spec, sha256 = load_spec_text(text)
    version, _created = RulesetVersion.objects.get_or_create(
        sha256=sha256, defaults={"ruleset": ruleset, "title": spec.ruleset.title, "text": text, "recorded_at": now}
    )
    return version


def cycle_rules(cycle: ReviewCycle) -> CompiledRuleset:
    """The compiled rule set of `cycle`: its pinned version once opened, else the rule-set file as it is now."""
    current = builtin_ruleset(cycle.ruleset)
    if not cycle.ruleset_sha256 or cycle.ruleset_sha256 == current.sha256:
        return current
    return _compiled(cycle.ruleset_sha256)


@cache
def _compiled(sha256: str) -> CompiledRuleset:
    stored = RulesetVersion.objects.filter(sha256=sha256).values_list("ruleset", "text").first()
    if stored is None:
        raise RulesetVersion.DoesNotExist(f"rule-set version {sha256} is not recorded")
    return compile_ruleset(*load_spec_text(stored[1]))
