"""In a real browser, without JavaScript tricks: removing a contract line first shows a page that says what goes
and whose signature it withdraws; and "Mijn regio's" shows the line proposal that waits for the other party and
the contract that cannot be signed yet. axe clean; screenshots to look at."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from contracten import regelvoorstellen
from contracten.models import Contract, Contractafspraak
from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.contracten.werelden import aangeboden_en_getekend, contract_wereld
from tests.personas import Wereld

pytestmark = pytest.mark.needs_browser


def test_removing_a_line_asks_first_and_the_dashboard_shows_what_waits(wereld_live: Wereld, nieuwe_pagina: Any) -> None:
    w = contract_wereld(wereld_live)
    contract, _handtekening = aangeboden_en_getekend(w)
    afspraak = Contractafspraak.objects.get(pk=w.afspraak.pk)  # type: ignore[attr-defined]
    regelvoorstellen.regelvoorstel_doen(
        contract=Contract.objects.get(pk=contract.pk),
        afspraak=afspraak,
        waarden={"bedrag_2026": "90000.00"},
        toelichting="Past in ons budget.",
        acting_user=w.zorginkoper,
    )
    gevonden: dict[str, list[dict]] = {}

    anna = nieuwe_pagina()
    inloggen(anna, "anna@zorggroep.test")
    expect(anna.get_by_text("1 voorstel op een afspraak wacht op het besluit van uw partij")).to_be_visible()
    screenshot(anna, "verwijderen-01-dashboard-voorstel")
    gevonden["dashboard"] = toegankelijkheid(anna)

    anna.goto(f"/regio/{w.regio.slug}/contracten/{contract.pk}/")
    anna.locator(f"#afspraak-{afspraak.pk}").get_by_role("link", name="Verwijderen").click()
    expect(anna.get_by_role("heading", name=f"Afspraak “{afspraak.titel}” verwijderen?", level=1)).to_be_visible()
    expect(anna.get_by_text("Verwijderen trekt de handtekening in van Zorggroep Eigen")).to_be_visible()
    expect(anna.get_by_text("1 open voorstel op deze afspraak")).to_be_visible()
    screenshot(anna, "verwijderen-02-vraag")
    gevonden["vraag"] = toegankelijkheid(anna)
    anna.get_by_role("button", name="Ja, verwijderen").click()
    expect(anna.get_by_text(f"Afspraak verwijderd: {afspraak.titel}.")).to_be_visible()
    assert not Contractafspraak.objects.filter(pk=afspraak.pk).exists()

    assert {k: v for k, v in gevonden.items() if v} == {}
