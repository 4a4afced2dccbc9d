"""What a yearly level entails: two years of L4 and commendation eligibility.

Sources: docs/regulations/state.md §5, party.md §10; worked example WE-17 (docs/regulations/worked-examples.md).

Rules, each returned with its source, a Vietnamese and English text, and a `confirmed` flag:
- Law on Cadres and Civil Servants (Law 22/2008/QH12) as amended by Law 52/2019/QH14:
  a cadre with two consecutive years at L4 → removal or relief from duty (Art. 29, amended by Art. 1 cl. 3);
  a civil servant with two consecutive years at L4 → termination (Art. 58 as amended by Art. 1 cl. 12, point a),
  not while disciplinary or criminal proceedings are pending nor for a woman pregnant or raising a child under
  36 months unless she asks (Art. 59 cl. 3–4); a civil servant in a leadership post with two non-consecutive L4
  years within one appointment term → other work or no re-appointment (point b); a non-leading civil servant
  with two non-consecutive L4 years within 3 years → a job position with lower requirements (point c).
  Law 80/2025/QH15 replaced that law from 1 July 2025; its wording of these rules has not been checked, so for
  years from 2025 the consequences are returned with `confirmed=False`.
- Party members: two consecutive years at L4 → the cell educates and helps, then considers removal from the
  Party (02-HD/BTCTW 2021 screening; 24-QĐ/TW 2021 §8.1).
- Commendation (HD 21-HD/BTCTW, 2019): only an L1 party member / party organisation may be considered for the
  year's commendation ("trong sạch, vững mạnh tiêu biểu" for organisations), or for five consecutive L1 years.
  Not seen in 366/HD 43 → `confirmed=False`.

Decisions: "consecutive" means calendar years Y−1 and Y; a missing year (not classified) breaks the run. A
consequence arises from the result of the year asked about (`year`), so every rule needs that year's level.
The non-consecutive rules apply only when Y−1 is not L4 (otherwise the consecutive rule governs), so at most
one L4 consequence fires per year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from danhgia.domain.periods import Term
from danhgia.domain.texts import LEVELS, DomainError, Level, Text

LAW_52: Final = "Luật Cán bộ, công chức 22/2008/QH12, sửa đổi bởi Luật 52/2019/QH14"
NEW_LAW_YEAR: Final = 2025  # Law 80/2025/QH15 in force from 1 July 2025


class PersonKind(StrEnum):
    CADRE = "cadre"  # cán bộ (elected or appointed for a term)
    CIVIL_SERVANT = "civil_servant"  # công chức, post not known
    CIVIL_SERVANT_LEADER = "civil_servant_leader"  # công chức giữ chức vụ lãnh đạo, quản lý
    CIVIL_SERVANT_NON_LEADER = "civil_servant_non_leader"
    PARTY_MEMBER = "party_member"
    PARTY_ORGANISATION = "party_organisation"


CIVIL_SERVANT_KINDS: Final = frozenset(
    {PersonKind.CIVIL_SERVANT, PersonKind.CIVIL_SERVANT_LEADER, PersonKind.CIVIL_SERVANT_NON_LEADER}
)
PARTY_KINDS: Final = frozenset({PersonKind.PARTY_MEMBER, PersonKind.PARTY_ORGANISATION})


class ConsequenceCode(StrEnum):
    REMOVAL_OR_RELIEF = "removal_or_relief"
    TERMINATION = "termination"
    TERMINATION_BARRED = "termination_barred"
    REASSIGNMENT_OR_NO_REAPPOINTMENT = "reassignment_or_no_reappointment"
    LOWER_JOB_POSITION = "lower_job_position"
    PARTY_EDUCATION_THEN_REMOVAL = "party_education_then_removal"
    COMMENDATION_YEAR = "commendation_year"
    COMMENDATION_FIVE_YEARS = "commendation_five_years"


@dataclass(frozen=True)
class Consequence:
    code: ConsequenceCode
    years: tuple[int, ...]  # the results that trigger it
    source: str
    text: Text
    confirmed: bool


class ConsequenceError(DomainError):
    """Input the rules cannot read: an unknown level, or a leader's appointment term missing or not covering it."""


def consequences(
    kind: PersonKind,
    history: Mapping[int, Level],
    *,
    year: int,
    appointment_term: Term | None = None,
    termination_barred: bool = False,
) -> tuple[Consequence, ...]:
    """The consequences of the `year` result given the yearly `history` (year → level) of one capacity.

    Call once per capacity: a party member who is also a civil servant has a party history and a
    civil-service history. `appointment_term` is needed for `CIVIL_SERVANT_LEADER`; `termination_barred`
    (pending discipline or prosecution, pregnancy or a child under 36 months) turns termination into
    `TERMINATION_BARRED`. No result for `year` → no consequence.
    """
    _check(kind, history, year, appointment_term)
    level = history.get(year)
    found: list[Consequence] = []
    if level == "L4":
        rule = _two_l4(kind, history, year, appointment_term, termination_barred)
        if rule is not None:
            found.append(rule)
    if level == "L1" and kind in PARTY_KINDS:
        found.append(_commendation_year(kind, year))
        if all(history.get(y) == "L1" for y in range(year - 4, year + 1)):
            found.append(_commendation_five_years(kind, year))
    return tuple(found)


def _check(kind: PersonKind, history: Mapping[int, Level], year: int, term: Term | None) -> None:
    for y, level in history.items():
        if level not in LEVELS:
            raise ConsequenceError(
                "unknown_level",
                Text(f"Mức xếp loại năm {y} không hợp lệ: «{level}».", f"The level of {y} is not valid: '{level}'."),
            )
    if kind is PersonKind.CIVIL_SERVANT_LEADER and (term is None or not term.start_year <= year <= term.end_year):
        raise ConsequenceError(
            "appointment_term_required",
            Text(
                f"Cần thời hạn bổ nhiệm chứa năm {year} để xét công chức lãnh đạo, quản lý.",
                f"A leader's appointment term containing {year} is needed.",
            ),
        )


def _two_l4(
    kind: PersonKind, history: Mapping[int, Level], year: int, term: Term | None, barred: bool
) -> Consequence | None:
    """The consequence of a second L4 (this year's result is L4)."""
    confirmed = year < NEW_LAW_YEAR
    if history.get(year - 1) == "L4":
        return _consecutive(kind, year, barred, confirmed)
    if kind is PersonKind.CIVIL_SERVANT_LEADER and term is not None:
        earlier = [y for y in range(term.start_year, year - 1) if history.get(y) == "L4"]
        return _within_appointment_term(earlier[-1], year, confirmed) if earlier else None
    if kind is PersonKind.CIVIL_SERVANT_NON_LEADER and history.get(year - 2) == "L4":
        return _within_three_years(year, confirmed)
    return None


def _consecutive(kind: PersonKind, year: int, barred: bool, confirmed: bool) -> Consequence | None:
    pair, span = (year - 1, year), f"{year - 1}, {year}"
    if kind in CIVIL_SERVANT_KINDS:
        return _termination(pair, span, barred, confirmed)
    if kind is PersonKind.CADRE:
        return Consequence(
            ConsequenceCode.REMOVAL_OR_RELIEF,
            pair,
            f"{LAW_52}, Điều 29 (khoản 3 Điều 1)",
            Text(
                f"Cán bộ có 02 năm liên tiếp ({span}) xếp loại «Không hoàn thành nhiệm vụ»: cơ quan, tổ chức"
                " có thẩm quyền xem xét miễn nhiệm, cho thôi làm nhiệm vụ.",
                f"Cadre rated 'failure to complete duties' two years in a row ({span}): the competent body"
                " considers removal or relief from duty.",
            ),
            confirmed,
        )
    if kind is PersonKind.PARTY_MEMBER:
        return Consequence(
            ConsequenceCode.PARTY_EDUCATION_THEN_REMOVAL,
            pair,
            "02-HD/BTCTW (2021); 24-QĐ/TW (2021) §8.1",
            Text(
                f"Đảng viên có 02 năm liên tiếp ({span}) xếp loại «Không hoàn thành nhiệm vụ»: chi bộ giáo dục,"
                " giúp đỡ; nếu không tiến bộ, xem xét đưa ra khỏi Đảng.",
                f"Party member rated 'failure to complete duties' two years in a row ({span}): the cell educates"
                " and helps the member, and without progress considers removal from the Party.",
            ),
            True,
        )
    return None


def _within_appointment_term(earlier: int, year: int, confirmed: bool) -> Consequence:
    span = f"{earlier}, {year}"
    return Consequence(
        ConsequenceCode.REASSIGNMENT_OR_NO_REAPPOINTMENT,
        (earlier, year),
        f"{LAW_52}, Điều 58 (khoản 12 Điều 1), điểm b",
        Text(
            f"Công chức lãnh đạo, quản lý có 02 năm không liên tiếp ({span}) trong thời hạn bổ nhiệm xếp loại"
            " «Không hoàn thành nhiệm vụ»: bố trí công tác khác hoặc không bổ nhiệm lại.",
            f"Civil servant in a leadership post rated 'failure to complete duties' in two non-consecutive"
            f" years ({span}) of one appointment term: reassignment or no re-appointment.",
        ),
        confirmed,
    )


def _within_three_years(year: int, confirmed: bool) -> Consequence:
    span = f"{year - 2}, {year}"
    return Consequence(
        ConsequenceCode.LOWER_JOB_POSITION,
        (year - 2, year),
        f"{LAW_52}, Điều 58 (khoản 12 Điều 1), điểm c",
        Text(
            f"Công chức không giữ chức vụ lãnh đạo, quản lý có 02 năm không liên tiếp trong 03 năm ({span}) xếp"
            " loại «Không hoàn thành nhiệm vụ»: bố trí vào vị trí việc làm có yêu cầu thấp hơn.",
            f"Civil servant without a leadership post rated 'failure to complete duties' in two non-consecutive"
            f" years within three ({span}): move to a job position with lower requirements.",
        ),
        confirmed,
    )


def _termination(pair: tuple[int, int], span: str, barred: bool, confirmed: bool) -> Consequence:
    ground_vi = f"Công chức có 02 năm liên tiếp ({span}) xếp loại «Không hoàn thành nhiệm vụ»"
    ground_en = f"Civil servant rated 'failure to complete duties' two years in a row ({span})"
    if barred:
        return Consequence(
            ConsequenceCode.TERMINATION_BARRED,
            pair,
            f"{LAW_52}, Điều 58 (khoản 12 Điều 1), điểm a; Luật 22/2008/QH12 Điều 59 khoản 3, 4",
            Text(
                f"{ground_vi}, nhưng chưa giải quyết thôi việc: đang trong thời gian xem xét kỷ luật hoặc truy cứu"
                " trách nhiệm hình sự, hoặc đang mang thai, nuôi con dưới 36 tháng tuổi (trừ khi tự nguyện xin thôi"
                " việc).",
                f"{ground_en}, but termination is barred for now: disciplinary or criminal proceedings are pending, or"
                " she is pregnant or raising a child under 36 months (unless she asks to leave).",
            ),
            confirmed,
        )
    return Consequence(
        ConsequenceCode.TERMINATION,
        pair,
        f"{LAW_52}, Điều 58 (khoản 12 Điều 1), điểm a",
        Text(
            f"{ground_vi}: cơ quan, tổ chức, đơn vị có thẩm quyền giải quyết cho thôi việc.",
            f"{ground_en}: the competent body resolves termination of employment.",
        ),
        confirmed,
    )


def _commendation_year(kind: PersonKind, year: int) -> Consequence:
    if kind is PersonKind.PARTY_ORGANISATION:
        vi = f"Tổ chức đảng xếp loại «Hoàn thành xuất sắc nhiệm vụ» năm {year}: được xem xét công nhận «trong sạch,"
        vi += " vững mạnh tiêu biểu» của năm."
        en = f"Party organisation rated 'excellent completion' in {year}: may be considered for the year's"
        en += " 'clean and strong — exemplary' recognition."
    else:
        vi = f"Đảng viên xếp loại «Hoàn thành xuất sắc nhiệm vụ» năm {year}: được xem xét khen thưởng của năm."
        en = f"Party member rated 'excellent completion' in {year}: may be considered for the year's commendation."
    return Consequence(
        ConsequenceCode.COMMENDATION_YEAR, (year,), "21-HD/BTCTW (2019); chưa thấy trong 366/HD 43", Text(vi, en), False
    )


def _commendation_five_years(kind: PersonKind, year: int) -> Consequence:
    span = f"{year - 4}–{year}"
    who_vi, who_en = (
        ("Tổ chức đảng", "Party organisation")
        if kind is PersonKind.PARTY_ORGANISATION
        else (
            "Đảng viên",
            "Party member",
        )
    )
    return Consequence(
        ConsequenceCode.COMMENDATION_FIVE_YEARS,
        tuple(range(year - 4, year + 1)),
        "21-HD/BTCTW (2019); chưa thấy trong 366/HD 43",
        Text(
            f"{who_vi} 5 năm liền ({span}) xếp loại «Hoàn thành xuất sắc nhiệm vụ»: được xem xét khen thưởng 5 năm"
            " liền.",
            f"{who_en} rated 'excellent completion' five years in a row ({span}): may be considered for the"
            " five-year commendation.",
        ),
        False,
    )
