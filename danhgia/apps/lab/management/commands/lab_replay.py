"""`manage.py lab_replay DRAFT CYCLE`: replay a cycle under a draft province by province, with a progress bar.

Read-only. Each province's facts (with what its results depend on) are classified under the cycle's rules and
under the draft; only the province's own subjects are counted. Prints the subjects that move and the movement
matrix."""

from __future__ import annotations

from collections import Counter
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.lab.models import RulesetDraft
from danhgia.apps.lab.replay import result_codes
from danhgia.apps.lab.validation import DraftInvalid, compiled_draft
from danhgia.apps.pipeline.facts import cycle_fact_columns, cycle_shards, shard_review_ids
from danhgia.engine import classify_facts


class Command(BaseCommand):
    help = "Replay a review cycle under a rule-set draft, province by province (read-only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("draft", type=int)
        parser.add_argument("cycle", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        draft = RulesetDraft.objects.filter(pk=options["draft"]).first()
        cycle = ReviewCycle.objects.filter(pk=options["cycle"]).first()
        if draft is None or cycle is None:
            raise CommandError("no such draft or cycle")
        try:
            rules = compiled_draft(draft.text)
        except DraftInvalid as error:
            raise CommandError("; ".join(error.errors)) from None
        base = cycle_rules(cycle)
        same = (base.quota_exception_ratio is None) == (rules.quota_exception_ratio is None)
        matrix: Counter[tuple[str, str]] = Counter()
        shards = cycle_shards(cycle)
        console = Console(file=cast(IO[str], self.stdout))
        with Progress(console=console) as progress:
            task = progress.add_task("replay", total=len(shards))
            for shard in shards:
                ids = shard_review_ids(cycle, shard)
                if ids.size:
                    columns = cycle_fact_columns(cycle, review_ids=ids, rules=rules)
                    facts = columns.facts if same else cycle_fact_columns(cycle, review_ids=ids).facts
                    before = result_codes(classify_facts(base, facts))
                    after = result_codes(classify_facts(rules, columns.facts))
                    for own, b, a in zip(columns.own.tolist(), before, after, strict=True):
                        if own:
                            matrix[(b, a)] += 1
                progress.advance(task)
        moved = sum(n for (b, a), n in matrix.items() if b != a)
        console.print(f"{sum(matrix.values())} subjects, {moved} move")
        table = Table("now → draft", "subjects")
        for (b, a), n in sorted(matrix.items()):
            if b != a:
                table.add_row(f"{b or '—'} → {a or '—'}", str(n))
        console.print(table)
