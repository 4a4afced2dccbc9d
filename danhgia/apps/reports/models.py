"""Summary tables for statistics at national scale, and export jobs.

Statistics are never computed from review rows at read time: `services.summaries_refresh` aggregates a
cycle's reviews once into `UnitSummary` (each unit's own reviews) and rolls them up the tree, as it stood at
the cycle's period end, into `SubtreeSummary` (each unit's whole subtree). Reading a node's figures is then a
few indexed reads of at most a few hundred rows. A row counts the reviews sharing every dimension below.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import Unit


class Subject(models.TextChoices):
    """The five kinds of subject the statistics report, in report order (docs/regulations/frameworks.md §3.6)."""

    PARTY_ORGANISATION = "party_organisation", pgettext_lazy("reports", "Party organisations")
    LEADERSHIP_COLLECTIVE = "leadership_collective", pgettext_lazy("reports", "Leadership collectives")
    ORGANISATION = "organisation", pgettext_lazy("reports", "Agencies and units")
    PARTY_MEMBER = "party_member", pgettext_lazy("reports", "Party members")
    CIVIL_SERVANT = "civil_servant", pgettext_lazy("reports", "Cadres and civil servants")


class Basis(models.TextChoices):
    """Where a counted result comes from: the competent level's decision, or the engine's proposal."""

    DECIDED = "decided", pgettext_lazy("reports", "decision of the competent level")
    PROPOSED = "proposed", pgettext_lazy("reports", "proposal of the engine")


class SummaryDimensions(models.Model):
    """The dimensions every summary row carries: `kind` is the unit kind (party organisations), the category
    (individuals) or empty; `status`/`level` are the counted result (empty: no result yet); `reason` is the
    engine's reason code of an exempt, not classified or undecided result."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    depth = models.PositiveSmallIntegerField()
    subject = models.CharField(max_length=24, choices=Subject.choices)
    kind = models.CharField(max_length=32, blank=True)
    state = models.CharField(max_length=16)
    basis = models.CharField(max_length=8, choices=Basis.choices)
    status = models.CharField(max_length=16, blank=True)
    level = models.CharField(max_length=2, blank=True)
    reason = models.CharField(max_length=64, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True


class UnitSummary(SummaryDimensions):
    """Counts of the reviews classified in `unit` itself (its collectives and the individuals placed there)."""

    class Meta:
        verbose_name = pgettext_lazy("reports", "unit summary")
        verbose_name_plural = pgettext_lazy("reports", "unit summaries")
        indexes = [
            models.Index(fields=["cycle", "unit"], name="reports_unit_cycle_unit"),
            models.Index(fields=["cycle", "depth"], name="reports_unit_cycle_depth"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.unit_id} {self.subject} {self.status}{self.level}: {self.count}"


class SubtreeSummary(SummaryDimensions):
    """Counts of the reviews in the whole subtree of `unit`; `parent` is its parent unit's id on the date."""

    parent = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("reports", "subtree summary")
        verbose_name_plural = pgettext_lazy("reports", "subtree summaries")
        indexes = [
            models.Index(fields=["cycle", "unit"], name="reports_tree_cycle_unit"),
            models.Index(fields=["cycle", "parent"], name="reports_tree_cycle_parent"),
            models.Index(fields=["cycle", "depth"], name="reports_tree_cycle_depth"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.unit_id}+ {self.subject} {self.status}{self.level}: {self.count}"


class SummaryRun(models.Model):
    """When a cycle's summaries were last refreshed and what they hold (shown beside the figures)."""

    cycle = models.OneToOneField(ReviewCycle, on_delete=models.CASCADE, related_name="summary_run")
    refreshed_at = models.DateTimeField(pgettext_lazy("reports", "refreshed at"))
    reviews = models.PositiveIntegerField(pgettext_lazy("reports", "reviews counted"), default=0)
    unit_rows = models.PositiveIntegerField(default=0)
    subtree_rows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = pgettext_lazy("reports", "summary refresh")
        verbose_name_plural = pgettext_lazy("reports", "summary refreshes")

    def __str__(self) -> str:
        return f"{self.cycle_id} @ {self.refreshed_at}"


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", pgettext_lazy("reports", "Excel workbook")
    PDF = "pdf", pgettext_lazy("reports", "PDF for printing")
    JSON = "json", pgettext_lazy("reports", "JSON")


class JobState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("reports", "queued")
    RUNNING = "running", pgettext_lazy("reports", "running")
    DONE = "done", pgettext_lazy("reports", "done")
    FAILED = "failed", pgettext_lazy("reports", "failed")


class ExportJob(models.Model):
    """An export of a large scope, run by a worker (`manage.py db_worker`), or at once for small scopes."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(pgettext_lazy("reports", "format"), max_length=8, choices=ExportFormat.choices)
    depth = models.PositiveSmallIntegerField(pgettext_lazy("reports", "levels below the unit"), null=True, blank=True)
    language = models.CharField(max_length=8, default="vi")
    state = models.CharField(
        pgettext_lazy("reports", "state"), max_length=8, choices=JobState.choices, default=JobState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(pgettext_lazy("reports", "progress (%)"), default=0)
    file = models.FileField(pgettext_lazy("reports", "file"), upload_to="reports/%Y/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(pgettext_lazy("reports", "error"), blank=True)
    created_at = models.DateTimeField(pgettext_lazy("reports", "created at"))
    started_at = models.DateTimeField(pgettext_lazy("reports", "started at"), null=True, blank=True)
    finished_at = models.DateTimeField(pgettext_lazy("reports", "finished at"), null=True, blank=True)
    # held by the worker running it, renewed as it progresses; a job whose lease ran out lost its worker
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = pgettext_lazy("reports", "export job")
        verbose_name_plural = pgettext_lazy("reports", "export jobs")
        indexes = [models.Index(fields=["state", "created_at"]), models.Index(fields=["requested_by", "created_at"])]

    def __str__(self) -> str:
        return f"{self.format} {self.cycle_id}/{self.unit_id} ({self.state})"


class SummaryQueue(models.Model):
    """A subtree whose statistics a committed write made stale (unit null: the whole cycle), written in the
    writer's own transaction; refreshed after the commit, so writers never wait on the cycle's statistics."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    queued_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["cycle", "queued_at"], name="reports_queue_cycle_at")]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.unit_id or '*'} @ {self.queued_at}"
