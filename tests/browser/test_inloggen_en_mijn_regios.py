"""In a real browser: personas sign in, see their own region and nothing else, and sign out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import inloggen, screenshot
from tests.personas import Wereld

pytestmark = pytest.mark.needs_browser


def test_the_gp_organisations_editor_signs_in_and_sees_her_region(wereld_live: Wereld, nieuwe_pagina) -> None:
    pagina = nieuwe_pagina()
    pagina.goto("/")
    expect(pagina.get_by_role("heading", name="Inloggen bij Regio")).to_be_visible()
    screenshot(pagina, "01-inloggen")

    inloggen(pagina, "anna@zorggroep.test")
    expect(pagina.get_by_role("heading", name="Mijn regio's")).to_be_visible()
    expect(pagina.get_by_role("link", name="Eigen regio")).to_be_visible()
    assert pagina.get_by_text("Andere regio").count() == 0
    screenshot(pagina, "02-mijn-regios-bewerker")

    pagina.get_by_role("link", name="Eigen regio").click()
    expect(pagina.get_by_role("heading", name="Eigen regio", level=1)).to_be_visible()
    expect(pagina.get_by_role("heading", name="Wie mag vandaag beslissen")).to_be_visible()
    screenshot(pagina, "03-regio")

    pagina.get_by_role("button", name="Uitloggen").click()
    pagina.wait_for_load_state()
    expect(pagina.get_by_role("heading", name="Inloggen bij Regio")).to_be_visible()


def test_the_outsider_on_a_phone_sees_only_his_region_and_a_404_for_the_other(
    wereld_live: Wereld, nieuwe_pagina
) -> None:
    pagina = nieuwe_pagina(breedte=390)
    inloggen(pagina, "frank@anders.test")
    expect(pagina.get_by_role("link", name="Andere regio")).to_be_visible()
    screenshot(pagina, "04-mijn-regios-buitenstaander-390px")
    response = pagina.goto(f"/regio/{wereld_live.regio.slug}/")
    assert response is not None and response.status == 404
    expect(pagina.get_by_role("heading", name="Deze pagina bestaat niet (of is niet voor u)")).to_be_visible()


def test_five_wrong_passwords_show_the_lockout_message(wereld_live: Wereld, nieuwe_pagina) -> None:
    pagina = nieuwe_pagina()
    for _ in range(6):
        inloggen(pagina, "carla@praktijk.test", "helemaal-fout")
    expect(pagina.get_by_text("Met dit e-mailadres is 5 keer een verkeerd wachtwoord ingevuld.")).to_be_visible()
    screenshot(pagina, "05-inloggen-geblokkeerd")


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(wereld_live: Wereld, nieuwe_pagina) -> None:
    pagina = nieuwe_pagina()
    inloggen(pagina, "daan@zuid.test")
    pagina.keyboard.press("Tab")
    focus = pagina.evaluate("document.activeElement.textContent")
    assert focus.strip() == "Naar de inhoud"
    pagina.keyboard.press("Enter")
    assert pagina.evaluate("document.activeElement.id") == "inhoud"
