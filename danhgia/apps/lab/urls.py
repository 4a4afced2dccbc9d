from __future__ import annotations

from django.urls import path

from danhgia.apps.lab import report_views, views

app_name = "lab"
urlpatterns = [
    path("", views.drafts_page, name="drafts"),
    path("drafts/<int:pk>/", views.draft_page, name="draft"),
    path("drafts/<int:pk>/rules/new/", views.rule_page, name="rule_new"),
    path("drafts/<int:pk>/rules/<slug:code>/", views.rule_page, name="rule"),
    path("drafts/<int:pk>/file/", views.text_page, name="text"),
    path("drafts/<int:pk>/replay/", views.replay_page, name="replay_pick"),
    path("drafts/<int:pk>/replay/<int:cycle_pk>/", views.replay_page, name="replay"),
    path("drafts/<int:pk>/replay/<int:cycle_pk>/export.<str:fmt>", views.replay_export, name="replay_export"),
    path("report/", report_views.report_page, name="report"),
    path("report/report.docx", report_views.report_docx_download, name="report_docx"),
]
