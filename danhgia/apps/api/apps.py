from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ApiConfig(AppConfig):
    name = "danhgia.apps.api"
    label = "api"
    verbose_name = pgettext_lazy("api", "Connected systems (API)")
    default_auto_field = "django.db.models.BigAutoField"
