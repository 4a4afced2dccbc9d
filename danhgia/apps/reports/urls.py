from __future__ import annotations

from django.urls import path

from danhgia.apps.reports import signing_views, views

app_name = "reports"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("units/", views.units_found, name="units_found"),
    path("units/below/", views.units_below, name="units_below"),
    path("export/", views.export, name="export"),
    path("refresh/", views.refresh, name="refresh"),
    path("jobs/<int:pk>/", views.job_status, name="job"),
    path("jobs/<int:pk>/file/", views.job_download, name="job_file"),
    path("review/<int:pk>/form.docx", views.review_form, name="review_form"),
    path("signed/decision/<int:cycle>/<int:unit>.pdf", signing_views.signed_decision, name="signed_decision"),
    path("signed/statistics/<int:cycle>/<int:unit>.pdf", signing_views.signed_statistics, name="signed_statistics"),
    path("signed/verify/", signing_views.verify, name="verify_signed"),
]
