"""Changes made in the Django admin go on the audit chain: adding, changing and deleting a row (one or the
selected ones) and the rows of its inlines, one entry per row, in the transaction of the change.

The admin's add, change and delete pages run in a transaction; the "delete selected" action does not, so
`delete_queryset` opens one. A deletion also records the rows it cascades to and the references it empties.
Nothing is registered here: the apps' ModelAdmins inherit `AuditedAdminMixin` and name their chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.forms import BaseModelForm, BaseModelFormSet
from django.http import HttpRequest
from django.utils import timezone

from danhgia.apps.audit.services import REGISTRY_CHAIN, audit_record, row_values

ADD, CHANGE, DELETE, PASSWORD = "admin.add", "admin.change", "admin.delete", "admin.password"
SECRET_FIELDS = frozenset({"password", "key"})  # a password hash or a 2FA secret never goes into an entry
Values = dict[str, Any]


def stored(model: type[models.Model], pks: Iterable[Any]) -> dict[Any, Values]:
    """The rows as stored now (not as a bound form left them), locked until the change commits."""
    rows = model._base_manager.select_for_update().filter(pk__in=list(pks))
    return {row.pk: {k: v for k, v in row_values(row).items() if k not in SECRET_FIELDS} for row in rows}


def changed_fields(pk: Any, before: Values, after: Values) -> tuple[Values, Values]:
    """Only the fields whose value changed, each side with the row's id."""
    names = [name for name in after if before.get(name) != after[name]]
    return {"id": pk, **{n: before.get(n) for n in names}}, {"id": pk, **{n: after[n] for n in names}}


class AuditTrail:
    """Writes the entries of one admin request on one chain."""

    def __init__(self, chain: str, request: HttpRequest) -> None:
        self.chain, self.actor = chain, request.user

    def write(
        self, action: str, row_type: type[models.Model], pk: Any, before: Any, after: Any, reason: str = ""
    ) -> None:
        audit_record(
            chain=self.chain,
            actor=self.actor,
            action=action,
            object_type=row_type._meta.label_lower,
            object_id=pk,
            at=timezone.now(),
            before=before,
            after=after,
            reason=reason,
        )

    def added(self, row: models.Model) -> None:
        self.write(ADD, type(row), row.pk, None, stored(type(row), [row.pk])[row.pk])

    def changed(self, row: models.Model, before: Values) -> None:
        """One entry if a stored value changed (saving an untouched form writes none)."""
        old, new = changed_fields(row.pk, before, stored(type(row), [row.pk])[row.pk])
        if len(new) > 1:
            self.write(CHANGE, type(row), row.pk, old, new)

    def deleting(self, rows: list[models.Model]) -> None:
        """Before `rows` are deleted: an entry for each of them and for each row the deletion cascades to or
        empties a reference of, with the values they have now."""
        if not rows:
            return
        collector = Collector(using=router.db_for_write(type(rows[0])))
        collector.collect(rows)
        chosen = {(type(row), row.pk) for row in rows}
        for model, pks in sorted(doomed(collector).items(), key=lambda item: item[0]._meta.label_lower):
            for pk, values in sorted(stored(model, pks).items()):
                self.write(DELETE, model, pk, values, None, "" if (model, pk) in chosen else "cascade")
        for (field, value), groups in collector.field_updates.items():
            for group in groups:
                updated, ids = model_and_pks(group)
                for pk, values in sorted(stored(updated, ids).items()):
                    before, after = {"id": pk, field.name: values[field.name]}, {"id": pk, field.name: value}
                    self.write(CHANGE, updated, pk, before, after, "cascade")


def doomed(collector: Collector) -> dict[type[models.Model], set[Any]]:
    """The ids of every row the collected deletion removes, by model."""
    found: dict[type[models.Model], set[Any]] = {}
    for model, instances in collector.data.items():
        found.setdefault(model, set()).update(row.pk for row in instances)
    for query in collector.fast_deletes:
        found.setdefault(query.model, set()).update(query.values_list("pk", flat=True))
    return found


def model_and_pks(group: Any) -> tuple[type[models.Model], list[Any]]:
    """A group of rows the deletion updates: a queryset or a list of instances."""
    if isinstance(group, models.QuerySet):
        return group.model, list(group.values_list("pk", flat=True))
    rows = list(group)
    return type(rows[0]), [row.pk for row in rows]


class AuditedAdminMixin(admin.ModelAdmin):
    """A ModelAdmin whose writes (and its inlines') are audited on `audit_chain`."""

    audit_chain = REGISTRY_CHAIN

    def save_model(self, request: HttpRequest, obj: Any, form: BaseModelForm[Any], change: bool) -> None:
        before = stored(type(obj), [obj.pk]).get(obj.pk) if change else None
        super().save_model(request, obj, form, change)
        trail = AuditTrail(self.audit_chain, request)
        if before is None:
            trail.added(obj)
        else:
            trail.changed(obj, before)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        AuditTrail(self.audit_chain, request).deleting([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic(using=queryset.db):
            AuditTrail(self.audit_chain, request).deleting(list(queryset))
            super().delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: BaseModelForm[Any], formset: BaseModelFormSet[Any, Any], change: bool
    ) -> None:
        trail = AuditTrail(self.audit_chain, request)
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        kept = [f.instance.pk for f in formset.initial_forms if f.has_changed() and f not in formset.deleted_forms]
        before = stored(formset.model, kept)
        if deleted:
            trail.deleting(deleted)
        super().save_formset(request, form, formset, change)
        for row in formset.new_objects:
            trail.added(row)
        for row, _fields in formset.changed_objects:
            trail.changed(row, before[row.pk])
