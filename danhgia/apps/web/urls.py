from __future__ import annotations

from django.urls import path

from danhgia.apps.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
