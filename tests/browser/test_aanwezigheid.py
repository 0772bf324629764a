"""In a real browser, two people open the same part of the plan: each sees that the other is there, and when one
saves, the other is offered the new text without losing what they are typing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.personas import Wereld
from tests.regioplan.werelden import plan_voor_de_reis

pytestmark = pytest.mark.needs_browser

WACHTEN = 15_000  # ms: the page polls every five seconds


def test_two_people_on_the_same_part_see_each_other_and_the_newer_text(wereld_live: Wereld, nieuwe_pagina) -> None:
    plan = plan_voor_de_reis(wereld_live)
    deel_pad = f"/regio/{plan.regio.slug}/regioplan/{plan.pk}/deel/missie-visie/"

    anna = nieuwe_pagina()
    daan = nieuwe_pagina()
    inloggen(anna, "anna@zorggroep.test")
    inloggen(daan, "daan@zuid.test")

    anna.goto(deel_pad)
    daan.goto(deel_pad)
    expect(daan.get_by_text("Anna Bewerker, Zorggroep Eigen, bewerkt dit deel sinds")).to_be_visible(timeout=WACHTEN)
    expect(anna.get_by_text("Daan Inkoper, Verzekeraar Zuid, bewerkt dit deel sinds")).to_be_visible(timeout=WACHTEN)
    # The sentence sits in a polite live region, so a screen reader hears it without losing its place.
    expect(daan.locator("[aria-live=polite]").get_by_text("Anna Bewerker")).to_be_visible()

    daan.get_by_label("Tekst").fill("Daan typt nog, zonder op te slaan.")
    anna.get_by_label("Tekst").fill("## Missie\n\nDe huisarts blijft het eerste aanspreekpunt.")
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.get_by_text("Opgeslagen: Missie en visie.")).to_be_visible()

    aanbod = daan.get_by_text("Nieuwe tekst van Anna Bewerker bekijken")
    expect(aanbod).to_be_visible(timeout=WACHTEN)
    expect(daan.get_by_label("Tekst")).to_have_value("Daan typt nog, zonder op te slaan.")  # nothing lost
    aanbod.click()
    expect(daan.get_by_text("De huisarts blijft het eerste aanspreekpunt.")).to_be_visible()
    expect(daan.get_by_role("link", name="De opgeslagen versie openen in een nieuw tabblad")).to_be_visible()
    # A poll that finds nothing new leaves the opened disclosure alone.
    daan.wait_for_timeout(6_000)
    expect(daan.get_by_text("De huisarts blijft het eerste aanspreekpunt.")).to_be_visible()
    expect(daan.get_by_label("Tekst")).to_have_value("Daan typt nog, zonder op te slaan.")
    screenshot(daan, "aanwezigheid-nieuwe-tekst")
    assert toegankelijkheid(daan) == []
