from __future__ import annotations

from django.urls import path

from danhgia.apps.access import views

app_name = "access"
urlpatterns = [
    path("verify/", views.two_factor_verify, name="two_factor_verify"),
    path("enrol/", views.two_factor_enrol, name="two_factor_enrol"),
]
