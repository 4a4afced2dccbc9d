"""`danhgia manage national_export --cycle N --system CODE -o FILE.json|FILE.xlsx [--user NAME]`: write a yearly
cycle's published results of individuals, keyed on the national ID number, through the system's field mapping
(docs/api.md §5), and log the sending in the sync log like an export taken through the API.

The JSON file holds what the API's pages hold, all items at once; the workbook holds one row per result under
the mapping's target names. Dates and times are ISO 8601 text in both, as the API writes them.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from openpyxl import Workbook

from danhgia.apps.api.models import ConnectedSystem, SyncChannel
from danhgia.apps.api.national import FORMAT, mapping_problems, ordered_mapping
from danhgia.apps.api.selectors.national import ExportRow, export_rows, exportable, without_national_id
from danhgia.apps.api.services.national import national_sync_record
from danhgia.apps.cycles.models import CycleState, PeriodKind, ReviewCycle
from danhgia.apps.spreadsheets.cells import value_row

SUFFIXES = (".json", ".xlsx")


class Command(BaseCommand):
    help = "Write a yearly cycle's results for the national database (JSON or xlsx) and log the sending."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", type=int, required=True, metavar="N", help="the yearly cycle's id")
        parser.add_argument(
            "--system", required=True, metavar="CODE", help="the connected system whose field mapping to use"
        )
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.json or FILE.xlsx")
        parser.add_argument("--user", metavar="NAME", help="the username of who writes the file (for the log)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        if path.suffix.lower() not in SUFFIXES:
            raise CommandError(f"--output: {path.name} must end in .json or .xlsx")
        if not path.parent.is_dir():
            raise CommandError(f"--output: no directory {path.parent}")
        cycle = ReviewCycle.objects.filter(pk=options["cycle"]).exclude(state=CycleState.DRAFT).first()
        if cycle is None:
            raise CommandError(f"--cycle: no review cycle {options['cycle']} past its draft")
        if cycle.kind != PeriodKind.YEAR:
            raise CommandError(f"--cycle: {cycle.name} is not a yearly cycle; the export covers yearly cycles only")
        system = ConnectedSystem.objects.filter(code=options["system"]).first()
        if system is None or not system.is_active:
            raise CommandError(f"--system: no active connected system with the code {options['system']!r}")
        problems = mapping_problems(system.export_mapping)
        if problems:
            raise CommandError(f"--system: the field mapping of {system.code} is not usable: {'; '.join(problems)}")
        mapping = ordered_mapping(system.export_mapping)
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no user {options['user']!r}")
        rows = export_rows(cycle, exportable(cycle).order_by("pk"), mapping)
        missing = without_national_id(cycle)
        _write(path, _document(cycle, mapping, rows, missing))
        national_sync_record(
            system=system,
            cycle=cycle,
            channel=SyncChannel.FILE,
            mapping=mapping,
            rows=rows,
            now=timezone.now(),
            user=user,
            file_name=str(path),
        )
        self.stdout.write(f"wrote {path}: {len(rows)} results, {missing} without a national ID left out")


def _document(cycle: ReviewCycle, mapping: dict[str, str], rows: list[ExportRow], missing: int) -> dict[str, Any]:
    document = {
        "format": FORMAT,
        "cycle": {"id": cycle.pk, "name": cycle.name, "year": cycle.year, "ruleset": cycle.ruleset},
        "mapping": mapping,
        "items": [row.record for row in rows],
        "without_national_id": missing,
    }
    loaded: dict[str, Any] = json.loads(json.dumps(document, cls=DjangoJSONEncoder))  # dates as ISO 8601 text
    return loaded


def _write(path: Path, document: dict[str, Any]) -> None:
    """Write the file whole or not at all (a temporary file beside it, then renamed)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=path.suffix)
    os.close(handle)
    try:
        if path.suffix.lower() == ".json":
            Path(temporary).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        else:
            book = Workbook(write_only=True)
            sheet = book.create_sheet("export")
            targets = list(document["mapping"])
            sheet.append(value_row(sheet, targets))
            for item in document["items"]:
                sheet.append(value_row(sheet, [item[target] for target in targets]))
            book.save(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
