from django.urls import path

from danhgia.apps.pipeline import views

app_name = "pipeline"
urlpatterns = [
    path("cycle/<int:cycle>/progress/", views.job_progress_view, name="progress"),
    path("cycle/<int:cycle>/<str:kind>/", views.job_start_view, name="start"),
]
