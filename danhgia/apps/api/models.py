"""Connected systems (e-office, task systems, the national database's adapter), their tokens, the log of
their calls, and the tasks their feed records (Decree 335/2025/NĐ-CP Art. 26: evaluation linked with the
task-assignment software). docs/adr/0007-integration-api.md has the design; writes go through services/.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import pgettext_lazy

from danhgia.apps.api.national import default_mapping
from danhgia.apps.orgs.models import Person, Unit


class Operation(models.TextChoices):
    """What a token may do. Reads of personal identifiers are an operation of their own."""

    READ_TREE = "read:tree", pgettext_lazy("api", "read the organisation tree")
    READ_PEOPLE = "read:people", pgettext_lazy("api", "read people and their posts")
    READ_PEOPLE_PID = "read:people:pid", pgettext_lazy("api", "also read national ID numbers, dates of birth and sex")
    READ_CYCLES = "read:cycles", pgettext_lazy("api", "read review cycles")
    READ_RESULTS = "read:results", pgettext_lazy("api", "read published results")
    READ_STATISTICS = "read:statistics", pgettext_lazy("api", "read statistics of published results")
    READ_TASKS = "read:tasks", pgettext_lazy("api", "read back the tasks the system fed")
    WRITE_TASKS = "write:tasks", pgettext_lazy("api", "feed tasks and products")
    READ_EXPORT = "read:export", pgettext_lazy("api", "export yearly results for the national database")


class ConnectedSystem(models.Model):
    """A system allowed to call the API. Its `user` is never used to log in: it is the actor of the system's
    writes on the audit chain (inactive, without a usable password)."""

    code = models.SlugField(pgettext_lazy("api", "code"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("api", "name"), max_length=200)
    contact = models.CharField(
        pgettext_lazy("api", "contact"),
        max_length=200,
        blank=True,
        help_text=pgettext_lazy("api", "Who answers for the system (unit, person, telephone)."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="connected_system",
        editable=False,
        verbose_name=pgettext_lazy("api", "audit actor"),
    )
    is_active = models.BooleanField(
        pgettext_lazy("api", "active"),
        default=True,
        help_text=pgettext_lazy("api", "An inactive system's tokens are refused."),
    )
    requests_per_minute = models.PositiveIntegerField(
        pgettext_lazy("api", "requests per minute and token"),
        default=600,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    export_mapping = models.JSONField(
        pgettext_lazy("api", "national database field mapping"),
        default=default_mapping,
        help_text=pgettext_lazy("api", "Target field name → source field (docs/api.md, the national export)."),
    )
    created_at = models.DateTimeField(pgettext_lazy("api", "created at"))

    class Meta:
        verbose_name = pgettext_lazy("api", "connected system")
        verbose_name_plural = pgettext_lazy("api", "connected systems")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ApiToken(models.Model):
    """A bearer token: `dg_<prefix>_<secret>`. Only the SHA-256 of the whole token is stored; the prefix is
    public and finds the row. It acts over the subtree of `root` (as the tree stands on the date a call
    asks about) and may run `operations` until `expires_at`, unless revoked."""

    system = models.ForeignKey(
        ConnectedSystem, on_delete=models.PROTECT, related_name="tokens", verbose_name=pgettext_lazy("api", "system")
    )
    prefix = models.CharField(pgettext_lazy("api", "prefix"), max_length=16, unique=True)
    secret_sha256 = models.CharField(max_length=64, editable=False)
    root = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("api", "subtree of")
    )
    operations = models.JSONField(pgettext_lazy("api", "operations"), default=list)
    created_at = models.DateTimeField(pgettext_lazy("api", "issued at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("api", "issued by"),
    )
    expires_at = models.DateTimeField(pgettext_lazy("api", "expires at"))
    revoked_at = models.DateTimeField(pgettext_lazy("api", "revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("api", "revoked by"),
    )
    revocation_reason = models.TextField(pgettext_lazy("api", "reason for the revocation"), blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacements",
        verbose_name=pgettext_lazy("api", "rotated from"),
    )

    class Meta:
        verbose_name = pgettext_lazy("api", "API token")
        verbose_name_plural = pgettext_lazy("api", "API tokens")
        ordering = ["system", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")), name="apitoken_expires_after_issue"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="apitoken_revoked_with_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system_id}:{self.prefix}"


class ApiCall(models.Model):
    """One call, refused ones included (then `system` may be unknown)."""

    at = models.DateTimeField(pgettext_lazy("api", "at"))
    system = models.ForeignKey(
        ConnectedSystem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=pgettext_lazy("api", "system"),
    )
    token_prefix = models.CharField(pgettext_lazy("api", "token prefix"), max_length=16, blank=True)
    method = models.CharField(pgettext_lazy("api", "method"), max_length=8)
    path = models.CharField(pgettext_lazy("api", "path"), max_length=500)
    status = models.PositiveSmallIntegerField(pgettext_lazy("api", "status"))
    duration_ms = models.PositiveIntegerField(pgettext_lazy("api", "duration (ms)"))

    class Meta:
        verbose_name = pgettext_lazy("api", "API call")
        verbose_name_plural = pgettext_lazy("api", "API calls")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["system", "at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status}"


class TaskRecord(models.Model):
    """One version of a task (a kind of product assigned to a person in a month) as a task system fed it.

    (system, external_id) names the task; each version is kept, and exactly one of them — the highest — is
    current. The figures follow Decree 335 Art. 13–14 as the domain's `Product` reads them.
    """

    system = models.ForeignKey(
        ConnectedSystem, on_delete=models.PROTECT, related_name="tasks", verbose_name=pgettext_lazy("api", "system")
    )
    external_id = models.CharField(pgettext_lazy("api", "external id"), max_length=128)
    version = models.PositiveIntegerField(pgettext_lazy("api", "version"))
    is_current = models.BooleanField(pgettext_lazy("api", "current version"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="task_records", verbose_name=pgettext_lazy("api", "person")
    )
    month = models.DateField(pgettext_lazy("api", "month"), help_text=pgettext_lazy("api", "Its first day."))
    kind = models.CharField(pgettext_lazy("api", "kind of product"), max_length=64)
    name = models.CharField(pgettext_lazy("api", "product"), max_length=255)
    quantity = models.PositiveIntegerField(pgettext_lazy("api", "quantity assigned"))
    coefficient = models.DecimalField(pgettext_lazy("api", "conversion coefficient"), max_digits=7, decimal_places=3)
    completed = models.PositiveIntegerField(pgettext_lazy("api", "completed"))
    exceeded = models.PositiveIntegerField(pgettext_lazy("api", "of which beyond the requirement"))
    due_on = models.DateField(pgettext_lazy("api", "due on"), null=True, blank=True)
    completed_on = models.DateField(pgettext_lazy("api", "completed on"), null=True, blank=True)
    quality_failures = models.JSONField(pgettext_lazy("api", "failed quality checks"), default=list)
    delays = models.JSONField(pgettext_lazy("api", "delays"), default=list)
    objective_cause = models.BooleanField(pgettext_lazy("api", "objective cause confirmed"), default=False)
    content_sha256 = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(pgettext_lazy("api", "recorded at"))
    superseded_at = models.DateTimeField(pgettext_lazy("api", "superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("api", "task record")
        verbose_name_plural = pgettext_lazy("api", "task records")
        ordering = ["system", "external_id", "version"]
        indexes = [models.Index(fields=["person", "month"], name="api_task_person_month")]
        constraints = [
            models.UniqueConstraint(fields=["system", "external_id", "version"], name="apitask_one_row_per_version"),
            models.UniqueConstraint(
                fields=["system", "external_id"], condition=Q(is_current=True), name="apitask_one_current_version"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1, completed__lte=F("quantity"), exceeded__lte=F("completed")),
                name="apitask_counts_in_order",
            ),
            models.CheckConstraint(condition=Q(coefficient__gt=0), name="apitask_coefficient_positive"),
            models.CheckConstraint(condition=Q(version__gte=1), name="apitask_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.system_id}:{self.external_id} v{self.version}"


class ClaimState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("api", "awaiting the head of the unit")
    APPROVED = "approved", pgettext_lazy("api", "approved")
    REJECTED = "rejected", pgettext_lazy("api", "rejected")


class ObjectiveCauseClaim(models.Model):
    """A person's claim that the delays or failed quality checks of a fed task had an objective cause
    (Decree 335 Art. 14: each costs 25 % of the item unless the competent level confirms an objective cause).
    It names the task by (system, external id), so it holds for the task's later versions; only an approved
    claim lifts the deductions. The head of the unit decides, with a reason (services/claims.py)."""

    system = models.ForeignKey(
        ConnectedSystem, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("api", "system")
    )
    external_id = models.CharField(pgettext_lazy("api", "external id"), max_length=128)
    task = models.ForeignKey(
        TaskRecord,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=pgettext_lazy("api", "task version claimed on"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="objective_cause_claims",
        verbose_name=pgettext_lazy("api", "person"),
    )
    cause = models.TextField(pgettext_lazy("api", "objective cause"))
    evidence = models.CharField(pgettext_lazy("api", "evidence"), max_length=255)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("api", "claimed by"),
    )
    claimed_at = models.DateTimeField(pgettext_lazy("api", "claimed at"))
    state = models.CharField(
        pgettext_lazy("api", "state"), max_length=16, choices=ClaimState.choices, default=ClaimState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("api", "decided by"),
    )
    decided_at = models.DateTimeField(pgettext_lazy("api", "decided at"), null=True, blank=True)
    decision_reason = models.TextField(pgettext_lazy("api", "reason for the decision"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("api", "objective cause claim")
        verbose_name_plural = pgettext_lazy("api", "objective cause claims")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "external_id"],
                condition=~Q(state="rejected"),
                name="apiclaim_one_open_or_approved_per_task",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_at__isnull=True)
                | (~Q(state="pending") & Q(decided_at__isnull=False) & ~Q(decision_reason="")),
                name="apiclaim_decided_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system_id}:{self.external_id} ({self.state})"


class SyncChannel(models.TextChoices):
    API = "api", pgettext_lazy("api", "through the API")
    FILE = "file", pgettext_lazy("api", "as a file")


class NationalSync(models.Model):
    """One sending of the national database export: a page read through the API, or a file written by
    `manage.py national_export`. Its items say which result went out in which version."""

    at = models.DateTimeField(pgettext_lazy("api", "sent at"))
    channel = models.CharField(pgettext_lazy("api", "channel"), max_length=8, choices=SyncChannel.choices)
    system = models.ForeignKey(
        ConnectedSystem,
        on_delete=models.PROTECT,
        related_name="national_syncs",
        verbose_name=pgettext_lazy("api", "system"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("api", "written by"),
        help_text=pgettext_lazy("api", "Who wrote the file, when known; empty for the API."),
    )
    cycle = models.ForeignKey(
        "cycles.ReviewCycle",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("api", "review cycle"),
    )
    count = models.PositiveIntegerField(pgettext_lazy("api", "results sent"))
    mapping = models.JSONField(pgettext_lazy("api", "field mapping used"))
    file_name = models.CharField(pgettext_lazy("api", "file"), max_length=500, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("api", "national database sync")
        verbose_name_plural = pgettext_lazy("api", "national database syncs")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["cycle", "at"], name="api_natsync_cycle_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.system_id} {self.cycle_id} ({self.count})"


class NationalSyncItem(models.Model):
    """One result in a sync, with the version sent: the time the result last changed (its publication or its
    latest re-classification after a complaint) and the SHA-256 of the exported record."""

    sync = models.ForeignKey(
        NationalSync, on_delete=models.CASCADE, related_name="items", verbose_name=pgettext_lazy("api", "sync")
    )
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("api", "result")
    )
    national_id = models.CharField(pgettext_lazy("api", "national ID number"), max_length=20)
    changed_at = models.DateTimeField(pgettext_lazy("api", "result as of"))
    record_sha256 = models.CharField(pgettext_lazy("api", "SHA-256 of the record sent"), max_length=64)

    class Meta:
        verbose_name = pgettext_lazy("api", "result sent")
        verbose_name_plural = pgettext_lazy("api", "results sent")
        ordering = ["sync", "pk"]
        indexes = [models.Index(fields=["review", "changed_at"], name="api_natsync_review_changed")]

    def __str__(self) -> str:
        return f"{self.sync_id}:{self.review_id}"
