"""`danhgia report --cycle ID [--unit CODE] --format xlsx|pdf|json [-o FILE] [--depth N] [--refresh]`
and `danhgia report --review ID --format docx [-o FILE]`.

Writes the statistics of a unit's subtree in a cycle (the cycle's root by default) — JSON goes to standard
output without -o — or a review's form as a Word document. Exit 2 with one line when an argument is wrong or
the cycle's statistics have not been computed (--refresh computes them first).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import pgettext

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import Unit
from danhgia.apps.reports.exports.forms import FormUnavailable, review_form_docx, review_form_filename
from danhgia.apps.reports.models import ExportFormat, SummaryRun
from danhgia.apps.reports.selectors import statistics
from danhgia.apps.reports.services import export_render, summaries_refresh
from danhgia.apps.reviews.models import Review

EXIT_INVALID = 2


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=EXIT_INVALID)


class Command(BaseCommand):
    help = "Write the statistics of a unit in a review cycle (.xlsx, .pdf, .json), or a review's form (.docx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", type=int, help="the review cycle's id")
        parser.add_argument("--unit", metavar="CODE", help="the unit's code (default: the cycle's root)")
        parser.add_argument("--review", type=int, help="with --format docx: the review whose form to write")
        parser.add_argument("--format", choices=[*ExportFormat.values, "docx"], required=True)
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write (JSON: standard output if absent)")
        parser.add_argument("--depth", type=int, help="xlsx: levels of the tree below the unit (default: all)")
        parser.add_argument("--refresh", action="store_true", help="recompute the cycle's statistics first")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] == "docx":
            self._form(options["review"], options["output"])
            return
        if options["cycle"] is None:
            raise fail(pgettext("reports", "Give the review cycle: --cycle ID."))
        cycle = ReviewCycle.objects.filter(pk=options["cycle"]).select_related("root").first()
        if cycle is None:
            raise fail(pgettext("reports", "There is no review cycle %(id)s.") % {"id": options["cycle"]})
        unit = cycle.root
        if options["unit"]:
            found = Unit.objects.filter(code=options["unit"]).first()
            if found is None:
                raise fail(pgettext("reports", "There is no unit with the code %(code)s.") % {"code": options["unit"]})
            unit = found
        if options["depth"] is not None and options["depth"] < 0:
            raise fail(pgettext("reports", "--depth must be 0 or more."))
        if options["refresh"]:
            summaries_refresh(cycle=cycle)
        elif not SummaryRun.objects.filter(cycle=cycle).exists():
            raise fail(pgettext("reports", "The statistics of this cycle have not been computed yet: add --refresh."))
        try:
            stats = statistics(cycle=cycle, unit=unit)
        except ValueError:
            raise fail(
                pgettext("reports", "The unit %(code)s is not in the cycle's scope.") % {"code": unit.code}
            ) from None
        rendered = export_render(stats=stats, fmt=options["format"], depth=options["depth"])
        self._write(rendered.content, options["output"] or (None if options["format"] == "json" else rendered.filename))

    def _form(self, review_id: int | None, output: str | None) -> None:
        if review_id is None:
            raise fail(pgettext("reports", "Give the review: --review ID."))
        review = Review.objects.filter(pk=review_id).select_related("cycle", "unit", "person").first()
        if review is None:
            raise fail(pgettext("reports", "There is no review %(id)s.") % {"id": review_id})
        try:
            content = review_form_docx(review)
        except FormUnavailable:
            raise fail(pgettext("reports", "There is no form layout for this review's rule set.")) from None
        self._write(content, output or review_form_filename(review))

    def _write(self, content: bytes, output: str | None) -> None:
        if output is None:  # JSON only
            self.stdout.write(content.decode("utf-8"))
            return
        try:
            Path(output).write_bytes(content)
        except OSError as error:
            raise fail(
                pgettext("reports", "Cannot write %(path)s: %(error)s") % {"path": output, "error": error.strerror}
            ) from None
        self.stdout.write(pgettext("reports", "Written: %(path)s") % {"path": output})
