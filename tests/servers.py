"""Real servers for the tests that need them: PostgreSQL, Redis, a Celery worker, gunicorn, chromium.

Locally a missing server skips the test; under CI=true it fails it (see conftest.ontbreekt).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import functools
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
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


def werker_starten(env: dict[str, str], log: Path, *extra: str) -> subprocess.Popen[bytes]:
    """A real Celery worker in its own process group, so a kill -9 takes its children (the pool's) along."""
    with log.open("ab") as uit:
        return subprocess.Popen(
            worker_args(*extra), env=env, stdout=uit, stderr=subprocess.STDOUT, start_new_session=True
        )


def werker_stoppen(werker: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Stop the worker's whole process group: SIGTERM lets it finish, SIGKILL is a crash."""
    if werker.poll() is None:
        os.killpg(werker.pid, sig)
        werker.wait(timeout=30)


@contextlib.contextmanager
def echte_werkers(var: Path) -> Iterator[dict[str, str]]:
    """Tasks go to Redis instead of running in-process; yields the environment for worker processes.

    The workers and the test share the database and the media folder `var`/media.
    """
    from django.test import override_settings

    from config.celery import app as celery_app

    postgres_vereist()
    redis_vereist()
    eerder = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with override_settings(MEDIA_ROOT=var / "media"):
            yield server_env(REGIO_VAR_DIR=str(var), HOME=str(var))
    finally:
        celery_app.conf.task_always_eager = eerder


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
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        ontbreekt(f"this test needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
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
        # The test process's key as an earlier one: the server reads the two-factor secrets the test process
        # encrypted (regio/geheimen.py derives keys from SECRET_KEY and its fallbacks) and its signed values.
        "SECRET_KEY_FALLBACKS": settings.SECRET_KEY,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL or "",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Uploaded files must be where the test process put them.
        "REGIO_VAR_DIR": str(settings.VAR_DIR),
    }
    env.update(extra)
    return env


@functools.cache
def var_met_static() -> Path:
    """A REGIO_VAR_DIR of this process whose static files are collected (production settings need the manifest).

    collectstatic compresses every file (25 CPU seconds on the CI machine), so its result is kept under the system's
    temporary folder, named after everything it is made from (`_static_sleutel`), and shared by every xdist worker
    and every later run with the same files: only the first makes it (under a lock), the others link to it.
    """
    var = Path(tempfile.mkdtemp(prefix="regio-var-"))
    atexit.register(shutil.rmtree, var, ignore_errors=True)
    (var / "staticfiles").symlink_to(_verzamelde_static())
    return var


def _static_sleutel() -> str:
    """A hash of what collectstatic's output depends on: the project's static files, the settings and the locked
    package versions (Django's admin, allauth and whitenoise bring their own files and storage)."""
    h = hashlib.sha256()
    for pad in sorted((ROOT / "static").rglob("*")):
        if pad.is_file():
            h.update(str(pad.relative_to(ROOT)).encode() + b"\0" + pad.read_bytes())
    for naam in ("config/settings.py", "requirements/dev.lock"):
        h.update((ROOT / naam).read_bytes())
    return h.hexdigest()[:16]


def _verzamelde_static() -> Path:
    doel = Path(tempfile.gettempdir()) / f"regio-staticfiles-{_static_sleutel()}"
    with (Path(tempfile.gettempdir()) / f"{doel.name}.lock").open("w") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX)
        if not (doel / "staticfiles.json").is_file():
            bouw = Path(tempfile.mkdtemp(prefix=f"{doel.name}-bouw-"))
            try:
                env = server_env(REGIO_VAR_DIR=str(bouw))
                subprocess.run(
                    [str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"],
                    env=env,
                    cwd=ROOT,
                    check=True,
                )
                shutil.rmtree(doel, ignore_errors=True)
                (bouw / "staticfiles").rename(doel)
            finally:
                shutil.rmtree(bouw, ignore_errors=True)
    return doel


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


def openen(opener: urllib.request.OpenerDirector, url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
    """GET (or POST `data`) on a server of our own: status and body; status 0 when nothing answers."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(urllib.request.Request(url, data=body), timeout=30) as r:  # noqa: S310 - loopback only
            return r.status, r.read().decode()
    except urllib.error.HTTPError as fout:
        return fout.code, fout.read().decode()
    except OSError:
        return 0, ""


class Tussenstation:
    """A TCP relay between a server process and the database that a test can cut and restore.

    `verbreken()` drops every connection and refuses new ones (the database is unreachable, as when its host
    goes away); `openen()` lets connections through again on the same port.
    """

    def __init__(self, host: str, poort: int) -> None:
        self.doel = (host, poort)
        self.poort = vrije_poort()
        self._luisteraar: socket.socket | None = None
        self._verbindingen: list[socket.socket] = []
        self._slot = threading.Lock()

    def openen(self) -> None:
        luisteraar = socket.socket()
        luisteraar.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        luisteraar.bind(("127.0.0.1", self.poort))
        luisteraar.listen(16)
        self._luisteraar = luisteraar
        threading.Thread(target=self._aannemen, args=(luisteraar,), daemon=True).start()

    def verbreken(self) -> None:
        if self._luisteraar is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would leave it accepting.
            with contextlib.suppress(OSError):
                self._luisteraar.shutdown(socket.SHUT_RDWR)
            self._luisteraar.close()
            self._luisteraar = None
        with self._slot:
            for verbinding in self._verbindingen:
                with contextlib.suppress(OSError):
                    verbinding.shutdown(socket.SHUT_RDWR)
                verbinding.close()
            self._verbindingen.clear()

    def _aannemen(self, luisteraar: socket.socket) -> None:
        while True:
            try:
                klant, _adres = luisteraar.accept()
            except OSError:
                return  # closed by verbreken()
            try:
                server = socket.create_connection(self.doel, timeout=5)
            except OSError:
                klant.close()
                continue
            server.settimeout(None)
            with self._slot:
                self._verbindingen += [klant, server]
            for van, naar in ((klant, server), (server, klant)):
                threading.Thread(target=self._doorgeven, args=(van, naar), daemon=True).start()

    @staticmethod
    def _doorgeven(van: socket.socket, naar: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while stuk := van.recv(65536):
                naar.sendall(stuk)
        with contextlib.suppress(OSError):
            naar.shutdown(socket.SHUT_WR)
