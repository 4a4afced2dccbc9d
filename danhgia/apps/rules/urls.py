from __future__ import annotations

from django.urls import path

from danhgia.apps.rules import views

app_name = "rules"
urlpatterns = [
    path("", views.basis_page, name="basis"),
]
