from __future__ import annotations

from django.urls import path

from danhgia.apps.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.notice, name="notice"),
    path("mine/", views.mine, name="mine"),
    path("mine/export.json", views.export, name="export"),
    path("person/<int:pk>/export.json", views.person_export, name="person_export"),
]
