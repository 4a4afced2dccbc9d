"""The lab's pages: the editor saves through the services, an invalid rule is refused with its Vietnamese
message and changes nothing, a user without the role is refused, a replay page and its exports."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from danhgia.apps.lab.models import DraftState, RulesetDraft
from danhgia.apps.lab.services import draft_data
from danhgia.apps.lab.tests.helpers import lab_world, new_draft, scored_cycle
from danhgia.apps.lab.textfile import params_text

pytestmark = pytest.mark.django_db
PASSWORD = "danhgia-demo-2025"


def _client(name: str) -> Client:
    client = Client()
    assert client.login(username=name, password=PASSWORD)
    return client


def _rule_post(rule: dict[str, object], **changes: object) -> dict[str, object]:
    post = {
        "code": rule["code"],
        "stage": rule["stage"],
        "kind": rule["kind"],
        "applies_to": ", ".join(rule.get("applies_to", ["all"])),  # type: ignore[arg-type]
        "level": rule.get("level") or "",
        "outcome": rule.get("outcome") or "",
        "params": params_text(rule.get("params", {})),  # type: ignore[arg-type]
        "enabled": "on",
        "source": rule["source"],
        "confirmed": "on" if rule["confirmed"] else "",
        "vi": rule["vi"],
        "en": rule["en"],
    }
    post.update(changes)
    return post


def test_the_editor_changes_a_rule_and_sees_it_in_the_diff() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    rule = next(r for r in draft_data(draft)["rules"] if r["code"] == "level2_score")
    client = _client("bientap")
    response = client.post(f"/lab/drafts/{draft.pk}/rules/level2_score/", _rule_post(rule, params="min = 75"))
    assert response.status_code == 302
    page = client.get(f"/lab/drafts/{draft.pk}/").content.decode()
    assert "<td>input</td><td>required_input</td><td>all</td>" in page
    assert "<code>params</code>: min = 70 → <strong>min = 75</strong>" in page


def test_an_invalid_rule_is_refused_with_its_message_and_nothing_changes() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    text = draft.text
    rule = next(r for r in draft_data(draft)["rules"] if r["code"] == "level2_score")
    response = _client("bientap").post(
        f"/lab/drafts/{draft.pk}/rules/level2_score/", _rule_post(rule, kind="score_above_all")
    )
    assert response.status_code == 200
    assert "Quy tắc level2_score, trường kind: không có loại quy tắc score_above_all" in response.content.decode()
    assert RulesetDraft.objects.get(pk=draft.pk).text == text


def test_a_user_without_the_role_is_refused_and_nothing_changes() -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    text = draft.text
    for name in ("khong_vai_tro", "thamdinh"):
        client = _client(name)
        assert client.get(f"/lab/drafts/{draft.pk}/").status_code == 403
        assert client.post(f"/lab/drafts/{draft.pk}/", {"state": DraftState.IN_CONSULTATION}).status_code == 403
    assert RulesetDraft.objects.get(pk=draft.pk).text == text
    assert RulesetDraft.objects.get(pk=draft.pk).state == DraftState.DRAFT


def test_a_replay_page_and_its_exports() -> None:
    world = lab_world()
    cycle = scored_cycle(world)
    draft = new_draft(world, cycle)
    client = _client("bientap")
    page = client.get(f"/lab/drafts/{draft.pk}/replay/{cycle.pk}/")
    assert page.status_code == 200
    assert "0 đối tượng thay đổi mức." in page.content.decode()
    xlsx = client.get(f"/lab/drafts/{draft.pk}/replay/{cycle.pk}/export.xlsx")
    sheet = load_workbook(BytesIO(xlsx.content)).worksheets[0]
    assert sheet.max_row == 1 + 12
    docx = client.get(f"/lab/drafts/{draft.pk}/replay/{cycle.pk}/export.docx")
    document = Document(BytesIO(docx.content))
    assert document.paragraphs[0].text == f"Chạy thử {cycle.name} theo dự thảo"
    assert len(document.inline_shapes) == 1


def test_the_implementation_report_and_its_document() -> None:
    world = lab_world()
    scored_cycle(world)
    client = _client("bientap")
    page = client.get("/lab/report/")
    assert page.status_code == 200
    assert 'id="year-2025"' in page.content.decode()
    document = Document(BytesIO(client.get("/lab/report/report.docx?from=2025&to=2025").content))
    assert document.paragraphs[0].text == "Báo cáo kết quả thực hiện, 2025–2025"
