"""The permission matrix of an organisation's self-management (tests/test_permission_matrix.py).

The zorggroep's manager (beheerder) manages it; its editors (bewerker, oud_gemandateerde) are members without that
right (403); the practice's manager (praktijkhouder) manages the practice, whose reader (lezer) may not invite.
Everyone else, koepel staff included (they keep the admin), does not learn the pages exist (404).
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from regio import uitnodigingen
from regio.models import Lidmaatschap, Mandaat, Rol
from tests.matrix import INLOG, alle
from tests.personas import Wereld

Url = Callable[[Wereld], str]
POST = "POST"

EIGEN = alle(404, anoniem=INLOG, beheerder=200, bewerker=403)
PRAKTIJK = alle(404, anoniem=INLOG, praktijkhouder=200, lezer=403)
NIEMAND = alle(404, anoniem=INLOG)


def zelfbeheer_wereld(wereld: Wereld) -> Wereld:
    """An open invitation of each managed organisation, to an address without an account."""
    w = wereld
    w.uitnodiging = uitnodigingen.uitnodiging_maken(  # type: ignore[attr-defined]
        organisatie=w.zorggroep, email="nieuw@zorggroep.test", rol=Rol.BEWERKER, acting_user=w.beheerder
    )
    w.uitnodiging_token = uitnodigingen.token_van(w.uitnodiging)  # type: ignore[attr-defined]
    w.praktijk_uitnodiging = uitnodigingen.uitnodiging_maken(  # type: ignore[attr-defined]
        organisatie=w.praktijk, email="assistent@praktijk.test", rol=Rol.LEZER, acting_user=w.praktijkhouder
    )
    return w


def org(naam: str, *args: Callable[[Wereld], object], van: str = "zorggroep") -> Url:
    return lambda w: reverse(f"regio:{naam}", args=[getattr(w, van).pk, *[a(w) for a in args]])


def _lid(persona: str, organisatie: str = "zorggroep") -> Callable[[Wereld], int]:
    return lambda w: Lidmaatschap.objects.get(gebruiker=getattr(w, persona), organisatie=getattr(w, organisatie)).pk


def _uitnodiging(w: Wereld) -> int:
    return w.uitnodiging.pk  # type: ignore[attr-defined]


def _praktijk_uitnodiging(w: Wereld) -> int:
    return w.praktijk_uitnodiging.pk  # type: ignore[attr-defined]


def _link(w: Wereld) -> str:
    return reverse("regio:uitnodiging", args=[w.uitnodiging_token])  # type: ignore[attr-defined]


def _mandaat(w: Wereld) -> int:
    return Mandaat.objects.filter(gebruiker=w.oud_gemandateerde).order_by("pk").first().pk  # type: ignore[union-attr]


MATRIX_ZELFBEHEER: dict[
    str, list[tuple[str, Url, dict[str, int | str]] | tuple[str, Url, dict[str, int | str], str]]
] = {
    "regio:leden": [
        ("eigen organisatie", org("leden"), EIGEN),
        ("praktijk", org("leden", van="praktijk"), PRAKTIJK),
        ("andere organisatie", org("leden", van="verzekeraar"), NIEMAND | {"zorginkoper": 403}),
    ],
    "regio:uitnodigen": [
        ("eigen, leeg formulier", org("uitnodigen"), EIGEN | {"beheerder": 400}, POST),
        # A reader cannot invite.
        ("praktijk, leeg formulier", org("uitnodigen", van="praktijk"), PRAKTIJK | {"praktijkhouder": 400}, POST),
    ],
    "regio:uitnodiging_opnieuw": [
        ("eigen", org("uitnodiging_opnieuw", _uitnodiging), EIGEN, POST),
        (
            "van de praktijk via de eigen",
            org("uitnodiging_opnieuw", _praktijk_uitnodiging),
            EIGEN | {"beheerder": 404},
            POST,
        ),
    ],
    "regio:uitnodiging_intrekken": [
        ("eigen", org("uitnodiging_intrekken", _uitnodiging), EIGEN, POST),
        (
            "van de praktijk via de eigen",
            org("uitnodiging_intrekken", _praktijk_uitnodiging),
            EIGEN | {"beheerder": 404},
            POST,
        ),
    ],
    "regio:lid_rol": [
        ("eigen lid, leeg formulier", org("lid_rol", _lid("bewerker")), EIGEN, POST),
        # A manager of one organisation cannot touch another's members.
        (
            "lid van de praktijk via de eigen",
            org("lid_rol", _lid("lezer", "praktijk")),
            EIGEN | {"beheerder": 404},
            POST,
        ),
        ("lid van de praktijk", org("lid_rol", _lid("lezer", "praktijk"), van="praktijk"), PRAKTIJK, POST),
    ],
    "regio:lid_beeindigen": [
        ("eigen lid", org("lid_beeindigen", _lid("bewerker")), EIGEN),
        (
            "lid van de praktijk via de eigen",
            org("lid_beeindigen", _lid("lezer", "praktijk")),
            EIGEN | {"beheerder": 404},
        ),
    ],
    "regio:mandaten": [
        ("eigen organisatie", org("mandaten"), EIGEN),
        ("andere organisatie", org("mandaten", van="verzekeraar"), NIEMAND | {"zorginkoper": 403}),
    ],
    "regio:mandaat_nieuw": [
        ("eigen", org("mandaat_nieuw"), EIGEN),
        ("eigen, leeg formulier", org("mandaat_nieuw"), EIGEN | {"beheerder": 400}, POST),
        ("praktijk", org("mandaat_nieuw", van="praktijk"), PRAKTIJK),
    ],
    "regio:mandaat_verlengen": [
        ("eigen", org("mandaat_verlengen", _mandaat), EIGEN),
        ("eigen, leeg formulier", org("mandaat_verlengen", _mandaat), EIGEN | {"beheerder": 400}, POST),
        (
            "mandaat van de zorggroep via de praktijk",
            org("mandaat_verlengen", _mandaat, van="praktijk"),
            PRAKTIJK | {"praktijkhouder": 404},
        ),
    ],
    "regio:mandaat_beeindigen": [
        ("eigen", org("mandaat_beeindigen", _mandaat), EIGEN),
        (
            "mandaat van de zorggroep via de praktijk",
            org("mandaat_beeindigen", _mandaat, van="praktijk"),
            PRAKTIJK | {"praktijkhouder": 404},
        ),
    ],
    # The invitation's link: whoever holds it. Signed in as another account: 403, with the way out (sign out).
    "regio:uitnodiging": [
        ("geldige link", _link, alle(403, anoniem=200)),
        ("onbekende link", lambda w: reverse("regio:uitnodiging", args=["bestaat-niet"]), alle(404)),
    ],
}
