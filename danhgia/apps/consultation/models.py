"""Consultation on a draft regulation: its text (chapters, articles, clauses) in numbered versions, the units
consulted with a deadline, each unit's opinions (drafted, submitted once and locked; a later one supersedes it),
comments per article or clause, the editorial team's decisions, near-duplicate groups a person confirmed, and the
online conference (bridge points, speaking turns; its notes are comments too).

Writes go through `services`; every one of them writes its entry on the consultation's audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danhgia.apps.orgs.models import Unit


class ConsultationState(models.TextChoices):
    OPEN = "open", _("open for comments")
    CLOSED = "closed", _("closed")


class Consultation(models.Model):
    title = models.CharField(pgettext_lazy("consultation", "title"), max_length=300)
    draft = models.ForeignKey(
        "lab.RulesetDraft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=pgettext_lazy("consultation", "rule-set draft"),
    )
    # The drafting body: its editorial team synthesises the comments.
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafting body"))
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=16, choices=ConsultationState.choices, default="open")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("consultation", "created at"))

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class TextVersion(models.Model):
    """One version of the draft's text: 1 is the text sent out, each later one the editorial team's revision."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("consultation", "created at"))

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="consultation_version_once")]

    def __str__(self) -> str:
        return f"{self.consultation_id} v{self.number}"


class ProvisionKind(models.TextChoices):
    CHAPTER = "chapter", _("chapter")
    ARTICLE = "article", _("article")
    CLAUSE = "clause", _("clause")


class Provision(models.Model):
    """A chapter, article or clause of one text version. `key` ("A5", "A5.2") names the same provision across
    versions; `rule_ids` are the rules of the rule set it changes."""

    version = models.ForeignKey(TextVersion, on_delete=models.CASCADE, related_name="provisions")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=ProvisionKind.choices)
    key = models.CharField(max_length=32)
    number = models.CharField(_("number"), max_length=16)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    rule_ids = models.JSONField(_("rules it changes"), default=list, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="provision_key_once_per_version")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """How officials cite it: "Chương II", "Điều 5", "Khoản 2 Điều 5"."""
        if self.kind == ProvisionKind.CHAPTER:
            return f"Chương {self.number}"
        if self.kind == ProvisionKind.ARTICLE:
            return f"Điều {self.number}"
        article = self.key.split(".")[0].removeprefix("A")
        return f"Khoản {self.number} Điều {article}"


class ConsultedUnit(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="consulted")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        ordering = ["consultation", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["consultation", "unit"], name="consulted_unit_once")]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.unit_id}"


class OpinionState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consultation", "draft")
    SUBMITTED = "submitted", pgettext_lazy("consultation", "submitted")
    SUPERSEDED = "superseded", _("superseded")


class Opinion(models.Model):
    """A unit's official opinion: written as a draft, submitted once (then locked); a later submitted opinion
    supersedes it and both are kept."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="opinions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    number = models.PositiveIntegerField(_("number"))
    state = models.CharField(_("state"), max_length=16, choices=OpinionState.choices, default="draft")
    agrees_entirely = models.BooleanField(_("agrees entirely"), default=False)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(pgettext_lazy("consultation", "submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("consultation", "created at"))

    class Meta:
        ordering = ["consultation", "unit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "unit", "number"], name="opinion_number_once"),
            models.UniqueConstraint(
                fields=["consultation", "unit"], condition=Q(state="draft"), name="opinion_one_draft_per_unit"
            ),
            models.UniqueConstraint(
                fields=["consultation", "unit"], condition=Q(state="submitted"), name="opinion_one_in_force_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} #{self.number} ({self.state})"


class CommentOrigin(models.TextChoices):
    WRITTEN = "written", _("written opinion")
    CONFERENCE = "conference", _("conference")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    EXPLAINED = "explained", _("explained")


class CommentGroup(models.Model):
    """Near-duplicate comments a person confirmed as one (the similarity only suggests)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="groups")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"group {self.pk}"


class Comment(models.Model):
    """A comment on an article or clause (or the whole draft, with no provision), written in a unit's opinion or
    noted at the conference, and the editorial team's decision on it."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    session = models.ForeignKey(
        "ConferenceSession", on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    origin = models.CharField(max_length=16, choices=CommentOrigin.choices, default="written")
    provision = models.ForeignKey(
        Provision, on_delete=models.PROTECT, null=True, blank=True, related_name="comments", verbose_name=_("provision")
    )
    text = models.TextField(pgettext_lazy("consultation", "comment"))
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    group = models.ForeignKey(CommentGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    decision = models.CharField(
        pgettext_lazy("consultation", "decision"), max_length=16, choices=Decision.choices, blank=True
    )
    response = models.TextField(_("response"), blank=True)
    adopted_wording = models.TextField(_("adopted wording"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The provisions of revised versions whose text this comment's decision changed.
    changed_provisions = models.ManyToManyField(Provision, blank=True, related_name="changed_by")

    class Meta:
        ordering = ["consultation", "provision__position", "unit__code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(origin="written", opinion__isnull=False, session__isnull=True)
                | Q(origin="conference", opinion__isnull=True, session__isnull=False),
                name="comment_written_or_noted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.text[:40]}"


class Attachment(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="consultation/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class ConferenceSession(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(pgettext_lazy("consultation", "title"), max_length=300)
    held_on = models.DateField(_("held on"))
    # The articles on the agenda, in order.
    agenda = models.ManyToManyField(Provision, blank=True, related_name="+", verbose_name=_("agenda"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["consultation", "held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class BridgePoint(models.Model):
    session = models.ForeignKey(ConferenceSession, on_delete=models.CASCADE, related_name="bridge_points")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    is_present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["session", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["session", "unit"], name="bridge_point_once")]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.unit_id}"


class SpeakingTurn(models.Model):
    session = models.ForeignKey(ConferenceSession, on_delete=models.CASCADE, related_name="turns")
    order = models.PositiveIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    speaker = models.CharField(_("speaker"), max_length=200)
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    has_spoken = models.BooleanField(default=False)

    class Meta:
        ordering = ["session", "order"]

    def __str__(self) -> str:
        return f"{self.session_id} #{self.order} {self.speaker}"
