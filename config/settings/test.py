"""Settings for the test suite: base settings with a fixed key and a fast password hasher.

django-axes and the second factor are off here: Django's test client logs in without a request (which axes
needs) and the browser journeys log in with a password only. tests/foundation/test_login_*.py turn them on.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "danhgia-test-only-not-secret")

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AXES_ENABLED = False
DANHGIA_REQUIRE_2FA = False

# A test's transaction never commits, so statistics queued for after the commit would never be refreshed: the
# tests refresh them in the writer's transaction. danhgia/apps/reports/tests/test_statistics_queue.py runs the
# deferred path (the default) on PostgreSQL with committed transactions.
STATISTICS_DEFERRED = False
