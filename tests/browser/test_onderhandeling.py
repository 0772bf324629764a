"""Issue 16's negotiation in a real browser, two people at once, each in a browser context of their own: the GP
organisation's editor (Anna) and the insurer's purchaser (Daan) both have the submitted plan open and see each
other there; Daan proposes a change to a part of the plan (submitted, its text changes only through proposals) and
a lower amount for a contract line; Anna sees the redline, counter-proposes on the line, Daan accepts that, Anna
accepts the plan proposal. The line is then agreed by both, and its trail says who proposed which amount when.
axe on the pages visited (the plan with the redline inline, the proposal, the contract with the trail); nothing
scrolls sideways at 390 px; screenshots at 1366 and 390 px of the redline, the counter-proposal form and the trail
(var/screenshots).

Set up through services is only what is not this journey: the submitted plan and a draft contract with one line
on an adopted plan. Both sign in through a session cookie (signing in is another journey's subject).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from contracten.models import Contractafspraak
from regioplan.models import Plandeel
from tests.browser.conftest import breedtes_vastleggen, toegankelijkheid
from tests.contracten.werelden import afspraak_maken, contract_maken, vastgesteld_plan
from tests.personas import Wereld
from tests.regioplan.werelden import indienen, plan_voor_de_reis

pytestmark = pytest.mark.needs_browser

WACHTEN = 15_000  # ms: the edit page polls for presence every five seconds
REGEL = "Praktijkondersteuner ouderenzorg"
# What Daan adds to the mission and vision, and the words he takes out.
ERBIJ = "De zorgverzekeraar betaalt de eerste twee jaar mee."
WEG, ERVOOR = "wat beide partijen", "wat zorggroep en zorgverzekeraar samen"
WAAROM_PLAN = "Zo staat de financiering in het plan zelf."
# The line's 2026 amount: Anna wrote 100.000, Daan proposes 90.000, Anna counters with 95.000, Daan accepts.
WAAROM_DAAN = "Ons budget voor 2026 is krapper dan vorig jaar."
WAAROM_ANNA = "Met 95.000 houdt elke praktijk haar POH ouderenzorg."


def _regel(pagina: Any) -> Any:
    return pagina.locator("article.activiteit", has=pagina.get_by_role("heading", name=REGEL, exact=True))


def test_the_parties_negotiate_a_submitted_plan_and_a_contract_line_in_two_browsers(
    wereld_live: Wereld, nieuwe_pagina
) -> None:
    plan = indienen(wereld_live, plan_voor_de_reis(wereld_live))
    deel = Plandeel.objects.get(regioplan=plan, soort="missie-visie")
    oud = deel.tekst
    assert WEG in oud
    contract = contract_maken(wereld_live, vastgesteld_plan(wereld_live))
    regel = afspraak_maken(wereld_live, contract, titel=REGEL)  # 100.000 a year, agreed by both
    plan_pad = f"/regio/{plan.regio.slug}/regioplan/{plan.pk}/"
    deel_pad = f"{plan_pad}deel/missie-visie/"
    contract_pad = f"/regio/{contract.regio.slug}/contracten/{contract.pk}/"
    axe: dict[str, list[dict]] = {}
    te_breed: dict[str, dict[int, tuple[int, int]]] = {}

    anna = nieuwe_pagina(1366, als="anna@zorggroep.test")
    daan = nieuwe_pagina(1366, als="daan@zuid.test")

    # (a) Both have the same part of the submitted plan open: each sees the other there.
    anna.goto(deel_pad)
    daan.goto(deel_pad)
    expect(daan.get_by_text("Anna Bewerker, Zorggroep Eigen, bewerkt dit deel sinds")).to_be_visible(timeout=WACHTEN)
    expect(anna.get_by_text("Daan Inkoper, Verzekeraar Zuid, bewerkt dit deel sinds")).to_be_visible(timeout=WACHTEN)

    # (b) Daan cannot overwrite the submitted text; he proposes a change, and a lower amount for the line.
    expect(daan.get_by_text("De tekst verandert nu alleen via voorstellen", exact=False)).to_be_visible()
    expect(daan.get_by_role("button", name="Opslaan", exact=True)).to_have_count(0)
    daan.get_by_label("Tekst").fill(oud.replace(WEG, ERVOOR) + f"\n\n{ERBIJ}")
    daan.get_by_label("Waarom stelt u dit voor?").fill(WAAROM_PLAN)
    daan.get_by_role("button", name="Als voorstel indienen").click()
    expect(daan.get_by_text("Uw voorstel is ingediend.")).to_be_visible()

    daan.goto(contract_pad)
    _regel(daan).get_by_role("link", name=re.compile(r"^Voorstel doen")).click()
    expect(daan.get_by_role("heading", name=f"Voorstel doen: {REGEL}")).to_be_visible()
    daan.get_by_label("Bedrag 2026 (€)").fill("90.000")
    daan.get_by_label("Waarom dit voorstel").fill(WAAROM_DAAN)
    daan.get_by_role("button", name="Voorstel doen").click()
    expect(daan.get_by_text("Uw voorstel staat bij de afspraak.")).to_be_visible()
    expect(_regel(daan).get_by_text("Open voorstel van Verzekeraar Zuid")).to_be_visible()

    # (c) Anna sees the plan proposal as a redline: words out and in, marked in words too, not by colour alone.
    anna.goto(plan_pad)
    voorstel = anna.locator("article.voorstel").first
    expect(voorstel.get_by_role("heading", name="Voorstel van Verzekeraar Zuid: Missie en visie")).to_be_visible()
    expect(voorstel.get_by_text(WAAROM_PLAN)).to_be_visible()
    expect(voorstel.get_by_text("doorgestreept: eruit; onderstreept: erbij", exact=False)).to_be_visible()
    expect(voorstel.locator("del", has_text="beide")).to_contain_text("[verwijderd:]")
    expect(voorstel.locator("ins", has_text=ERBIJ)).to_contain_text("[toegevoegd:]")
    expect(voorstel.locator("del").first).to_have_css("text-decoration-line", "line-through")
    expect(voorstel.locator("ins").first).to_have_css("text-decoration-line", "underline")
    axe["plan"] = toegankelijkheid(anna)
    voorstel.get_by_role("link", name=re.compile(r"^Bekijken, reageren of beslissen")).click()
    expect(anna.get_by_role("heading", name="Voorstel van Verzekeraar Zuid: Missie en visie", level=1)).to_be_visible()
    axe["voorstel"] = toegankelijkheid(anna)
    te_breed["voorstel"] = breedtes_vastleggen(anna, "onderhandeling-redline", anna.locator("article.voorstel"))
    voorstel_url = anna.url

    # On the contract line: Daan's amount as a redline; Anna counter-proposes.
    anna.goto(contract_pad)
    lijn = _regel(anna)
    expect(lijn.get_by_text("Open voorstel van Verzekeraar Zuid")).to_be_visible()
    expect(lijn.locator(".onderhandeling__open del", has_text="€ 100.000,00")).to_be_visible()
    expect(lijn.locator(".onderhandeling__open ins", has_text="€ 90.000,00")).to_be_visible()
    expect(lijn.locator(".onderhandeling__open del")).to_have_css("text-decoration-line", "line-through")
    expect(lijn.locator(".onderhandeling__open del")).to_contain_text("was")  # said in words too, for screen readers
    lijn.get_by_role("link", name=re.compile(r"^Tegenvoorstel doen")).click()
    expect(anna.get_by_label("Bedrag 2026 (€)")).to_have_value("90000,00")  # starts from Daan's proposal
    expect(anna.get_by_text(f"Waarom Verzekeraar Zuid dit voorstelt: {WAAROM_DAAN}")).to_be_visible()
    te_breed["tegenvoorstel"] = breedtes_vastleggen(anna, "onderhandeling-tegenvoorstel")
    anna.get_by_label("Bedrag 2026 (€)").fill("95.000")
    anna.get_by_label("Waarom dit voorstel").fill(WAAROM_ANNA)
    anna.get_by_role("button", name="Tegenvoorstel doen").click()
    expect(anna.get_by_text("Uw tegenvoorstel staat bij de afspraak")).to_be_visible()
    expect(_regel(anna).get_by_text("Open voorstel van Zorggroep Eigen")).to_be_visible()

    # Daan accepts the counter-proposal: the line is agreed by both.
    daan.goto(contract_pad)
    lijn = _regel(daan)
    expect(lijn.get_by_text("Open voorstel van Zorggroep Eigen")).to_be_visible()
    lijn.get_by_role("button", name=re.compile(r"^Aanvaarden")).click()
    expect(daan.get_by_text("Voorstel aanvaard")).to_be_visible()
    lijn = _regel(daan)
    expect(lijn.get_by_text("Akkoord van beide partijen")).to_be_visible()
    lijn.get_by_text(re.compile(r"^Spoor van deze afspraak")).click()
    spoor = lijn.locator("ol.spoor__stappen")
    stappen = spoor.locator(":scope > li")
    voorstel_daan = stappen.filter(has_text=re.compile(r"^\s*Voorstel van Daan Inkoper \(Verzekeraar Zuid\), \d"))
    tegen_anna = stappen.filter(has_text=re.compile(r"^\s*Tegenvoorstel van Anna Bewerker \(Zorggroep Eigen\), \d"))
    expect(voorstel_daan.locator("ins")).to_contain_text("€ 90.000,00")
    expect(voorstel_daan).to_contain_text(WAAROM_DAAN)
    expect(tegen_anna.locator("ins")).to_contain_text("€ 95.000,00")
    expect(tegen_anna).to_contain_text(WAAROM_ANNA)
    expect(
        tegen_anna.get_by_text(re.compile(r"^Aanvaard door Daan Inkoper \(Verzekeraar Zuid\) op \d"))
    ).to_be_visible()
    axe["contract"] = toegankelijkheid(daan)
    # The table of lines (four years of amounts) fits a laptop's width without scrolling in its own region.
    tabel_past = daan.locator("#afspraken .tabel-scroll").evaluate("e => e.scrollWidth <= e.clientWidth")
    te_breed["contract"] = breedtes_vastleggen(daan, "onderhandeling-spoor", lijn)
    regel = Contractafspraak.objects.get(pk=regel.pk)
    assert regel.akkoord_van_beide
    assert regel.bedragen.get(jaar=2026).bedrag == Decimal("95000.00")

    # Anna accepts the plan proposal: the text reads as Daan proposed.
    anna.goto(voorstel_url)
    anna.get_by_role("button", name="Aanvaarden").click()
    expect(anna.get_by_text("Voorstel aanvaard: de wijziging staat nu in het plan.")).to_be_visible()
    expect(anna.get_by_text(ERBIJ).first).to_be_visible()
    deel.refresh_from_db()
    assert deel.tekst == oud.replace(WEG, ERVOOR) + f"\n\n{ERBIJ}"

    assert axe == {"plan": [], "voorstel": [], "contract": []}
    assert tabel_past
    assert te_breed == {
        "voorstel": {},
        "tegenvoorstel": {},
        "contract": {},
    }  # nothing scrolls sideways, not even at 390 px
