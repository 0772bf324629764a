"""Test settings: the real settings with a fixed test key, fast hashing and Celery eager by default.

Tests that exercise a real worker switch eagerness off themselves (tests/servers.py).

Under pytest-xdist each worker process (PYTEST_XDIST_WORKER=gw0, gw1, ...) gets its own var folder (media files,
collected static files) and its own Redis database, so no worker sees, takes or removes another's files, queued
tasks or cached values. PostgreSQL test databases get a suffix per worker from pytest-django itself.
"""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")


def _per_werker(var_dir: str, redis_url: str, werker: str) -> tuple[str, str]:
    """The var folder and Redis URL of xdist worker `werker` (gwN): var_dir/gwN, and Redis database (given - N).

    Counting down from the given database keeps CI's workers on 15 and 14, away from a development instance's 0.
    """
    if os.path.basename(var_dir) != werker:
        var_dir = os.path.join(var_dir, werker)
    if redis_url:
        delen = urlsplit(redis_url)
        database = int(delen.path.strip("/") or 0) - int(werker.removeprefix("gw"))
        if database < 0:
            raise RuntimeError(f"REDIS_URL {redis_url} leaves no Redis database for pytest-xdist worker {werker}")
        redis_url = urlunsplit(delen._replace(path=f"/{database}"))
    return var_dir, redis_url


_var_dir = os.environ.get("REGIO_VAR_DIR") or os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test")
if _werker := os.environ.get("PYTEST_XDIST_WORKER"):
    # Read the Redis URL as given before this worker's, so that a process importing these settings again (with
    # the environment inherited) arrives at the same database.
    _redis_url = os.environ.setdefault("REGIO_TEST_REDIS_URL", os.environ.get("REDIS_URL", ""))
    _var_dir, os.environ["REDIS_URL"] = _per_werker(_var_dir, _redis_url, _werker)
os.environ["REGIO_VAR_DIR"] = _var_dir

from config.settings import *  # noqa: E402, F403

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
# Find a static file when it is asked for, instead of listing all of them whenever a middleware chain is built:
# every test client builds one, and the listing costs 0.15 s each time.
WHITENOISE_AUTOREFRESH = True
