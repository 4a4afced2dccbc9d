from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SelfserviceConfig(AppConfig):
    name = "danhgia.apps.selfservice"
    label = "selfservice"
    verbose_name = pgettext_lazy("selfservice", "Self-review and unit board")
