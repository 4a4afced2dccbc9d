"""docs/api.md's example client runs as written against a live server: it pulls the tree (paged, with ETags)
and pushes a month of tasks, twice — the second time changes nothing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from danhgia.apps.api.models import ApiCall, TaskRecord
from danhgia.apps.api.tests.world import build_api_world, task

pytestmark = pytest.mark.django_db(transaction=True)
GUIDE = Path(settings.BASE_DIR) / "docs" / "api.md"


def example_client() -> dict[str, Any]:
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("## 6. Example client") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    namespace: dict[str, Any] = {"__name__": "example_client"}
    exec(compile(code.group(1), str(GUIDE), "exec"), namespace)
    return namespace


def test_the_example_client_pulls_the_tree_and_pushes_a_month(live_server: Any) -> None:
    api = build_api_world()
    token = api.token(["read:tree", "write:tasks"])
    client = example_client()
    base = live_server.url + "/api/v1"
    client["BATCH"] = 2  # small calls, so the example pages through them
    etags: dict[str, Any] = {}

    units = client["pull_tree"](base, token, on="2026-03-31", etags=etags)
    again = client["pull_tree"](base, token, on="2026-03-31", etags=etags)
    month = [task(f"T-{i}", person={"personnel_code": f"CB00{i}"}) for i in range(5)]
    first = client["push_month"](base, token, month)
    second = client["push_month"](base, token, month)

    assert [u["code"] for u in units] == ["TU", "DB-SNV", "CB-VP", "CB-KH", "SNV", "SYT"] == [u["code"] for u in again]
    assert first == {"created": 5, "unchanged": 0, "superseded": 0}
    assert second == {"created": 0, "unchanged": 5, "superseded": 0}
    assert TaskRecord.objects.count() == 5
    assert list(ApiCall.objects.filter(method="GET").values_list("status", flat=True).order_by("pk")) == [200, 304]
