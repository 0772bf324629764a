"""The yearly cycle in a real browser: Anna (zorggroep) proposes the index of 2027 on the signed contract, Daan
(insurer, mandated) confirms it; the year page shows the indexation as its own column; every page of the cycle is
axe clean. Screenshots in var/screenshots/jaarcyclus-*.png.

Set up through services is only what is not this journey: the signed contract (tests/contracten/werelden.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from contracten import services
from contracten.models import Contract, Contractafspraak
from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.contracten.werelden import contract_wereld
from tests.personas import Wereld

pytestmark = pytest.mark.needs_browser


def _getekend(w: Wereld) -> Contract:
    contract_wereld(w)
    Contractafspraak.objects.filter(pk=w.afspraak.pk).update(geindexeerd=True)  # type: ignore[attr-defined]
    c = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    services.contract_aanbieden(contract=c, gelezen_versie=c.versie, acting_user=w.bewerker)
    for wie in (w.beheerder, w.zorginkoper):
        c = Contract.objects.get(pk=c.pk)
        services.contract_ondertekenen(contract=c, gelezen_versie=c.versie, acting_user=wie)
    return Contract.objects.get(pk=c.pk)


def test_one_party_proposes_the_index_of_2027_and_the_other_confirms_it(wereld_live: Wereld, nieuwe_pagina) -> None:
    contract = _getekend(wereld_live)
    pad = f"/regio/{contract.regio.slug}/contracten/{contract.pk}/"
    gevonden = {}

    anna = nieuwe_pagina()
    inloggen(anna, "anna@zorggroep.test")
    anna.goto(pad + "jaren/")
    anna.get_by_role("link", name="2027").click()
    anna.get_by_role("link", name="Cijfers voorstellen").click()
    if fouten := toegankelijkheid(anna):
        gevonden["voorstellen"] = fouten
    anna.get_by_label("Indexatie (%)").fill("3,1")
    anna.get_by_label("Toelichting").fill("De NZa-index voor 2027.")
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.get_by_text("wacht op bevestiging van de andere partij").first).to_be_visible()
    expect(anna.get_by_text("komt er € 3.100,00 bij")).to_be_visible()

    daan = nieuwe_pagina()
    inloggen(daan, "daan@zuid.test")
    daan.goto(pad + "jaren/2027/")
    daan.get_by_role("button", name="Bevestigen namens Verzekeraar Zuid").click()
    expect(daan.get_by_text("De cijfers van 2027 zijn bevestigd door beide partijen.")).to_be_visible()
    rij = daan.get_by_role("row", name="Praktijkondersteuner ouderenzorg structureel")
    expect(rij).to_contain_text("€ 3.100,00")
    expect(rij).to_contain_text("€ 103.100,00")
    screenshot(daan, "jaarcyclus-jaar-2027")
    for naam, sub in (
        ("jaar", "jaren/2027/"),
        ("jaren", "jaren/"),
        ("financien", "financien/"),
        ("beeindigen", "beeindigen/"),
    ):
        daan.goto(pad + sub)
        daan.wait_for_load_state("networkidle")
        if fouten := toegankelijkheid(daan):
            gevonden[naam] = fouten
        screenshot(daan, f"jaarcyclus-{naam}")
    assert gevonden == {}
