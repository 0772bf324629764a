"""Building blocks for the contracts' part of the permission matrix (tests/test_permission_matrix.py).

The world is tests/contracten/werelden.contract_wereld: a contract between the zorggroep (bewerker, beheerder)
and insurer Zuid (zorginkoper) in the own region; the practice (lezer: a GP, praktijkhouder: its manager) is
invited to its S3 package; insurer Noord (tweede_zorginkoper) takes part in the region but not in the contract;
koepel staff see the region but never a contract.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from tests.matrix import INLOG, alle
from tests.personas import Wereld

Url = Callable[[Wereld], str]
Variant = tuple[str, Url, dict[str, int | str]] | tuple[str, Url, dict[str, int | str], str]
POST = "POST"


def partijen(status: int | str = 200) -> dict[str, int | str]:
    """Members of the contract's two parties; nobody else learns the contract exists."""
    return alle(404, anoniem=INLOG, bewerker=status, beheerder=status, zorginkoper=status)


def partijen_bewerken(status: int | str = 200) -> dict[str, int | str]:
    """Editors of the two parties (every party member in this world is an editor or manager)."""
    return partijen(status)


def ct(naam: str, *args: object, contract: str = "contract", query: str = "") -> Url:
    """A URL of one contract of the world (`contract`: which one), with extra path arguments."""

    def url(w: Wereld) -> str:
        c = getattr(w, contract)
        pad = reverse(f"contracten:{naam}", args=[c.regio.slug, c.pk, *[a(w) if callable(a) else a for a in args]])
        return f"{pad}?{query}" if query else pad

    return url


def via_eigen_regio(naam: str, *args: object) -> Url:
    """The other region's contract asked for under the own region's address."""
    return lambda w: reverse(
        f"contracten:{naam}",
        args=[w.regio.slug, w.ander_contract.pk, *args],  # type: ignore[attr-defined]
    )


ANDER = alle(404, anoniem=INLOG, buitenstaander=200)
