from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfserviceConfig(AppConfig):
    name = "danhgia.apps.selfservice"
    label = "selfservice"
    verbose_name = _("Self-review and unit board")
