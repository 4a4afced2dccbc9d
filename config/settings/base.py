"""Settings shared by every environment, all driven by environment variables.

DATABASE_URL      sqlite:///PATH (default: db.sqlite3 in the repository root) or postgres://…
DJANGO_DEBUG      1 turns DEBUG on (off by default)
SECRET_KEY        or SECRET_KEY_FILE naming a file that holds it; required unless DEBUG
ALLOWED_HOSTS     comma-separated (default: localhost, 127.0.0.1, [::1])
"""

from __future__ import annotations

import os
from pathlib import Path

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

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
