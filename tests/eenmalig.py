"""Test data built once for many tests, as Django's TestCase.setUpTestData does it.

A world of personas and their documents costs hundreds of queries to build. Built once per module (per xdist
worker), it lives in a transaction that stays open while the tests that use it run; each of those tests runs in a
savepoint inside it (pytest-django's `db`), so what one test changes is undone before the next, and each test gets
its own deep copy of the Python objects. After the last of them the transaction is rolled back.

`eenmalige_wereld(naam, bouwen)` makes such a module-scoped fixture. Two rules keep the tests independent, both kept by
`volgorde` (called from conftest's collection hook) and `sluiten_voor` (its setup hook):
- no test sees a world it did not ask for: in each run of a module's tests, those that use none come first, then
  the tests of each world together;
- a transactional test (which commits for real) never runs inside that transaction: it is closed first.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.db import connection, transaction

T = TypeVar("T")

# The fixtures made by eenmalige_wereld, by name, and the one transaction open at a time (with its fixture's name).
WERELDEN: set[str] = set()
_open: list[tuple[str, transaction.Atomic]] = []


def eenmalige_wereld(naam: str, bouwen: Callable[[], T]) -> Callable[..., Iterator[T]]:
    """A module-scoped fixture `naam` whose value `bouwen()` makes once; tests ask for it through `kopie(...)`."""
    WERELDEN.add(naam)

    @pytest.fixture(scope="module", name=naam)
    def fixture(django_db_setup: None, django_db_blocker: Any) -> Iterator[T]:
        sluiten(django_db_blocker)
        with django_db_blocker.unblock():
            buiten = transaction.atomic()
            # As Django's TestCase marks its own: a durable block in product code may run inside it.
            buiten._from_testcase = True  # type: ignore[attr-defined]
            buiten.__enter__()
            _open.append((naam, buiten))
            gebouwd = bouwen()
            # Check the deferred foreign keys of what was built now, once. Left pending, they were checked again at
            # the end of every test (pytest-django checks constraints before rolling back the test's savepoint, and
            # the rollback makes them pending again): seconds of PostgreSQL per test on a world as big as the demo.
            connection.check_constraints()
        yield gebouwd
        sluiten(django_db_blocker)

    return fixture


def kopie(gebouwd: T, naam: str) -> T:
    """This test's own copy of the objects built once (a test may change them freely)."""
    if not any(n == naam for n, _ in _open):
        raise RuntimeError(f"The shared world {naam!r} was rolled back before this test: see tests/eenmalig.py")
    return copy.deepcopy(gebouwd)


def sluiten(django_db_blocker: Any) -> None:
    """Roll back the open shared world, if any."""
    while _open:
        _naam, buiten = _open.pop()
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            buiten.__exit__(None, None, None)


def werelden_van(item: pytest.Item) -> tuple[str, ...]:
    return tuple(sorted(WERELDEN.intersection(getattr(item, "fixturenames", ()))))


def volgorde(items: list[pytest.Item]) -> None:
    """Within each run of consecutive tests of one module (pytest-django has put the tests that use the database
    in a transaction first, then the transactional ones, then the rest), the tests without a shared world first,
    then each world's tests together. Sorting is stable: otherwise the order stays."""
    begin = 0
    for i in range(1, len(items) + 1):
        if i == len(items) or getattr(items[i], "module", None) is not getattr(items[begin], "module", None):
            items[begin:i] = sorted(items[begin:i], key=werelden_van)
            begin = i


def transactioneel(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    namen = getattr(item, "fixturenames", ())
    return (
        bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in namen
        or "live_server" in namen
    )


def sluiten_voor(item: pytest.Item) -> None:
    """Before a test that does not use the open shared world (a transactional one above all), roll it back."""
    from pytest_django.plugin import blocking_manager_key

    if transactioneel(item) and werelden_van(item):
        raise pytest.UsageError(f"{item.nodeid}: a transactional test cannot use a shared world (tests/eenmalig.py)")
    if _open and _open[-1][0] not in werelden_van(item):
        sluiten(item.config.stash[blocking_manager_key])
