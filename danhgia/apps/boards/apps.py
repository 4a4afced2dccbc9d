from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class BoardsConfig(AppConfig):
    name = "danhgia.apps.boards"
    label = "boards"
    verbose_name = pgettext_lazy("boards", "Boards")
    default_auto_field = "django.db.models.BigAutoField"
