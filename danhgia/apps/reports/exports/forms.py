"""Review forms as Word documents, laid out like the forms of the guidance in force and filled from the data.

- 366-QĐ/TW (43-HD/BTCTW): Mẫu 2A (leaders), 2B (no leadership post), 2C (members outside the political
  system) for individuals, Mẫu 01 for collectives;
- Decree 335/2025: Mẫu số 01 (tracking and assessment sheet, quarterly cycles) and Mẫu số 02 (annual
  classification sheet) for civil servants.
Other rule sets have no form layout here (`FormUnavailable`).

What fills them: the self-review's texts (`answers["text"]`: strengths, weaknesses, causes, remedies, products),
its task counts (`answers["tasks"]`), the group scores (scored from `answers["items"]` on the cycle's frozen
template, else `answers["points"]`), the total `score`, the proposed level, and the competent level's
decision — once published, or once decided for a reader who may see it before (`shows_unpublished`: the
advisory body and the competent level; never the person reviewed). Nothing of the verification (the advisory
body's proposal and note) is printed. Missing content prints as dotted lines to fill in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from pydantic import ValidationError as PydanticError

from danhgia.apps.cycles.models import CycleTemplate
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import Post, UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reports.exports.layouts import (
    DECREE_335_GENERAL,
    FORM_01,
    LEVEL_NAMES,
    PARTY_FORMS,
    PARTY_MOTTO,
    PARTY_ORGANISATIONS,
    STATE_MOTTO,
    FormLayout,
)
from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.domain.scoring import Answer as ItemAnswer
from danhgia.domain.scoring import AnswerError, CriteriaTemplate, GroupKind, Scale, ScoreBreakdown, score_template

DOTS = "…" * 60
PUBLISHED_STATES = (ReviewState.PUBLISHED, ReviewState.COMPLAINED)
FONT = "Times New Roman"


class FormUnavailable(ValueError):
    """No form layout for this review's rule set or subject."""


@dataclass(frozen=True)
class Line:
    """One criterion of a score table: its code, its text, its maximum and the self-scored points (None when
    the self-review does not say)."""

    code: str
    text: str
    max_points: Decimal
    points: Decimal | None


@dataclass(frozen=True)
class GroupLine:
    """A criterion group of the cycle's frozen template with its points and its criteria's."""

    line: Line
    kind: GroupKind
    items: tuple[Line, ...] = ()


@dataclass
class Scores:
    general: Decimal | None = None
    tasks: Decimal | None = None
    total: Decimal | None = None
    groups: list[GroupLine] = field(default_factory=list)  # empty without a points template

    def of_kind(self, kind: GroupKind) -> list[GroupLine]:
        return [g for g in self.groups if g.kind is kind]


def form_code(review: Review) -> str:
    """The form a review prints as (raises FormUnavailable)."""
    ruleset = review.cycle.ruleset
    forms = cycle_rules(review.cycle).report_forms
    if forms == "hd43":
        if review.subject_type == "collective":
            return FORM_01.code
        if review.category in PARTY_FORMS:
            return PARTY_FORMS[review.category].code
    if forms == "nd335" and review.subject_type == "individual":
        return "Mẫu số 01" if review.cycle.kind == "quarter" else "Mẫu số 02"
    raise FormUnavailable(f"no form layout for {ruleset} / {review.subject_type} / {review.category}")


def review_form_docx(review: Review, *, shows_unpublished: bool = False) -> bytes:
    """The review's form as a .docx document; the decision only once published, unless `shows_unpublished`."""
    code = form_code(review)
    document = _document()
    decision = _decision(review, shows_unpublished=shows_unpublished)
    if cycle_rules(review.cycle).report_forms == "nd335":
        _decree_335(document, review, decision, tracking=code == "Mẫu số 01")
    else:
        layout = FORM_01 if review.subject_type == "collective" else PARTY_FORMS[review.category]
        _party_form(document, review, decision, layout)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- document helpers -------------------------------------------------------------------------------------
def _document() -> DocumentType:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(3)
    return document


def _para(
    document: DocumentType, text: str = "", *, bold: bool = False, italic: bool = False, center: bool = False
) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


SCORE_COLUMNS = (Cm(1.4), Cm(10.2), Cm(2.2), Cm(2.2))  # code, criterion, maximum, points: 16 cm of text width


def _column_widths(table: Table, widths: tuple[Cm, ...]) -> None:
    """Fixed column widths (the grid and every cell, as Word reads them; the PDF follows the grid)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _cell_text(table: Table, row: int, column: int, lines: list[tuple[str, bool]]) -> None:
    cell = table.cell(row, column)
    cell.paragraphs[0].text = ""
    for i, (text, bold) in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold


def _header(document: DocumentType, left: list[tuple[str, bool]], right: list[tuple[str, bool]], code: str) -> None:
    marker = document.add_paragraph()
    marker.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = marker.add_run(code)
    run.italic = True
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_text(table, 0, 0, left)
    _cell_text(table, 0, 1, right)


def _place_and_date(review: Review) -> str:
    day = (review.submitted_at.date() if review.submitted_at else None) or cycle_dates(review.cycle)[1]
    return f"…………, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _texts(review: Review) -> dict[str, str]:
    text = review.answers.get("text") if isinstance(review.answers, dict) else None
    return {k: str(v).strip() for k, v in (text or {}).items() if str(v).strip()}


def _fill(document: DocumentType, content: str) -> None:
    lines = [line for line in content.splitlines() if line.strip()] if content else []
    for line in lines or [DOTS, DOTS]:
        _para(document, line)


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


def _points(value: Decimal | None) -> str:
    if value is None:
        return "……"
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def review_scores(review: Review) -> Scores:
    """The scores a form prints: per criterion group and criterion of the cycle's frozen template (a points
    template) where the self-review has item answers, else the two group totals it gives (`points`), each
    printed against the one group of its kind when there is one."""
    answers = review.answers if isinstance(review.answers, dict) else {}
    scores = Scores(total=review.score)
    points = answers.get("points") or {}
    scores.general, scores.tasks = _decimal(points.get("general")), _decimal(points.get("tasks"))
    template = _frozen_template(review)
    if template is None:
        return scores
    breakdown = _breakdown(template, answers)
    if breakdown is not None:
        scores.general, scores.tasks, scores.total = breakdown.general, breakdown.tasks, breakdown.total
    by_kind = {GroupKind.GENERAL: scores.general, GroupKind.TASKS: scores.tasks}
    alone = {kind: sum(g.kind is kind for g in template.groups) == 1 for kind in by_kind}
    for group in template.groups:
        scored = breakdown.group(group.code) if breakdown is not None else None
        if scored is not None:
            group_points: Decimal | None = scored.points
        else:
            group_points = by_kind[group.kind] if alone[group.kind] else None
        items = tuple(
            Line(item.code, item.text.vi, item.max_points, breakdown.item(item.code).points if breakdown else None)
            for item in group.items
        )
        line = Line(group.code, group.text.vi, group.max_points, group_points)
        scores.groups.append(GroupLine(line, group.kind, items))
    return scores


def _frozen_template(review: Review) -> CriteriaTemplate | None:
    """The cycle's frozen criteria template of the review's category, when it scores points."""
    body = CycleTemplate.objects.filter(cycle=review.cycle, category=review.category).values_list("body", flat=True)
    if not body or not isinstance(body[0], dict) or not body[0].get("groups"):
        return None
    try:
        template = CriteriaTemplate.model_validate(body[0])
    except PydanticError:
        return None
    return template if template.scale is Scale.POINTS else None


def _breakdown(template: CriteriaTemplate, answers: dict[str, Any]) -> ScoreBreakdown | None:
    """The self-review's item answers scored on the template; None without them or while they do not score
    (a draft)."""
    items = answers.get("items")
    if not isinstance(items, dict):
        return None
    try:
        parsed = {code: ItemAnswer.model_validate(a) for code, a in items.items()}
        computed = {code: Decimal(str(v)) for code, v in (answers.get("computed") or {}).items()}
        return score_template(template, parsed, computed)
    except (AnswerError, PydanticError, InvalidOperation):
        return None


def _decision(review: Review, *, shows_unpublished: bool) -> tuple[str, str]:
    """(status, level) decided by the competent level, or empty while the reader may not see it yet."""
    if review.state in PUBLISHED_STATES or (shows_unpublished and review.state == ReviewState.DECIDED):
        return review.decided_status, review.decided_level
    return "", ""


def _boxes(document: DocumentType, chosen: str) -> None:
    for code, name in LEVEL_NAMES.items():
        _para(document, f"{'☒' if chosen == code else '☐'} {name}")


Row = tuple[str, str, str, str, bool]  # code, text, maximum, points, bold


def _row(line: Line, *, bold: bool) -> Row:
    return (line.code, line.text, _points(line.max_points), _points(line.points), bold)


def _score_table(document: DocumentType, scores: Scores) -> None:
    """The self-scoring table: each criterion group of the template with its criteria, a subtotal where a kind
    has several groups, and the total; without a template, the two groups of the framework and the total."""
    rows: list[Row] = [("TT", "Nhóm tiêu chí, tiêu chí", "Điểm tối đa", "Điểm tự chấm", True)]
    if not scores.groups:
        rows += [
            ("A", "Nhóm tiêu chí chung", "30", _points(scores.general), True),
            ("B", "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ", "70", _points(scores.tasks), True),
        ]
    for kind, subtotal, label in (
        (GroupKind.GENERAL, scores.general, "Cộng nhóm tiêu chí chung"),
        (GroupKind.TASKS, scores.tasks, "Cộng nhóm tiêu chí về kết quả thực hiện nhiệm vụ"),
    ):
        groups = scores.of_kind(kind)
        for group in groups:
            rows.append(_row(group.line, bold=True))
            rows += [_row(item, bold=False) for item in group.items]
        if len(groups) > 1:
            maximum = sum((g.line.max_points for g in groups), Decimal(0))
            rows.append(("", label, _points(maximum), _points(subtotal), True))
    maximum = sum((g.line.max_points for g in scores.groups), Decimal(0)) if scores.groups else Decimal(100)
    rows.append(("", "Tổng điểm", _points(maximum), _points(scores.total), True))
    table = document.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    _column_widths(table, SCORE_COLUMNS)
    for r, (*values, bold) in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
            if bold and value:
                table.cell(r, c).paragraphs[0].runs[0].bold = True


def _superior(review: Review) -> tuple[str, str]:
    """(the superior party organisation's name, the unit's name) as the form's top-left block shows them."""
    on = cycle_dates(review.cycle)[1]
    link = UnitLink.objects.filter(in_force(on), unit=review.unit).select_related("parent").first()
    parent = link.parent if link is not None else None
    return (parent.name if parent else ""), review.unit.name


# --- 366-QĐ/TW forms ------------------------------------------------------------------------------------
def _party_form(document: DocumentType, review: Review, decision: tuple[str, str], layout: FormLayout) -> None:
    superior, unit_name = _superior(review)
    prefix = PARTY_ORGANISATIONS.get(review.unit.kind, "")
    left = [(superior.upper(), False)] if superior else []
    left += [(unit_name.upper() if unit_name.upper().startswith(prefix) else f"{prefix} {unit_name}".upper(), True)]
    left += [("*", False)]
    _header(document, left, [(PARTY_MOTTO, True), (_place_and_date(review), False)], layout.code)
    _para(document)
    title = layout.title if not layout.collective else f"{layout.title} {unit_name.upper()}"
    _para(document, title, bold=True, center=True)
    _para(document, period_title(review.cycle), bold=True, center=True)
    if layout.subtitle:
        _para(document, layout.subtitle, italic=True, center=True)
    if not layout.collective:
        _person_fields(document, review, leader=layout.code.startswith("Mẫu 2A"))
    texts = _texts(review)
    _para(document, "A. NỘI DUNG KIỂM ĐIỂM", bold=True)
    for section in layout.sections:
        _para(document, section.heading, bold=True)
        answer = texts.get(section.answer, "") if section.answer else ""
        if section.answer == "weaknesses":
            _para(document, section.items[0], italic=True)
            _fill(document, answer)
            _para(document, section.items[1], italic=True)
            _fill(document, texts.get("causes", ""))
            continue
        for item in section.items:
            _para(document, item, italic=True)
        _fill(document, answer)
    scores = review_scores(review)
    _para(document, "B. TỰ ĐÁNH GIÁ, XẾP LOẠI", bold=True)
    _para(document, f"I. Tự chấm điểm theo các nhóm tiêu chí (cụ thể hóa từ {layout.framework})", bold=True)
    _score_table(document, scores)
    _para(document, "II. Tự đề xuất xếp loại mức chất lượng", bold=True)
    _boxes(document, review.proposed_level)
    _competent_level(document, decision)
    _signature(document, layout.signature if not layout.collective else f"T/M {unit_name.upper()}", review)
    _annex(document, review, texts)


def _person_fields(document: DocumentType, review: Review, *, leader: bool) -> None:
    person = review.person
    assert person is not None
    on = cycle_dates(review.cycle)[1]
    posts = list(Post.objects.filter(in_force(on), person=person).select_related("unit").order_by("-is_leadership"))
    born = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else DOTS[:20]
    _para(document, f"- Họ và tên: {person.full_name}")
    _para(document, f"- Ngày sinh: {born}")
    if leader:
        titles = "; ".join(f"{p.title} {p.unit.name}" for p in posts if p.is_leadership) or DOTS[:30]
        _para(document, f"- Chức vụ (đảng, chính quyền, đoàn thể): {titles}")
    work = posts[0].unit.name if posts else DOTS[:30]
    _para(document, f"- Đơn vị công tác: {work}")
    _para(document, f"- Chi bộ: {review.unit.name}")


def _competent_level(document: DocumentType, decision: tuple[str, str]) -> None:
    status, level = decision
    _para(document, "III. Kết quả xếp loại của cấp có thẩm quyền", bold=True)
    if status == "classified":
        _para(document, f"Xếp loại: {LEVEL_NAMES[level]}")
    elif status == "exempt":
        _para(document, "Không thuộc đối tượng đánh giá, xếp loại.")
    elif status == "not_classified":
        _para(document, "Không xếp loại.")
    else:
        _para(document, "Chưa có quyết định.", italic=True)


def _signature(document: DocumentType, label: str, review: Review) -> None:
    table = document.add_table(rows=1, cols=2)
    name = review.person.full_name if review.person else ""
    _cell_text(table, 0, 1, [(label, True), ("(Ký, ghi rõ họ tên)", False), ("", False), (name, True)])


def _annex(document: DocumentType, review: Review, texts: dict[str, str]) -> None:
    tasks = review.answers.get("tasks") if isinstance(review.answers, dict) else None
    _para(document)
    _para(document, "PHỤ LỤC KẾT QUẢ THỰC HIỆN NHIỆM VỤ", bold=True, center=True)
    _para(document, "(Sản phẩm cụ thể, tiến độ, chất lượng)", italic=True, center=True)
    table = document.add_table(rows=2, cols=4)
    table.style = "Table Grid"
    heads = ("Nhiệm vụ được giao", "Đã hoàn thành", "Hoàn thành đúng hạn", "Vượt kế hoạch")
    keys = ("assigned", "completed", "on_time", "exceeded")
    for c, (head, key) in enumerate(zip(heads, keys, strict=True)):
        table.cell(0, c).text = head
        value = tasks.get(key) if isinstance(tasks, dict) else None
        table.cell(1, c).text = "……" if value is None else str(value)
    _para(document, "Sản phẩm cụ thể:", bold=True)
    _fill(document, texts.get("products", ""))


# --- Decree 335/2025 forms ------------------------------------------------------------------------------
def _decree_335(document: DocumentType, review: Review, decision: tuple[str, str], *, tracking: bool) -> None:
    person = review.person
    assert person is not None
    on = cycle_dates(review.cycle)[1]
    post = Post.objects.filter(in_force(on), person=person).select_related("unit").order_by("-is_leadership").first()
    agency = post.unit.name if post else review.unit.name
    code = "Mẫu số 01" if tracking else "Mẫu số 02"
    _header(
        document,
        [(agency.upper(), True)],
        [(STATE_MOTTO[0], True), (STATE_MOTTO[1], True), (_place_and_date(review), False)],
        code,
    )
    _para(document)
    if tracking:
        _para(document, "PHIẾU THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC", bold=True, center=True)
        _para(document, f"Quý {review.cycle.quarter} năm {review.cycle.year}", bold=True, center=True)
    else:
        _para(document, "PHIẾU XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC", bold=True, center=True)
        _para(document, f"Năm {review.cycle.year}", bold=True, center=True)
    _para(document, f"Họ và tên: {person.full_name}")
    _para(document, f"Chức vụ, chức danh: {post.title if post else DOTS[:30]}")
    _para(document, f"Đơn vị công tác: {agency}")
    scores = review_scores(review)
    texts = _texts(review)
    if tracking:
        _general_table(document, scores)
        _para(document, "II. TỔNG HỢP", bold=True)
        _para(document, f"1. Điểm tiêu chí chung: {_points(scores.general)}/30")
        _para(document, f"2. Điểm kết quả thực hiện nhiệm vụ: {_points(scores.tasks)}/70")
        _para(document, f"3. Tổng điểm: {_points(scores.total)}/100")
        _para(document, "4. Ưu điểm:")
        _fill(document, texts.get("strengths", ""))
        _para(document, "5. Hạn chế, khuyết điểm:")
        _fill(document, texts.get("weaknesses", ""))
        _para(document, "6. Ý kiến nhận xét của cấp có thẩm quyền:")
        _fill(document, "")
    else:
        _para(document, "I. KẾT QUẢ THEO DÕI, ĐÁNH GIÁ TRONG NĂM", bold=True)
        _para(document, f"Điểm tiêu chí chung: {_points(scores.general)}/30")
        _para(document, f"Điểm kết quả thực hiện nhiệm vụ: {_points(scores.tasks)}/70")
        _para(document, f"Điểm trung bình cả năm: {_points(scores.total)}/100")
        _para(document, "II. TỰ XẾP LOẠI CHẤT LƯỢNG", bold=True)
        _boxes(document, review.proposed_level)
        _para(document, "III. CẤP CÓ THẨM QUYỀN XẾP LOẠI", bold=True)
        status, level = decision
        _boxes(document, level if status == "classified" else "")
        _para(document, "IV. ĐỀ XUẤT HƯỚNG XỬ LÝ (nếu có)", bold=True)
        _fill(document, "")
    table = document.add_table(rows=1, cols=2)
    signed = [("CÔNG CHỨC TỰ ĐÁNH GIÁ", True), ("(Ký, ghi rõ họ tên)", False), ("", False), (person.full_name, True)]
    _cell_text(table, 0, 0, signed)
    _cell_text(table, 0, 1, [("CẤP CÓ THẨM QUYỀN", True), ("(Ký, ghi rõ họ tên)", False)])


def _general_table(document: DocumentType, scores: Scores) -> None:
    """Mẫu số 01's general criteria: each group of the template with its points and its criteria's (the
    decree's list, unscored, without a template)."""
    _para(document, "I. KẾT QUẢ THEO DÕI, ĐÁNH GIÁ THEO TIÊU CHÍ CHUNG", bold=True)
    rows: list[tuple[str, str, Decimal, Decimal | None, bool]] = []
    for group in scores.of_kind(GroupKind.GENERAL):
        rows.append((group.line.code, group.line.text, group.line.max_points, group.line.points, True))
        rows += [(i.code, i.text, i.max_points, i.points, False) for i in group.items]
    if not rows:
        rows = [(code, text, maximum, None, not code.isdigit()) for code, text, maximum in DECREE_335_GENERAL]
    table = document.add_table(rows=len(rows) + 2, cols=4)
    table.style = "Table Grid"
    _column_widths(table, SCORE_COLUMNS)
    for c, head in enumerate(("TT", "Tiêu chí chấm điểm", "Điểm tối đa", "Điểm tự chấm")):
        table.cell(0, c).text = head
    for r, (code, text, maximum, points, bold) in enumerate(rows, start=1):
        table.cell(r, 0).text, table.cell(r, 1).text = code, text
        table.cell(r, 2).text, table.cell(r, 3).text = _points(maximum), "" if points is None else _points(points)
        if bold:
            for c in range(4):
                for run in table.cell(r, c).paragraphs[0].runs:
                    run.bold = True
    last = len(rows) + 1
    table.cell(last, 1).text, table.cell(last, 2).text = "Tổng", "30"
    table.cell(last, 3).text = _points(scores.general)


# a collective's file names say which of the unit's collectives it is (both print Mẫu 01)
COLLECTIVE_SLUGS = {
    "party_organisation": "to-chuc-dang",
    "leadership_collective": "tap-the-lanh-dao",
    "organisation": "co-quan-don-vi",
}


def review_form_filename(review: Review) -> str:
    """Unique per form, cycle and subject: the period (with its quarter), the cycle ("ky" and its number: two
    cycles may share a period), and the person or, for a collective, its unit and which collective it is."""
    code = form_code(review).replace("Mẫu số ", "mau-so-").replace("Mẫu ", "mau-").split("-HD")[0]
    period = f"{review.cycle.year}-q{review.cycle.quarter}" if review.cycle.quarter else f"{review.cycle.year}"
    if review.person:
        who = f"{review.person.personnel_code or review.person_id}"
    else:
        who = f"{review.unit.code}-{COLLECTIVE_SLUGS.get(review.category, review.category.replace('_', '-'))}"
    who = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in who)  # a safe header
    return f"{code.lower()}-{period}-ky{review.cycle_id}-{who}.docx"


def period_title(cycle: Any) -> str:
    """The period a form is for, as its title says it: "Quý 3 năm 2025", "Năm 2025"."""
    return f"Quý {cycle.quarter} năm {cycle.year}" if cycle.quarter else f"Năm {cycle.year}"
