"""Who read whose personal data: one row each time a page or file about another person is shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danhgia.apps.orgs.models import Person


class Read(models.TextChoices):
    REVIEW = "review", pgettext_lazy("privacy", "review")
    SELF_REVIEW = "self_review", pgettext_lazy("privacy", "self-review")
    EVIDENCE = "evidence", pgettext_lazy("privacy", "evidence file")
    REVIEW_FORM = "review_form", pgettext_lazy("privacy", "review form (.docx)")
    PERSON = "person", pgettext_lazy("privacy", "personal file")
    DISCIPLINE = "discipline", pgettext_lazy("privacy", "discipline record")
    EXPORT = "export", pgettext_lazy("privacy", "export of personal data")


class AccessLogEntry(models.Model):
    """`viewer` read `what` (object `object_id`) about `person` at `at`. Kept DANHGIA_ACCESS_LOG_DAYS days
    (`manage.py privacy_purge`); the viewer's name is kept beside the login, which may be deleted."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("viewer")
    )
    viewer_name = models.CharField(_("viewer's login"), max_length=150)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    what = models.CharField(_("what was read"), max_length=16, choices=Read.choices)
    object_id = models.BigIntegerField(_("record"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=255, blank=True)
    at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("read of personal data")
        verbose_name_plural = _("reads of personal data")
        indexes = [models.Index(fields=["person", "-at"])]
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.viewer_name} → {self.person_id} {self.what} {self.at:%Y-%m-%d %H:%M}"
