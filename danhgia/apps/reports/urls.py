from __future__ import annotations

from django.urls import path

from danhgia.apps.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("export/", views.export, name="export"),
    path("refresh/", views.refresh, name="refresh"),
    path("jobs/<int:pk>/", views.job_status, name="job"),
    path("jobs/<int:pk>/file/", views.job_download, name="job_file"),
    path("review/<int:pk>/form.docx", views.review_form, name="review_form"),
]
