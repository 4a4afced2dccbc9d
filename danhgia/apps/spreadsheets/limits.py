"""How much one import file may hold: the import's limits, in one place.

A file over a limit is refused before it is read into memory, with a reason naming the file or the sheet.
The values leave real registry files far below them: 100,000 people in one .xlsx is 3.7 MB on disk, 33 MB
of sheet XML and 500,000 cells (imported in about 5 s, peak RSS about 300 MiB), and a province's file of
posts, memberships and discipline stays under the row limit. A larger file is split by unit.

The hostile files they stop (tests/test_hostile_files.py): a 1.6 kB .xlsx whose cells reach XFD1048576
(calamine would allocate 512 GB for the rectangle), a deflate bomb (592 kB inflating past 2 GB), a garbage
CSV that would list millions of errors.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    file_bytes: int = 32 * MB  # the file as uploaded
    unpacked_bytes: int = 256 * MB  # .xlsx: every part inflated, all together
    compression_ratio: int = 100  # .xlsx: a part's inflated size over its packed size (sheet XML: 8–20)
    ratio_from_bytes: int = 1 * MB  # … checked for parts that inflate to more than this
    parts: int = 1_000  # .xlsx: members of the zip (a workbook has about 10 plus 2 per sheet)
    rows: int = 300_000  # rows of all sheets together, blank rows inside the data included
    cells: int = 2_000_000  # cells of all sheets together: an .xlsx sheet counts its rectangle from A1
    row_chars: int = 64 * 1024  # .csv: characters of one row
    problems: int = 1_000  # errors listed before the check stops (the page shows the first 500)


LIMITS = ImportLimits()
