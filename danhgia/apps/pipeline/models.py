"""A pipeline job over a cycle, split into shards (provinces) that workers claim under a lease.

A worker claims a pending shard (or one whose lease expired: its worker died) and renews the lease while it
works; the shard's results and its `done` mark commit in one transaction, so a killed worker leaves the shard
pending-again once the lease runs out, never half written. A shard that fails `MAX_ATTEMPTS` times is failed
with the error as its message, and so is its job.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danhgia.apps.cycles.models import ReviewCycle

MAX_ATTEMPTS = 3


class JobKind(models.TextChoices):
    OPEN = "open", _("open the cycle")
    COMPUTE = "compute", _("compute the engine's levels")
    PUBLISH = "publish", _("decide and publish")
    STATISTICS = "statistics", _("refresh the statistics")


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class JobRun(models.Model):
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("cycle"))
    kind = models.CharField(_("kind"), max_length=16, choices=JobKind.choices)
    state = models.CharField(_("state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("pipeline job")
        verbose_name_plural = _("pipeline jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.cycle_id} ({self.state})"


class ShardState(models.TextChoices):
    PENDING = "pending", _("pending")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class JobShard(models.Model):
    job = models.ForeignKey(JobRun, on_delete=models.CASCADE, related_name="shards")
    key = models.CharField(max_length=32)
    unit_id = models.BigIntegerField(null=True, blank=True)
    name = models.CharField(max_length=255)
    state = models.CharField(max_length=16, choices=ShardState.choices, default=ShardState.PENDING)
    worker = models.CharField(max_length=128, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    reviews = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="jobshard_unique_key")]
        indexes = [models.Index(fields=["state", "lease_until"])]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.key} ({self.state})"
