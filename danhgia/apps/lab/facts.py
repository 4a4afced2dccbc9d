"""The one place the rule lab gets a cycle's facts as engine columns: the batch pipeline's reader
(`pipeline.facts.cycle_fact_columns`: the registry read into columns in SQL by `pipeline.columns`, the document
path for anything unusual), for the whole cycle, encoded for the rule set being replayed (whose exceptional quota
ratio may differ from the cycle's)."""

from __future__ import annotations

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.pipeline.facts import cycle_fact_columns
from danhgia.engine import CompiledRuleset
from danhgia.engine.facts import Facts


def cycle_facts(cycle: ReviewCycle, rules: CompiledRuleset) -> Facts:
    """Every subject of `cycle` as columns; subject ids are "R<review pk>"."""
    return cycle_fact_columns(cycle, rules=rules).facts


def review_pk(subject: str) -> int:
    """The review behind a subject id of the facts ("R<pk>")."""
    return int(subject[1:])
