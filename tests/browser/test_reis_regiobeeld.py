"""In a real browser: the GP organisation's editor imports figures from a CBS-style CSV (preview, column mapping,
error report, confirmation), starts the regiobeeld, writes an interpretation and a challenge; both contracting
parties' mandated people agree and it is jointly carried; the next change withdraws that."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from regio import services as regio_services
from regio.models import Onderwerp
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Cijfer, Regiobeeld
from tests.browser.conftest import grafieken_tekenen, inloggen, screenshot, toegankelijkheid
from tests.personas import START, Wereld
from tests.regiobeeld.werelden import kolomtitels_laden

pytestmark = pytest.mark.needs_browser

JAAR = 2026


def _vastleggen(pagina: Any, naam: str, gevonden: dict[str, list[dict]]) -> None:
    """A screenshot of a key screen, and axe-core's violations on it (asserted at the end, so that one
    screen's violations do not hide whether the rest of the journey works). Charts are drawn by a deferred
    script when near the screen: draw them all and wait, so that both the screenshot and axe-core see the page a
    person sees."""
    grafieken_tekenen(pagina)
    screenshot(pagina, naam)
    if fouten := toegankelijkheid(pagina):
        gevonden[naam] = fouten


def _cbs_csv(wereld: Wereld) -> bytes:
    """As StatLine exports it: BOM, semicolons, decimal commas, a period code; one row that is no gemeente.

    The population column carries StatLine's own header, which the catalogue knows as a column title.
    """
    g1, g2 = wereld.regio.gemeenten.order_by("code").values_list("code", flat=True)
    regels = [
        "Regio's;Perioden;Bevolking op 1 januari (aantal);Aandeel 65-plussers (%)",
        f"{g1};2024JJ00;60000;21,4",
        f"{g2};2024JJ00;45000;23,8",
        "Atlantis;2024JJ00;1250;19,5",
    ]
    return ("\ufeff" + "\r\n".join(regels) + "\r\n").encode("utf-8")


def _mandaat_regiobeeld(wereld: Wereld) -> None:
    for wie, namens in ((wereld.zorginkoper, wereld.verzekeraar), (wereld.beheerder, wereld.zorggroep)):
        regio_services.mandaat_verlenen(
            gebruiker=wie,
            organisatie=namens,
            regio=wereld.regio,
            onderwerp=Onderwerp.REGIOBEELD,
            geldig_van=START,
            acting_user=wereld.koepel,
        )


def _akkoord_van(pagina: Any, organisatie: str) -> Any:
    return pagina.locator("#akkoord ul.akkoorden li", has_text=organisatie)


def test_figures_interpretation_and_agreement_make_the_regiobeeld_jointly_carried(
    wereld_live: Wereld, nieuwe_pagina, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    kernset_laden()
    kolomtitels_laden()
    _mandaat_regiobeeld(wereld_live)
    slug = wereld_live.regio.slug
    gevonden: dict[str, list[dict]] = {}

    # 1. Anna uploads the CSV; the worker reads it (in-process here) and the page shows a preview and a guess.
    anna = nieuwe_pagina()
    anna.set_default_timeout(10_000)
    inloggen(anna, "anna@zorggroep.test")
    anna.goto(f"/regio/{slug}/")
    anna.get_by_role("link", name=re.compile(r"^Cijfers")).click()
    expect(anna.get_by_role("heading", name="Cijfers van de regio", level=1)).to_be_visible()
    anna.get_by_label("Bestand (CSV of Excel)").set_input_files(
        files=[{"name": "cbs-kerncijfers-2024.csv", "mimeType": "text/csv", "buffer": _cbs_csv(wereld_live)}]
    )
    anna.get_by_label("Bron").fill("CBS StatLine 03759ned en 70072ned, peildatum 1 januari 2024")
    anna.get_by_role("button", name="Bestand lezen").click()
    anna.wait_for_load_state()
    expect(anna.get_by_role("heading", name="Cijfers inlezen: cbs-kerncijfers-2024.csv")).to_be_visible()
    expect(anna.get_by_role("heading", name="Welke kolom is wat?")).to_be_visible()
    voorbeeld = anna.locator("table", has=anna.locator("caption", has_text="Voorbeeld van het bestand"))
    assert voorbeeld.locator("thead th").all_inner_texts() == [
        "Regio's",
        "Perioden",
        "Bevolking op 1 januari (aantal)",
        "Aandeel 65-plussers (%)",
    ]
    expect(voorbeeld.get_by_role("cell", name="Atlantis")).to_be_visible()
    assert voorbeeld.get_by_role("cell", name="21,4").is_visible()  # shown as in the file: decimal comma

    # The guess: one column per indicator, the year from "Perioden", the share of over-65s recognised.
    assert anna.get_by_label("Eén kolom per indicator").is_checked()
    assert anna.get_by_label("Kolom met de gemeente (code of naam)").input_value() == "Regio's"
    assert anna.get_by_label("Kolom met het jaar").input_value() == "Perioden"
    assert anna.get_by_label("Indicator voor kolom Aandeel 65-plussers (%)").input_value() == "aandeel_65_plus"
    # StatLine's population header is one of the catalogue's column titles: it maps itself.
    bevolking = anna.get_by_label("Indicator voor kolom Bevolking op 1 januari (aantal)")
    assert bevolking.input_value() == "inwoners"
    _vastleggen(anna, "30-import-kolommen", gevonden)

    anna.get_by_role("button", name="Controleer alle regels").click()
    anna.wait_for_load_state()
    expect(anna.get_by_role("heading", name="Controle")).to_be_visible()
    telling = anna.locator("ul.telling")
    expect(telling.get_by_text("4 cijfers kunnen worden opgeslagen")).to_be_visible()
    afgewezen = anna.locator("table", has=anna.locator("caption", has_text="Regels die niet bruikbaar zijn"))
    assert afgewezen.locator("tbody tr").count() >= 1
    assert afgewezen.locator("tbody tr").first.locator("td").first.inner_text() == "4"
    assert "Atlantis" in afgewezen.locator("tbody tr").first.inner_text()
    assert not Cijfer.objects.exists()  # nothing is stored before she confirms
    _vastleggen(anna, "31-import-foutrapport", gevonden)

    anna.get_by_label("Ik begrijp dat de regels die niet bruikbaar zijn niet worden opgeslagen.").check()
    anna.get_by_role("button", name="4 cijfers opslaan").click()
    anna.wait_for_load_state()
    expect(anna.get_by_text("4 cijfers opgeslagen.")).to_be_visible()
    assert Cijfer.objects.filter(regio=wereld_live.regio, jaar=2024).count() == 4
    _vastleggen(anna, "32-import-opgeslagen", gevonden)

    # 2. She starts the regiobeeld for this year, interprets the description of the region, adds a challenge.
    anna.get_by_role("link", name="Naar het regiobeeld").click()
    expect(anna.get_by_text("Er is nog geen regiobeeld voor deze regio.")).to_be_visible()
    anna.get_by_label("Jaar").fill(str(JAAR))
    anna.get_by_role("button", name="Nieuw regiobeeld").click()
    anna.wait_for_load_state()
    expect(anna.get_by_text(f"Regiobeeld {JAAR} gemaakt.")).to_be_visible()
    expect(anna.get_by_role("heading", name="Nog niet gezamenlijk gedragen")).to_be_visible()
    # Anna has no regiobeeld mandate: no agreement button, and the page says who can.
    assert anna.get_by_role("button", name=re.compile(r"^Akkoord geven")).count() == 0
    expect(anna.get_by_text("Akkoord geven kan alleen wie vandaag een geldig mandaat")).to_be_visible()

    anna.get_by_role("link", name=re.compile(r"^Duiding bewerken\s*:\s*Beschrijving van de regio$")).click()
    anna.get_by_label("Duiding").fill(
        "Een vergrijzende regio: ruim een op de vijf inwoners is **65 jaar of ouder**, in de kleinere gemeente meer."
    )
    anna.get_by_role("button", name="Opslaan").click()
    anna.wait_for_load_state()
    expect(anna.get_by_text("Opgeslagen: Beschrijving van de regio.")).to_be_visible()
    beschrijving = anna.locator("#deel-beschrijving")
    expect(beschrijving.get_by_text("Een vergrijzende regio")).to_be_visible()
    expect(beschrijving.get_by_text("Laatst gewijzigd door Anna Bewerker")).to_be_visible()

    anna.get_by_role("link", name="Uitdaging toevoegen").click()
    anna.get_by_label("Titel").fill("Vergrijzing")
    anna.get_by_label("Beschrijving").fill("Meer ouderen met meerdere aandoeningen, die langer thuis wonen.")
    anna.get_by_role("checkbox", name=re.compile(r"^Aandeel 65-plussers")).check()
    _vastleggen(anna, "33-regiobeeld-uitdaging", gevonden)
    anna.get_by_role("button", name="Opslaan").click()
    anna.wait_for_load_state()
    expect(anna.get_by_text("Uitdaging opgeslagen.")).to_be_visible()
    uitdaging = anna.locator("#deel-uitdagingen li.uitdaging", has_text="Vergrijzing")
    expect(uitdaging.get_by_role("link", name=re.compile(r"^Aandeel 65-plussers"))).to_be_visible()
    versie = Regiobeeld.objects.get(regio=wereld_live.regio, jaar=JAAR).versie
    _vastleggen(anna, "34-regiobeeld-bewerker", gevonden)

    # 3. Daan, the insurer's purchaser with a regiobeeld mandate, agrees on his phone.
    pad = f"/regio/{slug}/regiobeeld/{JAAR}/"
    daan = nieuwe_pagina(breedte=390)
    daan.set_default_timeout(10_000)
    inloggen(daan, "daan@zuid.test")
    daan.goto(pad)
    expect(daan.locator("#deel-beschrijving").get_by_text("Een vergrijzende regio")).to_be_visible()
    daan.get_by_role("button", name=f"Akkoord geven op versie {versie}").click()
    daan.wait_for_load_state()
    expect(daan.get_by_text(f"Akkoord gegeven namens Verzekeraar Zuid op versie {versie}.")).to_be_visible()
    expect(daan.get_by_role("heading", name="Nog niet gezamenlijk gedragen")).to_be_visible()
    expect(_akkoord_van(daan, "Verzekeraar Zuid").get_by_text("akkoord", exact=True)).to_be_visible()
    expect(_akkoord_van(daan, "Zorggroep Eigen").get_by_text("nog geen akkoord")).to_be_visible()
    _vastleggen(daan, "35-regiobeeld-een-akkoord-390px", gevonden)

    # 4. Bram agrees for the GP organisation: jointly carried.
    bram = nieuwe_pagina()
    bram.set_default_timeout(10_000)
    inloggen(bram, "bram@zorggroep.test")
    bram.goto(pad)
    bram.get_by_role("button", name=f"Akkoord geven op versie {versie}").click()
    bram.wait_for_load_state()
    expect(bram.get_by_text(f"Akkoord gegeven namens Zorggroep Eigen op versie {versie}.")).to_be_visible()
    expect(bram.get_by_role("heading", name="Gezamenlijk gedragen", exact=True)).to_be_visible()
    for partij, wie in (("Verzekeraar Zuid", "Daan Inkoper"), ("Zorggroep Eigen", "Bram Beheerder")):
        expect(_akkoord_van(bram, partij).get_by_text(re.compile(f"door {wie} op"))).to_be_visible()
    _vastleggen(bram, "36-regiobeeld-gezamenlijk-gedragen", gevonden)

    # 5. Anna changes another part: the agreements lapse, and everyone sees that they did.
    anna.goto(pad)
    expect(anna.get_by_role("heading", name="Gezamenlijk gedragen", exact=True)).to_be_visible()
    anna.get_by_role("link", name=re.compile(r"^Duiding bewerken\s*:\s*Trends in het zorglandschap$")).click()
    anna.get_by_label("Duiding").fill("Meer zorg thuis, minder in het ziekenhuis.")
    anna.get_by_role("button", name="Opslaan").click()
    anna.wait_for_load_state()
    expect(anna.get_by_text("Opgeslagen: Trends in het zorglandschap.")).to_be_visible()
    anna.goto(pad)
    expect(anna.get_by_role("heading", name="Nog niet gezamenlijk gedragen")).to_be_visible()
    expect(anna.get_by_text(f"Dit is versie {versie + 1}.")).to_be_visible()
    for partij, wie in (("Verzekeraar Zuid", "Daan Inkoper"), ("Zorggroep Eigen", "Bram Beheerder")):
        rij = _akkoord_van(anna, partij)
        expect(rij.get_by_text("akkoord vervallen")).to_be_visible()
        assert rij.get_by_text(
            f"{wie} gaf akkoord op versie {versie}; daarna is het regiobeeld gewijzigd."
        ).is_visible()
    _vastleggen(anna, "37-regiobeeld-akkoord-vervallen", gevonden)

    # Daan, reloading, is asked to agree on the new version.
    daan.goto(pad)
    expect(daan.get_by_role("button", name=f"Akkoord geven op versie {versie + 1}")).to_be_visible()

    assert gevonden == {}, json.dumps(gevonden, indent=1, ensure_ascii=False)
