"""The review meeting's minutes (issue: 40 votes were accepted in a cell of 15, with no date or attendance, and a
wrong record could be neither corrected nor withdrawn). Votes ≤ attendees ≤ members (≤ the cell's official
members in the registry), each error naming its field in Vietnamese; date, chair and attendance are recorded; a
correction supersedes the record and a withdrawal marks it, both kept and both on the audit chain; a refused
save changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pytest_django.asserts import assertContains

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reviews.models import Comment
from danhgia.apps.reviews.services import comment_add
from danhgia.apps.reviews.services.comments import Minutes, meeting_correct, meeting_withdraw
from danhgia.apps.reviews.tests.world import World
from danhgia.apps.selfservice.tests.factories import MINUTES, MINUTES_POST, NOW, client_of, everything, review_of

pytestmark = pytest.mark.django_db
TEXT = "Chi bộ thống nhất đề nghị mức hoàn thành tốt nhiệm vụ."


def record(world: World, votes: dict[str, int], minutes: Minutes = MINUTES) -> Comment:
    return comment_add(
        review=review_of(world, "P2"),
        actor=world.users["bithu"],
        kind="meeting",
        text=TEXT,
        votes=votes,
        minutes=minutes,
        now=NOW,
    )


def errors(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {field: [str(m) for e in found for m in e.messages] for field, found in error.value.error_dict.items()}


def test_the_minutes_record_the_date_the_chair_and_the_attendance(world: World, cycle: ReviewCycle) -> None:
    comment = record(world, {"L1": 1, "L2": 4}, Minutes(date(2025, 12, 5), " Trần Thị Bình ", 6, 5))

    assert (comment.held_on, comment.chair, comment.members, comment.attendees, comment.votes) == (
        date(2025, 12, 5),
        "Trần Thị Bình",
        6,
        5,
        {"L1": 1, "L2": 4},
    )
    entry = AuditEntry.objects.get(action="comment_add")
    assert entry.after == {
        "comment": comment.pk,
        "kind": "meeting",
        "text": TEXT,
        "votes": {"L1": 1, "L2": 4},
        "held_on": "2025-12-05",
        "chair": "Trần Thị Bình",
        "members": 6,
        "attendees": 5,
    }


@pytest.mark.parametrize(
    ("votes", "minutes", "expected"),
    [
        (
            {"L2": 40},
            Minutes(date(2025, 12, 5), "Trần Thị Bình", 6, 6),
            {"votes": ["Tổng số phiếu biểu quyết (40) không được lớn hơn số người có mặt (6)."]},
        ),
        (
            {"L1": 3, "L2": 3},
            Minutes(date(2025, 12, 5), "Trần Thị Bình", 6, 5),
            {"votes": ["Tổng số phiếu biểu quyết (6) không được lớn hơn số người có mặt (5)."]},
        ),
        (
            {"L2": 5},
            Minutes(date(2025, 12, 5), "Trần Thị Bình", 5, 6),
            {"attendees": ["Số người có mặt (6) không được lớn hơn số thành viên của tập thể (5)."]},
        ),
        (
            {"L2": 15},
            Minutes(date(2025, 12, 5), "Trần Thị Bình", 15, 15),
            {
                "members": [
                    "Theo hồ sơ, chi bộ có 6 đảng viên chính thức: số thành viên của tập thể không thể lớn hơn "
                    "(đã ghi 15)."
                ]
            },
        ),
        (
            {},
            Minutes(date(2025, 12, 11), "", 6, 6),
            {"held_on": ["Ngày họp không được sau ngày hôm nay."], "chair": ["Hãy ghi người chủ trì hội nghị."]},
        ),
        (
            {},
            Minutes(date(2024, 12, 31), "Trần Thị Bình", 0, 0),
            {
                "held_on": ["Ngày họp không được trước kỳ đánh giá (từ ngày 01/01/2025)."],
                "members": ["Số thành viên của tập thể phải từ 1 trở lên."],
            },
        ),
    ],
)
def test_impossible_minutes_are_refused_naming_the_field_and_nothing_changes(
    world: World, cycle: ReviewCycle, votes: dict[str, int], minutes: Minutes, expected: dict[str, list[str]]
) -> None:
    before, audits = everything(), AuditEntry.objects.count()

    with pytest.raises(ValidationError) as refused:
        record(world, votes, minutes)

    assert errors(refused) == expected
    assert everything() == before
    assert (Comment.objects.count(), AuditEntry.objects.count()) == (0, audits)


def test_a_meeting_without_minutes_is_refused(world: World, cycle: ReviewCycle) -> None:
    before = everything()

    with pytest.raises(ValidationError, match="Biên bản hội nghị kiểm điểm phải ghi ngày họp"):
        comment_add(review=review_of(world, "P2"), actor=world.users["bithu"], kind="meeting", text=TEXT, now=NOW)

    assert everything() == before


def test_a_correction_supersedes_the_record_both_kept_both_on_the_audit_chain(world: World, cycle: ReviewCycle) -> None:
    wrong = record(world, {"L2": 4})

    correction = meeting_correct(
        record=wrong,
        actor=world.users["bithu"],
        text=TEXT,
        votes={"L1": 1, "L2": 5},
        minutes=Minutes(date(2025, 12, 5), "Trần Thị Bình", 6, 6),
        reason="Ghi thiếu phiếu của hai đồng chí.",
        now=NOW,
    )

    wrong = Comment.objects.select_related("superseded_by").get(pk=wrong.pk)
    assert Comment.objects.filter(review=wrong.review).count() == 2
    assert (wrong.is_in_force, wrong.correction, wrong.votes) == (False, correction, {"L2": 4})
    assert (correction.is_in_force, correction.supersedes, correction.votes) == (True, wrong, {"L1": 1, "L2": 5})
    assert correction.correction_reason == "Ghi thiếu phiếu của hai đồng chí."
    entries = list(AuditEntry.objects.filter(action__in=["comment_add", "meeting_correct"]).order_by("seq"))
    assert [(e.action, e.reason) for e in entries] == [
        ("comment_add", ""),
        ("meeting_correct", "Ghi thiếu phiếu của hai đồng chí."),
    ]
    before, after = entries[1].before or {}, entries[1].after or {}
    assert (before["comment"], before["votes"]) == (wrong.pk, {"L2": 4})
    assert (after["comment"], after["votes"], after["supersedes"]) == (correction.pk, {"L1": 1, "L2": 5}, wrong.pk)
    assert audit_verify() == []


def test_a_corrected_record_cannot_be_corrected_again_and_a_bad_correction_changes_nothing(
    world: World, cycle: ReviewCycle
) -> None:
    wrong = record(world, {"L2": 4})
    meeting_correct(
        record=wrong, actor=world.users["bithu"], text=TEXT, votes={"L2": 5}, minutes=MINUTES, reason="Sai.", now=NOW
    )
    correction = Comment.objects.get(supersedes=wrong)
    before = everything()

    with pytest.raises(ValidationError, match="Biên bản này đã được đính chính"):
        meeting_correct(
            record=wrong, actor=world.users["bithu"], text=TEXT, votes={}, minutes=MINUTES, reason="Lại.", now=NOW
        )
    with pytest.raises(ValidationError) as too_many:
        meeting_correct(
            record=correction,
            actor=world.users["bithu"],
            text=TEXT,
            votes={"L2": 40},
            minutes=MINUTES,
            reason="Sửa số phiếu.",
            now=NOW,
        )
    with pytest.raises(ValidationError) as no_reason:
        meeting_correct(record=correction, actor=world.users["bithu"], text=TEXT, votes={}, minutes=MINUTES, reason=" ")

    assert errors(too_many) == {"votes": ["Tổng số phiếu biểu quyết (40) không được lớn hơn số người có mặt (6)."]}
    assert errors(no_reason) == {"reason": ["Hãy nêu lý do đính chính biên bản."]}
    assert everything() == before


def test_a_withdrawal_marks_the_record_it_stays_and_goes_on_the_audit_chain(world: World, cycle: ReviewCycle) -> None:
    wrong = record(world, {"L2": 6})

    meeting_withdraw(record=wrong, actor=world.users["bithu"], reason="Ghi nhầm người được kiểm điểm.", now=NOW)

    wrong.refresh_from_db()
    assert (wrong.withdrawn_at, wrong.withdrawn_by, wrong.withdrawal_reason) == (
        NOW,
        world.users["bithu"],
        "Ghi nhầm người được kiểm điểm.",
    )
    assert (wrong.is_in_force, Comment.objects.count()) == (False, 1)
    entry = AuditEntry.objects.get(action="meeting_withdraw")
    assert (entry.object_id, entry.reason, entry.after) == (
        str(wrong.review_id),
        "Ghi nhầm người được kiểm điểm.",
        {"comment": wrong.pk, "withdrawn_at": "2025-12-10T09:00:00Z"},
    )
    before = everything()
    with pytest.raises(ValidationError, match="Biên bản này đã bị rút"):
        meeting_withdraw(record=wrong, actor=world.users["bithu"], reason="Lần nữa.", now=NOW)
    assert everything() == before
    assert audit_verify() == []


@pytest.mark.parametrize("who", ["p3", "thamdinh"])
def test_only_the_cells_secretary_corrects_or_withdraws_and_a_refusal_changes_nothing(
    world: World, cycle: ReviewCycle, who: str
) -> None:
    wrong = record(world, {"L2": 4})
    before = everything()

    with pytest.raises(PermissionDenied):
        meeting_withdraw(record=wrong, actor=world.users[who], reason="Không đúng.", now=NOW)
    with pytest.raises(PermissionDenied):
        meeting_correct(
            record=wrong, actor=world.users[who], text=TEXT, votes={}, minutes=MINUTES, reason="Sửa.", now=NOW
        )

    assert everything() == before


# --- the page -----------------------------------------------------------------------------------------------


def post(world: World, data: dict[str, Any]) -> Any:
    review = review_of(world, "P2")
    return client_of(world, "bithu").post(f"/unit-board/meeting/{review.pk}/", data)


def test_the_page_refuses_forty_votes_in_a_cell_of_six_beside_the_votes_and_nothing_changes(
    world: World, cycle: ReviewCycle
) -> None:
    before = everything()

    response = post(world, MINUTES_POST | {"text": TEXT, "votes_L2": "40"})

    assert response.status_code == 200
    assertContains(
        response,
        '<div class="ss-errors" id="err-votes"><ul class="errorlist" role="alert"><li>Tổng số phiếu biểu quyết (40) '
        "không được lớn hơn số người có mặt (6).</li></ul></div>",
        html=True,
    )
    assert everything() == before


def test_the_page_names_the_attendance_field_and_asks_for_the_date(world: World, cycle: ReviewCycle) -> None:
    before = everything()

    too_many = post(world, MINUTES_POST | {"text": TEXT, "attendees": "9"})
    no_date = post(world, MINUTES_POST | {"text": TEXT, "held_on": ""})

    assertContains(
        too_many,
        '<ul class="errorlist" id="id_attendees_error"><li>Số người có mặt (9) không được lớn hơn số thành viên '
        "của tập thể (6).</li></ul>",
        html=True,
    )
    assertContains(no_date, '<ul class="errorlist" id="id_held_on_error"><li>Hãy ghi ngày họp.</li></ul>', html=True)
    assert everything() == before


def test_the_page_starts_from_the_cells_members_and_records_the_minutes(world: World, cycle: ReviewCycle) -> None:
    page = client_of(world, "bithu").get(f"/unit-board/meeting/{review_of(world, 'P2').pk}/")

    assertContains(page, 'name="members" value="6"', count=1)  # the cell's official members, from the registry
    response = post(world, MINUTES_POST | {"text": TEXT, "attendees": "5", "votes_L2": "5"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.held_on, comment.chair, comment.members, comment.attendees) == (
        date(2025, 12, 5),
        "Trần Thị Bình",
        6,
        5,
    )
    again = client_of(world, "bithu").get(f"/unit-board/meeting/{comment.review_id}/")
    assertContains(again, "<dd>05/12/2025</dd>", html=True)
    assertContains(again, "<dd>5/6 thành viên có mặt</dd>", html=True)
    assertContains(again, '<p class="ss-record-state ss-record-in-force">Đang có hiệu lực</p>', html=True)


def test_the_page_corrects_then_withdraws_keeping_every_record_marked(world: World, cycle: ReviewCycle) -> None:
    wrong = record(world, {"L2": 4})
    address = f"/unit-board/meeting/{wrong.review_id}/"
    client = client_of(world, "bithu")

    form = client.get(address, {"correct": wrong.pk})
    corrected = client.post(
        address,
        MINUTES_POST
        | {"action": "correct", "record": wrong.pk, "text": TEXT, "votes_L2": "6", "reason": "Ghi sai số phiếu."},
    )

    assertContains(form, f'<input type="hidden" name="record" value="{wrong.pk}">', html=True)
    assertContains(form, '<input type="number" name="votes_L2" value="4"', count=1)
    assert corrected.status_code == 302
    correction = Comment.objects.get(supersedes=wrong)
    assert correction.votes == {"L2": 6}
    gone = client.post(address, {"action": "correct", "record": wrong.pk, "text": TEXT, "reason": "Lại."})
    assert gone.status_code == 404  # a corrected record is no longer in force
    withdrawn = client.post(
        address, {"action": "withdraw", "record": correction.pk, f"w{correction.pk}-reason": "Họp lại ngày khác."}
    )
    assert withdrawn.status_code == 302
    page = client.get(address)
    assertContains(page, "Đã đính chính ngày", count=1)
    assertContains(page, "(người rút: bithu): Họp lại ngày khác.")
    assert Comment.objects.filter(review_id=wrong.review_id).count() == 2
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="meeting_").order_by("seq")] == [
        "meeting_correct",
        "meeting_withdraw",
    ]
    board = client.get(f"/unit-board/?cycle={cycle.pk}")
    assert "đã ghi: L2" not in board.content.decode()  # nothing in force any more


def test_the_advisory_body_reads_the_minutes_and_sees_a_withdrawn_record_marked(
    world: World, cycle: ReviewCycle
) -> None:
    wrong = record(world, {"L2": 6})
    meeting_withdraw(record=wrong, actor=world.users["bithu"], reason="Họp lại.", now=NOW)

    page = client_of(world, "thamdinh").get(f"/verification/review/{wrong.review_id}/comments/")

    assertContains(
        page, '<p class="meta">Hội nghị ngày 05/12/2025 do Trần Thị Bình chủ trì: 6/6 thành viên có mặt</p>', html=True
    )
    assertContains(page, '<p class="warning">Đã rút ngày 10/12/2025: Họp lại.</p>', html=True)
