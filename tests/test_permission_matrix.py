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

pytestmark = pytest.mark.django_db

Url = Callable[[Wereld], str]


def alle(status: int | str, **uitzonderingen: int | str) -> dict[str, int | str]:
    return {p: uitzonderingen.get(p, status) for p in PERSONAS}


# name -> list of (description, url builder, expected outcome per persona)
MATRIX: dict[str, list[tuple[str, Url, dict[str, int | str]]]] = {
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
    "set_language": [
        ("taalkeuze (GET stuurt terug)", lambda w: reverse("set_language"), alle(200, anoniem=INLOG))
    ],
}

# allauth's own pages: sign-in, sign-out, password reset, ... tested in tests/test_inloggen.py.
UITGEZONDERD_PREFIX = ("account_", "admin:")


def test_every_url_of_the_project_is_in_the_matrix() -> None:
    ontbrekend = [
        naam for naam in set(url_namen()) if naam not in MATRIX and not naam.startswith(UITGEZONDERD_PREFIX)
    ]
    assert ontbrekend == [], f"Add these URLs to the permission matrix: {sorted(ontbrekend)}"


CASES = [
    pytest.param(naam, url, persona, verwacht[persona], id=f"{naam}[{omschrijving}]-{persona}")
    for naam, varianten in MATRIX.items()
    for omschrijving, url, verwacht in varianten
    for persona in PERSONAS
]


@pytest.mark.parametrize(("naam", "url", "persona", "verwacht"), CASES)
def test_persona_gets_the_expected_outcome(
    wereld: Wereld, naam: str, url: Url, persona: str, verwacht: int | str
) -> None:
    assert uitkomst(client_voor(wereld, persona), url(wereld)) == verwacht


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
    # Koepel staff do not edit auth groups by hand: memberships fill them. Everything else is theirs.
    groepen = {u: s for u, s in uitkomsten.items() if "/auth/group/" in u}
    overig = {u: s for u, s in uitkomsten.items() if "/auth/group/" not in u}
    assert set(overig.values()) == {verwacht}, overig
    assert set(groepen.values()) == {INLOG if persona == "anoniem" else 403}, groepen
