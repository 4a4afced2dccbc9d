"""`danhgia audit verify [--chain NAME]`: recompute the hash chains; exit 1 if any entry was tampered with."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danhgia.apps.audit.models import AuditChain
from danhgia.apps.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--chain", help="only this chain (e.g. cycle:3, registry, access)")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = audit_verify(chain=options["chain"])
        chains = (
            AuditChain.objects.all() if options["chain"] is None else AuditChain.objects.filter(name=options["chain"])
        )
        entries = sum(chain.length for chain in chains)
        for problem in problems:
            self.stderr.write(f"TAMPERED {problem}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the audit trail", returncode=1)
        self.stdout.write(f"audit trail intact: {chains.count()} chain(s), {entries} entries")
