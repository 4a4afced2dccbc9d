"""The boards' and the self-service pages name a level by its name, never by its code (L1–L4: people do not know
them), show no engine reason code, and give the level choices in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from danhgia.apps.boards.tests.world import NOW, bring, client_for, file_complaint, make_world, review_of
from danhgia.apps.reviews.models import Complaint, Review
from danhgia.apps.reviews.services import comment_add
from danhgia.apps.reviews.services.comments import Minutes

APPS = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    [*(APPS / "boards" / "templates").rglob("*.html"), *(APPS / "selfservice" / "templates").rglob("*.html")]
)
# "L2 – Hoàn thành tốt nhiệm vụ", "L2 — …", "L2: 5", "L2 5": a level's code where a person reads
CODE_SHOWN = re.compile(r"\bL[1-4](?: [–—-] |: \d| \d)")
# "{{ x }} – {{ x|level }}" in a template: the code printed beside its name
CODE_BESIDE_NAME = re.compile(r"\{\{ ?([\w.]+) ?\}\} ?[–—-] ?\{\{ ?\1\|level")


def visible(html: str) -> str:
    """The page's text as a person reads it: no tags (so no attribute, where codes may stay), spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return str(response.content.decode())


def test_no_template_prints_a_levels_code_beside_its_name() -> None:
    assert len(TEMPLATES) > 30
    found = [
        (path.name, match.group(0))
        for path in TEMPLATES
        for match in CODE_BESIDE_NAME.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.django_db
def test_the_verification_pages_name_levels_and_reasons_without_codes() -> None:
    world = make_world()
    cycle = bring(world, "computed")
    p2 = review_of(world, "P2", cycle)
    comment_add(
        review=p2,
        actor=world.users["bithu"],
        kind="meeting",
        text="Thống nhất.",
        votes={"L1": 1, "L2": 5},
        minutes=Minutes(NOW.date(), "Trần Thị Bình", 6, 6),
        now=NOW,
    )
    verifier, secretary = client_for(world, "thamdinh"), client_for(world, "bithu")
    pages = {
        "board": page(verifier, f"/verification/{cycle.pk}/{world.province.pk}/"),
        "comments": page(verifier, f"/verification/review/{p2.pk}/comments/"),
        "unit board": page(secretary, f"/unit-board/?cycle={cycle.pk}"),
        "meeting": page(secretary, f"/unit-board/meeting/{p2.pk}/"),
    }

    shown = {name: CODE_SHOWN.findall(visible(html)) for name, html in pages.items()}
    assert shown == {name: [] for name in pages}
    codes = {reason["code"] for review in Review.objects.filter(cycle=cycle) for reason in review.engine_reasons}
    assert "quota_level1_over_20pct_of_level2" in codes
    assert [code for code in codes if code in visible(pages["board"])] == []
    assert '<option value="L2" selected>Hoàn thành tốt nhiệm vụ</option>' in pages["board"]
    assert "Hoàn thành xuất sắc nhiệm vụ: 1 · Hoàn thành tốt nhiệm vụ: 5" in visible(pages["comments"])
    assert "Hoàn thành xuất sắc nhiệm vụ: 1 · Hoàn thành tốt nhiệm vụ: 5" in visible(pages["unit board"])


@pytest.mark.django_db
def test_the_decided_and_published_pages_name_levels_without_codes() -> None:
    world = make_world()
    cycle = bring(world, "published")
    complaint: Complaint = file_complaint(world, "P3")
    p3 = review_of(world, "P3", cycle)
    superior, member, reader = client_for(world, "tinhuy"), client_for(world, "p3"), client_for(world, "bantochuc")
    pages = {
        "decision": page(client_for(world, "quyetdinh"), f"/decision/{cycle.pk}/{world.cell.pk}/"),
        "file": page(superior, f"/decision/review/{p3.pk}/"),
        "complaints": page(superior, f"/complaints/{cycle.pk}/"),
        "complaint": page(superior, f"/complaints/item/{complaint.pk}/"),
        "organisation": page(reader, f"/organisation/{cycle.pk}/{world.province.pk}/"),
        "people": page(reader, f"/organisation/{cycle.pk}/{world.cell.pk}/people/"),
        "my review": page(member, f"/self-review/{p3.pk}/"),
        "history": page(member, "/my-review/history/"),
    }

    shown = {name: CODE_SHOWN.findall(visible(html)) for name, html in pages.items()}
    assert shown == {name: [] for name in pages}
    assert '<p class="ss-level">Hoàn thành tốt nhiệm vụ</p>' in pages["my review"]
    assert "Kết quả Hoàn thành tốt nhiệm vụ Trạng thái Đang xem xét" in visible(pages["complaint"])


def english_choices(html: str, name: str) -> list[str]:
    select = html[html.index(f'name="{name}"') :]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select[: select.index("</select>")])


@pytest.mark.django_db
def test_in_english_the_boards_offer_the_levels_in_english() -> None:
    world = make_world()
    cycle = bring(world, "computed")
    p2 = review_of(world, "P2", cycle)

    html = page(client_for(world, "thamdinh"), f"/en/verification/{cycle.pk}/{world.province.pk}/")

    assert english_choices(html, f"r{p2.pk}-level") == [
        "—",
        "Excellent completion of duties",
        "Good completion of duties",
        "Completion of duties",
        "Failure to complete duties",
    ]
    assert english_choices(html, f"r{p2.pk}-status") == ["Classified", "Exempt from classification", "Not classified"]
    assert "Hoàn thành" not in visible(html[html.index("<main") :])
