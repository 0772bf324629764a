"""In a real browser: no silent withdrawals. Both contracting parties agreed to the regiobeeld; the GP
organisation's editor opens a part, is told whose agreement saving withdraws, saves anyway, sees what changed
since the agreement, and puts the earlier text back from the part's history."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from contracten import services as contract_services
from contracten.models import Contract
from regiobeeld import services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Deel
from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.contracten.werelden import STARTJAAR, contract_wereld
from tests.personas import Wereld
from tests.regiobeeld.werelden import akkoordmandaten

pytestmark = pytest.mark.needs_browser


def _vastleggen(pagina: Any, naam: str, gevonden: dict[str, list[dict]]) -> None:
    screenshot(pagina, naam)
    if fouten := toegankelijkheid(pagina):
        gevonden[naam] = fouten


def test_saving_over_an_agreement_warns_and_shows_what_changed_since(wereld_live: Wereld, nieuwe_pagina) -> None:
    kernset_laden()
    akkoordmandaten(wereld_live)
    rb = services.regiobeeld_aanmaken(regio=wereld_live.regio, jaar=2026, acting_user=wereld_live.bewerker)
    deel = Deel.objects.get(regiobeeld=rb, soort="trends")
    services.deel_opslaan(
        deel=deel,
        gelezen_versie=deel.versie,
        duiding="Steeds meer zorg gebeurt thuis, met hulp op afstand.",
        acting_user=wereld_live.bewerker,
    )
    for wie in (wereld_live.beheerder, wereld_live.zorginkoper):
        services.akkoord_geven(regiobeeld=rb.__class__.objects.get(pk=rb.pk), acting_user=wie)
    gevonden: dict[str, list[dict]] = {}
    basis = f"/regio/{wereld_live.regio.slug}/regiobeeld/2026/"

    anna = nieuwe_pagina()
    inloggen(anna, wereld_live.bewerker.email)
    anna.goto(basis + "deel/trends/")
    waarschuwing = anna.locator("#intrekking-waarschuwing")
    expect(waarschuwing).to_contain_text("Opslaan trekt het akkoord in van:")
    expect(waarschuwing.get_by_role("listitem")).to_have_text(
        [
            re.compile(r"^Verzekeraar Zuid \(Daan Inkoper, \d+ \w+\)$"),
            re.compile(r"^Zorggroep Eigen \(Bram Beheerder, "),
        ]
    )
    _vastleggen(anna, "intrekking-1-waarschuwing", gevonden)

    anna.get_by_label("Duiding").fill("Steeds meer zorg gebeurt thuis, met hulp op afstand en in de wijk.")
    anna.get_by_role("button", name="Opslaan").click()
    anna.wait_for_load_state()
    expect(anna.locator("#akkoord")).to_contain_text("akkoord vervallen")

    anna.get_by_role("link", name="Wat is er veranderd sinds dit akkoord? (Zorggroep Eigen)").click()
    expect(anna.get_by_role("heading", level=1)).to_contain_text("Wat is er veranderd sinds het akkoord van")
    expect(anna.locator("ins").first).to_contain_text("in de wijk.")
    _vastleggen(anna, "intrekking-2-sinds-akkoord", gevonden)

    anna.goto(basis + "#deel-trends")
    anna.get_by_role("link", name=re.compile(r"^Historie\W+Trends in het zorglandschap$")).click()
    expect(anna.get_by_role("heading", level=1)).to_contain_text("Historie: Trends in het zorglandschap")
    _vastleggen(anna, "intrekking-3-historie", gevonden)
    anna.get_by_role("button", name="Deze tekst terugzetten").first.click()
    anna.wait_for_load_state()
    expect(anna.locator(".meldingen")).to_contain_text("is teruggezet")
    assert Deel.objects.get(pk=deel.pk).duiding == "Steeds meer zorg gebeurt thuis, met hulp op afstand."

    assert gevonden == {}, gevonden


def test_the_contract_shows_its_lines_and_amounts_changed_since_a_signature(wereld_live: Wereld, nieuwe_pagina) -> None:
    wereld = contract_wereld(wereld_live)
    c = Contract.objects.get(pk=wereld.contract.pk)  # type: ignore[attr-defined]
    c = contract_services.contract_aanbieden(contract=c, gelezen_versie=c.versie, acting_user=wereld.bewerker)
    c = Contract.objects.get(pk=c.pk)
    contract_services.contract_ondertekenen(contract=c, gelezen_versie=c.versie, acting_user=wereld.beheerder)
    gevonden: dict[str, list[dict]] = {}

    anna = nieuwe_pagina()
    inloggen(anna, wereld.bewerker.email)
    afspraak = wereld.afspraak  # type: ignore[attr-defined]
    anna.goto(f"/regio/{wereld.regio.slug}/contracten/{c.pk}/afspraak/{afspraak.pk}/")
    expect(anna.locator("#intrekking-waarschuwing")).to_contain_text(
        "Opslaan trekt de handtekening in van Zorggroep Eigen (Bram Beheerder,"
    )
    anna.get_by_label(f"Bedrag {STARTJAAR} (€)").fill("120000")
    anna.get_by_role("button", name="Opslaan").click()
    anna.wait_for_load_state()
    anna.get_by_role("link", name=re.compile("Wat is er veranderd sinds deze handtekening")).click()
    expect(anna.get_by_role("heading", level=1)).to_contain_text("sinds de handtekening van Zorggroep Eigen")
    expect(anna.locator("ins", has_text="120.000,00")).to_be_visible()
    _vastleggen(anna, "intrekking-4-sinds-handtekening", gevonden)
    assert Decimal("120000") in [b.bedrag for b in afspraak.bedragen.all()]
    assert gevonden == {}, gevonden
