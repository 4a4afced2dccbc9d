"""The home page's tasks and the deadline reminders, on the demo's data: what each persona has to do, by when;
reminders mailed only where a mail backend is configured, only for deadlines near or past."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from danhgia.apps.boards.scope import DECIDE, VERIFY, boards_held
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.web.reminders import send_reminders
from danhgia.apps.web.tasks import my_tasks

pytestmark = pytest.mark.django_db
OPEN, DECISION = "Năm 2025 — Đảng bộ Sở Nội vụ", "Năm 2025 — Đảng bộ xã Tân An"
MEMBER_TASK_QUERIES = 4  # the person, the current reviews, whether a secretary, the board roles (7 before)
# the decider has proposals to decide in the demo's decision cycle; the verifier, nothing left to verify that day
EXPECTED_BOARD_TASKS = {"quyetdinh": ["decide", "self_review"], "thamdinh": []}


@pytest.fixture
def demo(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    call_command("demo_setup", force=True, verbosity=0)


def test_the_member_has_his_self_review_to_submit_and_nothing_from_a_published_cycle(demo: None) -> None:
    groups = my_tasks(User.objects.get(username="dangvien"), date(2025, 12, 12))
    assert [
        (cycle.name, [(t.kind, t.due, t.days_left, t.overdue, t.soon) for t in tasks]) for cycle, tasks in groups
    ] == [(OPEN, [("self_review", date(2025, 12, 15), 3, False, True)])]
    [(_cycle, [task])] = my_tasks(User.objects.get(username="dangvien"), date(2025, 12, 20))
    assert (task.overdue, task.days_over) == (True, 5)


def test_reminders_mail_the_deadlines_near_or_past_in_vietnamese(demo: None, settings: object) -> None:
    settings.DANHGIA_REMINDERS_BY_MAIL = True  # type: ignore[attr-defined]
    sent = send_reminders(date(2025, 12, 12), "https://danhgia.example")
    to = {message.to[0]: message for message in mail.outbox}
    assert sent == len(mail.outbox) and "dangvien@example.org" in to
    message = to["dangvien@example.org"]
    assert message.subject == "[danhgia] 1 việc sắp đến hạn hoặc đã quá hạn"
    assert message.body.splitlines() == [
        "Các thời hạn của kỳ kiểm điểm, đánh giá, xếp loại liên quan đến đồng chí:",
        "",
        f"- {OPEN}: Điền và nộp bản tự kiểm điểm của tôi — còn 3 ngày (hạn 15/12/2025)",
        "",
        "Xem việc của đồng chí: https://danhgia.example/",
    ]
    decider = to["quyetdinh@example.org"].body  # his own self-review is near; the decisions (31/12) are not yet
    assert f"- {OPEN}: Điền và nộp bản tự kiểm điểm của tôi" in decider and DECISION not in decider
    later = send_reminders(date(2025, 12, 26), "https://danhgia.example")
    decider = next(m for m in mail.outbox[sent:] if m.to == ["quyetdinh@example.org"]).body
    assert later > 0 and f"- {DECISION}: Quyết định xếp loại " in decider and "còn 5 ngày (hạn 31/12/2025)" in decider


def test_no_reminder_far_from_a_deadline_nor_without_a_mail_backend(demo: None, settings: object) -> None:
    settings.DANHGIA_REMINDERS_BY_MAIL = True  # type: ignore[attr-defined]
    assert send_reminders(date(2025, 11, 1), "https://danhgia.example") == 0
    settings.DANHGIA_REMINDERS_BY_MAIL = False  # type: ignore[attr-defined]
    assert send_reminders(date(2025, 12, 20), "https://danhgia.example") == 0
    assert mail.outbox == []
    assert ReviewCycle.objects.filter(name=OPEN).exists()


def test_the_boards_a_user_holds_are_read_in_one_query(demo: None, django_assert_num_queries: Any) -> None:
    users = {u.username: u for u in User.objects.all()}
    expected = {
        "dangvien": [False, False],  # a member: no board
        "bithu": [False, False],  # a secretary: the unit board only, not these
        "thamdinh": [True, False],
        "quyetdinh": [False, True],
        "bantochuc": [False, True],  # a viewer who also decides
        "admin": [True, True],  # a superuser: no query
    }
    for name, boards in expected.items():
        with django_assert_num_queries(0 if name == "admin" else 1):
            assert boards_held(users[name], [VERIFY, DECIDE]) == boards, name


def test_a_member_s_home_page_tasks_read_no_board_cycles(demo: None, django_assert_num_queries: Any) -> None:
    """The member holds no board role: one query says so, where the verification and decision boards' cycles
    were read before (two queries each). The tasks themselves are the same."""
    member = User.objects.get(username="dangvien")
    with django_assert_num_queries(MEMBER_TASK_QUERIES):
        groups = my_tasks(member, date(2025, 12, 12))
    assert [(cycle.name, [t.kind for t in tasks]) for cycle, tasks in groups] == [(OPEN, ["self_review"])]


def test_the_verifier_and_decider_still_get_their_board_tasks(demo: None) -> None:
    kinds = {
        name: sorted(
            t.kind for _cycle, tasks in my_tasks(User.objects.get(username=name), date(2025, 12, 12)) for t in tasks
        )
        for name in ("thamdinh", "quyetdinh")
    }
    assert kinds == EXPECTED_BOARD_TASKS
