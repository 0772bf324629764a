"""Worlds built once (tests/eenmalig.py): no test sees a world it did not ask for, and none sees another's changes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from regio.models import Regio
from tests import eenmalig
from tests.personas import Wereld


def _test(module: str, *fixtures: str) -> Any:
    return SimpleNamespace(module=module, fixturenames=["db", *fixtures], naam=f"{module}:{'+'.join(fixtures)}")


def test_within_a_module_the_tests_without_a_world_come_first_then_each_worlds_together() -> None:
    a_zonder, a_wereld, a_contract = _test("a"), _test("a", "gedeelde_wereld"), _test("a", "gedeelde_contractwereld")
    b_wereld, b_zonder = _test("b", "gedeelde_wereld"), _test("b")
    items = [a_wereld, a_zonder, a_contract, a_wereld, b_wereld, b_zonder]

    eenmalig.volgorde(items)

    assert [t.naam for t in items] == [
        "a:",
        "a:gedeelde_contractwereld",
        "a:gedeelde_wereld",
        "a:gedeelde_wereld",
        "b:",
        "b:gedeelde_wereld",
    ]


@pytest.mark.parametrize("keer", [1, 2])
def test_each_test_starts_from_the_world_as_built(wereld: Wereld, keer: int) -> None:
    """Both runs change the region; each finds it as built (the other's change undone), in the database and in its
    own copy of the objects."""
    assert wereld.regio.naam == "Eigen regio"
    assert Regio.objects.get(pk=wereld.regio.pk).naam == "Eigen regio"
    wereld.regio.naam = f"Veranderd {keer}"
    wereld.regio.save()
    Regio.objects.create(naam=f"Nieuw {keer}", slug=f"nieuw-{keer}")
    assert not Regio.objects.filter(slug=f"nieuw-{3 - keer}").exists()
