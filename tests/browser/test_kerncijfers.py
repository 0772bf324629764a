"""In a real browser: the key figures of a region on a laptop and a phone (the table scrolls in its own labelled
region, the page does not), sorted by a link, and an editor highlights a figure that then heads the regiobeeld."""

from __future__ import annotations

import re

import pandas as pd
from playwright.sync_api import expect

from regiobeeld import services
from regiobeeld.catalogus import kernset_laden
from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.factories import GemeenteFactory
from tests.personas import Wereld


def _figuren(wereld: Wereld) -> None:
    g1, g2 = wereld.regio.gemeenten.order_by("-inwoners")
    (g3,) = wereld.andere_regio.gemeenten.all()
    gu = GemeenteFactory.create(inwoners=50_000, provincie="Utrecht")
    rijen = []
    for jaar in range(2015, 2025):
        groei = 1 + (jaar - 2015) * 0.01
        for g, factor in ((g1, 1.0), (g2, 0.8), (g3, 1.1), (gu, 1.3)):
            rijen += [
                ("inwoners", g.code, jaar, round(g.inwoners * groei)),
                ("inwoners_80_plus", g.code, jaar, round(g.inwoners * 0.05 * groei * factor)),
                ("aandeel_65_plus", g.code, jaar, round(20 * groei * factor, 1)),
                ("huisartsenpraktijken", g.code, jaar, round(g.inwoners / 8000 * factor)),
                ("huisartsen_per_10000", g.code, jaar, round(6.5 * factor, 1)),
                ("ervaren_gezondheid_goed", g.code, jaar, round(78 / factor, 1)),
                ("huisartsen_55_plus", g.code, jaar, round(28 * factor * groei, 1)),
                ("zorgkosten_per_inwoner", g.code, jaar, round(2600 * factor * groei)),
            ]
    services.cijfers_opslaan(
        regio=wereld.regio,
        waarden=pd.DataFrame(rijen, columns=["indicator", "gemeente", "jaar", "waarde"]),
        bron="CBS StatLine 03759ned (test)",
        is_illustratief=True,
        importbestand=None,
    )


def test_key_figures_on_a_laptop_and_a_phone_sorted_and_highlighted(wereld_live: Wereld, nieuwe_pagina) -> None:
    kernset_laden()
    services.regiobeeld_aanmaken(regio=wereld_live.regio, jaar=2026, acting_user=wereld_live.bewerker)
    _figuren(wereld_live)
    adres = f"/regio/{wereld_live.regio.slug}/regiobeeld/2026/kerncijfers/"

    breed = nieuwe_pagina(1366)
    breed.set_default_timeout(10_000)
    inloggen(breed, wereld_live.bewerker.email)
    breed.goto(adres)
    expect(breed.get_by_role("heading", name=re.compile("^Kerncijfers"), level=1)).to_be_visible()
    expect(breed.get_by_role("table", name="Zorgaanbod")).to_be_visible()
    # On a laptop every table fits its card: indicator, region, province, Netherlands and difference side by side,
    # nothing behind a sideways scroll (issue 21).
    breedtes = breed.evaluate(
        "() => Array.from(document.querySelectorAll('.kerncijfers'), t => t.closest('.tabel-scroll'))"
        ".map(r => [r.scrollWidth, r.clientWidth, Math.round(r.getBoundingClientRect().right)])"
    )
    assert breedtes and all(scroll <= zicht and rechts <= 1366 for scroll, zicht, rechts in breedtes), breedtes
    assert toegankelijkheid(breed) == []
    screenshot(breed, "kerncijfers-1366")  # var/screenshots/kerncijfers-1366.png, looked at

    breed.get_by_role("table", name="Bevolking").get_by_role("link", name=re.compile("^Verschil")).click()
    kop = breed.get_by_role("table", name=re.compile("^Bevolking")).locator("th", has_text="Verschil")
    expect(kop).to_have_attribute("aria-sort", "ascending")

    knop = breed.get_by_role("button", name=re.compile("Uitlichten.*Zorgkosten basisverzekering"))
    knop.focus()
    breed.keyboard.press("Enter")
    gekozen = breed.get_by_role("button", name=re.compile("Uitgelicht.*Zorgkosten basisverzekering"))
    expect(gekozen).to_have_attribute("aria-pressed", "true")
    expect(kop).to_have_attribute("aria-sort", "ascending")  # the order the person had stays
    breed.goto(f"/regio/{wereld_live.regio.slug}/regiobeeld/2026/")
    uitgelicht = breed.get_by_role("region", name="Uitgelichte cijfers")
    expect(uitgelicht).to_contain_text("Zorgkosten basisverzekering per inwoner")
    assert toegankelijkheid(breed) == []
    screenshot(breed, "regiobeeld-met-kerncijfers-1366")  # in var/screenshots, looked at

    smal = nieuwe_pagina(390)
    smal.set_default_timeout(10_000)
    inloggen(smal, wereld_live.lezer.email)
    smal.goto(adres)
    expect(smal.get_by_role("table", name="Zorgaanbod")).to_be_visible()
    assert smal.evaluate("document.documentElement.scrollWidth") <= 390  # the page does not scroll sideways
    regio = smal.get_by_role("region", name="Tabel: Zorgaanbod")
    assert regio.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls in its own region
    regio.focus()
    expect(regio).to_be_focused()
    assert toegankelijkheid(smal) == []
    screenshot(smal, "kerncijfers-390")  # var/screenshots/kerncijfers-390.png, looked at
