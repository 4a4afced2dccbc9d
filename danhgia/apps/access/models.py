"""Accounts linked to people, and role assignments scoped to a unit's subtree over an interval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danhgia.apps.orgs.models import Person, Unit, interval_not_empty


class Role(models.TextChoices):
    MEMBER = "member", _("party member / civil servant (own review)")
    SECRETARY = "secretary", _("cell secretary / unit head")
    VERIFIER = "verifier", _("advisory body (verification)")
    DECIDER = "decider", _("competent level (decision)")
    VIEWER = "viewer", _("organising committee (read only)")
    RULE_EDITOR = "rule_editor", _("rule editor (rule lab)")
    CONSULTEE = "consultee", _("consulted unit (writes the unit's opinion on a draft)")
    EDITORIAL = "editorial", _("editorial team (synthesis of a consultation)")
    ADMINISTRATOR = "administrator", _("administrator")


class Account(models.Model):
    """The person a login belongs to (their own review, their history)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    person = models.OneToOneField(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="account")

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return f"{self.user} → {self.person_id}"


class RoleAssignment(models.Model):
    """`user` holds `role` over `unit` and everything below it, from `valid_from` to `valid_to`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="role_assignments")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        indexes = [models.Index(fields=["user", "role"])]
        constraints = [
            interval_not_empty("roleassignment_interval_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.role} @ {self.unit_id}"
