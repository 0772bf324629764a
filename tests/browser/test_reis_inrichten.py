"""In a real browser, koepel staff set up Noord-Limburg in one screen (7 real gemeenten picked with the keyboard,
the live population and the guide's band, two contracting parties found by search, first invitations to their
managers), count the clicks it takes, and find the new region on the national map. Each party's invited manager
then accepts, chooses a password, sets up two-factor authentication and grants a colleague a mandate for the new
region. axe-core on the set-up, the overview and the mandate form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from regio.models import Mandaat, Onderwerp, Regio, Rol, Uitnodiging
from tests.browser.conftest import inloggen, screenshot, toegankelijkheid, tweestaps_instellen
from tests.personas import Wereld

pytestmark = pytest.mark.needs_browser

NOORD_LIMBURG = ("Venlo", "Venray", "Horst aan de Maas", "Peel en Maas", "Beesel", "Bergen (L.)", "Gennep")


class Klikken:
    """The clicks a person makes (keyboard presses in a field are typing, not clicks)."""

    def __init__(self) -> None:
        self.aantal = 0

    def klik(self, locator: Any) -> None:
        self.aantal += 1
        locator.click()


def test_koepel_staff_set_up_noord_limburg_in_one_screen_and_see_it_on_the_map(
    wereld_live: Wereld, nieuwe_pagina: Any
) -> None:
    call_command("gemeenten_laden", verbosity=0)
    gevonden: dict[str, list[dict]] = {}
    klikken = Klikken()
    koen = nieuwe_pagina()
    koen.set_default_timeout(10_000)
    inloggen(koen, "koen@koepel.test")

    klikken.klik(koen.get_by_role("link", name="Regio inrichten"))
    koen.wait_for_load_state()
    expect(koen.get_by_role("heading", name="Regio inrichten", level=1)).to_be_visible()
    klikken.klik(koen.get_by_label("Naam van de regio"))
    koen.keyboard.type("Noord-Limburg")
    # Gemeenten with the keyboard: the search box, typed, Enter adds it; the total follows live.
    klikken.klik(koen.get_by_label("Gemeente zoeken en toevoegen"))
    for naam in NOORD_LIMBURG:
        koen.keyboard.type(naam)
        koen.keyboard.press("Enter")
    expect(koen.locator("#omvang")).to_contain_text("282.239 inwoners")
    expect(koen.locator("#omvang")).to_contain_text("groter dan de 200.000 inwoners")
    assert koen.get_by_label("Gemeenten", exact=True).input_value() == ", ".join(NOORD_LIMBURG)

    # The parties: typed, with suggestions from the search (a handful, never the whole list).
    for i, (zoek, naam, email) in enumerate(
        (
            ("Zorggroep E", "Zorggroep Eigen", "manager@zorggroep-nl.test"),
            ("Verzekeraar Z", "Verzekeraar Zuid", "inkoop@zuid.test"),
        )
    ):
        klikken.klik(koen.locator(f"#id_partij-{i}-organisatie"))
        koen.keyboard.type(zoek)
        expect(koen.locator(f'#organisatielijst option[value="{naam}"]')).to_have_count(1)
        expect(koen.locator("#organisatielijst option")).to_have_count(1)
        koen.locator(f"#id_partij-{i}-organisatie").fill(naam)
        klikken.klik(koen.locator(f"#id_partij-{i}-beheerder_email"))
        koen.keyboard.type(email)
    screenshot(koen, "40-regio-inrichten")
    if fouten := toegankelijkheid(koen):
        gevonden["regio-inrichten"] = fouten
    klikken.klik(koen.get_by_role("button", name="Regio inrichten en uitnodigingen versturen"))
    koen.wait_for_load_state()
    expect(koen.get_by_text("Regio Noord-Limburg is ingericht; 2 uitnodiging(en) verstuurd.")).to_be_visible()

    regio = Regio.objects.get(naam="Noord-Limburg")
    assert regio.gemeenten.count() == 7
    assert set(Uitnodiging.objects.filter(rol=Rol.BEHEERDER).values_list("email", flat=True)) == {
        "manager@zorggroep-nl.test",
        "inkoop@zuid.test",
    }

    klikken.klik(koen.get_by_role("link", name="Landelijk overzicht"))
    koen.wait_for_load_state()
    kaart = koen.locator("svg.landkaart")
    expect(kaart.locator("title", has_text="Noord-Limburg: nog geen regiobeeld akkoord")).to_have_count(1)
    expect(koen.get_by_role("row", name="Noord-Limburg")).to_be_visible()
    screenshot(koen, "41-landelijk-overzicht")
    if fouten := toegankelijkheid(koen):
        gevonden["landelijk-overzicht"] = fouten

    # The issue: fewer than 15 clicks for Noord-Limburg (the admin took about 87); the map is one more.
    assert klikken.aantal < 15, klikken.aantal

    # Each party's new manager: the link from the e-mail, a password, two-factor authentication, a mandate for a
    # colleague in the new region.
    for uitgenodigd, naam, organisatie, collega, onderwerp, kenmerk in (
        (
            "manager@zorggroep-nl.test",
            "Mila Manager",
            "Zorggroep Eigen",
            "Anna Bewerker (anna@zorggroep.test)",
            Onderwerp.REGIOPLAN,
            "bestuursbesluit 2026-031",
        ),
        (
            "inkoop@zuid.test",
            "Ingrid Inkoopmanager",
            "Verzekeraar Zuid",
            "Daan Inkoper (daan@zuid.test)",
            Onderwerp.CONTRACT,
            "besluit raad van bestuur 2026-12",
        ),
    ):
        manager = nieuwe_pagina()
        manager.set_default_timeout(10_000)
        _aannemen(manager, uitgenodigd, naam)
        _mandaat_verlenen(manager, organisatie, collega, onderwerp, kenmerk, gevonden)
        email = collega.split("(")[1].rstrip(")")
        mandaat = Mandaat.objects.get(regio=regio, gebruiker__email=email)
        assert (mandaat.onderwerp, mandaat.besluitreferentie) == (onderwerp, kenmerk)
    assert gevonden == {}


def _aannemen(manager: Any, uitgenodigd: str, naam: str) -> None:
    """The invitation's link from the e-mail, a name and password, then two-factor authentication (a manager must)."""
    (bericht,) = [m for m in mail.outbox if m.to == [uitgenodigd]]
    link = re.search(r"https?://\S+(/uitnodiging/[^/\s]+/)", str(bericht.body))
    assert link is not None
    manager.goto(link.group(1))
    manager.get_by_label("Uw naam").fill(naam)
    manager.get_by_label("Kies een wachtwoord").fill("groen-paard-springt-hoog-17")
    manager.get_by_label("Herhaal het wachtwoord").fill("groen-paard-springt-hoog-17")
    manager.get_by_role("button", name="Account maken en aannemen").click()
    manager.wait_for_load_state()
    tweestaps_instellen(manager, uitgenodigd)
    expect(manager.get_by_role("heading", name="Mijn regio's", level=1)).to_be_visible()


def _mandaat_verlenen(
    manager: Any, organisatie: str, collega: str, onderwerp: str, kenmerk: str, gevonden: dict[str, Any]
) -> None:
    manager.get_by_role("link", name=f"Mandaten van {organisatie}").click()
    manager.get_by_role("link", name="Mandaat verlenen").click()
    manager.get_by_label("Gemandateerde").select_option(label=collega)
    manager.get_by_label("Regio", exact=True).select_option(label="Noord-Limburg")
    manager.get_by_label("Onderwerp").select_option(onderwerp)
    manager.get_by_label("Geldig vanaf").fill(timezone.localdate().isoformat())
    manager.get_by_label("Kenmerk van het bestuursbesluit").fill(kenmerk)
    if fouten := toegankelijkheid(manager):
        gevonden[f"mandaat-verlenen-{organisatie}"] = fouten
    manager.get_by_role("button", name="Mandaat verlenen").click()
    expect(manager.get_by_text("Het mandaat is verleend.")).to_be_visible()
    screenshot(manager, f"42-mandaat-na-inrichten-{organisatie.split()[0].lower()}")
