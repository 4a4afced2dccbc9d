"""States, actions and roles of the review workflow, with their Vietnamese and English names.

Sources: the three steps of 124-QĐ/TW Art. 11 and 366-QĐ/TW with Guidance 43-HD/BTCTW (self-assessment →
verification and proposal by the advisory body → decision by the competent level), publication and
complaints (Guidance 21-HD/BTCTW; 124 Art. 11 and 13) — docs/regulations/party.md §8; personas in README.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from danhgia.domain.texts import DomainError, Text


class CycleState(StrEnum):
    """Phases of a review cycle (one period, one rule-set version)."""

    DRAFT = "draft"
    OPEN = "open"  # self-review
    VERIFICATION = "verification"
    DECISION = "decision"
    PUBLISHED = "published"
    CLOSED = "closed"


class CycleAction(StrEnum):
    OPEN = "open"
    START_VERIFICATION = "start_verification"
    START_DECISION = "start_decision"
    PUBLISH = "publish"
    CLOSE = "close"


class ReviewState(StrEnum):
    """States of one subject's review in one cycle."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    VERIFIED = "verified"
    DECIDED = "decided"
    PUBLISHED = "published"
    COMPLAINED = "complained"


class ReviewAction(StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    RETURN = "return"
    VERIFY = "verify"
    DECIDE = "decide"
    PUBLISH = "publish"
    COMPLAIN = "complain"
    RESOLVE = "resolve"  # the superior level rejects the complaint, or upholds it and re-classifies


class Role(StrEnum):
    """Who acts (README.md personas). Scope in the organisation tree is the caller's check, not this one."""

    SUBJECT = "subject"  # the member, civil servant, or the collective's representative
    SECRETARY = "secretary"  # cell secretary or head of unit
    VERIFIER = "verifier"  # advisory body (ban tổ chức, phòng nội vụ)
    DECIDER = "decider"  # competent level
    VIEWER = "viewer"  # organising committee, read-only
    ADMINISTRATOR = "administrator"


Action = CycleAction | ReviewAction

CYCLE_STATE_TEXTS: dict[CycleState, Text] = {
    CycleState.DRAFT: Text("Dự thảo", "Draft"),
    CycleState.OPEN: Text("Đang tự kiểm điểm", "Self-review open"),
    CycleState.VERIFICATION: Text("Đang thẩm định", "Verification"),
    CycleState.DECISION: Text("Đang quyết định xếp loại", "Decision"),
    CycleState.PUBLISHED: Text("Đã công bố kết quả", "Results published"),
    CycleState.CLOSED: Text("Đã kết thúc", "Closed"),
}

CYCLE_ACTION_TEXTS: dict[CycleAction, Text] = {
    CycleAction.OPEN: Text("Mở kỳ đánh giá", "Open the cycle"),
    CycleAction.START_VERIFICATION: Text("Chuyển sang thẩm định", "Start verification"),
    CycleAction.START_DECISION: Text("Chuyển sang quyết định xếp loại", "Start decisions"),
    CycleAction.PUBLISH: Text("Công bố kết quả", "Publish the results"),
    CycleAction.CLOSE: Text("Kết thúc kỳ đánh giá", "Close the cycle"),
}

REVIEW_STATE_TEXTS: dict[ReviewState, Text] = {
    ReviewState.NOT_STARTED: Text("Chưa bắt đầu", "Not started"),
    ReviewState.DRAFT: Text("Đang soạn", "Draft"),
    ReviewState.SUBMITTED: Text("Đã nộp", "Submitted"),
    ReviewState.RETURNED: Text("Trả lại để chỉnh sửa", "Returned for correction"),
    ReviewState.VERIFIED: Text("Đã thẩm định", "Verified"),
    ReviewState.DECIDED: Text("Đã quyết định xếp loại", "Decided"),
    ReviewState.PUBLISHED: Text("Đã công bố", "Published"),
    ReviewState.COMPLAINED: Text("Có khiếu nại", "Complaint lodged"),
}

REVIEW_ACTION_TEXTS: dict[ReviewAction, Text] = {
    ReviewAction.SAVE: Text("Lưu bản nháp", "Save the draft"),
    ReviewAction.SUBMIT: Text("Nộp bản kiểm điểm", "Submit the self-review"),
    ReviewAction.RETURN: Text("Trả lại để chỉnh sửa", "Return for correction"),
    ReviewAction.VERIFY: Text("Thẩm định, đề xuất mức xếp loại", "Verify and propose a level"),
    ReviewAction.DECIDE: Text("Quyết định xếp loại", "Decide the level"),
    ReviewAction.PUBLISH: Text("Công bố kết quả", "Publish the result"),
    ReviewAction.COMPLAIN: Text("Khiếu nại", "Lodge a complaint"),
    ReviewAction.RESOLVE: Text("Giải quyết khiếu nại", "Resolve the complaint"),
}

ROLE_TEXTS: dict[Role, Text] = {
    Role.SUBJECT: Text("Người được đánh giá (đảng viên, cán bộ, công chức)", "Subject (member, civil servant)"),
    Role.SECRETARY: Text("Bí thư chi bộ, người đứng đầu đơn vị", "Cell secretary, head of unit"),
    Role.VERIFIER: Text("Cơ quan tham mưu thẩm định", "Advisory body (verification)"),
    Role.DECIDER: Text("Cấp có thẩm quyền quyết định", "Competent level (decision)"),
    Role.VIEWER: Text("Ban tổ chức (chỉ xem)", "Organising committee (read-only)"),
    Role.ADMINISTRATOR: Text("Quản trị hệ thống", "Administrator"),
}


class TransitionError(DomainError):
    """An action that the current state does not allow; names the state and the action."""

    def __init__(self, code: str, message: Text, *, state: CycleState | ReviewState, action: Action) -> None:
        super().__init__(code, message)
        self.state = state
        self.action = action


def _names(actions: Iterable[Action]) -> tuple[str, str]:
    texts = [action_text(a) for a in actions]
    if not texts:
        return "không có", "none"
    return ", ".join(f"«{t.vi}»" for t in texts), ", ".join(f"'{t.en}'" for t in texts)


def action_text(action: Action) -> Text:
    if isinstance(action, CycleAction):
        return CYCLE_ACTION_TEXTS[action]
    return REVIEW_ACTION_TEXTS[action]


def state_text(state: CycleState | ReviewState) -> Text:
    if isinstance(state, CycleState):
        return CYCLE_STATE_TEXTS[state]
    return REVIEW_STATE_TEXTS[state]


def not_allowed(state: CycleState | ReviewState, action: Action, allowed: Iterable[Action]) -> TransitionError:
    """The error for an action that `state` does not allow, listing the actions it does allow."""
    what_vi, what_en = ("kỳ đánh giá", "cycle") if isinstance(state, CycleState) else ("bản kiểm điểm", "review")
    act, st = action_text(action), state_text(state)
    allowed_vi, allowed_en = _names(allowed)
    return TransitionError(
        "transition_not_allowed",
        Text(
            f"Không thể «{act.vi}» ({action.value}) khi {what_vi} đang ở trạng thái «{st.vi}» ({state.value})."
            f" Thao tác được phép: {allowed_vi}.",
            f"Cannot '{act.en}' ({action.value}) while the {what_en} is '{st.en}' ({state.value})."
            f" Allowed actions: {allowed_en}.",
        ),
        state=state,
        action=action,
    )
