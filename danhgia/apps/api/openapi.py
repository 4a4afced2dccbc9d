"""The committed OpenAPI document (docs/openapi.json): the text it must hold, and whether it still does."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from danhgia.apps.api.views import api

DOCUMENT = "docs/openapi.json"


def openapi_text() -> str:
    """The API's OpenAPI document as committed: two-space indents, UTF-8 text, a final newline."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"


def document_path() -> Path:
    return Path(settings.BASE_DIR) / DOCUMENT
