"""The task feed (Decree 335 Art. 26): tasks and products per person and month from a task system.

A task is named by (system, external id) and versioned. Posting a version stores it; posting a stored version
again with the same content changes nothing and answers with the stored row; the same version with other
content is refused (send a higher version). A higher version becomes current and the previous current one
is kept, marked superseded; a version lower than the current one arriving late is kept as history.

A call is validated whole — every row's person must hold a post in the token's subtree that month, every
version must agree with what is stored — and written in one transaction with one audit entry on the `api`
chain (actor: the system's audit user). A refused call writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import pgettext

from danhgia.apps.api.errors import FieldError
from danhgia.apps.api.models import ApiToken, TaskRecord
from danhgia.apps.api.periods import Month
from danhgia.apps.api.scope import TokenScope
from danhgia.apps.api.selectors.people import people_in_scope
from danhgia.apps.api.services.systems import API_CHAIN
from danhgia.apps.audit.services import audit_record
from danhgia.apps.orgs.models import Person
from danhgia.apps.reviews.bulk import AnyOf, insert_rows

MAX_ROWS = 5000
THOUSANDTH = Decimal("0.001")


@dataclass(frozen=True)
class PersonRef:
    """Exactly one of: danhgia's person id, the personnel code, the national ID number."""

    id: int | None = None
    personnel_code: str | None = None
    national_id: str | None = None


@dataclass(frozen=True)
class TaskInput:
    external_id: str
    version: int
    person: PersonRef
    month: Month
    kind: str
    name: str
    quantity: int
    coefficient: Decimal
    completed: int
    exceeded: int = 0
    due_on: date | None = None
    completed_on: date | None = None
    quality_failures: tuple[int, ...] = ()
    delays: tuple[int, ...] = ()
    objective_cause: bool = False


@dataclass(frozen=True)
class RowOutcome:
    index: int
    external_id: str
    version: int
    id: int
    outcome: str  # "created" or "unchanged"
    is_current: bool


@dataclass(frozen=True)
class FeedResult:
    created: int
    unchanged: int
    superseded: int
    rows: list[RowOutcome]


class FeedRefused(Exception):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(f"{len(errors)} invalid rows")
        self.errors = errors


def content_digest(row: TaskInput, person_id: int) -> str:
    """SHA-256 of what a version says (not its name or number): the same content hashes the same whichever
    way the person was named and however the coefficient was written (1.5, "1.50")."""
    content = {
        "person": person_id,
        "month": str(row.month),
        "kind": row.kind,
        "name": row.name,
        "quantity": row.quantity,
        "coefficient": str(row.coefficient.quantize(THOUSANDTH)),
        "completed": row.completed,
        "exceeded": row.exceeded,
        "due_on": row.due_on.isoformat() if row.due_on else None,
        "completed_on": row.completed_on.isoformat() if row.completed_on else None,
        "quality_failures": list(row.quality_failures),
        "delays": list(row.delays),
        "objective_cause": row.objective_cause,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def batch_digest(records: Iterable[tuple[int, str, int, str]]) -> str:
    """SHA-256 over (id, external id, version, content digest) of the rows a call created, by id: the audit
    entry holds it, so an edited task row no longer matches its entry."""
    text = json.dumps(sorted(records), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _people(rows: Sequence[TaskInput | None]) -> list[int | None]:
    """Each row's person id, None when no person has that reference (or the row is invalid)."""
    refs = [row.person for row in rows if row is not None]
    ids = {ref.id for ref in refs if ref.id is not None}
    codes = {ref.personnel_code for ref in refs if ref.personnel_code is not None}
    national = {ref.national_id for ref in refs if ref.national_id is not None}
    by_id = set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    by_code = (
        dict(Person.objects.filter(AnyOf(F("personnel_code"), codes)).values_list("personnel_code", "pk"))
        if codes
        else {}
    )
    by_national = (
        dict(Person.objects.filter(national_id__in=national).values_list("national_id", "pk")) if national else {}
    )
    found: list[int | None] = []
    for row in rows:
        if row is None:
            found.append(None)
        elif row.person.id is not None:
            found.append(row.person.id if row.person.id in by_id else None)
        elif row.person.personnel_code is not None:
            found.append(by_code.get(row.person.personnel_code))
        else:
            found.append(by_national.get(row.person.national_id or ""))
    return found


def _scope_errors(token: ApiToken, rows: Sequence[TaskInput | None], people: list[int | None]) -> list[FieldError]:
    """A row whose person is unknown, or holds no post in the subtree that month, is refused the same way."""
    scope = TokenScope(token)
    wanted: dict[Month, set[int]] = defaultdict(set)
    for row, person in zip(rows, people, strict=True):
        if row is not None and person is not None:
            wanted[row.month].add(person)
    allowed = {
        month: people_in_scope(scope=scope, person_ids=ids, start=month.start, end=month.end)
        for month, ids in wanted.items()
    }
    message = pgettext("api", "No person with this reference holds a post in this token's subtree in this month.")
    return [
        FieldError(("body", "tasks", i, "person"), "unknown_person", message)
        for i, (row, person) in enumerate(zip(rows, people, strict=True))
        if row is not None and (person is None or person not in allowed[row.month])
    ]


def _conflict(index: int, version: int, *, in_call: bool) -> FieldError:
    if in_call:
        message = pgettext("api", "Version %(version)d of this task appears twice in this call with other content.")
    else:
        message = pgettext(
            "api", "Version %(version)d of this task is stored with other content: send a higher version."
        )
    return FieldError(("body", "tasks", index, "version"), "version_conflict", message % {"version": version})


@transaction.atomic
def tasks_feed(
    *,
    token: ApiToken,
    rows: Sequence[TaskInput | None],
    errors: Sequence[FieldError] = (),
    now: datetime | None = None,
) -> FeedResult:
    """Store the rows' new versions, all or nothing. `rows` holds None where a row failed the schema and
    `errors` says why; every other row is checked too, and FeedRefused lists every bad row's field."""
    now = now or timezone.now()
    system = token.system
    people = _people(rows)
    found = [*errors, *_scope_errors(token, rows, people)]
    digests = [
        content_digest(row, p) if row is not None and p is not None else "" for row, p in zip(rows, people, strict=True)
    ]
    first: dict[tuple[str, int], int] = {}  # (external id, version) → the first row giving it
    for i, row in enumerate(rows):
        if row is None:
            continue
        key = (row.external_id, row.version)
        if key in first and digests[first[key]] != digests[i]:
            found.append(_conflict(i, row.version, in_call=True))
        first.setdefault(key, i)
    stored = {
        (ext, version): (pk, is_current, digest)
        for pk, ext, version, is_current, digest in TaskRecord.objects.select_for_update()
        .filter(AnyOf(F("external_id"), {ext for ext, _version in first}), system=system)
        .values_list("pk", "external_id", "version", "is_current", "content_sha256")
    }
    for key, i in first.items():
        if key in stored and digests[i] and stored[key][2] != digests[i]:
            found.append(_conflict(i, key[1], in_call=False))
    if found:
        raise FeedRefused(sorted(found, key=_row_order))

    current = {ext: (version, pk) for (ext, version), (pk, is_current, _d) in stored.items() if is_current}
    new_keys = [key for key in first if key not in stored]
    highest: dict[str, int] = {}
    for ext, version in new_keys:
        highest[ext] = max(highest.get(ext, 0), version)
    becomes_current = {ext: v for ext, v in highest.items() if v > current.get(ext, (0, 0))[0]}
    superseded = [current[ext][1] for ext in becomes_current if ext in current]
    if superseded:
        TaskRecord.objects.filter(pk__in=superseded).update(is_current=False, superseded_at=now)
    insert_rows(
        TaskRecord,
        COLUMNS,
        (
            _values(system.pk, _valid(rows[first[key]]), people[first[key]], digests[first[key]], now, becomes_current)
            for key in new_keys
        ),
    )
    wanted = set(new_keys)
    created = {
        (ext, version): pk
        for pk, ext, version in TaskRecord.objects.filter(
            AnyOf(F("external_id"), {ext for ext, _version in new_keys}), system=system
        ).values_list("pk", "external_id", "version")
        if (ext, version) in wanted
    }
    if created:
        _audit(
            token,
            [(pk, ext, version, digests[first[(ext, version)]]) for (ext, version), pk in created.items()],
            superseded,
            now,
        )
    current_after = {ext: pk for ext, (_v, pk) in current.items()} | {
        ext: created[(ext, v)] for ext, v in becomes_current.items()
    }
    outcomes = []
    for i, maybe in enumerate(rows):
        row = _valid(maybe)
        key = (row.external_id, row.version)
        is_new = key in created and first[key] == i
        pk = created[key] if key in created else stored[key][0]
        outcome = "created" if is_new else "unchanged"
        outcomes.append(
            RowOutcome(i, row.external_id, row.version, pk, outcome, current_after.get(row.external_id) == pk)
        )
    return FeedResult(len(created), len(rows) - len(created), len(superseded), outcomes)


def _valid(row: TaskInput | None) -> TaskInput:
    assert row is not None, "a call with an invalid row is refused before anything is written"
    return row


def _row_order(error: FieldError) -> tuple[int, str]:
    """Errors by row, then by field path; an error of the whole body first."""
    row = error.loc[2] if len(error.loc) > 2 and isinstance(error.loc[2], int) else -1
    return row, error.path


COLUMNS = (
    "system",
    "external_id",
    "version",
    "is_current",
    "person",
    "month",
    "kind",
    "name",
    "quantity",
    "coefficient",
    "completed",
    "exceeded",
    "due_on",
    "completed_on",
    "quality_failures",
    "delays",
    "objective_cause",
    "content_sha256",
    "recorded_at",
    "superseded_at",
)


def _values(
    system_id: int, row: TaskInput, person: int | None, digest: str, now: datetime, becomes_current: dict[str, int]
) -> tuple[Any, ...]:
    """One new row's COLUMNS (inserted in bulk: COPY on PostgreSQL)."""
    assert person is not None, "a row without its person is refused before anything is written"
    is_current = becomes_current.get(row.external_id) == row.version
    return (
        system_id,
        row.external_id,
        row.version,
        is_current,
        person,
        row.month.start,
        row.kind,
        row.name,
        row.quantity,
        row.coefficient.quantize(THOUSANDTH),
        row.completed,
        row.exceeded,
        row.due_on,
        row.completed_on,
        list(row.quality_failures),
        list(row.delays),
        row.objective_cause,
        digest,
        now,
        None if is_current else now,
    )


def _audit(token: ApiToken, created: list[tuple[int, str, int, str]], superseded: list[int], now: datetime) -> None:
    """One entry for the call: the rows it created and superseded, and the digest of what it created."""
    after: dict[str, Any] = {
        "token": token.prefix,
        "created": sorted(pk for pk, _ext, _version, _digest in created),
        "superseded": sorted(superseded),
        "digest": batch_digest(created),
    }
    audit_record(
        chain=API_CHAIN,
        actor=token.system.user,
        action="tasks_feed",
        object_type=TaskRecord._meta.label_lower,
        object_id=len(created),
        at=now,
        after=after,
    )
