"""In a real browser, koepel staff set up a new region in the admin: a GP organisation, a region built from
gemeenten with its two contracting parties, a user with a membership and a mandate. Then the new user signs in
and sees the region, its parties and who may decide today."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from regio.koepelgroep import koepelgroep_verzekeren
from regio.models import Deelname, Gebruiker, Mandaat, Regio
from tests.browser.conftest import grafieken_tekenen, inloggen, screenshot, toegankelijkheid
from tests.factories import GemeenteFactory, soort
from tests.personas import Wereld

pytestmark = pytest.mark.needs_browser

# Real CBS codes and names; the inhabitants are rounded (the journey needs a plausible region, not exact figures).
GEMEENTEN = (
    ("GM1729", "Gulpen-Wittem", 14_000),
    ("GM0981", "Vaals", 9_800),
    ("GM1903", "Eijsden-Margraten", 25_500),
    ("GM0994", "Valkenburg aan de Geul", 16_300),
)
NIEUW_WACHTWOORD = "heuvelland-wandelpad-2026"


def _kies_uit_zoeklijst(pagina: Any, select_id: str, zoek: str, optie: str) -> None:
    """Pick `optie` in one of the admin's autocomplete fields (select2): open, type, click the result."""
    pagina.locator(f"select#{select_id} + .select2 .select2-selection").click()
    pagina.locator(".select2-container--open .select2-search__field").fill(zoek)
    pagina.locator(".select2-results__option", has_text=optie).click()


def _vastleggen(pagina: Any, naam: str, gevonden: dict[str, list[dict]]) -> None:
    """A screenshot of a key screen, and axe-core's violations on it (asserted at the end, so that one
    screen's violations do not hide whether the rest of the journey works). Charts are drawn by a deferred
    script when near the screen: draw them all and wait, so that both the screenshot and axe-core see the page a
    person sees."""
    grafieken_tekenen(pagina)
    screenshot(pagina, naam)
    if fouten := toegankelijkheid(pagina):
        gevonden[naam] = fouten


def _opgeslagen(pagina: Any) -> None:
    pagina.wait_for_load_state()
    assert pagina.locator(".errornote, .errorlist").count() == 0, pagina.locator("#content").inner_text()
    assert pagina.locator("ul.messagelist li.success").count() == 1


def test_koepel_staff_set_up_a_region_and_its_new_user_sees_it(wereld_live: Wereld, nieuwe_pagina) -> None:
    wereld_live.koepel.groups.add(koepelgroep_verzekeren())
    for code, naam, inwoners in GEMEENTEN:
        GemeenteFactory.create(code=code, naam=naam, inwoners=inwoners, provincie="Limburg")
    vandaag = timezone.localdate()
    gevonden: dict[str, list[dict]] = {}
    afwijkingen: list[str] = []

    koen = nieuwe_pagina()
    koen.set_default_timeout(10_000)
    inloggen(koen, "koen@koepel.test")
    koen.goto("/beheer/")
    expect(koen.get_by_role("heading", name="Beheer van regio's, organisaties en gebruikers")).to_be_visible()
    _vastleggen(koen, "20-beheer-start", gevonden)

    # 1. The GP organisation of the new region.
    koen.goto("/beheer/regio/organisatie/add/")
    koen.get_by_label("Naam").fill("Huisartsen Heuvelland")
    # By value: transactional tests may have flushed the migration's kinds, and `soort` makes them again.
    koen.get_by_label("Soort").select_option(value=str(soort("huisartsenorganisatie").pk))
    koen.get_by_role("button", name="Opslaan", exact=True).click()
    _opgeslagen(koen)

    # 2. The region: gemeenten through the search field (select2), both contracting parties as inline participations.
    koen.goto("/beheer/regio/regio/add/")
    koen.locator("#id_naam").fill("Heuvelland")
    koen.locator("#id_naam").press("Tab")
    assert koen.locator("#id_slug").input_value() == "heuvelland"  # filled in from the name as one types
    for code, naam, _ in GEMEENTEN:
        _kies_uit_zoeklijst(koen, "id_gemeenten", naam, f"{naam} ({code})")
    assert koen.locator("#id_gemeenten option:checked").count() == len(GEMEENTEN)
    koen.locator("#id_beschrijving").fill("Het Zuid-Limburgse heuvelland: vier gemeenten.")
    for i, (zoek, naam) in enumerate((("Heuvel", "Huisartsen Heuvelland"), ("Zuid", "Verzekeraar Zuid"))):
        nog_een = re.compile(r"^Nog een deelnemende organisatie toevoegen$", re.IGNORECASE)
        koen.get_by_role("button", name=nog_een).click()
        _kies_uit_zoeklijst(koen, f"id_deelnames-{i}-organisatie", zoek, naam)
        koen.locator(f"#id_deelnames-{i}-rol").select_option(value=Deelname.DeelnameRol.CONTRACTPARTIJ)
        koen.locator(f"#id_deelnames-{i}-van").fill("1-1-2026")
    _vastleggen(koen, "21-beheer-regio-maken", gevonden)
    koen.get_by_role("button", name="Opslaan", exact=True).click()
    _opgeslagen(koen)
    rij = koen.locator("#result_list tbody tr", has_text="Heuvelland")
    expect(rij.get_by_text("65.600")).to_be_visible()
    expect(rij.get_by_text("binnen 50.000-200.000")).to_be_visible()
    # With dozens of regions one searches. The inhabitants and the size signal must not change with the search
    # (recorded here and asserted at the end, so that the rest of the journey still runs).
    koen.locator("#searchbar").fill("Heuvelland")
    koen.get_by_role("button", name="Zoeken").click()
    koen.wait_for_load_state()
    gezocht = koen.locator("#result_list tbody tr", has_text="Heuvelland")
    gezien = (gezocht.locator("td.field-aantal_inwoners").inner_text(), gezocht.locator("td.field-omvang").inner_text())
    if gezien != ("65.600", "binnen 50.000-200.000"):
        afwijkingen.append(f"regio's zoeken op 'Heuvelland' toont {gezien} in plaats van 65.600 en binnen de omvang")
        _vastleggen(koen, "22b-beheer-regios-gezocht", gevonden)
    regio = Regio.objects.get(slug="heuvelland")
    assert sorted(d.organisatie.naam for d in regio.deelnames.all()) == ["Huisartsen Heuvelland", "Verzekeraar Zuid"]
    _vastleggen(koen, "22-beheer-regios", gevonden)

    # 3. A user with a membership of the new GP organisation (the password is set in the admin's add form).
    koen.goto("/beheer/regio/gebruiker/add/")
    koen.locator("#id_email").fill("gijs@heuvelland.test")
    koen.locator("#id_naam").fill("Gijs Janssen")
    koen.locator("#id_password1").fill(NIEUW_WACHTWOORD)
    koen.locator("#id_password2").fill(NIEUW_WACHTWOORD)
    koen.get_by_role("button", name="Opslaan", exact=True).click()
    koen.wait_for_load_state()
    assert koen.locator(".errornote, .errorlist").count() == 0, koen.locator("#content").inner_text()
    # Django's user admin continues on the change page, where the memberships are.
    koen.get_by_role("button", name=re.compile(r"^Nog een lidmaatschap toevoegen$", re.IGNORECASE)).click()
    koen.locator("#id_lidmaatschappen-0-organisatie").select_option(label="Huisartsen Heuvelland")
    koen.locator("#id_lidmaatschappen-0-rol").select_option(label="beheerder")
    koen.locator("#id_lidmaatschappen-0-functie").fill("bestuurder")
    _vastleggen(koen, "23-beheer-gebruiker-lidmaatschap", gevonden)
    koen.get_by_role("button", name="Opslaan", exact=True).click()
    _opgeslagen(koen)
    gijs = Gebruiker.objects.get(email="gijs@heuvelland.test")
    assert gijs.lidmaatschappen.get().organisatie.naam == "Huisartsen Heuvelland"

    # 4. The mandate: Gijs may decide on the regioplan for Huisartsen Heuvelland in Heuvelland, from today.
    koen.goto("/beheer/regio/mandaat/add/")
    _kies_uit_zoeklijst(koen, "id_gebruiker", "gijs", "Gijs Janssen")
    _kies_uit_zoeklijst(koen, "id_organisatie", "Heuvel", "Huisartsen Heuvelland")
    _kies_uit_zoeklijst(koen, "id_regio", "Heuvel", "Heuvelland")
    koen.locator("#id_onderwerp").select_option(value="regioplan")
    koen.locator("#id_geldig_van").fill(vandaag.strftime("%d-%m-%Y"))
    koen.locator("#id_toelichting").fill("Bestuursbesluit van 20 november 2026.")
    _vastleggen(koen, "24-beheer-mandaat", gevonden)
    koen.get_by_role("button", name="Opslaan", exact=True).click()
    _opgeslagen(koen)
    mandaat = Mandaat.objects.get(gebruiker=gijs)
    assert (mandaat.regio, mandaat.verleend_door) == (regio, wereld_live.koepel)

    koen.get_by_role("button", name="Afmelden").click()
    koen.wait_for_load_state()
    koen.goto("/beheer/")
    assert koen.get_by_role("heading", name="Inloggen bij Regio").is_visible()  # signed out: the admin asks again

    # 5. Gijs signs in (on a phone) and finds his region, its parties and who may decide today.
    telefoon = nieuwe_pagina(breedte=390)
    inloggen(telefoon, "gijs@heuvelland.test", NIEUW_WACHTWOORD)
    expect(telefoon.get_by_role("heading", name="Mijn regio's")).to_be_visible()
    kaart = telefoon.locator("li.kaart", has=telefoon.get_by_role("link", name="Heuvelland", exact=True))
    expect(kaart.get_by_text("Eijsden-Margraten, Gulpen-Wittem, Vaals, Valkenburg aan de Geul")).to_be_visible()
    partijen = kaart.locator("ul.partijen li")
    assert partijen.count() == 2
    expect(partijen.filter(has_text="Huisartsen Heuvelland").get_by_text("contractpartij")).to_be_visible()
    expect(partijen.filter(has_text="Verzekeraar Zuid").get_by_text("contractpartij")).to_be_visible()
    assert telefoon.get_by_text("Eigen regio").count() == 0
    _vastleggen(telefoon, "25-mijn-regios-nieuwe-gebruiker-390px", gevonden)

    pagina = nieuwe_pagina()
    inloggen(pagina, "gijs@heuvelland.test", NIEUW_WACHTWOORD)
    pagina.get_by_role("link", name="Heuvelland", exact=True).click()
    expect(pagina.get_by_role("heading", name="Heuvelland", level=1)).to_be_visible()
    expect(pagina.get_by_text("Het Zuid-Limburgse heuvelland")).to_be_visible()
    beslissers = pagina.locator("section", has=pagina.get_by_role("heading", name="Wie mag vandaag beslissen"))
    beslissing = beslissers.locator("tbody tr")
    assert beslissing.count() == 1
    assert [c.strip() for c in beslissing.locator("th, td").all_inner_texts()] == [
        "Huisartsen Heuvelland",
        "regioplan",
        "Gijs Janssen",
        "onbepaald",
    ]
    partijtabel = pagina.locator("section", has=pagina.get_by_role("heading", name="Deelnemende partijen"))
    assert partijtabel.locator("tbody tr").count() == 2
    _vastleggen(pagina, "26-regio-nieuwe-gebruiker", gevonden)

    # The insurer added as a contracting party sees the new region next to the one it already had.
    daan = nieuwe_pagina()
    inloggen(daan, "daan@zuid.test")
    expect(daan.get_by_role("link", name="Heuvelland", exact=True)).to_be_visible()
    expect(daan.get_by_role("link", name="Eigen regio", exact=True)).to_be_visible()

    assert afwijkingen == [], afwijkingen
    assert gevonden == {}, json.dumps(gevonden, indent=1, ensure_ascii=False)
