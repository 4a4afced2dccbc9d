"""The shipped default templates, found by rule set and subject category (docs/engine-contract.md §1 categories).

366-QĐ/TW: PL1 collectives (organisation, party organisation, leadership collective), PL2 `leader_central`,
PL3 `leader`, PL4 `staff`, PL5 `member_outside` (docs/regulations/frameworks.md §3). Decree 335: civil servants
(`leader`, `staff`) — it covers civil servants only (§4), so no collective template. 132 / 124: one grade
template for individuals, one for collectives.
"""

from __future__ import annotations

from typing import Any, Final

from danhgia.domain.scoring.defaults.grades import (
    QD124_COLLECTIVE,
    QD124_INDIVIDUAL,
    QD132_COLLECTIVE,
    QD132_INDIVIDUAL,
)
from danhgia.domain.scoring.defaults.nd335 import ND335
from danhgia.domain.scoring.defaults.qd366_pl1_pl2 import PL1, PL2
from danhgia.domain.scoring.defaults.qd366_pl3 import PL3
from danhgia.domain.scoring.defaults.qd366_pl4_pl5 import PL4, PL4_TASK_BLOCS, PL5
from danhgia.domain.scoring.templates import CriteriaTemplate
from danhgia.domain.texts import DomainError, Text

DEFAULT_TEMPLATES: Final[tuple[CriteriaTemplate, ...]] = (
    PL1,
    PL2,
    PL3,
    PL4,
    PL5,
    ND335,
    QD132_INDIVIDUAL,
    QD132_COLLECTIVE,
    QD124_INDIVIDUAL,
    QD124_COLLECTIVE,
)

_BY_KEY: Final[dict[tuple[str, str], CriteriaTemplate]] = {
    (template.ruleset, category): template for template in DEFAULT_TEMPLATES for category in template.categories
}


class TemplateNotFound(DomainError):
    """No shipped default for this rule set and category."""


def default_template(ruleset: str, category: str) -> CriteriaTemplate:
    """The shipped default template for a subject category under a rule set."""
    template = _BY_KEY.get((ruleset, category))
    if template is None:
        raise TemplateNotFound(
            "no_default_template",
            Text(
                f"Không có bộ tiêu chí mặc định cho nhóm «{category}» theo bộ quy tắc «{ruleset}».",
                f"There is no default criteria template for '{category}' under the rule set '{ruleset}'.",
            ),
        )
    return template


def default_template_json(ruleset: str, category: str) -> dict[str, Any]:
    """`default_template` as the JSON a criteria template is stored as (`CriteriaTemplate.model_validate` reads it)."""
    return default_template(ruleset, category).model_dump(mode="json")


__all__ = [
    "DEFAULT_TEMPLATES",
    "ND335",
    "PL1",
    "PL2",
    "PL3",
    "PL4",
    "PL4_TASK_BLOCS",
    "PL5",
    "QD124_COLLECTIVE",
    "QD124_INDIVIDUAL",
    "QD132_COLLECTIVE",
    "QD132_INDIVIDUAL",
    "TemplateNotFound",
    "default_template",
    "default_template_json",
]
