from __future__ import annotations

from django.urls import path

from danhgia.apps.spreadsheets import views

app_name = "spreadsheets"
urlpatterns = [
    path("", views.import_page, name="import"),
    path("template/<str:kind>/", views.template_download, name="template"),
    path("report/<str:token>/", views.report_download, name="report"),
]
