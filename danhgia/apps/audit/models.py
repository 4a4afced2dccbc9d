"""Audit entries, hash-chained per chain (one per review cycle, one for the registry, one for access).

Each entry stores an HMAC-SHA256 of its own content and of the previous entry's hash, keyed with a key held
outside the database and named by `key_id` (docs/adr/0008-signed-audit-chains.md), so editing or deleting any
row breaks the chain at that point (`services.audit_verify`) and recomputing the hashes needs the key. Entries
written before the trail was signed have no key id and a plain SHA-256 (a legacy prefix, sealed by the first
signed entry after it). The chain head row is locked while an entry is appended, which serialises writers of
one cycle only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditChain(models.Model):
    name = models.CharField(_("chain"), max_length=64, unique=True)
    length = models.PositiveBigIntegerField(default=0)
    head = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain")
        verbose_name_plural = _("audit chains")

    def __str__(self) -> str:
        return f"{self.name} ({self.length})"


class AuditEntry(models.Model):
    chain = models.ForeignKey(AuditChain, on_delete=models.PROTECT, related_name="entries", verbose_name=_("chain"))
    seq = models.PositiveBigIntegerField(_("sequence"))
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(_("signing key"), max_length=32, blank=True, default="")  # "": legacy, unsigned

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_one_entry_per_seq")]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.chain_id}#{self.seq} {self.action} {self.object_type}:{self.object_id}"
