"""In a real browser: the purchaser proposes a change to a submitted plan instead of overwriting it; the GP
organisation's editor sees it inline as a redline (struck-through and inserted words, with a cue in words), with
who proposed it, for which party and why, and accepts it; the text then reads as proposed. axe clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from regioplan.models import Plandeel
from tests.browser.conftest import SCREENSHOTS, inloggen, screenshot, toegankelijkheid
from tests.personas import Wereld
from tests.regioplan.werelden import indienen, plan_voor_de_reis

pytestmark = pytest.mark.needs_browser


def test_the_purchaser_proposes_a_change_to_a_submitted_plan_and_the_gp_organisation_accepts_it(
    wereld_live: Wereld, nieuwe_pagina
) -> None:
    plan = indienen(wereld_live, plan_voor_de_reis(wereld_live))
    deel = Plandeel.objects.get(regioplan=plan, soort="missie-visie")
    oud = deel.tekst
    plan_pad = f"/regio/{plan.regio.slug}/regioplan/{plan.pk}/"

    daan = nieuwe_pagina()
    inloggen(daan, "daan@zuid.test")
    daan.goto(plan_pad + "deel/missie-visie/")
    expect(daan.get_by_text("de tekst verandert nu alleen via voorstellen", exact=False)).to_be_visible()
    expect(daan.get_by_role("button", name="Opslaan", exact=True)).to_have_count(0)
    nieuw = oud.replace("beide partijen", "zorggroep en zorgverzekeraar samen")
    daan.get_by_label("Tekst").fill(nieuw + "\n\nDe zorgverzekeraar betaalt de eerste twee jaar mee.")
    daan.get_by_label("Waarom stelt u dit voor?").fill("Zo staat de financiering in het plan zelf.")
    daan.get_by_role("button", name="Als voorstel indienen").click()
    expect(daan.get_by_text("Uw voorstel is ingediend.")).to_be_visible()

    anna = nieuwe_pagina()
    inloggen(anna, "anna@zorggroep.test")
    anna.goto(plan_pad)
    voorstel = anna.locator("article.voorstel").first
    expect(voorstel.get_by_role("heading", name="Voorstel van Verzekeraar Zuid: Missie en visie")).to_be_visible()
    expect(voorstel.get_by_text("Zo staat de financiering in het plan zelf.")).to_be_visible()
    expect(voorstel.locator("ins").last).to_contain_text("De zorgverzekeraar betaalt de eerste twee jaar mee.")
    expect(voorstel.locator("del").first).to_contain_text("beide")
    voorstel.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    voorstel.screenshot(path=str(SCREENSHOTS / "voorstellen-redline.png"))
    screenshot(anna, "voorstellen-planpagina")
    assert toegankelijkheid(anna) == []

    voorstel.get_by_role("link", name="Bekijken, reageren of beslissen").click()
    expect(anna.get_by_role("button", name="Aanvaarden")).to_be_visible()
    screenshot(anna, "voorstellen-voorstel")
    assert toegankelijkheid(anna) == []
    anna.get_by_role("button", name="Aanvaarden").click()
    expect(anna.get_by_text("Voorstel aanvaard: de wijziging staat nu in het plan.")).to_be_visible()
    expect(anna.get_by_text("De zorgverzekeraar betaalt de eerste twee jaar mee.").first).to_be_visible()
    deel.refresh_from_db()
    assert deel.tekst.endswith("De zorgverzekeraar betaalt de eerste twee jaar mee.")
