"""Shared fixtures: the personas' world, and the rule that under CI a missing service fails a test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, NoReturn

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_instellingen

from tests import eenmalig, sjabloon, verdeling
from tests.contracten.werelden import contract_wereld, getekende_wereld
from tests.matrix import met_code_inloggen
from tests.personas import Wereld, wereld_bouwen

# Property tests check what comes out, not how fast: on a loaded CI machine (two cores, parallel workers) hypothesis'
# 200 ms deadline per example failed a correct test. Timing is measured in bench/.
hypothesis_instellingen.register_profile("regio", deadline=None)
hypothesis_instellingen.load_profile("regio")

IN_CI = os.environ.get("CI", "").lower() == "true"


def ontbreekt(reden: str) -> NoReturn:
    """Skip locally when a server is missing; fail under CI, where it must be there."""
    if IN_CI:
        pytest.fail(f"CI=true but {reden}")
    pytest.skip(reden)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    eenmalig.volgorde(items)
    verdeling.verdelen(items, verdeling.werkers())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    from pytest_django.plugin import blocking_manager_key

    eenmalig.sluiten_voor(item)
    verdeling.herstellen_voor(item, item.config.stash[blocking_manager_key])


@pytest.fixture(scope="session")
def django_db_keepdb(
    request: pytest.FixtureRequest, django_db_modify_db_settings: None, django_db_blocker: Any
) -> Iterator[bool]:
    """Keep (reuse) the test database: with --reuse-db, and on PostgreSQL, where it is a copy of a migrated template
    made just now (tests/sjabloon.py) and dropped at the end."""
    if request.config.getvalue("reuse_db"):
        yield True
        return
    with django_db_blocker.unblock():
        testnaam = sjabloon.kopieren()
    yield testnaam is not None
    if testnaam is not None:
        with django_db_blocker.unblock():
            sjabloon.weggooien(testnaam)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database as pytest-django makes it, and a copy of what the migrations stored (tests/verdeling.py)."""
    with django_db_blocker.unblock():
        verdeling.basis_bewaren()


gedeelde_wereld = eenmalig.eenmalige_wereld("gedeelde_wereld", wereld_bouwen)


@pytest.fixture
def wereld(gedeelde_wereld: Wereld, db: None) -> Wereld:
    """The personas' world: built once per module, each test in a savepoint inside it with its own copy."""
    return eenmalig.kopie(gedeelde_wereld, "gedeelde_wereld")


gedeelde_contractwereld = eenmalig.eenmalige_wereld("gedeelde_contractwereld", lambda: contract_wereld(wereld_bouwen()))


@pytest.fixture
def contractwereld(gedeelde_contractwereld: Wereld, db: None) -> Wereld:
    """The personas' world with a draft contract (tests.contracten.werelden.contract_wereld), built once per module."""
    return eenmalig.kopie(gedeelde_contractwereld, "gedeelde_contractwereld")


gedeelde_getekende_wereld = eenmalig.eenmalige_wereld(
    "gedeelde_getekende_wereld", lambda: getekende_wereld(wereld_bouwen())
)


@pytest.fixture
def getekende_contractwereld(gedeelde_getekende_wereld: Wereld, db: None) -> Wereld:
    """The contract world with its contract signed by both parties (tests.contracten.werelden.getekende_wereld),
    built once per module."""
    return eenmalig.kopie(gedeelde_getekende_wereld, "gedeelde_getekende_wereld")


@pytest.fixture(autouse=True)
def _lege_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _inloggen_met_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login(persoon)` stands for a whole sign-in: whoever has an authenticator app also typed its code
    (tests.matrix.met_code_inloggen)."""
    monkeypatch.setattr(Client, "force_login", met_code_inloggen)
