"""Settings for the test suite: base settings with a fixed key and a fast password hasher."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "danhgia-test-only-not-secret")

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
