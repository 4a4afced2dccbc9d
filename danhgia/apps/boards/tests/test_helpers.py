"""The boards' small parts: the catalogue wins over every other one, numbers and shares in each language, the
bar geometry, and the scope helpers agreeing with what the services check."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import polib
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from danhgia.apps.access.models import Role
from danhgia.apps.access.services import superior
from danhgia.apps.boards.charts import Bar, bar_chart
from danhgia.apps.boards.scope import VERIFY, competent_path, competent_q, cycles_for, place_for, scope_of
from danhgia.apps.boards.selectors import CONFLICTS, readiness
from danhgia.apps.boards.templatetags.boards import num, pct
from danhgia.apps.boards.tests.world import NOW, bring, make_world, review_of
from danhgia.apps.orgs.models import UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.selectors import conflicts
from danhgia.apps.reviews.services.selfreview import review_return
from danhgia.apps.reviews.tests.world import login

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_string_of_the_boards_shows_its_own_translation_whatever_other_catalogues_say() -> None:
    wrong = []
    with translation.override("vi"):
        for entry in polib.pofile(str(CATALOGUE)):
            if entry.msgid_plural:
                got = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                want = entry.msgstr_plural[0]
            elif entry.msgctxt is None:
                got, want = translation.gettext(entry.msgid), entry.msgstr
            else:
                got, want = translation.pgettext(entry.msgctxt, entry.msgid), entry.msgstr
            if got != want:
                wrong.append((entry.msgctxt, entry.msgid, got))
    assert wrong == []


def test_level_names_are_the_regulations_own() -> None:
    from danhgia.apps.boards.labels import LEVEL_NAMES

    with translation.override("vi"):
        assert [str(LEVEL_NAMES[level]) for level in ("L1", "L2", "L3", "L4")] == [
            "Hoàn thành xuất sắc nhiệm vụ",
            "Hoàn thành tốt nhiệm vụ",
            "Hoàn thành nhiệm vụ",
            "Không hoàn thành nhiệm vụ",
        ]


@pytest.mark.parametrize(
    "language, number, share",
    [("vi", "1.234.567", "33,3%"), ("en", "1,234,567", "33.3%")],
)
def test_numbers_and_shares_in_the_readers_language(language: str, number: str, share: str) -> None:
    with translation.override(language):
        assert num(1234567) == number
        assert num(-1000) == ("-1.000" if language == "vi" else "-1,000")
        assert num(999) == "999"
        assert pct(Fraction(1, 3)) == share
        assert pct(Fraction(1, 8)) == ("12,5%" if language == "vi" else "12.5%")
        assert pct(Fraction(1, 16)) == ("6,3%" if language == "vi" else "6.3%")  # 6.25 rounds half up
        assert pct(None) == "—"


def test_bars_are_scaled_to_the_largest_with_the_decided_part_inside() -> None:
    chart = bar_chart(
        chart_id="c",
        title="Cá nhân theo mức xếp loại",
        description="…",
        bars=[Bar("L1", "Mức 1", 2, 1, "2"), Bar("L2", "Mức 2", 8, 8, "8"), Bar("L3", "Mức 3", 0, 0, "0")],
    )

    assert (chart.width, chart.height, chart.bar_x) == (720, 114, 250)
    assert [(b.y, b.width, b.part_width, b.note_x) for b in chart.bars] == [
        ("6.0", "82.5", "41.2", "340.5"),
        ("40.0", "330.0", "330.0", "588.0"),
        ("74.0", "0.0", "0.0", "258.0"),
    ]
    empty = bar_chart(chart_id="e", title="t", description="d", bars=[Bar("L1", "Mức 1", 0)])
    assert [b.width for b in empty.bars] == ["0.0"]
    stacked = bar_chart(
        chart_id="s",
        title="t",
        description="d",
        bars=[Bar("L1", "Mức 1", 2), Bar("L2", "Mức 2", 4)],
        width=360,
        stacked=True,
    )
    assert (stacked.height, stacked.bar_x) == (124, 0)
    assert [(b.text_y, b.y, b.width, b.note_y) for b in stacked.bars] == [
        ("21.4", "28.0", "110.0", "43.8"),
        ("77.4", "84.0", "220.0", "99.8"),
    ]


@pytest.mark.django_db
def test_the_competent_filter_agrees_with_the_services_superior_for_every_unit_and_scope() -> None:
    world = make_world()
    cycle = bring(world, "open")
    on = NOW.date().replace(month=12, day=31)
    links = list(UnitLink.objects.filter(in_force(on)).select_related("unit"))
    for scope in links:
        for levels in (1, 2):
            matched = set(
                UnitLink.objects.filter(in_force(on))
                .filter(competent_q([scope.path], levels))
                .values_list("unit_id", flat=True)
            )
            expected = {
                link.unit_id
                for link in links
                if UnitLink.objects.get(unit=superior(link.unit, on, levels)).path.startswith(scope.path)
            }
            assert matched == expected, (scope.unit.code, levels)
            assert {
                link.unit_id for link in links if competent_path(link.path, levels).startswith(scope.path)
            } == expected
    assert cycle.pk


@pytest.mark.django_db
def test_the_conflict_filters_find_what_the_reviews_selector_finds() -> None:
    world = make_world()
    cycle = bring(world, "computed")
    review_return(review=review_of(world, "P4"), actor=world.users["thamdinh"], reason="Bổ sung.", now=NOW)
    Review.objects.filter(pk=review_of(world, "P5").pk).update(engine_status="needs_decision", engine_level="")

    found = {(c["review"].pk, c["code"]) for c in conflicts(Review.objects.filter(cycle=cycle))}

    filtered = {
        (pk, code) for code, q in CONFLICTS.items() for pk in Review.objects.filter(q).values_list("pk", flat=True)
    }
    assert filtered == found
    assert {code for _pk, code in found} == {"missing_self_review", "needs_decision", "self_vs_engine"}


@pytest.mark.django_db
def test_readiness_sets_aside_what_waits_and_what_waits_for_it() -> None:
    world = make_world()
    cycle = bring(world, "decision")
    cell = set(Review.objects.filter(cycle=cycle, unit=world.cell).values_list("pk", flat=True))

    found = readiness(cycle, cell)

    head, over = review_of(world, "P0").pk, review_of(world, "P2").pk  # P2: level 1 in a group over the quota
    assert sorted(found.blocked) == sorted([head, over])
    assert found.held == {over}
    assert set(found.ready) == cell - {head, over}


@pytest.mark.django_db
def test_cycles_and_places_follow_the_roles_in_force_at_the_period_end() -> None:
    from datetime import date

    from danhgia.apps.access.models import RoleAssignment

    world = make_world()
    cycle = bring(world, "open")
    late = login(world, "moi_vao", None, None)
    RoleAssignment.objects.create(user=late, role=Role.VERIFIER, unit=world.province, valid_from=date(2026, 1, 1))

    assert cycles_for(late, VERIFY) == []  # appointed after the 2025 period ended
    assert [c.pk for c in cycles_for(world.users["ngoai"], VERIFY)] == [cycle.pk]
    assert [c.pk for c in cycles_for(world.users["ngoai"], VERIFY, whole=True)] == []
    assert scope_of(world.users["ngoai"], VERIFY, date(2025, 12, 31)) == [
        UnitLink.objects.get(unit=world.other_cell).path
    ]
    assert place_for(world.users["ngoai"], VERIFY, cycle.pk).unit == world.other_cell
    with pytest.raises(PermissionDenied):
        place_for(world.users["ngoai"], VERIFY, cycle.pk, world.cell.pk)
