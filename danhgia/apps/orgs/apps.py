from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "danhgia.apps.orgs"
    label = "orgs"
    verbose_name = _("Organisations and people")
    default_auto_field = "django.db.models.BigAutoField"
