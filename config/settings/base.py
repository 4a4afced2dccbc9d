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

# DATABASE_REPLICA_URL: a streaming replica of the primary; the statistics are read from it (config/routers.py,
# docs/SCALING.md). The test runner treats it as a mirror of the primary's test database.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(os.environ["DATABASE_REPLICA_URL"], base_dir=BASE_DIR)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
REPLICA_PIN_SECONDS = 10

DEBUG = env_flag("DJANGO_DEBUG")
# Deadline reminders go out by mail only where a backend is set (EMAIL_BACKEND); DEBUG prints them.
DANHGIA_REMINDERS_BY_MAIL = bool(os.environ.get("EMAIL_BACKEND")) or DEBUG
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
SECRET_KEY = secret_key(debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
DANHGIA_AUDIT_KEY, DANHGIA_AUDIT_KEY_FILE = (
    os.environ.get("DANHGIA_AUDIT_KEY", ""),
    os.environ.get("DANHGIA_AUDIT_KEY_FILE", ""),
)

# Personal data: reads of another person's data are logged and kept this many days (manage.py privacy_purge);
# the controller named on the data-protection page.
DANHGIA_ACCESS_LOG_DAYS = int(os.environ.get("DANHGIA_ACCESS_LOG_DAYS", "730"))
DANHGIA_DATA_CONTROLLER = os.environ.get("DANHGIA_DATA_CONTROLLER", "Ban Tổ chức cấp ủy quản lý hệ thống")
DANHGIA_DATA_PROTECTION_CONTACT = os.environ.get("DANHGIA_DATA_PROTECTION_CONTACT", "")
# Signed PDFs (reports.signing, docs/SIGNING.md): the signer's PKCS#12 file and its passphrase (or a file
# holding it), the CA certificates (PEM) a signature is verified against, the largest upload verified.
DANHGIA_SIGNING_PKCS12 = os.environ.get("DANHGIA_SIGNING_PKCS12", "")
DANHGIA_SIGNING_PASSPHRASE = os.environ.get("DANHGIA_SIGNING_PASSPHRASE", "")
DANHGIA_SIGNING_PASSPHRASE_FILE = os.environ.get("DANHGIA_SIGNING_PASSPHRASE_FILE", "")
DANHGIA_SIGNING_TRUST_ROOTS = env_list("DANHGIA_SIGNING_TRUST_ROOTS", default=[])
DANHGIA_SIGNED_UPLOAD_MAX = 10 * 1024 * 1024

INSTALLED_APPS = [
    "danhgia.apps.web",  # before the admin: its templates/admin/ adds the site's styles to the administration
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
    "django_tasks",
    "django_tasks_db",
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
    "danhgia.apps.privacy",
    "danhgia.apps.lab",
    "danhgia.apps.consultation",
    "danhgia.apps.pipeline",
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
    "config.routers.ReplicaPinMiddleware",  # after sessions: reads its own writes from the primary
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

# Background work runs on django-tasks with its database backend (django-tasks-db): `manage.py db_worker`, as many
# as wanted on any host that reaches the database. A pipeline job (danhgia/apps/pipeline) is handed to
# PIPELINE_WORKERS tasks that share its shards (provinces); a shard is held under a lease of
# PIPELINE_LEASE_SECONDS, renewed while it is worked on; a worker that dies loses it when the lease runs out and a
# watchdog task hands it to another. DANHGIA_TASKS_BACKEND overrides the backend.
# STATISTICS_DEFERRED: a write queues the subtrees whose statistics it changed and they are refreshed after its
# commit (reports.services.statistics_changed), so writers never wait for each other on a cycle's statistics.
STATISTICS_DEFERRED = env_flag("STATISTICS_DEFERRED", default=True)
PIPELINE_LEASE_SECONDS = float(os.environ.get("PIPELINE_LEASE_SECONDS", "120"))
PIPELINE_WORKERS = int(os.environ.get("PIPELINE_WORKERS", "2"))
TASKS = {"default": {"BACKEND": os.environ.get("DANHGIA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
