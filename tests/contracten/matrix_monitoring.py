"""Monitoring in the permission matrix: a contract's measuring points, one point's page and its forms, reporting
dates, and the region's monitoring page (every member of the region reaches it; it shows only their own contracts).

The world's contract is a draft with one measuring point (wereld.meetpunt) on its S2 line.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from contracten.models import Rapportagemoment
from tests.contracten.matrix_hulp import (
    ANDER,
    POST,
    Url,
    Variant,
    ct,
    partijen,
    partijen_bewerken,
    via_eigen_regio,
)
from tests.matrix import INLOG, alle
from tests.personas import Wereld


def _meetpunt(w: Wereld) -> int:
    return w.meetpunt.pk  # type: ignore[attr-defined]


def _moment(w: Wereld) -> int:
    """A reporting moment of the world's contract (made here: the shared world has none)."""
    moment, _nieuw = Rapportagemoment.objects.get_or_create(
        contract=w.contract,  # type: ignore[attr-defined]
        meetpunt=w.meetpunt,  # type: ignore[attr-defined]
        uiterlijk=dt.date(w.contract.eindjaar, 3, 31),  # type: ignore[attr-defined]
        defaults={"eigenaar": w.bewerker},
    )
    return moment.pk


def _regio(naam: str, regio: str = "regio", query: str = "") -> Url:
    def url(w: Wereld) -> str:
        pad = reverse(f"contracten:{naam}", args=[getattr(w, regio).slug])
        return f"{pad}?{query}" if query else pad

    return url


NIEMAND = alle(404, anoniem=INLOG)

MATRIX: dict[str, list[Variant]] = {
    "contracten:monitoring": [
        # Every member of the region reaches the page; who is no party to a contract sees an explanation only.
        ("eigen regio", _regio("monitoring"), alle(200, anoniem=INLOG, buitenstaander=404)),
        (
            "eigen regio, alleen aandacht",
            _regio("monitoring", query="aandacht=1"),
            alle(200, anoniem=INLOG, buitenstaander=404),
        ),
        (
            "andere regio",
            _regio("monitoring", regio="andere_regio"),
            alle(404, anoniem=INLOG, buitenstaander=200, koepel=200),
        ),
    ],
    "contracten:monitoring_contract": [
        ("eigen contract", ct("monitoring_contract"), partijen()),
        ("contract van de andere regio", ct("monitoring_contract", contract="ander_contract"), ANDER),
        ("contract van de andere regio via de eigen", via_eigen_regio("monitoring_contract"), NIEMAND),
    ],
    "contracten:meetpunt": [
        ("meetpunt van het contract", ct("meetpunt", _meetpunt), partijen()),
        ("onbekend meetpunt", ct("meetpunt", 999999), partijen(404)),
        # The point exists, but not on the other contract's lines.
        ("meetpunt dat niet in het contract staat", ct("meetpunt", _meetpunt, contract="ander_contract"), NIEMAND),
        ("contract van de andere regio via de eigen", via_eigen_regio("meetpunt", 1), NIEMAND),
    ],
    "contracten:resultaat_vastleggen": [
        ("leeg formulier", ct("resultaat_vastleggen", _meetpunt), partijen_bewerken(400), POST),
        ("onbekend meetpunt", ct("resultaat_vastleggen", 999999), partijen_bewerken(404), POST),
        ("contract van de andere regio via de eigen", via_eigen_regio("resultaat_vastleggen", 1), NIEMAND, POST),
    ],
    "contracten:rapportagemoment_toevoegen": [
        ("leeg formulier", ct("rapportagemoment_toevoegen", _meetpunt), partijen_bewerken(400), POST),
        ("contract van de andere regio via de eigen", via_eigen_regio("rapportagemoment_toevoegen", 1), NIEMAND, POST),
    ],
    "contracten:rapportagemoment_verwijderen": [
        # Removed, then back on the point's page.
        ("open moment", ct("rapportagemoment_verwijderen", _moment), partijen_bewerken(200), POST),
        ("onbekend moment", ct("rapportagemoment_verwijderen", 999999), partijen_bewerken(404), POST),
        (
            "contract van de andere regio via de eigen",
            via_eigen_regio("rapportagemoment_verwijderen", 1),
            NIEMAND,
            POST,
        ),
    ],
}
