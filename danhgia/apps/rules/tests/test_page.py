"""The basis of classification page: any logged-in user reads every rule set, its rules grouped by stage with
their sources, the project defaults marked, the tests that name each rule, and the counts per cycle."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from danhgia.apps.boards.tests.world import client_for
from danhgia.apps.reviews.tests.world import World
from danhgia.apps.rules.basis import committed_bases
from danhgia.apps.rules.tests.helpers import qd124_computed, qd366_computed, world_with_logins

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return world_with_logins()


def row(html: str, anchor: str) -> str:
    """The table row with this id (a rule, a parameter or a cycle)."""
    start = html.index(f'<tr id="{anchor}">')
    return html[start : html.index("</tr>", start)]


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def committed_tests(ruleset_id: str, code: str) -> tuple[str, ...]:
    basis = next(b for b in committed_bases() if b.id == ruleset_id)
    return next(rule.tests for rule in basis.rules if rule.code == code)


def test_anonymous_readers_are_sent_to_the_login() -> None:
    response = Client().get("/rules/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/rules/")


def test_a_user_without_any_role_or_person_reads_every_rule_set(world: World) -> None:
    response = client_for(world, "khongvaitro").get("/rules/")
    assert response.status_code == 200
    html = response.content.decode()
    assert unicodedata.normalize("NFC", html) == html
    assert "<h1>Căn cứ xếp loại</h1>" in html
    for ruleset_id in ("qd132-2018", "qd124-2023", "qd366-2025", "nd335-2025"):
        assert f'<section class="rules-ruleset" id="{ruleset_id}">' in html
    qd366 = html[html.index('<section class="rules-ruleset" id="qd366-2025">') :]
    qd366 = qd366[: qd366.index("</section>")]
    assert re.findall(r'<h3 id="qd366-2025-stage-(\w+)">([^<]+)</h3>', qd366) == [
        ("input", "Dữ liệu bắt buộc"),
        ("eligibility", "Đối tượng/Điều kiện đánh giá"),
        ("disqualifier", "Không hoàn thành nhiệm vụ (mức 4)"),
        ("level", "Điều kiện từng mức"),
        ("cap", "Giới hạn mức (liên kết)"),
        ("quota", "Tỷ lệ mức 1"),
    ]


def test_a_rule_shows_its_text_source_subjects_and_confirmation(world: World) -> None:
    html = client_for(world, "khongvaitro").get("/rules/").content.decode()
    duty = text_of(row(html, "qd366-2025-duty_discipline"))
    assert duty.startswith("duty_discipline → mức 4 Bị kỷ luật từ khiển trách trở lên do vi phạm trong thực thi")
    assert "Tính cả vi phạm tự phát hiện, đã khắc phục: Không" in duty
    assert "Chỉ tính vi phạm trong thực thi nhiệm vụ: Có" in duty
    assert "Đang áp dụng; tắt bằng enabled = false trong tệp bộ quy tắc" in duty
    assert "<td>cá nhân</td>" in row(html, "qd366-2025-duty_discipline")
    assert "366-QĐ/TW, Điều 11, khoản 4" in duty
    assert "Có văn bản xác nhận" in duty
    assert "Mặc định của dự án" not in duty


def test_a_project_default_is_marked_and_its_tests_named(world: World) -> None:
    html = client_for(world, "khongvaitro").get("/rules/").content.decode()
    head = row(html, "qd366-2025-head_capped_by_unit")
    assert "Mặc định của dự án — chưa có văn bản xác nhận" in head
    tests = committed_tests("qd366-2025", "head_capped_by_unit")
    assert len(tests) >= 1
    assert [f"<li><code>{test}</code></li>" in head for test in tests[:3]] == [True] * min(3, len(tests))
    qd132_head = row(html, "qd132-2018-head_capped_by_unit")
    assert "Có văn bản xác nhận" in qd132_head and "Mặc định của dự án" not in qd132_head


def test_shares_are_percentages_and_the_parameters_name_their_sources(world: World) -> None:
    html = client_for(world, "khongvaitro").get("/rules/").content.decode()
    assert text_of(row(html, "qd366-2025-half_of_tasks_not_completed")).startswith(
        "half_of_tasks_not_completed → mức 4 Hoàn thành …/… nhiệm vụ, dưới 50 % số nhiệm vụ được giao trong năm."
    )
    quota = text_of(row(html, "qd366-2025-parameter-quota_ratio"))
    assert quota.startswith("Mức 1 không quá tỷ lệ này so với mức 2 quota_ratio 20 % ( 1/5 )")
    assert "366-QĐ/TW, Điều 11; 43-HD/BTCTW" in quota and "Có văn bản xác nhận" in quota
    exception = text_of(row(html, "nd335-2025-parameter-quota_exception_ratio"))
    assert "25 % ( 1/4 )" in exception and "Mặc định của dự án — chưa có văn bản xác nhận" in exception
    rounding = text_of(row(html, "qd366-2025-parameter-quota_rounding"))
    assert "làm tròn xuống ( floor )" in rounding
    assert "SHA-256" in html and next(b for b in committed_bases() if b.id == "qd366-2025").sha256 in html


def test_the_input_and_quota_rules_say_they_cannot_be_switched_off(world: World) -> None:
    html = client_for(world, "khongvaitro").get("/rules/").content.decode()
    for code in ("missing_input", "quota_level1_over_20pct_of_level2"):
        assert "Không tắt được: bộ quy tắc cần đúng một quy tắc loại này" in row(html, f"qd366-2025-{code}")


def test_the_counts_per_cycle_link_to_the_default_that_decided(world: World) -> None:
    cycle = qd366_computed(world)
    html = client_for(world, "bantochuc").get("/rules/").content.decode()
    counts = row(html, f"cycle-{cycle.pk}")
    assert '<a href="#qd366-2025-head_capped_by_unit"><code>head_capped_by_unit</code></a>: 1' in counts
    assert '<a href="#qd366-2025-parameter-quota_rounding"><code>quota_rounding</code></a>: 1' in counts
    assert text_of(counts).startswith("Kiểm điểm năm 2025 qd366-2025")
    assert re.findall(r'<td class="number">(\d+)</td>', counts) == ["12", "2"]


def test_the_page_is_in_english_under_en(world: World) -> None:
    html = client_for(world, "khongvaitro").get("/en/rules/").content.decode()
    assert "<h1>Basis of classification</h1>" in html
    assert ">Failure to complete duties (level 4)</h3>" in html
    assert "Project default — no source confirms it yet" in row(html, "qd366-2025-head_capped_by_unit")
    assert text_of(row(html, "qd366-2025-half_of_tasks_not_completed")).startswith(
        "half_of_tasks_not_completed → level 4 Completed … of … tasks, below 50 % of the tasks assigned in the year."
    )


def test_the_navigation_links_it_for_any_logged_in_user(world: World) -> None:
    html = client_for(world, "khongvaitro").get("/").content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert '<a href="/rules/">Căn cứ xếp loại</a>' in nav
    assert "/rules/" not in Client().get("/").content.decode()


def test_the_query_count_does_not_grow_with_cycles_or_reviews(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Session, user, the navigation's roles and account, the cycles, one aggregate over their reviews."""
    client = client_for(world, "bantochuc")
    qd366_computed(world)
    with django_assert_num_queries(6):
        assert client.get("/rules/").status_code == 200
    qd124_computed(world)
    with django_assert_num_queries(6):
        assert client.get("/rules/").status_code == 200
