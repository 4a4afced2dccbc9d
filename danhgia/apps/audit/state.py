"""Recompute from the audit trail the state that decides people's results, and report every stored row that
disagrees with it (`danhgia audit verify`; docs/adr/0008-signed-audit-chains.md).

A signed chain proves the entries were not changed; it says nothing of a row changed beside them (a direct SQL
`UPDATE reviews_review SET decided_level = 'L1'`). So the entries are replayed in order and the rows compared:

- Reviews, from their cycle's chain: an entry on a review (object type `review`) sets the fields its `after`
  names; a batch entry (`reviews_decide`, `reviews_accept_engine`, `reviews_publish` …) sets those of each
  `[id, before, after]` row it lists. A review no entry names is as `cycle_open` created it: no proposal and no
  decision. Compared: the verified and decided status and level, and the state once either side has reached
  verification (the steps before it may be written in bulk, as the demo's self-reviews are).
  `reviews_accept_engine` records the proposed level without its status: the status is then checked to agree
  with the level (classified with a level, exempt or not classified without one).
- Discipline records, from the registry chain, as far as the trail records them: a row added, changed or
  deleted in the admin (ADR 0005) must still be as the admin left it. A registry import records only its file's
  digest and counts, so the rows it writes are not checked, and an import that updated discipline rows makes
  what the admin recorded before it unknown.

Both stream: entries and rows are read in chunks, and a cycle's replay keeps 4 bytes per review (an index into
the few distinct tuples of values, in an array over the cycle's review ids).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min

from danhgia.apps.audit.admin import ADD, CHANGE, DELETE
from danhgia.apps.audit.models import AuditChain, AuditEntry
from danhgia.apps.audit.services import REGISTRY_CHAIN, canonical, cycle_chain, cycle_chains, row_values
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import DisciplineRecord
from danhgia.apps.reviews.models import Outcome, Review, ReviewState

CHUNK = 5000
FIELDS = ("state", "verified_status", "verified_level", "decided_status", "decided_level")
RESULT_STATES = frozenset({ReviewState.VERIFIED, ReviewState.DECIDED, ReviewState.PUBLISHED, ReviewState.COMPLAINED})
UNRECORDED = "*"  # a status the entry did not record beside its level
CREATED: tuple[str, ...] = ("", "", "", "", "")  # as cycle_open creates a review ("" state: not recorded)
UNCHANGED: tuple[str | None, ...] = (None, None, None, None, None)  # an entry that names none of the fields
DISCIPLINE = DisciplineRecord._meta.label_lower


@dataclass(frozen=True)
class Disagreement:
    """A stored row that is not what the audit trail says it is."""

    table: str
    row: int
    chain: str
    what: str

    def __str__(self) -> str:
        return f"{self.table} {self.row} ({self.chain}): {self.what}"


class Ledger:
    """The values the trail last recorded for each review of a cycle, as an index into the few distinct tuples of
    values (a cycle of millions has some dozens). A cycle's reviews are created together, so their ids span a
    range: the indexes sit in an array over it (4 bytes a review); an id outside it goes in a dict."""

    def __init__(self, low: int, high: int) -> None:
        self.palette: list[tuple[str, ...]] = [CREATED]
        self.codes: dict[tuple[str, ...], int] = {CREATED: 0}
        self.steps: dict[tuple[int, tuple[str | None, ...]], int] = {}  # (code, what an entry sets) -> code
        self.low = low
        self.slots = array("I", bytes(4 * max(0, high - low + 1)))
        self.outside: dict[int, int] = {}

    def record(self, review_id: int, after: dict[str, Any]) -> None:
        """Apply what an entry's `after` says of a review (the fields it names; the others stay)."""
        change = tuple(value if isinstance(value := after.get(name), str) else None for name in FIELDS)
        if change == UNCHANGED:
            return
        code = self._code(review_id)
        if (code, change) not in self.steps:
            self.steps[code, change] = self._step(self.palette[code], change)
        self._set(review_id, self.steps[code, change])

    def _step(self, values: tuple[str, ...], change: tuple[str | None, ...]) -> int:
        found = dict(zip(FIELDS, values, strict=True))
        found |= {name: value for name, value in zip(FIELDS, change, strict=True) if value is not None}
        for step in ("verified", "decided"):
            named = dict(zip(FIELDS, change, strict=True))
            if named[f"{step}_level"] is not None and named[f"{step}_status"] is None:
                found[f"{step}_status"] = UNRECORDED
        result = tuple(found[name] for name in FIELDS)
        if result not in self.codes:
            self.codes[result] = len(self.palette)
            self.palette.append(result)
        return self.codes[result]

    def get(self, review_id: int) -> tuple[str, ...]:
        return self.palette[self._code(review_id)]

    def _code(self, review_id: int) -> int:
        slot = review_id - self.low
        return self.slots[slot] if 0 <= slot < len(self.slots) else self.outside.get(review_id, 0)

    def pop(self, review_id: int) -> tuple[str, ...]:
        """The values of a review, forgotten: what is left at the end are reviews the database no longer has."""
        found = self.get(review_id)
        self._set(review_id, 0)
        return found

    def left(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """The reviews recorded and not popped, with values other than a new review's."""
        for slot, code in enumerate(self.slots):
            if code:
                yield self.low + slot, self.palette[code]
        for review_id, code in sorted(self.outside.items()):
            if code:
                yield review_id, self.palette[code]

    def _set(self, review_id: int, code: int) -> None:
        slot = review_id - self.low
        if 0 <= slot < len(self.slots):
            self.slots[slot] = code
        elif code or review_id in self.outside:
            self.outside[review_id] = code


def state_verify(*, chain: str | None = None) -> list[Disagreement]:
    """Every stored review (and discipline record) that disagrees with the trail; `chain` limits it to one."""
    found: list[Disagreement] = []
    for cycle_id in ReviewCycle.objects.order_by("pk").values_list("pk", flat=True):
        name = cycle_chain(cycle_id)
        if chain is None or chain == name or chain.startswith(f"{name}/"):
            found += reviews_verify(cycle_id=cycle_id)
    if chain in (None, REGISTRY_CHAIN):
        found += discipline_verify()
    return found


def reviews_verify(*, cycle_id: int) -> list[Disagreement]:
    name = cycle_chain(cycle_id)
    reviews = Review.objects.filter(cycle_id=cycle_id)
    span = reviews.aggregate(low=Min("pk"), high=Max("pk"), count=Count("pk"))
    low, high = span["low"] or 0, span["high"] or -1
    if high - low + 1 > 4 * span["count"] + CHUNK:
        high = low - 1  # ids too scattered for an array: a dict for all
    ledger = _replay_reviews(name, Ledger(low, high))
    found = []
    rows = reviews.order_by("pk").values_list("pk", *FIELDS)
    for pk, *stored in rows.iterator(chunk_size=CHUNK):
        if differences := _differences(tuple(stored), ledger.pop(pk)):
            found.append(Disagreement("review", pk, name, "; ".join(differences)))
    for pk, recorded in ledger.left():
        said = ", ".join(
            f"{field} {value!r}" for field, value in zip(FIELDS, recorded, strict=True) if value not in ("", UNRECORDED)
        )
        found.append(Disagreement("review", pk, name, f"missing from the database; the trail says {said}"))
    return found


def _replay_reviews(name: str, ledger: Ledger) -> Ledger:
    """The cycle's chain and its units' chains, merged in the order the entries were written (their ids: a review
    is locked before its entry is written, so two entries of one review are in the order they committed)."""
    entries = (
        AuditEntry.objects.filter(cycle_chains(name), object_type__in=("review", "batch"))
        .order_by("id")
        .values_list("object_type", "object_id", "after")
    )
    for object_type, object_id, after in entries.iterator(chunk_size=CHUNK):
        if not isinstance(after, dict):
            continue
        if object_type == "review" and object_id.isdigit():
            ledger.record(int(object_id), after)
        elif object_type == "batch" and isinstance(after.get("reviews"), list):
            for row in after["reviews"]:
                if isinstance(row, list) and len(row) == 3 and isinstance(row[0], int) and isinstance(row[2], dict):
                    ledger.record(row[0], row[2])
    return ledger


def _differences(stored: tuple[str, ...], recorded: tuple[str, ...]) -> list[str]:
    """What differs, field by field, as "decided_level is 'L1', the trail says 'L2'"."""
    found = []
    values = dict(zip(FIELDS, stored, strict=True))
    for field, value, said in zip(FIELDS, stored, recorded, strict=True):
        if field == "state":
            if value != said and (value in RESULT_STATES or said in RESULT_STATES):
                found.append(f"state is {value!r}, the trail says {said or 'not verified'!r}")
        elif said == UNRECORDED:
            level = values[field.replace("status", "level")]
            if (value == Outcome.CLASSIFIED) != bool(level) or value not in (
                Outcome.CLASSIFIED,
                Outcome.EXEMPT,
                Outcome.NOT_CLASSIFIED,
            ):
                expected = "'classified'" if level else "'exempt' or 'not_classified'"
                found.append(f"{field} is {value!r}, the trail's level says {expected}")
        elif value != said:
            found.append(f"{field} is {value!r}, the trail says {said!r}")
    return found


def discipline_verify() -> list[Disagreement]:
    """Every discipline record the admin recorded that is no longer as it left it (or is back after a deletion)."""
    recorded = _replay_discipline()
    found = []
    ids = sorted(recorded)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stored = {row.pk: canonical(row_values(row)) for row in DisciplineRecord.objects.filter(pk__in=chunk)}
        for pk in chunk:
            said, row = recorded[pk], stored.get(pk)
            if said is None and row is not None:
                found.append(Disagreement("discipline record", pk, REGISTRY_CHAIN, "exists, but the trail deleted it"))
            elif said is not None and row is None:
                found.append(Disagreement("discipline record", pk, REGISTRY_CHAIN, "missing from the database"))
            elif said is not None and row is not None:
                differences = [
                    f"{field} is {row.get(field)!r}, the trail says {value!r}"
                    for field, value in sorted(said.items())
                    if row.get(field) != value
                ]
                if differences:
                    found.append(Disagreement("discipline record", pk, REGISTRY_CHAIN, "; ".join(differences)))
    return found


def _replay_discipline() -> dict[int, dict[str, Any] | None]:
    """Discipline record id -> the values the admin last recorded (None: deleted)."""
    recorded: dict[int, dict[str, Any] | None] = {}
    chain = AuditChain.objects.filter(name=REGISTRY_CHAIN).first()
    if chain is None:
        return recorded
    entries = (
        AuditEntry.objects.filter(chain=chain, object_type__in=(DISCIPLINE, "file"))
        .order_by("seq")
        .values_list("action", "object_id", "after")
    )
    for action, object_id, after in entries.iterator(chunk_size=CHUNK):
        if action == "registry_import":
            counts = (after or {}).get("counts", {}) if isinstance(after, dict) else {}
            if not isinstance(counts, dict) or _updated(counts.get("discipline")):
                recorded = {pk: values for pk, values in recorded.items() if values is None}
        elif object_id.isdigit() and action in (ADD, CHANGE) and isinstance(after, dict):
            values = {} if action == ADD else dict(recorded.get(int(object_id)) or {})
            recorded[int(object_id)] = values | {k: v for k, v in after.items() if k != "id"}
        elif object_id.isdigit() and action == DELETE:
            recorded[int(object_id)] = None
    return recorded


def _updated(counts: Any) -> bool:
    """Whether a registry import's counts of one kind ([created, updated, unchanged]) may have updated rows."""
    if counts is None:
        return False  # the import wrote none of that kind
    return not (isinstance(counts, list) and len(counts) == 3 and counts[1] == 0)
