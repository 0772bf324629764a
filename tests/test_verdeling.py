"""The order of the tests over pytest-xdist's workers, and putting back the migrations' data (tests/verdeling.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from regio.models import OrganisatieSoort
from regiobeeld.models import Indicator
from tests import verdeling
from tests.verdeling import IN_TRANSACTIE, TRANSACTIONEEL, ZONDER_DATABASE


class _Test(SimpleNamespace):
    def get_closest_marker(self, naam: str) -> object:
        return self.marker if naam == "django_db" else None


def _test(module: str, soort: int, n: int) -> _Test:
    marker = {IN_TRANSACTIE: SimpleNamespace(kwargs={}), TRANSACTIONEEL: SimpleNamespace(kwargs={"transaction": True})}
    return _Test(
        module=module,
        nodeid=f"{module}::{n}",
        fixturenames=["db"] if soort != ZONDER_DATABASE else [],
        marker=marker.get(soort),
    )


def _verzameling() -> list[_Test]:
    """As pytest-django orders it: in a transaction, transactional, without database."""
    tests = [_test(m, IN_TRANSACTIE, n) for m in "abcdef" for n in range(10)]
    tests += [_test("browser1", TRANSACTIONEEL, n) for n in range(4)]
    tests += [_test("browser2", TRANSACTIONEEL, n) for n in range(3)]
    tests += [_test("storingen", TRANSACTIONEEL, n) for n in range(2)]
    return tests + [_test("woorden", ZONDER_DATABASE, n) for n in range(5)]


@pytest.mark.parametrize("werkers", [2, 3, 4])
def test_each_worker_s_share_ends_with_its_part_of_the_transactional_tests(werkers: int) -> None:
    tests = _verzameling()
    geordend = list(tests)
    verdeling.verdelen(geordend, werkers)  # type: ignore[arg-type]

    assert sorted(t.nodeid for t in geordend) == sorted(t.nodeid for t in tests)
    begin = 0
    transactioneel_per_aandeel = []
    for maat in verdeling.aandelen(len(tests), werkers):
        soorten = [verdeling.soort(t) for t in geordend[begin : begin + maat]]  # type: ignore[arg-type]
        # Within a share: in a transaction, then transactional, then (last share only) without database.
        assert soorten == sorted(soorten)
        transactioneel_per_aandeel.append(soorten.count(TRANSACTIONEEL))
        begin += maat
    # Every share has transactional tests (whole modules: 4, 3 and 2 tests) when there are enough modules.
    assert sum(transactioneel_per_aandeel) == 9
    assert min(transactioneel_per_aandeel) > 0 or werkers > 3
    assert [t.module for t in geordend[-5:]] == ["woorden"] * 5
    # Modules stay together and in their order.
    for module in ("browser1", "browser2", "storingen"):
        plaatsen = [i for i, t in enumerate(geordend) if t.module == module]
        assert plaatsen == list(range(plaatsen[0], plaatsen[0] + len(plaatsen)))


def test_one_worker_keeps_pytest_django_s_order() -> None:
    tests = _verzameling()
    geordend = list(tests)
    verdeling.verdelen(geordend, 1)  # type: ignore[arg-type]
    assert geordend == tests


def test_the_shares_are_cut_as_pytest_xdist_cuts_them() -> None:
    assert verdeling.aandelen(11, 2) == [5, 6]
    assert verdeling.aandelen(10, 3) == [3, 3, 4]


@pytest.mark.django_db(transaction=True)
def test_what_the_migrations_stored_comes_back_after_a_flush() -> None:
    from django.db import connection

    # A transactional test may have emptied the database before this one: start from the copy taken after the
    # test database was made.
    basis = verdeling._basis or connection.creation.serialize_db_to_string()
    verdeling.basis_terugzetten(basis)
    voor = (
        Indicator.objects.count(),
        OrganisatieSoort.objects.count(),
        Group.objects.count(),
        Permission.objects.count(),
    )
    assert min(voor) > 0
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)  # as pytest-django flushes
    assert (Indicator.objects.count(), OrganisatieSoort.objects.count(), Group.objects.count()) == (0, 0, 0)

    verdeling.basis_terugzetten(basis)

    na = (
        Indicator.objects.count(),
        OrganisatieSoort.objects.count(),
        Group.objects.count(),
        Permission.objects.count(),
    )
    assert na == voor
    assert Group.objects.get().permissions.exists()
