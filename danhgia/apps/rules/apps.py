from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class RulesConfig(AppConfig):
    name = "danhgia.apps.rules"
    label = "rules"
    verbose_name = pgettext_lazy("rules", "Basis of classification")
