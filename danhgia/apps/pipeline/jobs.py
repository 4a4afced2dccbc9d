"""Pipeline jobs: create one over a cycle's provinces, let workers claim shards under a lease, report progress.

`job_work(job, worker=…)` is what a worker's task runs (`pipeline.tasks`): claim a shard (pending, or running with
an expired lease), do it and mark it done in one transaction, repeat until nothing is left. Claims take row locks
with SKIP LOCKED, so any number of workers on any number of hosts share one job.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.access.models import Role
from danhgia.apps.access.services import require_role
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.pipeline.facts import Shard, cycle_shards
from danhgia.apps.pipeline.models import MAX_ATTEMPTS, JobKind, JobRun, JobShard, JobState, ShardState
from danhgia.apps.reviews.facts import cycle_dates

ROLES: dict[str, str] = {
    JobKind.OPEN: Role.ADMINISTRATOR,
    JobKind.COMPUTE: Role.VERIFIER,
    JobKind.PUBLISH: Role.DECIDER,
}

# what a shard of each kind does, inside the transaction that marks it done
Step = Callable[[ReviewCycle, Shard, User, datetime], int]


def lease_seconds() -> float:
    return float(getattr(settings, "PIPELINE_LEASE_SECONDS", 120))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@transaction.atomic
def job_create(*, cycle: ReviewCycle, kind: str, actor: User, now: datetime | None = None) -> JobRun:
    """A job over the cycle's provinces (one shard each); refused while the same kind is unfinished, or to an
    actor without the role the work needs over the cycle's scope."""
    require_role(actor, ROLES[kind], cycle.root, cycle_dates(cycle)[1])
    if JobRun.objects.filter(cycle=cycle, kind=kind, state__in=[JobState.QUEUED, JobState.RUNNING]).exists():
        raise ValidationError(_("This job is already running for the cycle."))
    now = now or timezone.now()
    job = JobRun.objects.create(cycle=cycle, kind=kind, actor=actor, created_at=now)
    shards = [Shard("cycle", None, cycle.name)] if kind == JobKind.OPEN else cycle_shards(cycle)
    JobShard.objects.bulk_create([JobShard(job=job, key=s.key, unit_id=s.unit_id, name=s.name) for s in shards])
    return job


def job_start(*, cycle: ReviewCycle, kind: str, actor: User) -> tuple[JobRun, bool]:
    """The unfinished job of this kind to resume (False), or a new one (True)."""
    unfinished = JobRun.objects.filter(cycle=cycle, kind=kind, state__in=[JobState.QUEUED, JobState.RUNNING]).first()
    if unfinished is not None:
        require_role(actor, ROLES[kind], cycle.root, cycle_dates(cycle)[1])
        return unfinished, False
    return job_create(cycle=cycle, kind=kind, actor=actor), True


def _orphaned(job: JobRun, now: datetime) -> Q:
    """Running shards whose worker stopped: the lease ran out, or the process is gone from this host."""
    return Q(state=ShardState.RUNNING, lease_until__lt=now) | Q(state=ShardState.RUNNING, pk__in=_dead_here(job))


def shards_orphaned(job: JobRun) -> bool:
    """Whether a shard of the job waits for a worker: its worker stopped, or none ever took it while no other
    shard is being worked on (the tasks that would have were lost)."""
    now = timezone.now()
    shards = JobShard.objects.filter(job=job)
    if shards.filter(_orphaned(job, now)).exists():
        return True
    return shards.filter(state=ShardState.PENDING).exists() and not shards.filter(state=ShardState.RUNNING).exists()


def _claim(job: JobRun, worker: str) -> JobShard | None:
    """Take the next shard that is pending or whose worker stopped; fail those out of attempts."""
    now = timezone.now()
    with transaction.atomic():
        claimable = JobShard.objects.filter(job=job).filter(Q(state=ShardState.PENDING) | _orphaned(job, now))
        shard = claimable.select_for_update(skip_locked=True).order_by("id").first()
        if shard is None:
            return None
        if shard.attempts >= MAX_ATTEMPTS:
            shard.state = ShardState.FAILED
            shard.error = shard.error or _("The worker stopped %(n)d times on this province.") % {"n": shard.attempts}
            shard.save(update_fields=["state", "error"])
            return _claim(job, worker)
        shard.state, shard.worker = ShardState.RUNNING, worker
        shard.lease_until = now + timedelta(seconds=lease_seconds())
        shard.attempts = F("attempts") + 1
        shard.save(update_fields=["state", "worker", "lease_until", "attempts"])
        JobRun.objects.filter(pk=job.pk, started_at__isnull=True).update(started_at=now)
        JobRun.objects.filter(pk=job.pk, state=JobState.QUEUED).update(state=JobState.RUNNING)
        shard.refresh_from_db()
        return shard


class Heartbeat:
    """Renews a shard's lease from another thread (its own database connection) while the shard is worked on;
    a worker that dies stops renewing, and the lease runs out."""

    def __init__(self, shard: JobShard, worker: str) -> None:
        self.shard, self.worker = shard, worker
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def __enter__(self) -> Heartbeat:
        if connection.vendor == "postgresql":  # an in-memory SQLite test database is not shared with threads
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stop.wait(lease_seconds() / 3):
                JobShard.objects.filter(pk=self.shard.pk, worker=self.worker, state=ShardState.RUNNING).update(
                    lease_until=timezone.now() + timedelta(seconds=lease_seconds())
                )
        finally:
            connections.close_all()


def _dead_here(job: JobRun) -> list[int]:
    """Running shards held by a process of this host that no longer exists (no need to wait for the lease)."""
    host = socket.gethostname() + ":"
    dead = []
    for pk, worker in JobShard.objects.filter(job=job, state=ShardState.RUNNING, worker__startswith=host).values_list(
        "pk", "worker"
    ):
        pid = worker[len(host) :]
        if pid.isdigit() and not _alive(int(pid)):
            dead.append(pk)
    return dead


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _run(job: JobRun, shard: JobShard, step: Step, worker: str) -> None:
    started = time.monotonic()
    part = Shard(shard.key, shard.unit_id, shard.name)
    try:
        with Heartbeat(shard, worker), transaction.atomic():
            count = step(job.cycle, part, job.actor, timezone.now())
            # the shard is ours only while we hold it: a worker whose lease another took over rolls back
            held = JobShard.objects.filter(pk=shard.pk, worker=worker, state=ShardState.RUNNING).update(
                state=ShardState.DONE,
                reviews=count,
                seconds=time.monotonic() - started,
                finished_at=timezone.now(),
                error="",
            )
            if not held:
                transaction.set_rollback(True)
    except ValidationError as error:
        message = "; ".join(error.messages)
        JobShard.objects.filter(pk=shard.pk).update(state=ShardState.FAILED, error=message)


def job_work(job: JobRun, *, worker: str | None = None, steps: dict[str, Step] | None = None) -> int:
    """Work on `job` until no shard is left to claim; returns how many shards this worker finished."""
    worker = worker or worker_name()
    finished = 0
    while job_work_one(job, worker=worker, steps=steps):
        finished += 1
    job_settle(job)
    return finished


def job_work_one(job: JobRun, *, worker: str, steps: dict[str, Step] | None = None) -> bool:
    """Claim and do one shard; False when there was none to claim."""
    from danhgia.apps.pipeline.steps import STEPS

    shard = _claim(job, worker)
    if shard is None:
        return False
    _run(job, shard, (steps or STEPS)[job.kind], worker)
    return True


def job_settle(job: JobRun) -> JobRun:
    """Mark the job done or failed once every shard is (a shard failed: the job failed, with its message)."""
    with transaction.atomic():
        job = JobRun.objects.select_for_update().get(pk=job.pk)
        states = dict(job.shards.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
        open_ = states.get(ShardState.PENDING, 0) + states.get(ShardState.RUNNING, 0)
        if open_ or job.state in (JobState.DONE, JobState.FAILED):
            return job
        failed = list(job.shards.filter(state=ShardState.FAILED).values_list("name", "error"))
        job.state = JobState.FAILED if failed else JobState.DONE
        job.message = "\n".join(f"{name}: {error}" for name, error in failed)
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "message", "finished_at"])
        if job.kind == JobKind.COMPUTE or job.kind == JobKind.PUBLISH:
            transaction.on_commit(lambda: _queue_statistics(job))
        return job


def _queue_statistics(job: JobRun) -> None:
    """The statistics once, after the whole job (the shards themselves hold no lock on the cycle)."""
    from danhgia.apps.reports.services import summaries_refresh

    summaries_refresh(cycle=job.cycle, actor=job.actor)


@dataclass(frozen=True)
class Progress:
    state: str
    done: int
    total: int
    failed: int
    reviews: int
    elapsed: float
    remaining: float | None  # seconds, estimated from the provinces done so far
    message: str

    @property
    def percent(self) -> int:
        return round(100 * (self.done + self.failed) / self.total) if self.total else 100


def job_progress(job: JobRun) -> Progress:
    job.refresh_from_db()
    rows = job.shards.values("state").annotate(n=Count("id"), reviews=Sum("reviews"), seconds=Sum("seconds"))
    by = {row["state"]: row for row in rows}
    total = sum(row["n"] for row in rows)
    done = by.get(ShardState.DONE, {}).get("n", 0)
    failed = by.get(ShardState.FAILED, {}).get("n", 0)
    elapsed = ((job.finished_at or timezone.now()) - job.started_at).total_seconds() if job.started_at else 0.0
    remaining = elapsed / done * (total - done - failed) if done and job.state == JobState.RUNNING else None
    return Progress(
        state=job.state,
        done=done,
        total=total,
        failed=failed,
        reviews=by.get(ShardState.DONE, {}).get("reviews") or 0,
        elapsed=elapsed,
        remaining=remaining,
        message=job.message,
    )
