"""PostgreSQL test databases copied from a migrated template instead of each migrated anew.

Migrating an empty database costs about 40 CPU seconds (Django renders the model states of 85 migrations), and every
pytest-xdist worker did it at the start of every run. On PostgreSQL the first worker now migrates a template database
once, named after a hash of everything that shapes it (this project's migrations, the locked packages whose
migrations run, Django's version); every worker copies it (`CREATE DATABASE ... TEMPLATE`, under a second) and
Django's own set-up then finds the database there and migrates nothing (`keepdb`). The template stays on the
server for the next run, as mypy keeps its cache; a changed migration or lock gives a new name, and older
templates are dropped when a new one is made. SQLite (`make test` without DATABASE_URL) migrates as before.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import django
import psycopg
from django.db import connection
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VOORVOEGSEL = "regio_sjabloon_"
_SLOT = 7_300_411  # pg_advisory_lock key: one worker at a time makes the template


def _vingerafdruk() -> str:
    h = hashlib.sha256(django.get_version().encode())
    bestanden = [*sorted(ROOT.glob("*/migrations/*.py")), ROOT / "requirements" / "dev.lock"]
    for pad in bestanden:
        h.update(str(pad.relative_to(ROOT)).encode())
        h.update(pad.read_bytes())
    return h.hexdigest()[:16]


@contextmanager
def _beheer() -> Iterator[psycopg.Connection]:
    s = connection.settings_dict
    with psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as beheer:
        yield beheer


def _bestaat(beheer: psycopg.Connection, naam: str) -> bool:
    return beheer.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone() is not None


def _url(naam: str) -> str:
    s = connection.settings_dict
    gebruiker = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "") + "@" if s["USER"] else ""
    return f"postgres://{gebruiker}{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{naam}"


def _maken(beheer: psycopg.Connection, sjabloon: str) -> None:
    """Migrate a new database as Django's test set-up does, then give it the template's name (only a whole
    template ever has that name)."""
    bouw = f"{sjabloon}_bouw"
    beheer.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(bouw)))
    beheer.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(bouw)))
    env = {**os.environ, "DATABASE_URL": _url(bouw), "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    env.pop("PYTEST_XDIST_WORKER", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--run-syncdb", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    for (oud,) in beheer.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [VOORVOEGSEL + "%"]):
        if oud != bouw:
            beheer.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(oud)))
    beheer.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(bouw), sql.Identifier(sjabloon)))


def kopieren() -> str | None:
    """Make this worker's test database as a copy of the template (making the template first if needed); the
    database's name, or None where this does not apply (not PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None
    s = connection.settings_dict
    testnaam = s["TEST"].get("NAME") or f"test_{s['NAME']}"
    sjabloon = VOORVOEGSEL + _vingerafdruk()
    with _beheer() as beheer:
        beheer.execute("SELECT pg_advisory_lock(%s)", [_SLOT])
        try:
            if not _bestaat(beheer, sjabloon):
                _maken(beheer, sjabloon)
            beheer.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(testnaam)))
            beheer.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(testnaam), sql.Identifier(sjabloon))
            )
        finally:
            beheer.execute("SELECT pg_advisory_unlock(%s)", [_SLOT])
    return testnaam


def weggooien(testnaam: str) -> None:
    connection.close()
    with _beheer() as beheer:
        beheer.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(testnaam)))
