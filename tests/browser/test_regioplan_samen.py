"""In a real browser, two people in two separate sessions: the GP organisation's editor and the insurer's
purchaser edit the same part of the plan. Changes to different paragraphs merge without a conflict page; a change
to the same paragraph shows only that passage, side by side; then both mandated signers approve."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from regioplan.models import Plandeel, Regioplan, Status
from tests.browser.conftest import grafieken_tekenen, inloggen, screenshot, toegankelijkheid
from tests.personas import Wereld
from tests.regio.pdf_proef import pdf_tekst
from tests.regioplan.werelden import mandaat_voor_verzekeraar, plan_voor_de_reis

pytestmark = pytest.mark.needs_browser

MISSIE = "Samen zorgen voor goede huisartsenzorg."
MISSIE_DAAN = "Samen zorgen voor goede huisartsenzorg dichtbij."
VISIE = "De huisarts blijft het eerste aanspreekpunt."
VISIE_ANNA = "De huisarts blijft het eerste aanspreekpunt, ook in de wijk."
VISIE_DAAN = "De huisarts en de wijkverpleging werken samen."


def _tekst(plan: Regioplan) -> str:
    return Plandeel.objects.get(regioplan=plan, soort="missie-visie").tekst


def test_two_parties_edit_the_same_part_their_changes_merge_an_overlap_is_settled_and_both_approve(
    wereld_live: Wereld, nieuwe_pagina, live_server, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    mandaat_voor_verzekeraar(wereld_live)
    plan = plan_voor_de_reis(wereld_live)
    plan_pad = f"/regio/{plan.regio.slug}/regioplan/{plan.pk}/"
    deel_pad = f"{plan_pad}deel/missie-visie/"

    anna = nieuwe_pagina()
    daan = nieuwe_pagina()
    inloggen(anna, "anna@zorggroep.test")
    inloggen(daan, "daan@zuid.test")

    anna.goto(plan_pad)
    expect(anna.get_by_role("heading", name=plan.titel, level=1)).to_be_visible()
    grafieken_tekenen(anna)
    expect(anna.locator("#grafiek-tijdpad .grafiek__vlak .main-svg").first).to_be_visible()
    screenshot(anna, "10-regioplan-bewerker")
    assert toegankelijkheid(anna) == []

    # Anna writes the first text of the part.
    anna.goto(deel_pad)
    anna.get_by_label("Tekst").fill(f"## Missie\n\n{MISSIE}\n\n## Visie\n\n{VISIE}")
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.get_by_text("Opgeslagen: Missie en visie.")).to_be_visible()

    # Both open it; Daan changes the mission, Anna the vision: merged, no conflict page, and she is told.
    anna.goto(deel_pad)
    daan.goto(deel_pad)
    daan.get_by_label("Tekst").fill(f"## Missie\n\n{MISSIE_DAAN}\n\n## Visie\n\n{VISIE}")
    daan.get_by_role("button", name="Opslaan").click()
    expect(daan.get_by_text("Opgeslagen: Missie en visie.")).to_be_visible()
    anna.get_by_label("Tekst").fill(f"## Missie\n\n{MISSIE}\n\n## Visie\n\n{VISIE_ANNA}")
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.get_by_text("Uw wijziging is samengevoegd met de wijziging die Daan Inkoper op")).to_be_visible()
    assert anna.get_by_role("heading", name="Iemand anders heeft dit deel intussen opgeslagen").count() == 0
    assert _tekst(plan) == f"## Missie\n\n{MISSIE_DAAN}\n\n## Visie\n\n{VISIE_ANNA}"

    # Both open it again and both change the vision: Anna sees only that passage, his and hers side by side.
    anna.goto(deel_pad)
    daan.goto(deel_pad)
    daan.get_by_label("Tekst").fill(f"## Missie\n\n{MISSIE_DAAN}\n\n## Visie\n\n{VISIE_DAAN}")
    daan.get_by_role("button", name="Opslaan").click()
    expect(daan.get_by_text("Opgeslagen: Missie en visie.")).to_be_visible()
    anna.get_by_label("Tekst").fill(f"## Missie\n\n{MISSIE_DAAN}\n\n## Visie\n\n{VISIE_ANNA} Ook 's avonds.")
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.get_by_role("heading", name="Iemand anders heeft dit deel intussen opgeslagen")).to_be_visible()
    passages = anna.locator("fieldset.passage")
    expect(passages).to_have_count(1)
    expect(passages.first).to_contain_text(VISIE_DAAN)
    expect(passages.first).to_contain_text(f"{VISIE_ANNA} Ook 's avonds.")
    expect(passages.first).not_to_contain_text(MISSIE_DAAN)  # merged already
    screenshot(anna, "11-regioplan-conflict")
    assert toegankelijkheid(anna) == []

    # She merges the passage herself (typing in its box chooses it) and saves.
    anna.get_by_label("Uw samengevoegde tekst van passage 1").fill(f"{VISIE_DAAN} {VISIE_ANNA}")
    expect(anna.get_by_label("Zelf samenvoegen: de tekst hieronder nemen")).to_be_checked()
    anna.get_by_role("button", name="Samengevoegde tekst opslaan").click()
    expect(anna.get_by_text("Opgeslagen: Missie en visie.")).to_be_visible()
    tekst = _tekst(plan)
    assert tekst == f"## Missie\n\n{MISSIE_DAAN}\n\n## Visie\n\n{VISIE_DAAN} {VISIE_ANNA}"
    assert "dichtbij" in tekst and "eerste aanspreekpunt" in tekst

    # Reorder a challenge with the keyboard-reachable buttons (htmx swaps the list in place).
    anna.goto(plan_pad + "#uitdagingen")
    # The hidden part of a button's name is read after a pause ("Lager : Vergrijzing").
    anna.get_by_role("button", name=re.compile(r"^Lager\s*:\s*Vergrijzing$")).click()
    anna.get_by_text("De volgorde is opgeslagen.").wait_for(state="attached")
    assert plan.uitdagingen.order_by("prioriteit").first().titel == "Tekort aan huisartsen"  # type: ignore[union-attr]

    # Submit, then both mandated signers approve.
    anna.get_by_role("button", name="Indienen ter vaststelling").click()
    anna.wait_for_load_state()
    expect(anna.get_by_role("heading", name="Ingediend: wacht op goedkeuring")).to_be_visible()

    bram = nieuwe_pagina()
    inloggen(bram, "bram@zorggroep.test")
    bram.goto(plan_pad)
    bram.get_by_role("button", name="Goedkeuren namens Zorggroep Eigen").click()
    bram.wait_for_load_state()
    expect(bram.get_by_text("De andere partij moet nog goedkeuren.")).to_be_visible()
    screenshot(bram, "12-regioplan-een-goedkeuring")

    daan.goto(plan_pad)
    daan.get_by_role("button", name="Goedkeuren namens Verzekeraar Zuid").click()
    daan.wait_for_load_state()
    expect(daan.get_by_text("het plan is vastgesteld")).to_be_visible()
    screenshot(daan, "13-regioplan-vastgesteld")
    assert toegankelijkheid(daan) == []
    assert Regioplan.objects.get(pk=plan.pk).status == Status.VASTGESTELD
    assert daan.get_by_role("link", name=re.compile(r"^Bewerken\s*:\s*Missie en visie$")).count() == 0

    # The adopted plan as a PDF (Celery runs in-process in tests, so it is ready when the page comes back).
    daan.get_by_role("button", name="Pdf maken").click()
    download_link = daan.get_by_role("link", name=re.compile(r"^Pdf downloaden"))
    download_link.wait_for(timeout=60_000)
    screenshot(daan, "14-regioplan-pdf-klaar")
    with daan.expect_download() as download:
        download_link.click()
    pad = tmp_path / "plan.pdf"
    download.value.save_as(pad)
    tekst = pdf_tekst(pad)
    assert plan.titel in tekst and "eerste aanspreekpunt" in tekst and "CONCEPT" not in tekst
