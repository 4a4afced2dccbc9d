"""A draft amendment of a rule set: the text of a rule-set file cloned from a published version, edited in the
web, validated by the engine's compiler at every save, and adopted as a new immutable `RulesetVersion`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danhgia.apps.cycles.models import RulesetVersion
from danhgia.apps.orgs.models import Unit


class DraftState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_CONSULTATION = "in_consultation", _("in consultation")
    ADOPTED = "adopted", _("adopted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class RulesetDraft(models.Model):
    title = models.CharField(_("title"), max_length=300)
    base_version = models.ForeignKey(
        RulesetVersion, on_delete=models.PROTECT, related_name="drafts", verbose_name=_("base version")
    )
    # The unit whose rule editors may change the draft (the centre or a province).
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    text = models.TextField(_("rule-set file"))
    state = models.CharField(_("state"), max_length=16, choices=DraftState.choices, default=DraftState.DRAFT)
    adopted_version = models.ForeignKey(
        RulesetVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_from",
        verbose_name=_("adopted version"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("rule-set draft")
        verbose_name_plural = _("rule-set drafts")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title
