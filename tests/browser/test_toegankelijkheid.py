"""axe-core on the product's main pages as an editor sees them: no serious or critical WCAG 2.1 AA violations."""

from __future__ import annotations

import pytest

from regioplan import services
from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.personas import Wereld
from tests.regiobeeld.werelden import regiobeeld_wereld
from tests.regioplan.werelden import activiteit_maken, meetpunt_maken

pytestmark = pytest.mark.needs_browser


def test_the_main_pages_have_no_serious_accessibility_violations(wereld_live: Wereld, nieuwe_pagina) -> None:
    regiobeeld_wereld(wereld_live)
    rb = wereld_live.regiobeeld  # type: ignore[attr-defined]
    plan = services.regioplan_aanmaken(
        regio=wereld_live.regio,
        regiobeeld=rb,
        titel="Plan",
        startjaar=2026,
        eindjaar=2027,
        acting_user=wereld_live.bewerker,
    )
    meetpunt_maken(wereld_live, activiteit_maken(wereld_live, plan))
    deel = plan.delen.get(soort="missie-visie")
    services.plandeel_opslaan(deel=deel, gelezen_versie=1, tekst="Eerste", acting_user=wereld_live.bewerker)
    services.plandeel_opslaan(deel=deel, gelezen_versie=2, tekst="Tweede", acting_user=wereld_live.bewerker)
    services.reactie_plaatsen(regioplan=plan, tekst="Een vraag", plandeel=deel, acting_user=wereld_live.lezer)

    slug = wereld_live.regio.slug
    plan_pad = f"/regio/{slug}/regioplan/{plan.pk}/"
    paginas = {
        "mijn-regios": "/",
        "regio": f"/regio/{slug}/",
        "regiobeeld": f"/regio/{slug}/regiobeeld/{rb.jaar}/",
        "cijfers": f"/regio/{slug}/cijfers/",
        "import": f"/regio/{slug}/cijfers/import/{wereld_live.importbestand.pk}/",  # type: ignore[attr-defined]
        "regioplannen": f"/regio/{slug}/regioplan/",
        "plan": plan_pad,
        "deel-bewerken": f"{plan_pad}deel/missie-visie/",
        "historie": f"{plan_pad}deel/missie-visie/historie/",
        "activiteit": f"{plan_pad}activiteit/nieuw/",
        "uitdaging": f"{plan_pad}uitdaging/{plan.uitdagingen.first().pk}/",  # type: ignore[union-attr]
        "reageren": f"{plan_pad}reactie/nieuw/?deel=missie-visie",
    }
    pagina = nieuwe_pagina()
    geweigerd: list[str] = []
    pagina.on("console", lambda m: geweigerd.append(m.text) if "Content Security Policy" in m.text else None)
    inloggen(pagina, "anna@zorggroep.test")
    gevonden = {}
    for naam, pad in paginas.items():
        antwoord = pagina.goto(pad)
        assert antwoord is not None and antwoord.status == 200, naam
        pagina.wait_for_load_state("networkidle")
        fouten = toegankelijkheid(pagina)
        if fouten:
            gevonden[naam] = fouten
            screenshot(pagina, f"a11y-{naam}")
    assert gevonden == {}
    # The Content-Security-Policy blocks nothing the product itself needs (charts, htmx, the toolbar).
    assert geweigerd == []
