"""A GP comments on a part of the regiobeeld and mentions the insurer's purchaser by typing @ and picking his name
with the keyboard; the thread then says who was mentioned. axe-clean with the list of names open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from regiobeeld.models import Reactie
from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.personas import Wereld
from tests.regiobeeld.werelden import regiobeeld_wereld

pytestmark = pytest.mark.needs_browser


def test_a_gp_mentions_the_purchaser_by_typing_at_and_picking_with_the_keyboard(
    wereld_live: Wereld, nieuwe_pagina
) -> None:
    regiobeeld_wereld(wereld_live)
    pagina = nieuwe_pagina()
    inloggen(pagina, "carla@praktijk.test")
    pagina.goto(f"/regio/{wereld_live.regio.slug}/regiobeeld/2026/")

    trends = pagina.locator("#deel-trends")
    trends.get_by_role("link", name="Reageren").click()
    tekst = trends.get_by_label("Uw reactie")
    expect(tekst).to_be_visible()
    tekst.click()
    pagina.keyboard.type("Klopt deze trend voor onze wijk? @da")

    lijst = trends.get_by_role("listbox", name="Mensen om te noemen")
    expect(lijst).to_be_visible()
    optie = lijst.get_by_role("option", name="Daan Inkoper")
    expect(optie).to_have_attribute("aria-selected", "true")
    expect(tekst).to_have_attribute("aria-activedescendant", optie.get_attribute("id") or "")
    expect(trends.get_by_role("status")).to_contain_text("1 naam gevonden")
    assert toegankelijkheid(pagina) == []
    screenshot(pagina, "noemen-lijst")

    # Escape closes the list without picking; typing on opens it again; Enter picks.
    pagina.keyboard.press("Escape")
    expect(lijst).to_be_hidden()
    pagina.keyboard.type("a")
    expect(lijst.get_by_role("option", name="Daan Inkoper")).to_be_visible()
    pagina.keyboard.press("Enter")
    expect(lijst).to_be_hidden()
    expect(tekst).to_have_value("Klopt deze trend voor onze wijk? @Daan Inkoper ")
    expect(trends.get_by_role("status")).to_contain_text("Daan Inkoper genoemd.")
    pagina.keyboard.type("wat denkt u?")

    trends.get_by_role("button", name="Plaatsen").click()
    expect(pagina.get_by_text("Uw reactie is geplaatst.")).to_be_visible()
    draad = pagina.locator("#deel-trends .draad").filter(has_text="wat denkt u?")
    expect(draad).to_contain_text("Genoemd: Daan Inkoper")
    assert toegankelijkheid(pagina) == []
    screenshot(pagina, "noemen-draad")

    reactie = Reactie.objects.get(tekst__endswith="wat denkt u?")
    assert list(reactie.genoemd.all()) == [wereld_live.zorginkoper]
