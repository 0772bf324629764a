"""In a real browser: the demo's signed contract is amended. Anna adds an S3 line to the addendum in negotiation
(which withdraws Bram's signature), Bram and Daan sign it, and the finance overview counts it to the cent.

The demo (contracten/demo.py) has addendum 1 signed (one year longer: 2027) and addendum 2 in negotiation: the
POH line's 2027 amount indexed by 3,1 % (480.000,00 -> 494.880,00), signed by Bram only.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from contracten import addenda, selectors
from contracten.demo import ANNA, BRAM, DAAN, TITEL
from contracten.models import Addendum, Addendumstatus, Contract
from regio.demo import DEMO_WACHTWOORD
from regio.getallen import euro
from tests.browser.conftest import inloggen, migratiegegevens_terugzetten, screenshot, toegankelijkheid

pytestmark = pytest.mark.needs_browser

NIEUW = "Digitale spreekuren ouderen (S3)"
# By hand: the new S3 line gets 12.345,67 in 2027; addendum 2 also indexes the POH line's 2027 amount by 3,1 %:
# 480.000,00 x 1,031 = 494.880,00, so 14.880,00 more. Together the addendum adds 27.225,67.
ERBIJ = Decimal("12345.67") + Decimal("14880.00")


def _tekenen(pagina, email: str, adres: str) -> None:
    inloggen(pagina, email, DEMO_WACHTWOORD)
    pagina.goto(adres)
    pagina.get_by_role("button", name=re.compile(r"^Addendum tekenen namens")).click()
    expect(pagina.get_by_text("Uw handtekening staat onder deze versie van het addendum.")).to_be_visible()


def test_the_demo_contract_is_amended_signed_by_both_and_counted_in_the_finance_overview(
    transactional_db: None, live_server, nieuwe_pagina
) -> None:
    migratiegegevens_terugzetten()
    call_command("demo_laden")
    contract = Contract.objects.get(titel=TITEL)
    open_ = Addendum.objects.get(contract=contract, status=Addendumstatus.ONDERHANDELING)
    voor = selectors.overzicht_van(addenda.geldende_regels(contract)).totaal
    adres = f"/regio/{contract.regio.slug}/contracten/{contract.pk}/addendum/{open_.pk}/"

    # 1. Anna, editor at the zorggroep, opens the addendum from the contract page and adds an S3 line.
    anna = nieuwe_pagina()
    inloggen(anna, ANNA, DEMO_WACHTWOORD)
    anna.goto(f"/regio/{contract.regio.slug}/contracten/{contract.pk}/")
    anna.get_by_role("link", name=open_.titel, exact=True).click()
    expect(anna.get_by_role("heading", name=re.compile(open_.titel))).to_be_visible()
    anna.get_by_role("link", name="Nieuwe afspraak toevoegen").click()
    anna.get_by_label("Afspraak", exact=True).fill(NIEUW)
    anna.get_by_label("Activiteit uit het regioplan").select_option(index=1)
    anna.get_by_label("Segment").select_option("S3")
    anna.get_by_label("Aandeel praktijk (%)").fill("100")
    anna.get_by_label("Aandeel regio-organisatie (%)").fill("0")
    anna.get_by_label("Bedrag 2027 (€)").fill("12.345,67")
    expect(anna.locator("#intrekking-waarschuwing")).to_contain_text("Zorggroep Mijnstreek")  # Bram's signature
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.get_by_text("Opgeslagen.")).to_be_visible()
    expect(anna.locator("#redline")).to_contain_text(NIEUW)
    expect(anna.locator("#ondertekening")).to_contain_text("ingetrokken")
    screenshot(anna, "addendum_na_wijziging")
    assert toegankelijkheid(anna) == []

    # 2. Bram (zorggroep) and Daan (insurer) sign the new version, each under their contract mandate.
    _tekenen(nieuwe_pagina(), BRAM, adres)
    daan = nieuwe_pagina()
    _tekenen(daan, DAAN, adres)
    expect(daan.get_by_role("heading", name=re.compile("Getekend op"))).to_be_visible()
    screenshot(daan, "addendum_getekend")

    # 3. The finance overview counts the signed addendum; nothing is in negotiation any more.
    daan.get_by_role("link", name="Financiën").click()
    expect(daan.locator("#met-addenda")).to_contain_text("Inclusief 2 getekende addenda")
    expect(daan.locator("#addendum-in-onderhandeling")).to_have_count(0)
    expect(daan.get_by_text(euro(voor + ERBIJ)).first).to_be_visible()
    screenshot(daan, "addendum_financien")
    assert toegankelijkheid(daan) == []
    assert Addendum.objects.get(pk=open_.pk).status == Addendumstatus.GETEKEND
