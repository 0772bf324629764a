"""Shared fixtures: the personas' world, and the rule that under CI a missing service fails a test."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

from tests.personas import Wereld, wereld_bouwen

IN_CI = os.environ.get("CI", "").lower() == "true"


def ontbreekt(reden: str) -> NoReturn:
    """Skip locally when a server is missing; fail under CI, where it must be there."""
    if IN_CI:
        pytest.fail(f"CI=true but {reden}")
    pytest.skip(reden)


@pytest.fixture
def wereld(db: None) -> Wereld:
    return wereld_bouwen()


@pytest.fixture(autouse=True)
def _lege_cache() -> None:
    from django.core.cache import cache

    cache.clear()
