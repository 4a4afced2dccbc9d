"""One review per subject per cycle, with its self-review, comments, proposals, decision and complaints."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
from danhgia.apps.orgs.models import Person, Unit

LEVELS = [
    ("L1", _("excellent completion")),
    ("L2", _("good completion")),
    ("L3", _("completion")),
    ("L4", _("failure to complete")),
]


class ReviewState(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for correction")
    VERIFIED = "verified", _("verified")
    DECIDED = "decided", _("decided")
    PUBLISHED = "published", _("published")
    COMPLAINED = "complained", _("under complaint")


class Outcome(models.TextChoices):
    CLASSIFIED = "classified", _("classified")
    EXEMPT = "exempt", _("exempt")
    NOT_CLASSIFIED = "not_classified", _("not classified")
    NEEDS_DECISION = "needs_decision", _("needs a decision")


class Review(models.Model):
    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("review cycle")
    )
    subject_type = models.CharField(
        _("subject type"), max_length=16, choices=[("individual", _("individual")), ("collective", _("collective"))]
    )
    category = models.CharField(_("category"), max_length=32)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text=_("The collective itself, or the unit an individual is classified in."),
        verbose_name=_("unit"),
    )
    quota_group = models.ForeignKey(
        QuotaGroup, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("quota group")
    )
    quota_priority = models.IntegerField(_("quota priority"), default=0)
    state = models.CharField(_("state"), max_length=16, choices=ReviewState.choices, default=ReviewState.NOT_STARTED)
    # self-review
    answers = models.JSONField(_("self-review"), default=dict, blank=True)
    score = models.DecimalField(_("self-assessed score"), max_digits=5, decimal_places=2, null=True, blank=True)
    # the score before rounding ("17999/200"); bands compare it, `score` is its display (2 places, half up)
    score_exact = models.CharField(_("exact self-assessed score"), max_length=200, blank=True)
    proposed_level = models.CharField(_("proposed level"), max_length=2, choices=LEVELS, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # the engine's proposal
    engine_status = models.CharField(_("engine status"), max_length=16, choices=Outcome.choices, blank=True)
    engine_level = models.CharField(_("engine level"), max_length=2, choices=LEVELS, blank=True)
    engine_reasons = models.JSONField(_("engine reasons"), default=list, blank=True)
    engine_flags = models.JSONField(_("engine flags"), default=list, blank=True)
    # verification and decision
    verified_level = models.CharField(
        _("level proposed by the advisory body"), max_length=2, choices=LEVELS, blank=True
    )
    verified_status = models.CharField(_("status proposed"), max_length=16, choices=Outcome.choices, blank=True)
    verification_note = models.TextField(_("justification"), blank=True)
    decided_level = models.CharField(_("decided level"), max_length=2, choices=LEVELS, blank=True)
    decided_status = models.CharField(_("decided status"), max_length=16, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            models.Index(fields=["cycle", "unit"]),
            models.Index(fields=["cycle", "state"]),
            models.Index(fields=["cycle", "quota_group"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "person"], condition=Q(person__isnull=False), name="review_one_per_person"
            ),
            models.UniqueConstraint(
                fields=["cycle", "unit", "category"], condition=Q(person__isnull=True), name="review_one_per_collective"
            ),
            models.CheckConstraint(
                condition=Q(subject_type="individual", person__isnull=False)
                | Q(subject_type="collective", person__isnull=True),
                name="review_person_iff_individual",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}:{self.person_id or self.unit_id}/{self.category}"


class CommentKind(models.TextChoices):
    MEETING = "meeting", _("review meeting of the collective")
    RESIDENCE = "residence", _("residence cell")
    ASSESSOR = "assessor", _("other assessor")


class Comment(models.Model):
    """Comments on a review. The review meeting's (kind `meeting`) are its minutes: when and by whom it was
    chaired, how many of the collective's members attended, and the vote per level. Minutes are never edited:
    a correction is a new record that supersedes the wrong one, a withdrawal marks the record; both stay."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments", verbose_name=_("review"))
    kind = models.CharField(_("kind"), max_length=16, choices=CommentKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comments"))
    votes = models.JSONField(_("votes per level"), default=dict, blank=True)
    at = models.DateTimeField(_("at"))
    # the review meeting's minutes
    held_on = models.DateField(_("meeting date"), null=True, blank=True)
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    members = models.PositiveIntegerField(_("members of the collective"), null=True, blank=True)
    attendees = models.PositiveIntegerField(_("members present"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects the record"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendees__isnull=True) | Q(members__isnull=False, attendees__lte=F("members")),
                name="comment_attendees_within_members",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="comment_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.review_id}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def correction(self) -> Comment | None:
        """The record that superseded this one, if any (select_related("superseded_by") to read it for free)."""
        try:
            return self.superseded_by
        except Comment.DoesNotExist:
            return None

    @property
    def is_in_force(self) -> bool:
        """A meeting's record that was neither corrected nor withdrawn."""
        return self.kind == CommentKind.MEETING and not self.is_withdrawn and self.correction is None


class Evidence(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/")
    description = models.CharField(_("description"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.description


class DecisionKind(models.TextChoices):
    VERIFY = "verify", _("verification proposal")
    DECIDE = "decide", _("decision")
    RECLASSIFY = "reclassify", _("re-classification after a complaint")
    CANCEL = "cancel", _("cancellation")


class Decision(models.Model):
    """The history of proposals and decisions on a review (the review keeps the current ones)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=16, choices=DecisionKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Outcome.choices)
    level = models.CharField(_("level"), max_length=2, choices=LEVELS, blank=True)
    grounds = models.TextField(_("grounds"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.level or self.status} on {self.review_id}"


class ComplaintState(models.TextChoices):
    OPEN = "open", _("open")
    UPHELD = "upheld", _("upheld: re-classified")
    REJECTED = "rejected", _("rejected")


class Complaint(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="complaints")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    text = models.TextField(_("complaint"))
    filed_at = models.DateTimeField(_("filed at"))
    state = models.CharField(_("state"), max_length=16, choices=ComplaintState.choices, default=ComplaintState.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return f"complaint on {self.review_id} ({self.state})"
