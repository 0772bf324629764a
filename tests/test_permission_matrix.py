"""Every URL x every persona -> what that person gets. A URL missing from the matrix fails the test.

Outcomes: 200 (sees it), INLOG (sent to sign in), 403 (member without the right), 404 (not theirs:
nobody learns that it exists).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.matrix import INLOG, client_voor, uitkomst, url_namen
from tests.personas import PERSONAS, Wereld
from tests.regiobeeld.werelden import regiobeeld_wereld

pytestmark = pytest.mark.django_db

Url = Callable[[Wereld], str]
POST = "POST"


def alle(status: int | str, **uitzonderingen: int | str) -> dict[str, int | str]:
    return {p: uitzonderingen.get(p, status) for p in PERSONAS}


def lezen(status: int | str = 200) -> dict[str, int | str]:
    """Read access to the own region: every member of a participating party, and koepel staff."""
    return alle(status, anoniem=INLOG, buitenstaander=404)


def bewerken(status: int | str = 200) -> dict[str, int | str]:
    """Edit access in the own region: editors of the contracting parties; other members 403."""
    return alle(403, anoniem=INLOG, buitenstaander=404, bewerker=status, beheerder=status, zorginkoper=status)


def rb(naam: str, *args: object) -> Url:
    return lambda w: reverse(f"regiobeeld:{naam}", args=[w.regio.slug, *[a(w) if callable(a) else a for a in args]])


def rb_ander(naam: str, *args: object) -> Url:
    return lambda w: reverse(
        f"regiobeeld:{naam}", args=[w.andere_regio.slug, *[a(w) if callable(a) else a for a in args]]
    )


def _uitdaging(w: Wereld) -> int:
    return w.regiobeeld.uitdagingen.first().pk  # type: ignore[attr-defined]


def _import(w: Wereld) -> int:
    return w.importbestand.pk  # type: ignore[attr-defined]


def _import_ander(w: Wereld) -> int:
    return w.ander_importbestand.pk  # type: ignore[attr-defined]


ANDER = alle(404, anoniem=INLOG, buitenstaander=200, koepel=200)
ANDER_BEWERKEN = alle(404, anoniem=INLOG, buitenstaander=200, koepel=403)


# name -> list of (description, url builder, expected outcome per persona)
MATRIX: dict[str, list[tuple[str, Url, dict[str, int | str]] | tuple[str, Url, dict[str, int | str], str]]] = {
    "regio:mijn_regios": [
        ("lijst", lambda w: reverse("regio:mijn_regios"), alle(200, anoniem=INLOG)),
    ],
    "regio:regio_detail": [
        (
            "eigen regio",
            lambda w: reverse("regio:regio_detail", args=[w.regio.slug]),
            alle(200, anoniem=INLOG, buitenstaander=404),
        ),
        (
            "andere regio",
            lambda w: reverse("regio:regio_detail", args=[w.andere_regio.slug]),
            alle(404, anoniem=INLOG, buitenstaander=200, koepel=200),
        ),
        (
            "onbekende regio",
            lambda w: reverse("regio:regio_detail", args=["bestaat-niet"]),
            alle(404, anoniem=INLOG),
        ),
    ],
    "regio:gezondheid": [("gezondheid", lambda w: reverse("regio:gezondheid"), alle(200))],
    "regiobeeld:lijst": [("eigen", rb("lijst"), lezen()), ("andere", rb_ander("lijst"), ANDER)],
    "regiobeeld:nieuw": [("eigen, leeg formulier", rb("nieuw"), bewerken(400), POST)],
    "regiobeeld:detail": [
        ("eigen", rb("detail", 2026), lezen()),
        ("eigen, ander jaar", rb("detail", 1999), alle(404, anoniem=INLOG)),
        ("andere", rb_ander("detail", 2026), ANDER),
    ],
    "regiobeeld:deel_bewerken": [
        ("eigen", rb("deel_bewerken", 2026, "trends"), bewerken()),
        ("eigen, leeg formulier", rb("deel_bewerken", 2026, "trends"), bewerken(400), POST),
        ("eigen, onbekend deel", rb("deel_bewerken", 2026, "onzin"), bewerken(404)),
        ("andere", rb_ander("deel_bewerken", 2026, "trends"), ANDER_BEWERKEN),
    ],
    "regiobeeld:uitdaging_nieuw": [("eigen", rb("uitdaging_nieuw", 2026), bewerken())],
    "regiobeeld:uitdaging_bewerken": [
        ("eigen", rb("uitdaging_bewerken", 2026, _uitdaging), bewerken()),
        ("eigen, onbekend", rb("uitdaging_bewerken", 2026, 999999), bewerken(404)),
    ],
    "regiobeeld:uitdaging_verwijderen": [
        ("eigen", rb("uitdaging_verwijderen", 2026, _uitdaging), bewerken(), POST),
    ],
    "regiobeeld:akkoord": [("eigen, zonder versie", rb("akkoord", 2026), bewerken(), POST)],
    "regiobeeld:cijfers": [("eigen", rb("cijfers"), lezen()), ("andere", rb_ander("cijfers"), ANDER)],
    "regiobeeld:indicator_nieuw": [("eigen", rb("indicator_nieuw"), bewerken())],
    "regiobeeld:import_nieuw": [("eigen, zonder bestand", rb("import_nieuw"), bewerken(400), POST)],
    "regiobeeld:import_detail": [
        ("eigen", rb("import_detail", _import), lezen()),
        ("eigen, leeg formulier", rb("import_detail", _import), bewerken(400), POST),
        ("andere", rb_ander("import_detail", _import_ander), ANDER),
        ("import van de andere regio via de eigen", rb("import_detail", _import_ander), alle(404, anoniem=INLOG)),
    ],
    "regiobeeld:import_status": [("eigen", rb("import_status", _import), lezen())],
    "regiobeeld:import_bevestigen": [("eigen", rb("import_bevestigen", _import), bewerken(), POST)],
    "regiobeeld:import_annuleren": [("eigen", rb("import_annuleren", _import), bewerken(), POST)],
    "set_language": [("taalkeuze (GET stuurt terug)", lambda w: reverse("set_language"), alle(200, anoniem=INLOG))],
}

# allauth's own pages: sign-in, sign-out, password reset, ... tested in tests/test_inloggen.py.
UITGEZONDERD_PREFIX = ("account_", "admin:")


def test_every_url_of_the_project_is_in_the_matrix() -> None:
    ontbrekend = [naam for naam in set(url_namen()) if naam not in MATRIX and not naam.startswith(UITGEZONDERD_PREFIX)]
    assert ontbrekend == [], f"Add these URLs to the permission matrix: {sorted(ontbrekend)}"


CASES = [
    pytest.param(
        naam,
        url,
        persona,
        verwacht[persona],
        methode[0] if methode else "GET",
        id=f"{naam}[{omschrijving}]-{persona}",
    )
    for naam, varianten in MATRIX.items()
    for omschrijving, url, verwacht, *methode in varianten
    for persona in PERSONAS
]


@pytest.mark.parametrize(("naam", "url", "persona", "verwacht", "methode"), CASES)
def test_persona_gets_the_expected_outcome(
    wereld: Wereld, naam: str, url: Url, persona: str, verwacht: int | str, methode: str
) -> None:
    regiobeeld_wereld(wereld)
    assert uitkomst(client_voor(wereld, persona), url(wereld), methode) == verwacht


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    return urls


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_koepel_staff_reach_the_admin(wereld: Wereld, persona: str) -> None:
    verwacht = {"anoniem": INLOG, "koepel": 200}.get(persona, 403)
    client = client_voor(wereld, persona)
    if persona == "koepel":
        from regio.demo import koepelgroep_verzekeren

        wereld.koepel.groups.add(koepelgroep_verzekeren())
    uitkomsten = {url: uitkomst(client, url) for url in _admin_urls()}
    # Koepel staff do not edit auth groups by hand (memberships fill them) and cannot add an import
    # in the admin (regions import their own figures). Everything else is theirs.
    nooit = {u: s for u, s in uitkomsten.items() if "/auth/group/" in u or u.endswith("/importbestand/add/")}
    overig = {u: s for u, s in uitkomsten.items() if u not in nooit}
    assert set(overig.values()) == {verwacht}, overig
    assert set(nooit.values()) == {INLOG if persona == "anoniem" else 403}, nooit
