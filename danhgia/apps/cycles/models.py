"""A review cycle: what period, over which part of the tree, under which pinned rule set, in which state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danhgia.apps.orgs.models import Unit


class PeriodKind(models.TextChoices):
    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    TERM = "term", _("term")


class CycleState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for self-review")
    VERIFICATION = "verification", _("verification")
    DECISION = "decision", _("decision")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")


class LateSelfReview(models.TextChoices):
    """What happens to a self-review submitted after the cycle's self-review deadline."""

    ACCEPT = "accept", _("accepted, marked late")
    REFUSE = "refuse", _("refused")


class ReviewCycle(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    term_start = models.PositiveSmallIntegerField(_("term from year"), null=True, blank=True)
    root = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("scope"))
    ruleset = models.CharField(_("rule set"), max_length=64)
    ruleset_sha256 = models.CharField(_("rule set version (SHA-256)"), max_length=64, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=CycleState.choices, default=CycleState.DRAFT)
    self_review_due = models.DateField(_("self-review due"), null=True, blank=True)
    verification_due = models.DateField(_("verification due"), null=True, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True)
    complaints_until = models.DateField(_("complaints accepted until"), null=True, blank=True)
    late_self_review = models.CharField(
        _("self-review after the deadline"),
        max_length=8,
        choices=LateSelfReview.choices,
        default=LateSelfReview.ACCEPT,
    )
    # Set when the rule set does not apply to the period's year: the cycle replays that year under it.
    replay_grounds = models.TextField(_("grounds for replaying the period under this rule set"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["-year", "-quarter", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="quarter", quarter__in=[1, 2, 3]) | (~Q(kind="quarter") & Q(quarter__isnull=True)),
                name="cycle_quarter_only_for_quarters",
            ),
            models.CheckConstraint(
                condition=~Q(kind="term") | Q(term_start__isnull=False), name="cycle_term_has_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class QuotaGroup(models.Model):
    """A group of similar roles within which level 1 is at most 20 % (or 25 %) of level 2."""

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="quota_groups", verbose_name=_("review cycle")
    )
    code = models.CharField(_("code"), max_length=255)
    name = models.CharField(_("name"), max_length=255)
    exception = models.BooleanField(_("exceptional ratio allowed"), default=False)
    exception_grounds = models.TextField(_("grounds for the exception"), blank=True)

    class Meta:
        verbose_name = _("quota group")
        verbose_name_plural = _("quota groups")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="quotagroup_unique_code"),
            models.CheckConstraint(
                condition=Q(exception=False) | ~Q(exception_grounds=""), name="quotagroup_exception_has_grounds"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CriteriaTemplate(models.Model):
    """A criteria framework for one subject category under a rule-set family, owned by a unit (null: the
    national default), versioned and inherited down the tree; frozen into the cycle when it opens."""

    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="templates")
    ruleset = models.CharField(_("rule set"), max_length=64)
    category = models.CharField(_("subject category"), max_length=32)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    body = models.JSONField(_("criteria"))
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("criteria template")
        verbose_name_plural = _("criteria templates")
        constraints = [
            models.UniqueConstraint(fields=["owner", "ruleset", "category", "version"], name="template_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class CycleTemplate(models.Model):
    """The template a cycle uses for a category, copied and frozen when the cycle opens."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="templates")
    category = models.CharField(_("subject category"), max_length=32)
    source = models.ForeignKey(CriteriaTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    body = models.JSONField(_("criteria"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("frozen template")
        verbose_name_plural = _("frozen templates")
        constraints = [models.UniqueConstraint(fields=["cycle", "category"], name="cycletemplate_one_per_category")]

    def __str__(self) -> str:
        return f"{self.cycle_id}/{self.category}"


class RulesetVersion(models.Model):
    """One version of a rule set, as the text of its file, named by the SHA-256 of that text. Immutable: a
    changed file is a new version; a cycle pins the version it opened with (`ReviewCycle.ruleset_sha256`) and is
    classified under it for its whole life."""

    ruleset = models.CharField(_("rule set"), max_length=64)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("rule-set file"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("rule-set version")
        verbose_name_plural = _("rule-set versions")
        ordering = ["ruleset", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.ruleset} ({self.sha256[:12]})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("a rule-set version is immutable")
        super().save(*args, **kwargs)
