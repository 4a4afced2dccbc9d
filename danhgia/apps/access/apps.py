from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "danhgia.apps.access"
    label = "access"
    verbose_name = _("Roles and scopes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from danhgia.apps.access import checks  # noqa: F401  (registers the deploy check)
        from danhgia.apps.access.middleware import stamp_login

        # Records the login time the session timeouts count from (not control flow: nothing is decided here).
        user_logged_in.connect(stamp_login, dispatch_uid="danhgia.access.stamp_login")
