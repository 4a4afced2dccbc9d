"""`danhgia import FILE [--report OUT.xlsx]` and `danhgia import --template KIND [-o OUT.xlsx]`.

Exit 0 with the counts per kind when the file was imported; exit 2 with the first problems (sheet, row,
column, value, reason) when it was not — then nothing was written — and the full error report in --report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from danhgia.apps.spreadsheets.records import ImportResult, Problem, truncated_reason
from danhgia.apps.spreadsheets.report import problems_workbook
from danhgia.apps.spreadsheets.services import registry_import
from danhgia.apps.spreadsheets.templates_spec import KIND_LABELS, KINDS
from danhgia.apps.spreadsheets.workbook import TEMPLATE_KINDS, template_filename, template_workbook

EXIT_INVALID = 2
SHOWN = 20  # problems printed; the report has them all


class Command(BaseCommand):
    help = "Import units, people, posts, memberships, discipline, absences or civil-service results (.xlsx/.csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="the .xlsx or .csv file to import")
        parser.add_argument("--report", metavar="OUT.xlsx", help="write the full error report here if it fails")
        parser.add_argument("--kind", choices=KINDS, help="what every sheet holds (when it cannot be told)")
        parser.add_argument("--template", choices=TEMPLATE_KINDS, metavar="KIND", help="write the template of KIND")
        parser.add_argument("-o", "--output", metavar="OUT.xlsx", help="where --template writes")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            self._template(options["template"], options["output"])
        elif options["file"]:
            self._import(options["file"], report=options["report"], kind=options["kind"])
        else:
            raise CommandError("give a FILE to import, or --template KIND", returncode=EXIT_INVALID)

    def _template(self, kind: str, output: str | None) -> None:
        path = Path(output or template_filename(kind))
        path.write_bytes(template_workbook(kind))
        self.stdout.write(_("Template written: %(path)s") % {"path": path})

    def _import(self, file: str, *, report: str | None, kind: str | None) -> None:
        result = registry_import(file=file, kind=kind)
        if result.ok:
            self._counts(result)
            return
        for problem in result.problems[:SHOWN]:
            self.stderr.write(problem_line(problem))
        if len(result.problems) > SHOWN:
            self.stderr.write(_("… and %(count)d more.") % {"count": len(result.problems) - SHOWN})
        if result.truncated:
            self.stderr.write(truncated_reason(len(result.problems)))
        if report:
            Path(report).write_bytes(problems_workbook(result.problems, truncated=result.truncated))
            self.stderr.write(_("Full error report: %(path)s") % {"path": report})
        raise CommandError(
            _("%(count)d error(s): nothing was imported.") % {"count": len(result.problems)}, returncode=EXIT_INVALID
        )

    def _counts(self, result: ImportResult) -> None:
        if not result.counts:
            self.stdout.write(_("The file has no rows to import."))
        for kind, counts in result.counts.items():
            self.stdout.write(
                _("%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {
                    "kind": KIND_LABELS[kind],
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )


def problem_line(problem: Problem) -> str:
    """One problem as a line: sheet, row, column, value, reason."""
    where = [problem.sheet]
    if problem.row is not None:
        where.append(_("row %(row)d") % {"row": problem.row})
    if problem.column:
        where.append(_("column “%(column)s”") % {"column": problem.column})
    if problem.value:
        where.append(_("value “%(value)s”") % {"value": problem.value})
    return f"{', '.join(where)}: {problem.reason}"
