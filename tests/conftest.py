"""Shared fixtures: the personas' world, and the rule that under CI a missing service fails a test."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

from tests import eenmalig
from tests.contracten.werelden import contract_wereld
from tests.personas import Wereld, wereld_bouwen

IN_CI = os.environ.get("CI", "").lower() == "true"


def ontbreekt(reden: str) -> NoReturn:
    """Skip locally when a server is missing; fail under CI, where it must be there."""
    if IN_CI:
        pytest.fail(f"CI=true but {reden}")
    pytest.skip(reden)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    eenmalig.volgorde(items)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    eenmalig.sluiten_voor(item)


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


@pytest.fixture(autouse=True)
def _lege_cache() -> None:
    from django.core.cache import cache

    cache.clear()
