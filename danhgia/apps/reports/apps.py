from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    name = "danhgia.apps.reports"
    label = "reports"
    verbose_name = pgettext_lazy("reports", "Statistics and reports")
