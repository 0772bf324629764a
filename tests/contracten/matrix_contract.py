"""The contract itself in the permission matrix: list, start, lines, packages, finance, signing, history."""

from __future__ import annotations

from django.urls import reverse

from tests.contracten.matrix_hulp import ANDER, POST, Variant, ct, partijen, partijen_bewerken, via_eigen_regio
from tests.matrix import INLOG, alle
from tests.personas import Wereld


def _afspraak(w: Wereld) -> int:
    return w.afspraak.pk  # type: ignore[attr-defined]


def _pakket(w: Wereld) -> int:
    return w.pakket.pk  # type: ignore[attr-defined]


def _regio(naam: str, andere: bool = False) -> object:
    return lambda w: reverse(f"contracten:{naam}", args=[(w.andere_regio if andere else w.regio).slug])


# Start a contract: editors of the region's contracting parties (as for the plan); other members 403.
MAKEN = alle(403, anoniem=INLOG, buitenstaander=404, bewerker=200, beheerder=200, zorginkoper=200)
MAKEN_LEEG = alle(403, anoniem=INLOG, buitenstaander=404, bewerker=400, beheerder=400, zorginkoper=400)

MATRIX: dict[str, list[Variant]] = {
    "contracten:lijst": [
        ("eigen regio", _regio("lijst"), alle(200, anoniem=INLOG, buitenstaander=404)),  # type: ignore[list-item]
        ("andere regio", _regio("lijst", andere=True), alle(404, anoniem=INLOG, buitenstaander=200, koepel=200)),  # type: ignore[list-item]
    ],
    "contracten:nieuw": [
        ("eigen regio", _regio("nieuw"), MAKEN),  # type: ignore[list-item]
        (
            "eigen regio, leeg formulier",
            _regio("nieuw"),
            MAKEN_LEEG,
            POST,
        ),  # type: ignore[list-item]
    ],
    "contracten:detail": [
        ("eigen", ct("detail"), partijen()),
        ("andere", ct("detail", contract="ander_contract"), ANDER),
        ("contract van de andere regio via de eigen", via_eigen_regio("detail"), alle(404, anoniem=INLOG)),
    ],
    "contracten:gegevens_bewerken": [
        ("eigen", ct("gegevens_bewerken"), partijen_bewerken()),
        ("eigen, leeg formulier", ct("gegevens_bewerken"), partijen_bewerken(400), POST),
    ],
    "contracten:afspraak_nieuw": [
        ("eigen", ct("afspraak_nieuw"), partijen_bewerken()),
        ("eigen, leeg formulier", ct("afspraak_nieuw"), partijen_bewerken(400), POST),
    ],
    "contracten:afspraak_bewerken": [
        ("eigen", ct("afspraak_bewerken", _afspraak), partijen_bewerken()),
        ("eigen, onbekend", ct("afspraak_bewerken", 999999), partijen_bewerken(404)),
    ],
    # Presence (regio/aanwezigheid.py): the contract's editors; the second insurer does not learn the line exists.
    "contracten:afspraak_aanwezig": [
        ("eigen", ct("afspraak_aanwezig", _afspraak), partijen_bewerken()),
        ("eigen, onbekend", ct("afspraak_aanwezig", 999999), partijen_bewerken(404)),
    ],
    "contracten:afspraak_verwijderen": [("eigen", ct("afspraak_verwijderen", _afspraak), partijen_bewerken(), POST)],
    "contracten:pakket_nieuw": [
        ("eigen", ct("pakket_nieuw"), partijen_bewerken()),
        ("eigen, leeg formulier", ct("pakket_nieuw"), partijen_bewerken(400), POST),
    ],
    "contracten:pakket_bewerken": [("eigen", ct("pakket_bewerken", _pakket), partijen_bewerken())],
    "contracten:financien": [
        ("eigen", ct("financien"), partijen()),
        ("andere", ct("financien", contract="ander_contract"), ANDER),
    ],
    "contracten:aanbieden": [("eigen, zonder versie", ct("aanbieden"), partijen_bewerken(), POST)],
    "contracten:terugnemen": [("eigen, concept", ct("terugnemen"), partijen_bewerken(), POST)],
    "contracten:ondertekenen": [("eigen, concept", ct("ondertekenen"), partijen(), POST)],
    "contracten:historie": [("eigen", ct("historie"), partijen())],
    # CSV exports (issue 7): exactly the contract page's readers; the practice and insurer Noord get 404.
    "contracten:afspraken_csv": [
        ("eigen", ct("afspraken_csv"), partijen()),
        ("andere", ct("afspraken_csv", contract="ander_contract"), ANDER),
        ("contract van de andere regio via de eigen", via_eigen_regio("afspraken_csv"), alle(404, anoniem=INLOG)),
    ],
}
