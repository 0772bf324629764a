"""Real servers for the tests that need them: PostgreSQL, Redis, a Celery worker, gunicorn, chromium.

Locally a missing server skips the test; under CI=true it fails it (see conftest.ontbreekt).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.conftest import ontbreekt

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def worker_args(*extra: str) -> list[str]:
    """docker-compose's worker command, one process, quiet about its peers."""
    return [
        str(BIN / "celery"),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "-l",
        "info",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        *extra,
    ]


def postgres_vereist() -> None:
    if connection.vendor != "postgresql":
        ontbreekt("this test needs PostgreSQL (set DATABASE_URL)")


def redis_vereist() -> str:
    url = settings.REDIS_URL
    if not url:
        ontbreekt("this test needs Redis (set REDIS_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        ontbreekt(f"Redis at {url} does not answer: {exc}")
    return str(url)


def chromium_vereist() -> str:
    if not Path(CHROMIUM).exists():
        ontbreekt(f"this test needs Debian's chromium at {CHROMIUM}")
    return CHROMIUM


def test_database_url() -> str:
    """The URL of the test database pytest-django made, for a server process of our own."""
    s = connection.settings_dict
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or "5432"
    wachtwoord = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s.get('USER') or 'postgres'}{wachtwoord}@{host}:{port}/{s['NAME']}"


def server_env(**extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "test-only-secret-for-server-processes-0123456789abcdef",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL or "",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Uploaded files must be where the test process put them.
        "REGIO_VAR_DIR": str(settings.VAR_DIR),
    }
    env.update(extra)
    return env


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def proces(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as uit:
        p = subprocess.Popen(args, env=env, cwd=ROOT, stdout=uit, stderr=subprocess.STDOUT)
        try:
            yield p
        finally:
            p.terminate()
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def wacht_tot(voorwaarde: object, *, seconden: float, stap: float = 0.2) -> bool:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():  # type: ignore[operator]
            return True
        time.sleep(stap)
    return False
