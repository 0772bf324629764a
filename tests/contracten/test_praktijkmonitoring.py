"""Members of a practice that takes part in a signed contract see how its measuring points are doing (results and
lights), never an amount; practices that take part in nothing see an explanation; nobody else reaches the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from contracten.models import Praktijkdeelname
from tests.contracten.test_monitoring import client_voor, resultaat, zichtbare_tekst
from tests.contracten.test_rapportagemomenten import vandaag_is
from tests.contracten.werelden import tekenen
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

VANDAAG = dt.date(2026, 12, 7)


@pytest.fixture
def w(contractwereld: Wereld, monkeypatch: pytest.MonkeyPatch) -> Any:
    vandaag_is(monkeypatch, VANDAAG)
    return contractwereld


def _url(w: Any) -> str:
    return reverse("contracten:praktijkmonitoring", args=[w.regio.slug])


def test_a_gp_of_a_participating_practice_sees_results_and_lights_but_no_money(w: Any) -> None:
    w.contract = tekenen(w, w.contract)
    resultaat(w, dt.date(2026, 9, 30), "77")
    Praktijkdeelname.objects.filter(pk=w.deelname.pk).update(besluit="doet-mee", besloten_op=VANDAAG)
    response = client_voor(w.lezer).get(_url(w))
    assert response.status_code == 200
    html = response.content.decode()
    tekst = zichtbare_tekst(html)
    assert w.contract.titel in tekst and w.meetpunt.omschrijving in tekst
    # 37 of the 50 points from baseline to target, with a quarter of the time passed: on course.
    assert "77%" in tekst and "op koers" in tekst
    for geld in ("€", "EUR", "100.000", "25.000", "bedrag"):
        assert geld not in tekst
    # No link to the parties' own measuring point page (which a GP cannot open).
    assert reverse("contracten:meetpunt", args=[w.regio.slug, w.contract.pk, w.meetpunt.pk]) not in html


def test_a_practice_that_only_was_invited_sees_nothing_yet(w: Any) -> None:
    w.contract = tekenen(w, w.contract)
    tekst = zichtbare_tekst(client_voor(w.praktijkhouder).get(_url(w)).content.decode())
    assert "Nog niets te volgen" in tekst and w.contract.titel not in tekst


def test_only_members_of_the_regions_practices_reach_the_page(w: Any) -> None:
    for wie in (w.bewerker, w.zorginkoper, w.tweede_zorginkoper, w.koepel, w.buitenstaander):
        assert client_voor(wie).get(_url(w)).status_code == 404
