from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "danhgia.apps.cycles"
    label = "cycles"
    verbose_name = _("Review cycles")
    default_auto_field = "django.db.models.BigAutoField"
