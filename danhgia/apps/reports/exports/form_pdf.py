"""The review's form (Mẫu 2A/2B/2C, Mẫu 01…) as a printable PDF: the .docx that `review_form_docx` builds, laid out
again with fpdf2 (DejaVu Sans for Vietnamese) — its paragraphs in order, with their bold, italic and alignment,
and its tables as bordered grids (the header table without borders). One source for both files, so the PDF
says exactly what the .docx says."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from fpdf import FPDF
from fpdf.enums import Align
from fpdf.fonts import FontFace

from danhgia.apps.reports.exports.pdf import FONT, _font_files

LINE = 6.2  # mm per line of 11.5 pt text
BOLD = FontFace(family=FONT, emphasis="BOLD")
ALIGN = {WD_ALIGN_PARAGRAPH.CENTER: Align.C, WD_ALIGN_PARAGRAPH.RIGHT: Align.R, WD_ALIGN_PARAGRAPH.JUSTIFY: Align.J}


class FormPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="portrait", format="A4")
        regular, bold = _font_files()
        for style, path in (("", regular), ("B", bold), ("I", regular), ("BI", bold)):
            self.add_font(FONT, style, str(path))
        self.set_margins(25, 18, 18)  # the form's 3 cm / 2 cm, a little narrower to keep its lines
        self.set_auto_page_break(auto=True, margin=16)
        self.set_title(title)
        self.set_creator("danhgia")

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")


def _style(paragraph: Paragraph) -> str:
    runs = [run for run in paragraph.runs if run.text.strip()]
    bold = bool(runs) and all(run.bold for run in runs)
    return "B" if bold else ""


def _paragraph(pdf: FormPDF, paragraph: Paragraph) -> None:
    text = paragraph.text
    pdf.set_font(FONT, _style(paragraph), 11.5)
    align = ALIGN.get(paragraph.alignment, Align.L) if paragraph.alignment is not None else Align.L
    pdf.multi_cell(0, LINE, text if text.strip() else "", align=align, new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FormPDF, table: Table, *, header: bool) -> None:
    pdf.set_font(FONT, "", 10.5)
    borders = "NONE" if header else "ALL"
    widths = [column.width for column in table.columns]
    shares = tuple(int(w) for w in widths if w) if all(widths) else None  # the grid's proportions
    with pdf.table(
        borders_layout=borders, line_height=LINE - 0.8, first_row_as_headings=False, col_widths=shares
    ) as grid:
        for row in table.rows:
            cells = grid.row()
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                    continue
                seen.add(id(cell._tc))
                bold = any(run.bold for p in cell.paragraphs for run in p.runs if run.text.strip())
                centred = any(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in cell.paragraphs)
                cells.cell(
                    "\n".join(p.text for p in cell.paragraphs),
                    align=Align.C if centred else Align.L,
                    style=BOLD if bold else None,
                )
    pdf.ln(2)


def form_pdf(docx: bytes, title: str) -> bytes:
    """The .docx form laid out as a PDF."""
    document = Document(BytesIO(docx))
    pdf = FormPDF(title)
    pdf.add_page()
    body = document.element.body
    tables = {t._tbl: t for t in document.tables}
    paragraphs = {p._p: p for p in document.paragraphs}
    first_table = True
    for child in body.iterchildren():
        if child in paragraphs:
            _paragraph(pdf, paragraphs[child])
        elif child in tables:
            _table(pdf, tables[child], header=first_table)
            first_table = False
    return bytes(pdf.output())
