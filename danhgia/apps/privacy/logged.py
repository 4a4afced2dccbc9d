"""An admin mixin that logs each opening of a person's page or record (a read of their personal data)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse

from danhgia.apps.privacy.services import access_log


class ReadLoggedAdmin(admin.ModelAdmin):
    """`read_what` (a privacy.models.Read) is logged when the change page of a row about a person is shown."""

    read_what = ""
    person_field = "person_id"  # the row's person; "pk" for Person itself

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            row = self.get_object(request, unquote(object_id))
            if row is not None:
                person_id = getattr(row, self.person_field)
                access_log(request=request, person_id=person_id, what=self.read_what, object_id=row.pk)
        return response
