"""In a real browser: the zorggroep's manager invites a colleague from "Mijn regio's"; she opens the link from the
e-mail, chooses her name and password and lands in the product as a member. The manager's pages and the invitation
page have no serious accessibility violations. Screenshots under /tmp/regio-uitnodiging/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from regio.models import Gebruiker, Lidmaatschap, Rol
from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.personas import Wereld

pytestmark = pytest.mark.needs_browser

# Also under /tmp, where a reviewer looks at them (the journey's brief); var/screenshots has them as the other journeys.
MAP = Path("/tmp/regio-uitnodiging")  # noqa: S108


def _foto(pagina, naam: str) -> None:
    MAP.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=str(MAP / f"{naam}.png"), full_page=True)
    screenshot(pagina, f"uitnodiging-{naam}")


def test_a_manager_invites_a_colleague_who_accepts_and_chooses_a_password(wereld_live: Wereld, nieuwe_pagina) -> None:
    beheerder = nieuwe_pagina()
    inloggen(beheerder, "bram@zorggroep.test")
    beheerder.get_by_role("link", name="Leden en uitnodigingen van Zorggroep Eigen").click()
    expect(beheerder.get_by_role("heading", name="Leden van Zorggroep Eigen", level=1)).to_be_visible()
    assert toegankelijkheid(beheerder) == []

    # A typo first: the error is at the field, and what was typed stays.
    beheerder.get_by_label("E-mailadres").fill("nina@")
    beheerder.get_by_role("button", name="Uitnodiging versturen").click()
    expect(beheerder.get_by_text("Vul een geldig e-mailadres in.")).to_be_visible()
    veld = beheerder.get_by_label("E-mailadres")
    assert veld.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in (veld.get_attribute("aria-describedby") or "")
    _foto(beheerder, "01-fout-bij-het-veld")

    veld.fill("nina@zorggroep.test")
    beheerder.get_by_label("Rol", exact=True).select_option("bewerker")
    beheerder.get_by_label("Functie (niet verplicht)").fill("praktijkondersteuner")
    beheerder.get_by_role("button", name="Uitnodiging versturen").click()
    expect(beheerder.get_by_text("Uitnodiging verstuurd naar nina@zorggroep.test.")).to_be_visible()
    expect(beheerder.get_by_role("cell", name="nina@zorggroep.test")).to_be_visible()
    _foto(beheerder, "02-uitnodiging-open")

    (bericht,) = mail.outbox
    link = re.search(r"https?://\S+(/uitnodiging/[^/\s]+/)", str(bericht.body))
    assert link is not None

    nina = nieuwe_pagina()
    nina.goto(link.group(1))
    expect(nina.get_by_role("heading", name="Uitnodiging van Zorggroep Eigen")).to_be_visible()
    assert toegankelijkheid(nina) == []
    nina.get_by_label("Uw naam").fill("Nina Nieuw")
    nina.get_by_label("Kies een wachtwoord").fill("paars-konijn-fietst-snel-42")
    nina.get_by_label("Herhaal het wachtwoord").fill("paars-konijn-fietst-snel-42")
    _foto(nina, "03-wachtwoord-kiezen")
    nina.get_by_role("button", name="Account maken en aannemen").click()

    expect(nina.get_by_role("heading", name="Mijn regio's")).to_be_visible()
    expect(nina.get_by_text("Welkom bij Zorggroep Eigen.")).to_be_visible()
    expect(nina.get_by_role("link", name="Eigen regio")).to_be_visible()
    _foto(nina, "04-binnen")
    lid = Lidmaatschap.objects.get(gebruiker=Gebruiker.objects.get(email="nina@zorggroep.test"))
    assert (lid.rol, lid.functie) == (Rol.BEWERKER, "praktijkondersteuner")

    # The manager sees her among the members, and no open invitation any more.
    beheerder.reload()
    expect(beheerder.get_by_role("rowheader", name="Nina Nieuw")).to_be_visible()
    expect(beheerder.get_by_text("Er staan geen uitnodigingen open.")).to_be_visible()
    beheerder.get_by_role("link", name="Mandaten", exact=True).click()
    expect(beheerder.get_by_role("heading", name="Mandaten van Zorggroep Eigen")).to_be_visible()
    beheerder.get_by_role("link", name="Mandaat verlenen").click()
    assert toegankelijkheid(beheerder) == []
    _foto(beheerder, "05-mandaat-verlenen")
