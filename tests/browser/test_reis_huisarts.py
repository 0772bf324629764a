"""In a real browser: a GP of a participating practice reads the regioplan and comments on it but cannot edit;
the second insurer (a participant) reads it without the contracting insurer's internal notes and cannot approve;
a GP organisation from another region cannot find it at all."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from regioplan import services
from regioplan.models import Reactie, Regioplan
from tests.browser.conftest import grafieken_tekenen, inloggen, screenshot, toegankelijkheid
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, indienen, meetpunt_maken, plan_maken

pytestmark = pytest.mark.needs_browser

INTERNE_NOTITIE = "Intern: wij willen hooguit 40.000 euro per jaar aan de POH ouderenzorg besteden."
NIET_GEVONDEN = "Deze pagina bestaat niet (of is niet voor u)"


def _vastleggen(pagina: Any, naam: str, gevonden: dict[str, list[dict]]) -> None:
    """A screenshot of a key screen, and axe-core's violations on it (asserted at the end, so that one
    screen's violations do not hide whether the rest of the journey works). Charts are drawn by a deferred
    script when near the screen: draw them all and wait, so that both the screenshot and axe-core see the page a
    person sees."""
    grafieken_tekenen(pagina)
    screenshot(pagina, naam)
    if fouten := toegankelijkheid(pagina):
        gevonden[naam] = fouten


def _plan(wereld: Wereld) -> Regioplan:
    plan = plan_maken(wereld)
    deel = plan.delen.get(soort="missie-visie")
    services.plandeel_opslaan(
        deel=deel,
        gelezen_versie=deel.versie,
        tekst="## Missie\n\nGoede huisartsenzorg dichtbij, ook voor de kwetsbare oudere.",
        acting_user=wereld.bewerker,
    )
    activiteit = activiteit_maken(wereld, plan, uitdagingen=list(plan.uitdagingen.all()[:1]))
    meetpunt_maken(wereld, activiteit)
    services.reactie_plaatsen(
        regioplan=plan, tekst=INTERNE_NOTITIE, intern_voor=wereld.verzekeraar, acting_user=wereld.zorginkoper
    )
    return Regioplan.objects.get(pk=plan.pk)


def _reageren(pagina: Any, blok: Any, tekst: str) -> None:
    """Open the inline comment form of one part or activity (htmx), write, and post."""
    blok.get_by_role("link", name="Reageren").click()
    veld = blok.get_by_label("Uw reactie")
    veld.wait_for()  # swapped in by htmx, without leaving the page
    veld.fill(tekst)
    blok.get_by_role("button", name="Plaatsen").click()
    pagina.wait_for_load_state()


def test_a_gp_comments_but_cannot_edit_the_second_insurer_reads_and_the_outsider_finds_nothing(
    wereld_live: Wereld, nieuwe_pagina
) -> None:
    plan = _plan(wereld_live)
    slug = wereld_live.regio.slug
    plan_pad = f"/regio/{slug}/regioplan/{plan.pk}/"
    activiteit = plan.activiteiten.get()
    gevonden: dict[str, list[dict]] = {}

    # 1. Carla, GP at a participating practice, finds the plan from "Mijn regio's" and reads it.
    carla = nieuwe_pagina()
    carla.set_default_timeout(10_000)
    inloggen(carla, "carla@praktijk.test")
    carla.get_by_role("link", name=plan.titel).click()
    expect(carla.get_by_role("heading", name=plan.titel, level=1)).to_be_visible()
    expect(carla.locator("#deel-missie-visie").get_by_text("Goede huisartsenzorg dichtbij")).to_be_visible()
    expect(carla.locator(f"#activiteit-{activiteit.pk}").get_by_role("heading", name=activiteit.titel)).to_be_visible()
    # She reads; she does not edit: no edit, add, delete or submit buttons anywhere.
    for naam in (
        r"^Bewerken",
        r"^Activiteit toevoegen$",
        r"^Meetpunt toevoegen",
        r"^Verwijderen",
        r"^Titel en looptijd$",
    ):
        assert carla.get_by_role("link", name=re.compile(naam)).count() == 0, naam
        assert carla.get_by_role("button", name=re.compile(naam)).count() == 0, naam
    assert carla.get_by_role("button", name="Indienen ter vaststelling").count() == 0
    assert carla.get_by_text(INTERNE_NOTITIE).count() == 0
    _vastleggen(carla, "40-regioplan-huisarts", gevonden)

    # 2. She comments on the mission: the form opens in place, and her comment shows under the part.
    deel = carla.locator("#deel-missie-visie")
    deel.get_by_role("link", name="Reageren").click()
    deel.get_by_label("Uw reactie").wait_for()
    assert carla.url.endswith(plan_pad)  # opened inline, not on a page of its own
    _vastleggen(carla, "41-regioplan-huisarts-reageren", gevonden)
    deel.get_by_label("Uw reactie").fill("Mooi. Neem ook de **mantelzorgers** mee in de missie.")
    deel.get_by_role("button", name="Plaatsen").click()
    carla.wait_for_load_state()
    expect(carla.get_by_text("Uw reactie is geplaatst.")).to_be_visible()
    reactie = carla.locator("#deel-missie-visie article.draad").first
    expect(reactie.get_by_text("Neem ook de mantelzorgers mee in de missie.")).to_be_visible()
    expect(reactie.get_by_text("Carla Huisarts")).to_be_visible()
    expect(reactie.get_by_text(re.compile(r"^Praktijk De Linde ·"))).to_be_visible()

    # ... and on the activity.
    _reageren(
        carla, carla.locator(f"#activiteit-{activiteit.pk}"), "Onze praktijk doet graag mee; wie betaalt de opleiding?"
    )
    expect(carla.get_by_text("Uw reactie is geplaatst.")).to_be_visible()
    draad = carla.locator(f"#activiteit-{activiteit.pk} article.draad")
    expect(draad.get_by_text("wie betaalt de opleiding?")).to_be_visible()
    expect(carla.locator(f"#activiteit-{activiteit.pk}").get_by_text("Reacties (1)")).to_be_visible()
    assert Reactie.objects.filter(auteur=wereld_live.lezer, intern_voor=None).count() == 2
    _vastleggen(carla, "42-regioplan-huisarts-gereageerd", gevonden)

    # The edit page of a part is closed to her, with a page that says why.
    antwoord = carla.goto(f"{plan_pad}deel/missie-visie/")
    assert antwoord is not None and antwoord.status == 403
    expect(carla.get_by_role("heading", name="U mag dit niet doen")).to_be_visible()
    _vastleggen(carla, "43-huisarts-mag-niet-bewerken", gevonden)

    # 3. The plan is submitted. Bram (mandated) is offered the approval; Eva, the second insurer, is not.
    indienen(wereld_live, plan)
    bram = nieuwe_pagina()
    inloggen(bram, "bram@zorggroep.test")
    bram.goto(plan_pad)
    expect(bram.get_by_role("button", name=re.compile(r"^Goedkeuren namens Zorggroep Eigen"))).to_be_visible()

    eva = nieuwe_pagina(breedte=390)
    eva.set_default_timeout(10_000)
    inloggen(eva, "eva@noord.test")
    eva.get_by_role("link", name=plan.titel).click()
    expect(eva.get_by_role("heading", name=plan.titel, level=1)).to_be_visible()
    expect(eva.get_by_role("heading", name="Ingediend: wacht op goedkeuring")).to_be_visible()
    assert eva.get_by_role("button", name=re.compile(r"^Goedkeuren")).count() == 0
    expect(
        eva.get_by_text("Goedkeuren kan alleen wie vandaag een geldig mandaat voor het regioplan heeft")
    ).to_be_visible()
    # The open comments are for everyone who takes part; Verzekeraar Zuid's internal notes are not.
    expect(eva.get_by_text("Neem ook de mantelzorgers mee in de missie.")).to_be_visible()
    assert eva.get_by_text(INTERNE_NOTITIE).count() == 0
    # Her own party's notes have their own place, which says so; Verzekeraar Zuid's are nowhere.
    intern = eva.locator("#intern")
    expect(intern.get_by_text("Alleen leden van Verzekeraar Noord zien deze notities")).to_be_visible()
    assert intern.get_by_text("Verzekeraar Zuid").count() == 0
    expect(intern.get_by_text("Interne notities (0)")).to_be_visible()
    # On a phone the timeline's labels cannot be read: its table is open instead, and the page says so.
    tijdpad = eva.locator("#grafiek-tijdpad")
    tijdpad.scroll_into_view_if_needed()  # grafieken.js handles a chart when it comes near the screen
    tijdpad.get_by_text("Op een smal scherm staat deze grafiek als tabel.").wait_for()  # grafieken.js has run
    assert tijdpad.locator("details.grafiek__tabel[open]").count() == 1
    assert tijdpad.locator("[data-grafiek]").is_hidden()
    _vastleggen(eva, "44-regioplan-tweede-verzekeraar-390px", gevonden)

    # Posting an approval anyway (as a crafted request from her own session) is refused.
    token = eva.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    weigering = eva.request.post(
        f"{plan_pad}goedkeuren/",
        form={"csrfmiddlewaretoken": token, "versie": str(Regioplan.objects.get(pk=plan.pk).versie)},
        headers={"Referer": eva.url},
    )
    assert weigering.status == 403
    assert "U mag dit niet doen" in weigering.text()  # the product's refusal, not a failed CSRF check
    assert not Regioplan.objects.get(pk=plan.pk).goedkeuringen.exists()

    # 4. Frank, of a GP organisation in another region, does not find the region or the plan.
    frank = nieuwe_pagina()
    frank.set_default_timeout(10_000)
    inloggen(frank, "frank@anders.test")
    expect(frank.get_by_role("link", name="Andere regio")).to_be_visible()
    assert frank.get_by_text("Eigen regio").count() == 0
    assert frank.get_by_text(plan.titel).count() == 0
    antwoord = frank.goto(plan_pad)
    assert antwoord is not None and antwoord.status == 404
    expect(frank.get_by_role("heading", name=NIET_GEVONDEN)).to_be_visible()
    assert frank.get_by_text(plan.titel).count() == 0
    _vastleggen(frank, "45-buitenstaander-404", gevonden)

    assert gevonden == {}, json.dumps(gevonden, indent=1, ensure_ascii=False)
