"""`danhgia manage api_openapi [--check] [-o FILE]`: write the API's OpenAPI document (docs/openapi.json).

--check writes nothing and exits 1 when the committed document differs from the code's (a test does the same).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danhgia.apps.api.openapi import document_path, openapi_text


class Command(BaseCommand):
    help = "Write the /api/v1 OpenAPI document to docs/openapi.json (or check that it is current)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write (default: docs/openapi.json)")
        parser.add_argument("--check", action="store_true", help="exit 1 if the file is not current")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"]) if options["output"] else document_path()
        text = openapi_text()
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(f"{path} is stale: run `danhgia manage api_openapi`", returncode=1)
            self.stdout.write(f"{path} is current")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {path}")
