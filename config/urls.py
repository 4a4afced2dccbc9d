"""URLs. Pages live under i18n_patterns: Vietnamese without a prefix, English under /en/."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from danhgia.apps.web.views import set_language

admin.site.site_header = _("danhgia administration")
admin.site.site_title = "danhgia"
admin.site.index_title = _("Administration")

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("danhgia.apps.api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/2fa/", include("danhgia.apps.access.urls")),
    path("import/", include("danhgia.apps.spreadsheets.urls")),
    path("reports/", include("danhgia.apps.reports.urls")),
    path("privacy/", include("danhgia.apps.privacy.urls")),
    path("rules/", include("danhgia.apps.rules.urls")),
    path("consultation/", include("danhgia.apps.consultation.urls")),
    path("lab/", include("danhgia.apps.lab.urls")),
    path("", include("danhgia.apps.selfservice.urls")),
    path("", include("danhgia.apps.boards.urls")),
    path("", include("danhgia.apps.web.urls")),
    prefix_default_language=False,
)
