from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabConfig(AppConfig):
    name = "danhgia.apps.lab"
    label = "lab"
    verbose_name = _("Rule lab")
    default_auto_field = "django.db.models.BigAutoField"
