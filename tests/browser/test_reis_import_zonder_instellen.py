"""In a real browser: an editor imports a CBS-shaped and a Vektis-shaped file, made here, without creating any
indicator by hand (the catalogue knows both sources' column titles); the key figures then show the costs per insured
year against the Netherlands. Screens checked with axe-core and looked at, at 1366 and at 390 pixels."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from regiobeeld import services
from regiobeeld.models import Cijfer, Indicator
from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.factories import GemeenteFactory
from tests.personas import Wereld
from tests.regiobeeld.werelden import kolomtitels_laden

pytestmark = pytest.mark.needs_browser


def _gemeenten(wereld: Wereld) -> list[Any]:
    """The region's two gemeenten (60.000 and 45.000 inhabitants), the other region's (30.000) and one in another
    province (50.000): the Netherlands of the test."""
    return [
        *wereld.regio.gemeenten.order_by("-inwoners"),
        *wereld.andere_regio.gemeenten.all(),
        GemeenteFactory.create(inwoners=50_000, provincie="Utrecht", naam="Testdorp aan de Vecht"),
    ]


def _cbs(gemeenten: list[Any]) -> bytes:
    regels = ["Regio's;Perioden;Bevolking op 1 januari (aantal);Huishoudens totaal (aantal);0 tot 15 jaar (aantal)"]
    regels += [f"{g.code};2024JJ00;{g.inwoners};{g.inwoners // 2};{g.inwoners // 6}" for g in gemeenten]
    return ("\ufeff" + "\r\n".join([*regels, "Bron: CBS"]) + "\r\n").encode()


def _vektis(gemeenten: list[Any]) -> bytes:
    regels = ["GEMEENTENAAM;JAAR;AANTAL_VERZEKERDEJAREN;Huisartsenzorg per verzekerdejaar;Farmacie per verzekerdejaar"]
    regels += [
        f"{g.naam.upper()};2023;{g.inwoners - 500};{200 + 10 * i},50;{430 + 5 * i},00" for i, g in enumerate(gemeenten)
    ]
    return ("\r\n".join(regels) + "\r\n").encode()


def _importeren(pagina: Any, slug: str, naam: str, inhoud: bytes, bron: str, aantal: str) -> None:
    pagina.goto(f"/regio/{slug}/cijfers/")
    pagina.get_by_label("Bestand (CSV of Excel)").set_input_files(
        files=[{"name": naam, "mimeType": "text/csv", "buffer": inhoud}]
    )
    pagina.get_by_label("Bron").fill(bron)
    pagina.get_by_role("button", name="Bestand lezen").click()
    pagina.wait_for_load_state()
    expect(pagina.get_by_role("heading", name="Welke kolom is wat?")).to_be_visible()
    pagina.get_by_role("button", name="Controleer alle regels").click()
    pagina.wait_for_load_state()
    expect(pagina.get_by_role("heading", name="Controle")).to_be_visible()
    expect(pagina.get_by_text(re.compile(r"4 van \d+ gemeenten herkend, 2 van 2 van de regio"))).to_be_visible()
    pagina.get_by_role("button", name=f"{aantal} cijfers opslaan").click()
    pagina.wait_for_load_state()
    expect(pagina.get_by_text(f"{aantal} cijfers opgeslagen.")).to_be_visible()


def test_cbs_and_vektis_files_import_without_making_an_indicator_and_costs_compare_with_the_netherlands(
    wereld_live: Wereld, nieuwe_pagina, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    kolomtitels_laden()
    services.regiobeeld_aanmaken(regio=wereld_live.regio, jaar=2026, acting_user=wereld_live.bewerker)
    gemeenten = _gemeenten(wereld_live)
    slug = wereld_live.regio.slug
    indicatoren = Indicator.objects.count()

    breed = nieuwe_pagina(1366)
    breed.set_default_timeout(15_000)
    inloggen(breed, wereld_live.bewerker.email)

    # The mapping screen of the Vektis file, before checking: only the fields of one column per indicator.
    breed.goto(f"/regio/{slug}/cijfers/")
    breed.get_by_label("Bestand (CSV of Excel)").set_input_files(
        files=[{"name": "vektis-voorbeeld.csv", "mimeType": "text/csv", "buffer": _vektis(gemeenten)}]
    )
    breed.get_by_label("Bron").fill("Vektis Zorgprisma, proefbestand")
    breed.get_by_role("button", name="Bestand lezen").click()
    breed.wait_for_load_state()
    expect(breed.get_by_role("heading", name="Welke kolom is wat?")).to_be_visible()
    assert breed.get_by_label("Eén kolom per indicator").is_checked()
    keuze = breed.get_by_label("Indicator voor kolom Huisartsenzorg per verzekerdejaar")
    assert keuze.input_value() == "kosten_huisartsenzorg_per_verzekerdejaar"
    expect(breed.get_by_label("Kolom met de waarde")).to_be_hidden()
    expect(breed.get_by_label("Jaar voor kolom JAAR")).to_be_hidden()
    assert toegankelijkheid(breed) == []
    screenshot(breed, "import-koppeling-vektis-1366")  # var/screenshots, looked at
    breed.get_by_label("Eén kolom per jaar").check()  # another layout shows its own fields instead
    expect(breed.get_by_label("Jaar voor kolom JAAR")).to_be_visible()
    expect(breed.get_by_label("Indicator voor kolom JAAR")).to_be_hidden()
    breed.get_by_role("button", name="Import annuleren").click()
    breed.wait_for_load_state()

    _importeren(breed, slug, "cbs-kerncijfers.csv", _cbs(gemeenten), "CBS StatLine, proefbestand", "12")
    _importeren(breed, slug, "vektis-2023.csv", _vektis(gemeenten), "Vektis Zorgprisma, proefbestand", "12")
    assert Indicator.objects.count() == indicatoren  # nothing made by hand
    assert Cijfer.objects.filter(indicator__code="kosten_huisartsenzorg_per_verzekerdejaar").count() == 4

    breed.goto(f"/regio/{slug}/regiobeeld/2026/kerncijfers/")
    kosten = breed.get_by_role("table", name=re.compile("^Kosten"))
    rij = kosten.get_by_role("row", name=re.compile("Kosten huisartsenzorg per verzekerdejaar"))
    expect(rij).to_be_visible()
    # Costs of GP care per insured year, weighted by inhabitants, by hand: the region (200,50 x 60.000 + 210,50 x
    # 45.000) / 105.000 = 204,79; the Netherlands adds 220,50 x 30.000 and 230,50 x 50.000: 39.642.500 / 185.000 =
    # 214,28; index 204,79 / 214,28 x 100 = 95,6.
    # The province (Limburg: both regions' gemeenten) 28.117.500 / 135.000 = 208,28.
    cellen = rij.get_by_role("cell")
    for n, tekst in enumerate([r"€\s205", r"€\s208", r"€\s214", r"96\s*index 96 \(Nederland = 100\)"]):
        expect(cellen.nth(n)).to_have_text(re.compile(f"^{tekst}$"))
    assert toegankelijkheid(breed) == []
    screenshot(breed, "kerncijfers-kosten-1366")  # looked at

    smal = nieuwe_pagina(390)
    smal.set_default_timeout(15_000)
    inloggen(smal, wereld_live.bewerker.email)
    smal.goto(f"/regio/{slug}/cijfers/")
    smal.get_by_label("Bestand (CSV of Excel)").set_input_files(
        files=[{"name": "vektis-2024.csv", "mimeType": "text/csv", "buffer": _vektis(gemeenten)}]
    )
    smal.get_by_label("Bron").fill("Vektis Zorgprisma, proefbestand")
    smal.get_by_role("button", name="Bestand lezen").click()
    smal.wait_for_load_state()
    # The same columns as the confirmed Vektis import: its mapping is offered again.
    expect(smal.get_by_text("de koppeling van toen staat klaar")).to_be_visible()
    assert smal.evaluate("document.documentElement.scrollWidth") <= 390
    assert toegankelijkheid(smal) == []
    screenshot(smal, "import-koppeling-onthouden-390")  # looked at
    smal.goto(f"/regio/{slug}/regiobeeld/2026/kerncijfers/")
    expect(smal.get_by_role("table", name=re.compile("^Kosten"))).to_be_visible()
    assert toegankelijkheid(smal) == []
    screenshot(smal, "kerncijfers-kosten-390")  # looked at
