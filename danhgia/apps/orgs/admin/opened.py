"""An admin mixin that reports each opening of a page about a person (`orgs.signals.record_opened`): the personal
data read log records it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse

from danhgia.apps.orgs.signals import record_opened


class OpenedSignalAdmin(admin.ModelAdmin):
    """Sends `record_opened` when the change page of a row about a person is shown (GET, status 200)."""

    person_field = "person_id"  # the row's person; "pk" for Person itself

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            row = self.get_object(request, unquote(object_id))
            if row is not None:
                record_opened.send(
                    sender=self.model, request=request, person_id=getattr(row, self.person_field), object_id=row.pk
                )
        return response
