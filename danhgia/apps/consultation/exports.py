"""The synthesis table (bảng tổng hợp, tiếp thu, giải trình ý kiến) as a Word document and as a workbook: per
comment in force, its article, unit, comment, proposed wording, decision and response. The workbook adds the
statistics by unit and by article. Every workbook cell is a value, never a formula (spreadsheets.cells)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl import Workbook

from danhgia.apps.consultation.models import Comment, CommentOrigin, Consultation, Decision
from danhgia.apps.consultation.selectors import comments_by_article, unit_answers
from danhgia.apps.orgs.services import day
from danhgia.apps.spreadsheets.cells import value_row

FONT = "Times New Roman"


@dataclass(frozen=True)
class SynthesisRow:
    number: int
    article: str
    unit: str
    comment: str
    proposed_wording: str
    decision: str
    response: str


def _unit(comment: Comment) -> str:
    if comment.origin == CommentOrigin.CONFERENCE:
        return _("%(unit)s (at the conference)") % {"unit": comment.unit.name}
    return comment.unit.name


def synthesis_rows(consultation: Consultation) -> list[SynthesisRow]:
    rows: list[SynthesisRow] = []
    for article in comments_by_article(consultation):
        for comment in article.comments:
            provision = comment.provision.label if comment.provision else _("The whole draft")
            decision = str(Decision(comment.decision).label) if comment.decision else _("not decided yet")
            rows.append(
                SynthesisRow(
                    number=len(rows) + 1,
                    article=provision,
                    unit=_unit(comment),
                    comment=comment.text,
                    proposed_wording=comment.proposed_wording,
                    decision=decision,
                    response=comment.response,
                )
            )
    return rows


def _headers() -> list[str]:
    return [
        _("No."),
        _("Article"),
        _("Unit"),
        _("Comment"),
        _("Proposed wording"),
        pgettext("consultation", "Decision"),
        _("Response of the editorial team"),
    ]


def synthesis_xlsx(consultation: Consultation, today: date) -> bytes:
    book = Workbook(write_only=True)
    table = book.create_sheet(_("Synthesis"))
    table.append(
        value_row(
            table, [_("Synthesis of comments, taking in and explanation: %(title)s") % {"title": consultation.title}]
        )
    )
    table.append(value_row(table, _headers()))
    for row in synthesis_rows(consultation):
        values = [row.number, row.article, row.unit, row.comment, row.proposed_wording, row.decision, row.response]
        table.append(value_row(table, values))
    units = book.create_sheet(_("By unit"))
    units.append(
        value_row(units, [_("Unit"), _("Answered"), _("Submitted on"), _("Comments"), _("Late"), _("Overdue")])
    )
    for answer in unit_answers(consultation, today):
        submitted = answer.opinion.submitted_at.date() if answer.opinion and answer.opinion.submitted_at else None
        answered = _("agrees entirely") if answer.opinion and answer.opinion.agrees_entirely else ""
        answered = answered or (_("yes") if answer.opinion else _("no"))
        flags = [_("yes") if answer.is_late else "", _("yes") if answer.is_overdue else ""]
        units.append(value_row(units, [answer.unit.name, answered, submitted, answer.comments, *flags]))
    articles = book.create_sheet(_("By article"))
    articles.append(value_row(articles, [_("Article"), _("Comments")]))
    for article in comments_by_article(consultation):
        articles.append(value_row(articles, [article.label or _("The whole draft"), len(article.comments)]))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def synthesis_docx(consultation: Consultation, today: date) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    document.add_heading(_("Synthesis of comments, taking in and explanation"), level=1)
    document.add_paragraph(consultation.title)
    document.add_paragraph(_("Drawn up on %(date)s.") % {"date": day(today)})
    answers = unit_answers(consultation, today)
    answered = [a.unit.name for a in answers if a.opinion is not None]
    missing = [a.unit.name for a in answers if a.opinion is None]
    counts = {"answered": len(answered), "consulted": len(answers)}
    document.add_paragraph(_("%(answered)d of %(consulted)d units consulted have answered.") % counts)
    if missing:
        document.add_paragraph(_("Not answered yet: %(units)s.") % {"units": ", ".join(missing)})
    rows = synthesis_rows(consultation)
    table = document.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, _headers(), strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        values = [str(row.number), row.article, row.unit, row.comment, row.proposed_wording, row.decision, row.response]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    return_buffer = BytesIO()
    document.save(return_buffer)
    return return_buffer.getvalue()
