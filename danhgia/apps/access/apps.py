from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "danhgia.apps.access"
    label = "access"
    verbose_name = _("Roles and scopes")
    default_auto_field = "django.db.models.BigAutoField"
