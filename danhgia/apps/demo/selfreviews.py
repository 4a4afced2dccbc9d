"""Plausible self-reviews for the demo, written the way a member's would be: every criterion of the cycle's
frozen template answered, the total scored from those answers by the self-review form, and a proposed level the
total reaches. The demo once stored a total (96) and a level (L1) without the answers, so the published page
read "not met" beside every criterion of an excellent result; going through the form keeps the criteria, the
total and the level in agreement (danhgia/apps/demo/tests/test_selfreviews.py checks every demo review).
"""

from __future__ import annotations

import random
from decimal import ROUND_DOWN, Decimal
from typing import Any

from danhgia.apps.selfservice.criteria import Criteria, GroupSpec, ItemSpec
from danhgia.apps.selfservice.forms import SelfReviewForm
from danhgia.domain.scoring import ScoringMode

LEVELS = ("L1", "L2", "L3", "L4")


class DemoSelfReviewError(RuntimeError):
    """The demo's own self-review did not pass the form: a bug of the demo generator."""


def demo_self_review(criteria: Criteria, rng: random.Random) -> tuple[dict[str, Any], Decimal | None, str]:
    """(answers, score, proposed level) of one self-review: ~15 % excellent, ~70 % good, ~12 % completion, a few
    weak, each answer given through the self-review form under the cycle's criteria."""
    draw = rng.random()
    profile = "L1" if draw < 0.15 else "L2" if draw < 0.85 else "L3" if draw < 0.97 else "L4"
    data = _facts(profile, rng) | _criteria(criteria, profile, rng)
    # scored once, as submitted with the lowest level (which any total reaches); the level the member proposes is
    # then the one the total reaches (one form per review: the demo writes some 700 of them)
    form = SelfReviewForm(data | {"proposed_level": LEVELS[-1]}, criteria=criteria, strict=True)
    if not form.is_valid():
        raise DemoSelfReviewError(form.errors.as_text())
    total, answers = form.score(), form.answers()
    level = _level(criteria, total, profile)
    answers["form"]["proposed_level"] = level
    return answers, total, level


def _facts(profile: str, rng: random.Random) -> dict[str, Any]:
    """The task counts, shortcomings and texts the engine and the meeting read."""
    assigned = rng.randint(8, 30)
    exceeded = {"L1": max(1, assigned // 3 + 1), "L2": rng.randint(0, assigned // 4)}.get(profile, 0)
    late = {"L3": rng.randint(0, assigned // 6), "L4": rng.randint(1, 3)}.get(profile, 0)
    remedied = 2 if profile == "L1" else rng.randint(1, 2)
    return {
        "tasks_assigned": assigned,
        "tasks_completed": assigned,
        "tasks_on_time": assigned - late,
        "tasks_exceeded": exceeded,
        "shortcomings_noted": 2,
        "shortcomings_remedied": remedied,
        "specific_products": "on",
        "products": "Các báo cáo, văn bản tham mưu được giao, hoàn thành theo kế hoạch công tác năm.",
        "strengths": "Chấp hành nghiêm sự phân công; phối hợp tốt với đồng nghiệp.",
        # the form asks for the limitations before submitting: everyone names one
        "weaknesses": "Có việc còn chậm tiến độ." if late else "Đôi khi chưa chủ động đề xuất cách làm mới.",
        "remedies": "Chủ động sắp xếp công việc, bám sát kế hoạch.",
    }


# per profile: how many items are not met, and the share of a computed group's points
UNMET = {"L1": (0, 0), "L2": (0, 1), "L3": (2, 4), "L4": (4, 7)}
SHARE = {"L1": (88, 96), "L2": (62, 80), "L3": (42, 58), "L4": (18, 36)}


def _criteria(criteria: Criteria, profile: str, rng: random.Random) -> dict[str, Any]:
    """An answer to every criterion: all met but a few (by profile); computed groups at a share of their points."""
    data: dict[str, Any] = {}
    items = criteria.items()
    low, high = UNMET[profile]
    unmet = set(rng.sample(range(len(items)), min(len(items), rng.randint(low, high))))
    for index, spec in enumerate(items):
        data |= _item(spec, met=index not in unmet, profile=profile)
    for group in criteria.groups:
        if group.group.computed and group != criteria.product_group:
            data[group.field] = _share(group, rng.randint(*SHARE[profile]))
    if criteria.template is None and criteria.points:  # the generic 100-point form
        share = Decimal(rng.randint(*SHARE[profile])) / 100
        data["points_general"] = (30 * share).quantize(Decimal(1), ROUND_DOWN)
        data["points_tasks"] = (70 * share).quantize(Decimal(1), ROUND_DOWN)
    return data


def _item(spec: ItemSpec, *, met: bool, profile: str) -> dict[str, Any]:
    item, data = spec.item, dict[str, Any]()
    if item.mode is ScoringMode.BINARY and met:
        data[spec.field] = "on"
    elif item.mode is ScoringMode.GRADED:
        step = item.step or Decimal("0.01")
        share = Decimal(1) if met and profile == "L1" else Decimal("0.85") if met else Decimal("0.4")
        data[spec.field] = (item.max_points * share / step).quantize(Decimal(1), ROUND_DOWN) * step
    elif item.mode is ScoringMode.BAND:
        bands = sorted(item.bands, key=lambda band: band.points)
        data[spec.field] = (bands[-1] if met else bands[0]).code
    elif item.mode is ScoringMode.GRADE:
        data[spec.field] = "XS" if met and profile == "L1" else "T" if met else "TB"
    for check in spec.checks:
        if met:
            data[check.field] = "on"
    if spec.evidence_field:
        data[spec.evidence_field] = "Báo cáo kết quả công tác năm, số 12/BC"
    return data


def _share(group: GroupSpec, percent: int) -> Decimal:
    return (group.group.max_points * percent / 100).quantize(Decimal(1), ROUND_DOWN)


def _level(criteria: Criteria, total: Decimal | None, profile: str) -> str:
    """The level the member proposes: their profile's, or lower when the total does not reach it."""
    if total is None or not criteria.minimums:
        return profile
    reached = next((code for code in LEVELS if total >= criteria.minimums.get(code, Decimal(0))), "L4")
    return max(profile, reached)  # "L3" > "L2": the more modest of the two
