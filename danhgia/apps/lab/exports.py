"""A replay as files: a workbook with every subject (both results and both explanations) and a .docx summary
with the level chart, the movement matrix, the binding quota groups and the reasons that change."""

from __future__ import annotations

from collections import Counter
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.shared import Cm
from openpyxl import Workbook

from danhgia.apps.lab.labels import result_label
from danhgia.apps.lab.models import RulesetDraft
from danhgia.apps.lab.pictures import share_bars_png
from danhgia.apps.lab.replay import RESULTS, Replay


def _reasons(result: dict[str, object]) -> str:
    reasons = result["reasons"]
    assert isinstance(reasons, list)
    return "\n".join(f"{r['code']}: {r['detail']}" for r in reasons)


def replay_xlsx(replay: Replay, draft: RulesetDraft) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Subjects")
    sheet.append(
        [
            _("Review"),
            _("Subject"),
            _("Category"),
            _("Unit"),
            _("Decided or proposed"),
            _("Now"),
            _("Draft"),
            _("Moves"),
            _("Why now"),
            _("Why under the draft"),
        ]
    )
    for row in replay.rows:
        before, after = replay.explain(row.review)
        sheet.append(
            [
                row.review,
                row.name,
                row.category,
                row.unit,
                row.decided,
                row.before,
                row.after,
                _("yes") if row.moved else "",
                _reasons(before),
                _reasons(after),
            ]
        )
    matrix = book.create_sheet(_("Movement"))
    present = [c for c in RESULTS if any(c in key for key in replay.matrix)]
    matrix.append([_("Now \\ draft"), *present])
    for b in present:
        matrix.append([b, *[replay.matrix[(b, a)] for a in present]])
    quota = book.create_sheet(_("Quota groups"))
    quota.append(
        [
            _("Group"),
            _("L2 now"),
            _("L1 proposed now"),
            _("Allowed now"),
            _("Demoted now"),
            _("L2 draft"),
            _("L1 proposed draft"),
            _("Allowed draft"),
            _("Demoted draft"),
        ]
    )
    for q in replay.quota:
        quota.append(
            [
                q.group,
                q.level2_before,
                q.level1_before,
                q.allowed_before,
                q.demoted_before,
                q.level2_after,
                q.level1_after,
                q.allowed_after,
                q.demoted_after,
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def replay_docx(replay: Replay, draft: RulesetDraft) -> bytes:
    doc = Document()
    doc.add_heading(_("Replay of %(cycle)s under the draft") % {"cycle": replay.cycle.name}, level=1)
    doc.add_paragraph(f"{draft.title} · {draft.base_version}")
    doc.add_paragraph(
        _("%(n)s subjects classified again; %(moved)s move.") % {"n": len(replay.rows), "moved": len(replay.moved)}
    )
    rows: list[tuple[str, Counter[str]]] = []
    now, draft_word = pgettext("lab", "now"), pgettext("lab", "draft")
    for category, counts in sorted(replay.by_type.items()):
        rows.append((f"{category} · {now}", counts.get("before", Counter())))
        rows.append((f"{category} · {draft_word}", counts.get("after", Counter())))
    picture = share_bars_png(rows, _("Levels by category: now and under the draft"))
    doc.add_picture(BytesIO(picture), width=Cm(16))
    doc.add_heading(_("Movement matrix"), level=2)
    present = [c for c in RESULTS if any(c in key for key in replay.matrix)]
    table = doc.add_table(rows=1, cols=len(present) + 1)
    table.style = "Table Grid"
    for i, code in enumerate(present):
        table.rows[0].cells[i + 1].text = result_label(code)
    for b in present:
        cells = table.add_row().cells
        cells[0].text = result_label(b)
        for i, a in enumerate(present):
            cells[i + 1].text = str(replay.matrix[(b, a)])
    binding = [q for q in replay.quota if q.demoted_before or q.demoted_after]
    doc.add_heading(_("Quota groups that bind"), level=2)
    if not binding:
        doc.add_paragraph(_("No quota group binds, now or under the draft."))
    for q in binding:
        doc.add_paragraph(
            _("%(group)s: demoted %(before)s now, %(after)s under the draft")
            % {"group": q.group, "before": q.demoted_before, "after": q.demoted_after},
            style="List Bullet",
        )
    doc.add_heading(_("Reasons that appear or disappear"), level=2)
    for code, before, after in replay.reason_changes():
        doc.add_paragraph(f"{code}: {before} → {after}", style="List Bullet")
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
