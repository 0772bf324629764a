"""The order of the tests under pytest-xdist, so that both cores stay busy to the end of the run.

pytest-django orders the collection: tests in a transaction first, then the transactional ones (live servers, real
Celery workers, browsers: the slowest by far), then the tests without a database. pytest-xdist's worksteal scheduler
gives each worker a contiguous share of that list (the first n // k tests, the next, ...), and a worker that runs
out takes the last half of another's remaining tests. Left so, every transactional test sits in the last share: one
worker runs them all at the end while the other has long finished.

`verdelen` cuts the collection into the shares pytest-xdist will hand out and ends each share with its part of the
transactional tests (whole modules, spread by their number of tests); the tests without a database close the last
share, where any worker may take them. A worker keeps its own order: tests in a transaction, then transactional ones.

Only one case mixes them: a worker that ran out takes another's remaining tests, and those may still include tests
in a transaction. A transactional test leaves the database empty (pytest-django flushes it), so before such a test
`herstellen_voor` puts back what the migrations stored (organisation kinds, the koepel group, the indicator catalogue,
goals, permissions), from a copy taken before this worker's first transactional test.
"""

from __future__ import annotations

import itertools
import os
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from tests.eenmalig import transactioneel, werelden_van

IN_TRANSACTIE, TRANSACTIONEEL, ZONDER_DATABASE = 0, 1, 2

# What the migrations stored, serialised before this worker's first transactional test; and whether one ran since.
_basis: str | None = None
_geleegd = False


def soort(item: pytest.Item) -> int:
    if transactioneel(item):
        return TRANSACTIONEEL
    namen = set(getattr(item, "fixturenames", ()))
    if item.get_closest_marker("django_db") or "db" in namen or werelden_van(item):
        return IN_TRANSACTIE
    return ZONDER_DATABASE


def aandelen(aantal: int, werkers: int) -> list[int]:
    """How many tests each worker gets first, as pytest-xdist's worksteal scheduler divides them."""
    maten = []
    for j in range(werkers):
        maten.append(aantal // (werkers - j))
        aantal -= maten[-1]
    return maten


def verdelen(items: list[pytest.Item], werkers: int) -> None:
    """Reorder `items` in place (see the module's text); unchanged for one worker or when the shares do not fit."""
    if werkers < 2:
        return
    per_soort: dict[int, list[pytest.Item]] = {IN_TRANSACTIE: [], TRANSACTIONEEL: [], ZONDER_DATABASE: []}
    for item in items:
        per_soort[soort(item)].append(item)
    modules = [
        list(g) for _, g in itertools.groupby(per_soort[TRANSACTIONEEL], key=lambda i: getattr(i, "module", None))
    ]
    transactioneel_per_werker: list[list[list[pytest.Item]]] = [[] for _ in range(werkers)]
    for module in sorted(modules, key=len, reverse=True):
        min(transactioneel_per_werker, key=lambda ms: sum(map(len, ms))).append(module)

    maten = aandelen(len(items), werkers)
    zonder = per_soort[ZONDER_DATABASE]
    in_transactie = iter(per_soort[IN_TRANSACTIE])
    nieuw: list[pytest.Item] = []
    for j, maat in enumerate(maten):
        # Modules in their collected order within the share.
        eigen = sorted(transactioneel_per_werker[j], key=lambda m: items.index(m[0]))
        staart = [i for m in eigen for i in m] + (zonder if j == werkers - 1 else [])
        vooraan = maat - len(staart)
        if vooraan < 0:
            return
        nieuw += list(itertools.islice(in_transactie, vooraan)) + staart
    if len(nieuw) == len(items):
        items[:] = nieuw


def werkers() -> int:
    return int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))


def basis_bewaren() -> None:
    """Remember what the migrations stored (called once the test database is made)."""
    global _basis
    _basis = connection.creation.serialize_db_to_string()


def herstellen_voor(item: pytest.Item, blokkeerder: Any) -> None:
    """Before a test in a transaction that follows a transactional one on this worker: put back what the migrations
    stored. Here, before any fixture: a shared world (module scope) is built before the test's own fixtures."""
    global _geleegd
    s = soort(item)
    if s == TRANSACTIONEEL:
        _geleegd = True
    elif s == IN_TRANSACTIE and _geleegd and _basis is not None:
        with blokkeerder.unblock():
            basis_terugzetten(_basis)
        _geleegd = False


def migratiegegevens_terugzetten() -> None:
    """For a transactional test that needs what the migrations stored (loading the demo, say): put it back."""
    if _basis is None:
        raise RuntimeError("The copy of the migrations' data is taken when the test database is made (conftest).")
    basis_terugzetten(_basis)


def basis_terugzetten(basis: str) -> None:
    # The flush after the transactional test made permissions and content types again (post_migrate), with other
    # keys: empty the tables for real, then load the copy.
    # Sequences keep counting (as pytest-django's own flush leaves them): the copy's keys are below them, so a row
    # made after it never gets a key the copy used.
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False)
    connection.creation.deserialize_db_from_string(basis)
