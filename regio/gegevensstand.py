"""The data's "stand": a number in the shared cache that changes after every write to the database, by any process.

A page that may keep what it showed (the dashboard, `regio/views.py`) puts the stand in its key: whatever was
written since, through a service, the admin, a bulk update, a worker's import or a management command, gives a
new stand and so a new key. Nothing has to know which page depends on which table.

How: a wrapper around every query on every database connection (`installeren`, from RegioConfig.ready) looks at
the statement; an INSERT, UPDATE, DELETE or anything else that is not a SELECT raises the stand at once, and
again when its transaction commits. At once, so the same process sees its own write straight away (the tests run
inside one transaction that never commits); at the commit, so a page another process built from the data of just
before the commit, under the stand raised at once, is never found again. Writes to the session table alone
(signing in, a message for the next page) do not count: they change no data a page shows.

Only sound when every process shares the cache (Redis: `bewaren_mogelijk`): with a cache per process, a write in
the worker or in a command would not reach the web process. If the cache cannot be reached, `stand()` gives None
and nothing is kept; what was kept expires after at most the time its page gives it.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

log = logging.getLogger(__name__)

SLEUTEL = "regio:gegevensstand"
_LEZEN = ("SELECT", "SAVEPOINT", "RELEASE", "SET", "SHOW", "BEGIN", "EXPLAIN", "PRAGMA", "WITH")


def bewaren_mogelijk() -> bool:
    """May a page keep what it showed? Only with a cache shared by all processes, or where the settings say so
    (the tests: one process)."""
    return bool(getattr(settings, "REGIO_GEGEVENSSTAND", False))


def stand() -> int | None:
    """The current stand, or None when pages must not keep anything (not shared, or the cache is unreachable)."""
    if not bewaren_mogelijk():
        return None
    try:
        waarde = cache.get(SLEUTEL)
        if waarde is None:
            # A random start: after the cache lost the number (a restart of Redis), no old key comes back.
            cache.add(SLEUTEL, secrets.randbelow(2**62), timeout=None)
            waarde = cache.get(SLEUTEL)
    except Exception:  # an unreachable cache means: build the page, keep nothing
        log.warning("gegevensstand: cache not reachable, nothing kept", exc_info=True)
        return None
    return int(waarde) if waarde is not None else None


def ophogen() -> None:
    """Raise the stand (after a write)."""
    try:
        cache.incr(SLEUTEL)
    except ValueError:  # not there (yet, or any more): a new random start is a new stand too
        with contextlib.suppress(Exception):
            cache.set(SLEUTEL, secrets.randbelow(2**62), timeout=None)
    except Exception:  # unreachable: stand() cannot be read either, so nothing is kept meanwhile
        log.warning("gegevensstand: could not raise the stand", exc_info=True)


def _schrijft(sql: str) -> bool:
    begin = sql.lstrip()[:12].upper()
    if begin.startswith(_LEZEN) and not (begin.startswith("WITH") and _schrijvende_with(sql)):
        return False
    # A write to the session table only (signing in, messages, the language) changes nothing a page keeps.
    return 'django_session"' not in sql[:60]


def _schrijvende_with(sql: str) -> bool:
    hoofd = sql.upper()
    return any(woord in hoofd for woord in ("INSERT ", "UPDATE ", "DELETE "))


def _na_commit_gepland(verbinding: BaseDatabaseWrapper) -> bool:
    return any(item[1] is ophogen for item in verbinding.run_on_commit)


def _wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    uitkomst = execute(sql, params, many, context)
    if bewaren_mogelijk() and _schrijft(sql):
        verbinding: BaseDatabaseWrapper = context["connection"]
        ophogen()
        if verbinding.in_atomic_block and not _na_commit_gepland(verbinding):
            transaction.on_commit(ophogen, using=verbinding.alias)
    return uitkomst


def _aansluiten(verbinding: BaseDatabaseWrapper) -> None:
    # First in the list: Django's execute_wrapper() context managers pop the last one when they end.
    if _wrapper not in verbinding.execute_wrappers:
        verbinding.execute_wrappers.insert(0, _wrapper)


def _bij_verbinding(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    _aansluiten(connection)


def installeren() -> None:
    """Watch every connection of this process, the open ones and those opened later."""
    connection_created.connect(_bij_verbinding, dispatch_uid="regio.gegevensstand")
    for verbinding in connections.all(initialized_only=True):
        _aansluiten(verbinding)
