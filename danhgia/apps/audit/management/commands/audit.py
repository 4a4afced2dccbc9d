"""`danhgia audit verify|seal|anchor` (docs/adr/0008-signed-audit-chains.md).

verify [--chain NAME] [--anchor FILE …]  recompute the signed chains, compare them with the anchors, and
                                         recompute the reviews and discipline records from the entries; one line
                                         per problem on stderr, exit 1 if there is any
seal                                     sign the unsigned entries written before signing began (once, when
                                         upgrading): a signed entry on each such chain says they were sealed late
anchor [--out FILE]                      every chain's head, signed, as JSON (daily; the auditor keeps the files)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danhgia.apps.audit.anchors import AnchorError, anchor_check, anchor_create, anchor_dump, anchor_load
from danhgia.apps.audit.models import AuditChain, AuditEntry
from danhgia.apps.audit.services import Problem, audit_seal, audit_verify
from danhgia.apps.audit.state import state_verify


class Command(BaseCommand):
    help = "Verify the audit trail (chains, anchors, the state it records), seal its unsigned entries, anchor it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "seal", "anchor"])
        parser.add_argument("--chain", help="verify: only this chain (e.g. cycle:3, registry, access)")
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="FILE",
            help="verify: also compare with this anchor (repeatable)",
        )
        parser.add_argument("--out", metavar="FILE", help="anchor: write it here (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if options["out"] is not None and action != "anchor":
            raise CommandError("--out goes with `anchor`")
        if (options["chain"] is not None or options["anchor"]) and action != "verify":
            raise CommandError("--chain and --anchor go with `verify`")
        if action == "verify":
            self.verify(chain=options["chain"], anchors=[Path(name) for name in options["anchor"]])
        elif action == "seal":
            self.seal()
        else:
            self.anchor(out=options["out"])

    def verify(self, *, chain: str | None, anchors: list[Path]) -> None:
        loaded = [(path, self.load_anchor(path)) for path in anchors]
        problems = audit_verify(chain=chain)
        anchored: list[Problem] = []
        for path, anchor in loaded:
            anchored += anchor_check(anchor, source=str(path))
        disagreements = state_verify(chain=chain)
        for problem in problems:
            self.stderr.write(f"TAMPERED {problem}")
        for problem in anchored:
            self.stderr.write(f"ANCHOR {problem}")
        for disagreement in disagreements:
            self.stderr.write(f"DISAGREES {disagreement}")
        count = len(problems) + len(anchored) + len(disagreements)
        if count:
            raise CommandError(f"{count} problem(s) in the audit trail", returncode=1)
        chains = AuditChain.objects.all() if chain is None else AuditChain.objects.filter(name=chain)
        entries = sum(head.length for head in chains)
        late = AuditEntry.objects.filter(chain__in=chains, key_id="").count()
        notes = [f"{late} unsigned entries from before signing, sealed"] if late else []
        notes += [f"{len(loaded)} anchor(s) agree"] if loaded else []
        notes.append("the stored results agree with it")
        self.stdout.write(f"audit trail intact: {chains.count()} chain(s), {entries} entries; {'; '.join(notes)}")

    def load_anchor(self, path: Path) -> dict[str, Any]:
        try:
            return anchor_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"anchor {path}: {error.strerror}") from None
        except (AnchorError, UnicodeDecodeError) as error:
            raise CommandError(f"anchor {path}: {error}") from None

    def seal(self) -> None:
        sealed, refused = audit_seal(now=timezone.now())
        for chain in sealed:
            self.stdout.write(f"sealed {chain.chain}: {chain.unsigned} unsigned entries, sealed late by #{chain.seq}")
        for problem in refused:
            self.stderr.write(f"TAMPERED {problem}")
        if refused:
            raise CommandError(f"{len(refused)} problem(s): those chains were not sealed", returncode=1)
        if not sealed:
            self.stdout.write("nothing to seal: every chain is signed")

    def anchor(self, *, out: str | None) -> None:
        anchor = anchor_create(now=timezone.now())
        text = anchor_dump(anchor)
        if out is None or out == "-":
            self.stdout.write(text, ending="")
            return
        Path(out).write_text(text, encoding="utf-8")
        self.stdout.write(f"anchor of {len(anchor['chains'])} chain(s) written to {out}")
