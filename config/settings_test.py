"""Test settings: the real settings with a fixed test key, fast hashing and Celery eager by default.

Tests that exercise a real worker switch eagerness off themselves (tests/worker.py).
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("REGIO_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"))

from config.settings import *  # noqa: F403

# Fast hashing in tests; PBKDF2 stays available for users a real server process must verify.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
CELERY_TASK_ALWAYS_EAGER = True
# Tests load the demo with DEBUG off; tests/regio/test_laden.py checks the refusal without this flag.
REGIO_DEMOSERVER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Each test starts with an empty in-process cache (rate-limit counters); the Redis cache is
# exercised by the gunicorn smoke test, which runs the real settings.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STATIC_ROOT = None  # type: ignore[assignment]  # tests serve static files through the finders; nothing is collected
WHITENOISE_USE_FINDERS = True
