"""Settings shared by every environment, all driven by environment variables.

DATABASE_URL      sqlite:///PATH (default: db.sqlite3 in the repository root) or postgres://…
DJANGO_DEBUG      1 turns DEBUG on (off by default)
SECRET_KEY        or SECRET_KEY_FILE naming a file that holds it; required unless DEBUG
ALLOWED_HOSTS     comma-separated (default: localhost, 127.0.0.1, [::1])
DANHGIA_REQUIRE_2FA  1 makes administrators and deciders verify a TOTP code after their password
                  (default: on unless DEBUG; production.py turns it on)
DANHGIA_PROXY_COUNT  how many reverse proxies that append to X-Forwarded-For stand before the server
                  (default 0: the client's address is REMOTE_ADDR); login throttling counts per address
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_flag, env_list, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        base_dir=BASE_DIR,
    )
}

DEBUG = env_flag("DJANGO_DEBUG")
SECRET_KEY = secret_key(debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
DANHGIA_AUDIT_KEY, DANHGIA_AUDIT_KEY_FILE = (
    os.environ.get("DANHGIA_AUDIT_KEY", ""),
    os.environ.get("DANHGIA_AUDIT_KEY_FILE", ""),
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "ninja",
    "danhgia.apps.web",
    "danhgia.apps.demo",
    "danhgia.apps.orgs",
    "danhgia.apps.audit",
    "danhgia.apps.access",
    "danhgia.apps.cycles",
    "danhgia.apps.reviews",
    "danhgia.apps.spreadsheets",
    "danhgia.apps.selfservice",
    "danhgia.apps.reports",
    "danhgia.apps.boards",
    "danhgia.apps.rules",
    "danhgia.apps.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # after messages and htmx (they use both): idle and absolute session timeouts, then the second factor
    "danhgia.apps.access.middleware.SessionTimeoutMiddleware",
    "danhgia.apps.access.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danhgia.apps.web.context_processors.product",
                "danhgia.apps.web.context_processors.navigation",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- Logins (docs/SECURITY.md) ----------------------------------------------------------------------
# django-axes refuses a login, the right password included, after AXES_FAILURE_LIMIT failures of one
# username from one address, until AXES_COOLOFF_TIME has passed since the last failure; every failure is
# kept (AccessAttempt, AccessFailureLog), every login and logout too (AccessLog). The admin unlocks by
# deleting the access attempt.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True  # a try while locked is recorded and restarts the wait
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "danhgia.apps.access.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "danhgia.apps.access.lockout.client_ip"


def _proxy_count() -> int:
    raw = os.environ.get("DANHGIA_PROXY_COUNT", "0").strip()
    if not raw.isdigit():
        raise ImproperlyConfigured(
            f"DANHGIA_PROXY_COUNT không hợp lệ (invalid DANHGIA_PROXY_COUNT): {raw!r}; use 0, 1, 2 …"
        )
    return int(raw)


DANHGIA_PROXY_COUNT = _proxy_count()

# A second factor (TOTP, django-otp) for superusers, staff and holders of the decider or administrator
# role: after the password they verify a code, or enrol an authenticator app first.
DANHGIA_REQUIRE_2FA = env_flag("DANHGIA_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "danhgia"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret

# A session ends after DANHGIA_SESSION_IDLE_TIMEOUT without a request, and DANHGIA_SESSION_ABSOLUTE_TIMEOUT
# after the login whatever happens (access/middleware.py); the cookie lives no longer than that.
DANHGIA_SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
DANHGIA_SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(DANHGIA_SESSION_ABSOLUTE_TIMEOUT.total_seconds())

# Content-Security-Policy (django-csp): scripts and style sheets from this site only. Two exceptions,
# both narrow (docs/SECURITY.md): style attributes (the quota meters' widths, boards/_meter.html), and by
# hash the two inline <style> elements we ship: the one htmx adds for its indicators and the registry
# admin's (orgs/templates/admin/orgs/change_form.html). tests/foundation/test_csp.py recomputes both.
HTMX_INDICATOR_STYLE_HASH = "'sha256-faU7yAF8NxuMTNEwVmBz+VcYeIoBQ2EMHW3WaVxCvnk='"
REGISTRY_ADMIN_STYLE_HASH = "'sha256-69yGOcx8yrSuMDMS+o9hXIh5Rcr+CIlLHiZH89fUcR0='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF, HTMX_INDICATOR_STYLE_HASH, REGISTRY_ADMIN_STYLE_HASH],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "vi"
# Language names stay in their own language in the switcher.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]  # dd/mm/yyyy in both languages (config/formats/)
USE_TZ = True

STATIC_URL = "static/"
# WhiteNoise serves the apps' static folders directly; production.py collects them instead.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "media/"
