"""Settings for a deployment behind an HTTPS reverse proxy.

Adds to the base settings: compressed, hashed static files (run `manage.py collectstatic`),
secure cookies, HSTS (with preload) and HTTPS redirects, and the second factor for administrators and
deciders. DJANGO_SECURE_SSL_REDIRECT=0 turns the redirect off when the proxy already does it.
`manage.py check --deploy` reports nothing with these settings (tests/foundation/test_deploy_check.py).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_flag
from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, DEBUG, STORAGES

if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG=1 không được dùng khi triển khai (DEBUG must be off in production)")

STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Asks browsers' preload lists to be allowed to hold the domain (submitting it is the operator's step, at
# hstspreload.org); DJANGO_SECURE_HSTS_PRELOAD=0 leaves the directive out.
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
# Administrators and deciders verify a TOTP code after their password (docs/SECURITY.md). Turning it off
# (DANHGIA_REQUIRE_2FA=0) makes `check --deploy` warn (access.W001).
DANHGIA_REQUIRE_2FA = env_flag("DANHGIA_REQUIRE_2FA", default=True)

# MEDIA_ROOT holds evidence attached to self-reviews: it is private. Files are served only through the
# access-checked view (selfservice:evidence_file); never map MEDIA_URL in the web server.
