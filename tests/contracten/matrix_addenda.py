"""Addenda of a signed contract in the permission matrix: they follow the contract's rights. Its parties' members
see them, its editors draft and change them, everybody else (second insurer, practice, koepel) gets 404."""

from __future__ import annotations

from django.urls import reverse

from tests.contracten.matrix_hulp import POST, Variant, partijen, partijen_bewerken
from tests.contracten.werelden_addenda import getekend, opstellen, regel, voorstellen
from tests.matrix import INLOG, alle
from tests.personas import Wereld


def _getekend(naam: str) -> object:
    def url(w: Wereld) -> str:
        c = getekend(w)
        return reverse(f"contracten:{naam}", args=[c.regio.slug, c.pk])

    return url


def _addendum(naam: str, *extra: object) -> object:
    """A URL of the addendum in negotiation on the world's (then signed) contract."""

    def url(w: Wereld) -> str:
        a = opstellen(w)
        args = [e(w, a) if callable(e) else e for e in extra]
        return reverse(f"contracten:{naam}", args=[a.contract.regio.slug, a.contract_id, a.pk, *args])

    return url


def _onbekend(w: Wereld) -> str:
    c = getekend(w)
    return reverse("contracten:addendum", args=[c.regio.slug, c.pk, 999999])


def _regel(w: Wereld, addendum: object) -> int:
    from decimal import Decimal

    return regel(w, addendum, {2027: Decimal("1000.00")}, titel="Matrix: nieuwe S3-afspraak").pk  # type: ignore[arg-type]


def _sleutel(w: Wereld, _addendum: object) -> str:
    return f"a{w.afspraak.pk}"  # type: ignore[attr-defined]


def _voorstel(w: Wereld, addendum: object) -> int:
    """An open proposal of the insurer (Zuid) on a line of the addendum."""
    return voorstellen(w, addendum, {"bedrag_2027": "1200.00"}).pk  # type: ignore[arg-type]


# A proposal of the insurer: the zorggroep's editors decide it (back to the page), the insurer may not (403); only it
# withdraws it. Everybody else: 404, as for the contract.
ZORGGROEP_BESLIST = alle(404, anoniem=INLOG, bewerker=200, beheerder=200, zorginkoper=403)
ZUID_TREKT_IN = alle(404, anoniem=INLOG, bewerker=403, beheerder=403, zorginkoper=200)

MATRIX: dict[str, list[Variant]] = {
    "contracten:addendum_nieuw": [
        ("getekend contract", _getekend("addendum_nieuw"), partijen_bewerken()),  # type: ignore[list-item]
        ("getekend contract, leeg formulier", _getekend("addendum_nieuw"), partijen_bewerken(400), POST),  # type: ignore[list-item]
    ],
    "contracten:addendum": [
        ("in onderhandeling", _addendum("addendum"), partijen()),  # type: ignore[list-item]
        ("onbekend", _onbekend, partijen(404)),
    ],
    "contracten:addendum_gegevens": [
        ("in onderhandeling", _addendum("addendum_gegevens"), partijen_bewerken()),  # type: ignore[list-item]
        ("leeg formulier", _addendum("addendum_gegevens"), partijen_bewerken(400), POST),  # type: ignore[list-item]
    ],
    "contracten:addendumregel_nieuw": [
        ("in onderhandeling", _addendum("addendumregel_nieuw"), partijen_bewerken()),  # type: ignore[list-item]
        ("leeg formulier", _addendum("addendumregel_nieuw"), partijen_bewerken(400), POST),  # type: ignore[list-item]
    ],
    "contracten:addendumregel_wijzigen": [
        ("afspraak van het contract", _addendum("addendumregel_wijzigen", _sleutel), partijen_bewerken()),  # type: ignore[list-item]
        ("onbekende afspraak", _addendum("addendumregel_wijzigen", "a999999"), partijen_bewerken(404)),  # type: ignore[list-item]
    ],
    # Refused without the version it was read at (a message on the addendum's page), for the editors.
    "contracten:addendumregel_vervalt": [
        ("afspraak van het contract", _addendum("addendumregel_vervalt", _sleutel), partijen_bewerken(), POST),  # type: ignore[list-item]
    ],
    "contracten:addendumregel_bewerken": [
        ("eigen regel", _addendum("addendumregel_bewerken", _regel), partijen_bewerken()),  # type: ignore[list-item]
        ("onbekende regel", _addendum("addendumregel_bewerken", 999999), partijen_bewerken(404)),  # type: ignore[list-item]
    ],
    "contracten:addendumregel_verwijderen": [
        ("eigen regel", _addendum("addendumregel_verwijderen", _regel), partijen_bewerken(), POST),  # type: ignore[list-item]
    ],
    # Signing: every member of a party reaches it; the service refuses those without a mandate (a message).
    # Negotiating a line of the addendum: as a contract line (contracten/addendumvoorstellen.py).
    "contracten:addendumvoorstel_nieuw": [
        ("eigen regel", _addendum("addendumvoorstel_nieuw", _regel), partijen_bewerken()),  # type: ignore[list-item]
        ("zonder toelichting", _addendum("addendumvoorstel_nieuw", _regel), partijen_bewerken(400), POST),  # type: ignore[list-item]
        ("onbekende regel", _addendum("addendumvoorstel_nieuw", 999999), partijen_bewerken(404)),  # type: ignore[list-item]
    ],
    "contracten:addendumvoorstel_tegenvoorstel": [
        (
            "voorstel van de verzekeraar",
            _addendum("addendumvoorstel_tegenvoorstel", _voorstel),  # type: ignore[list-item]
            alle(404, anoniem=INLOG, bewerker=200, beheerder=200, zorginkoper=403),
        ),
        ("onbekend voorstel", _addendum("addendumvoorstel_tegenvoorstel", 999999), partijen_bewerken(404)),  # type: ignore[list-item]
    ],
    "contracten:addendumvoorstel_aanvaarden": [
        ("voorstel van de verzekeraar", _addendum("addendumvoorstel_aanvaarden", _voorstel), ZORGGROEP_BESLIST, POST),  # type: ignore[list-item]
    ],
    "contracten:addendumvoorstel_afwijzen": [
        ("voorstel van de verzekeraar", _addendum("addendumvoorstel_afwijzen", _voorstel), ZORGGROEP_BESLIST, POST),  # type: ignore[list-item]
    ],
    "contracten:addendumvoorstel_intrekken": [
        ("voorstel van de verzekeraar", _addendum("addendumvoorstel_intrekken", _voorstel), ZUID_TREKT_IN, POST),  # type: ignore[list-item]
    ],
    "contracten:addendum_ondertekenen": [
        ("in onderhandeling", _addendum("addendum_ondertekenen"), partijen(), POST),  # type: ignore[list-item]
    ],
}
