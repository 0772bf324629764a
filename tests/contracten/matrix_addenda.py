"""Addenda of a signed contract in the permission matrix: they follow the contract's rights. Its parties' members
see them, its editors draft and change them, everybody else (second insurer, practice, koepel) gets 404."""

from __future__ import annotations

from django.urls import reverse

from tests.contracten.matrix_hulp import POST, Variant, partijen, partijen_bewerken
from tests.contracten.werelden_addenda import getekend, opstellen, regel
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
    "contracten:addendum_ondertekenen": [
        ("in onderhandeling", _addendum("addendum_ondertekenen"), partijen(), POST),  # type: ignore[list-item]
    ],
}
