"""`manage.py seed --scale demo|province|nation [--seed N] [--replace]`: load a synthetic registry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danhgia.apps.orgs.seed import DEFAULT_SEED, SCALES, SeedRefused, registry_seed


class Command(BaseCommand):
    help = (
        "Load synthetic registry data (units, people, memberships, posts, discipline, absence, civil-service "
        "results), the same for the same seed: demo (a commune and a department, a few hundred people), "
        "province (≈ 200,000 party members) or nation (≈ 5.6 M party members, 34 provinces, 3,321 communes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=SCALES, required=True)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument(
            "--replace", action="store_true", help="delete the registry rows already there (same transaction)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2
        try:
            report = registry_seed(
                scale=options["scale"],
                seed=options["seed"],
                replace=options["replace"],
                progress=(lambda line: self.stderr.write(line)) if verbose else None,
            )
        except SeedRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(report.message)
        if not report.loaded:
            return
        width = max(len(table) for table in report.counts)
        for table, count in report.counts.items():
            self.stdout.write(f"  {table:<{width}}  {count:>12,}")
        self.stdout.write(f"  {'total':<{width}}  {sum(report.counts.values()):>12,}")
        self.stdout.write(f"elapsed: {report.seconds:.1f} s")
