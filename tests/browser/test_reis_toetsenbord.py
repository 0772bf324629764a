"""Journey 3 with the keyboard only (issue 9): both parties write the regioplan, merge an edit conflict, put the
challenges in order, add an activity and a measuring point, comment, submit, and both mandated signers approve.

After signing in, every action is a key press: Tab, Shift+Tab, Enter, Space, arrow keys and typed text. No click,
no fill, no mouse. Controls are found the way a keyboard user finds them: by tabbing until the one we want has
focus (`tab_naar`). At each key step the focused element must show a visible focus indicator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from regioplan import services
from regioplan.models import Activiteit, Meetpunt, Plandeel, Reactie, Regioplan, Status
from tests.browser.conftest import inloggen, screenshot
from tests.personas import Wereld
from tests.regioplan.werelden import mandaat_voor_verzekeraar, plan_voor_de_reis

pytestmark = pytest.mark.needs_browser


# How the focused element looks to someone reading the failure: tag, id, name and its visible text.
BESCHRIJF_JS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return '(body: niets heeft focus)';
    const tekst = (e.getAttribute('aria-label') || e.textContent || e.value || '').replace(/\\s+/g, ' ').trim();
    return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '')
        + (tekst ? ' "' + tekst.slice(0, 60) + '"' : '');
}"""


def beschrijving_focus(pagina: Any) -> str:
    return str(pagina.evaluate(BESCHRIJF_JS))


def heeft_focus(pagina: Any, predicaat_js: str) -> bool:
    """`predicaat_js` is a JS function of the focused element, e.g. "e => e.id === 'id_tekst'"."""
    return bool(pagina.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({predicaat_js})(e); }}"))


def tab_naar(pagina: Any, beschrijving: str, predicaat_js: str, max: int = 120, terug: bool = False) -> list[str]:
    """Press Tab (Shift+Tab with terug) until the predicate holds for document.activeElement.

    Returns the focus stops passed on the way (not the one found); fails listing every stop if it never gets there.
    """
    gezien: list[str] = []
    for _ in range(max):
        pagina.keyboard.press("Shift+Tab" if terug else "Tab")
        if heeft_focus(pagina, predicaat_js):
            return gezien
        gezien.append(beschrijving_focus(pagina))
    lijst = "\n  ".join(f"{i + 1}. {g}" for i, g in enumerate(gezien))
    pytest.fail(
        f"Met {max} keer {'Shift+Tab' if terug else 'Tab'} nooit bij {beschrijving}. Focus ging naar:\n  {lijst}"
    )


def tekst_is(tekst: str) -> str:
    """A predicate: the element's text (including visually hidden parts) is exactly `tekst`."""
    return f"e => (e.textContent || '').replace(/\\s+/g, ' ').trim() === {json.dumps(tekst)}"


def wacht_op_focus(pagina: Any, beschrijving: str, predicaat_js: str, ms: int = 3000) -> None:
    """Focus that a script moves (after an htmx swap) arrives a moment later: wait for it, then say where it is."""
    try:
        pagina.wait_for_function(
            f"() => {{ const e = document.activeElement; return !!e && ({predicaat_js})(e); }}", timeout=ms
        )
    except PlaywrightTimeout:
        pytest.fail(f"Focus kwam niet op {beschrijving} maar op {beschrijving_focus(pagina)}")


def focus_zichtbaar(pagina: Any, stap: str) -> None:
    """The focused element shows a focus indicator: an outline or a box-shadow (WCAG 2.4.7)."""
    stijl = pagina.evaluate(
        """() => {
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            const s = getComputedStyle(e);
            return {outline: s.outlineStyle, breedte: s.outlineWidth, schaduw: s.boxShadow};
        }"""
    )
    wat = beschrijving_focus(pagina)
    assert stijl is not None, f"{stap}: niets heeft focus"
    omlijnd = stijl["outline"] != "none" and stijl["breedte"] not in ("0px", "")
    assert omlijnd or stijl["schaduw"] != "none", f"{stap}: focus op {wat} is niet zichtbaar ({stijl})"


def rondgang(pagina: Any, wat: str, max: int = 250) -> list[str]:
    """Tab from where focus is to the language choice at the bottom of the page; every stop must show its focus."""
    stops: list[str] = []
    while not heeft_focus(pagina, "e => e.id === 'taal'"):
        assert len(stops) < max, f"{wat}: na {max} keer Tab nog niet bij de taalkeuze onderaan: {stops}"
        pagina.keyboard.press("Tab")
        focus_zichtbaar(pagina, f"{wat}, stop {len(stops) + 1}")
        stops.append(beschrijving_focus(pagina))
    return stops


def enter_en_laden(pagina: Any, toets: str = "Enter") -> None:
    """Press a key that follows a link or submits a form, and wait for the new page."""
    with pagina.expect_navigation():
        pagina.keyboard.press(toets)
    pagina.wait_for_load_state()


def geen_formulierfouten(pagina: Any) -> None:
    fouten = pagina.eval_on_selector_all(
        ".veld--fout, .foutmelding",
        "els => els.map(e => e.textContent.replace(/\\s+/g, ' ').trim())",
    )
    assert fouten == [], f"het formulier werd niet aanvaard: {fouten}"


def _naar_mijn_regios(pagina: Any) -> None:
    # As if typed in the address bar; the page starts with nothing focused, so the first Tab is its first stop.
    pagina.goto(reverse("regio:mijn_regios"))
    expect(pagina.get_by_role("heading", name="Mijn regio's", level=1)).to_be_visible()


def _plan_openen_vanuit_mijn_regios(pagina: Any, plan: Regioplan) -> None:
    _naar_mijn_regios(pagina)
    tab_naar(pagina, f"de link naar {plan.titel}", f"e => e.tagName === 'A' && ({tekst_is(plan.titel)})(e)")
    focus_zichtbaar(pagina, "link naar het plan op Mijn regio's")
    enter_en_laden(pagina)
    expect(pagina.get_by_role("heading", name=plan.titel, level=1)).to_be_visible()


def _goedkeuren(pagina: Any, plan: Regioplan, namens: str) -> None:
    _plan_openen_vanuit_mijn_regios(pagina, plan)
    knop = (
        f"e => e.tagName === 'BUTTON' && e.textContent.trim().startsWith({json.dumps('Goedkeuren namens ' + namens)})"
    )
    tab_naar(pagina, f"de knop Goedkeuren namens {namens}", knop)
    focus_zichtbaar(pagina, f"Goedkeuren namens {namens}")
    enter_en_laden(pagina)


def test_journey_3_with_the_keyboard_only(
    wereld_live: Wereld, nieuwe_pagina: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    mandaat_voor_verzekeraar(wereld_live)
    plan = plan_voor_de_reis(wereld_live)

    # Signing in is not part of this journey: conftest's `inloggen` fills the form. It is used on purpose, because
    # the sign-in is getting a second step (TOTP) in conftest; this test then follows along without changes.
    anna = nieuwe_pagina()
    inloggen(anna, "anna@zorggroep.test")

    # The first Tab stop is the skip link; it moves focus to the main content, and the next Tab stays inside it.
    _naar_mijn_regios(anna)
    anna.keyboard.press("Tab")
    assert heeft_focus(anna, f"e => e.matches('a.skiplink') && ({tekst_is('Naar de inhoud')})(e)"), (
        f"eerste Tab-stop is {beschrijving_focus(anna)}, niet de link Naar de inhoud"
    )
    focus_zichtbaar(anna, "skiplink")
    screenshot(anna, "reis3-toetsenbord-01-skiplink")
    anna.keyboard.press("Enter")
    # <main> itself gets no focus ring (regio.css: it is no control, only where Tab continues from).
    assert heeft_focus(anna, "e => e.id === 'inhoud' && e.tagName === 'MAIN'"), beschrijving_focus(anna)
    anna.keyboard.press("Tab")
    assert heeft_focus(anna, "e => !!e.closest('main#inhoud')"), f"na de skiplink: {beschrijving_focus(anna)}"

    # Anna opens the plan from Mijn regio's.
    _plan_openen_vanuit_mijn_regios(anna, plan)
    screenshot(anna, "reis3-toetsenbord-02-plan")

    # A tour of the whole plan in concept: every control is reachable and shows its focus.
    stops = rondgang(anna, "plan in concept")
    for knop in ("Bewerken: Missie en visie", "↑ Hoger: Tekort aan huisartsen", "Activiteit toevoegen", "Indienen"):
        assert any(knop in stop for stop in stops), f"{knop} niet bereikt met Tab: {stops}"

    # Back up with Shift+Tab: she edits Missie en visie. The Markdown toolbar is reachable, she tabs past it.
    tab_naar(
        anna,
        "Bewerken: Missie en visie",
        f"e => e.tagName === 'A' && ({tekst_is('Bewerken: Missie en visie')})(e)",
        max=len(stops),
        terug=True,
    )
    focus_zichtbaar(anna, "Bewerken: Missie en visie")
    enter_en_laden(anna)
    tab_naar(anna, "de werkbalk (knop Kop)", f"e => !!e.closest('[role=toolbar]') && ({tekst_is('Kop')})(e)")
    focus_zichtbaar(anna, "werkbalkknop Kop")
    # Past the rest of the toolbar (one Tab per button today; one stop in all if it gets arrow-key navigation).
    onderweg = tab_naar(anna, "het veld Tekst", "e => e.id === 'id_tekst'", max=10)
    assert set(onderweg) <= {f'button "{k}"' for k in ("Vet", "Schuin", "Opsomming", "Link")}, onderweg
    focus_zichtbaar(anna, "veld Tekst")
    # Shift+Tab goes back into the toolbar, Tab returns to the text.
    tab_naar(anna, "de werkbalk (terug)", "e => !!e.closest('[role=toolbar]')", max=1, terug=True)
    focus_zichtbaar(anna, "werkbalk (terug)")
    tab_naar(anna, "het veld Tekst", "e => e.id === 'id_tekst'", max=1)
    anna.keyboard.type("## Missie\n\nDe huisarts blijft het eerste aanspreekpunt.")

    # Meanwhile the insurer's purchaser saves the same part (his own session; here through the service).
    deel = Plandeel.objects.get(regioplan=plan, soort="missie-visie")
    services.plandeel_opslaan(
        deel=deel,
        gelezen_versie=deel.versie,
        tekst="## Missie\n\nSamen zorgen voor goede huisartsenzorg dichtbij.",
        acting_user=wereld_live.zorginkoper,
    )

    tab_naar(anna, "de knop Opslaan", f"e => e.tagName === 'BUTTON' && ({tekst_is('Opslaan')})(e)", max=5)
    focus_zichtbaar(anna, "Opslaan")
    enter_en_laden(anna)
    expect(anna.get_by_role("heading", name="Iemand anders heeft dit deel intussen opgeslagen")).to_be_visible()

    # The conflict: both wrote the same paragraph, so only that passage is shown, his and hers side by side. She
    # tabs past the choices to the box for her own merge of the passage; typing there chooses it.
    tab_naar(anna, "het vak Zelf samenvoegen", "e => e.id === 'tekst-eigen-0'")
    focus_zichtbaar(anna, "vak Zelf samenvoegen (passage 1)")
    anna.keyboard.press("Control+Home")
    anna.keyboard.type("Samen zorgen voor goede huisartsenzorg dichtbij.\n\n")
    assert anna.evaluate("() => document.getElementById('tekst-keuze-0-eigen').checked")
    screenshot(anna, "reis3-toetsenbord-03-samenvoegen")
    tab_naar(
        anna,
        "Samengevoegde tekst opslaan",
        f"e => e.tagName === 'BUTTON' && ({tekst_is('Samengevoegde tekst opslaan')})(e)",
        max=5,
    )
    focus_zichtbaar(anna, "Samengevoegde tekst opslaan")
    enter_en_laden(anna)
    expect(anna.get_by_text("Opgeslagen: Missie en visie.")).to_be_visible()
    deel.refresh_from_db()
    assert deel.tekst.replace("\r\n", "\n") == (
        "## Missie\n\nSamen zorgen voor goede huisartsenzorg dichtbij.\n\nDe huisarts blijft het eerste aanspreekpunt."
    )

    # Priorities: through the table of contents to the challenges, then "Hoger" on the second one.
    tab_naar(
        anna, "inhoudsopgave: Uitdagingen", f"e => e.tagName === 'A' && ({tekst_is('Uitdagingen en prioriteiten')})(e)"
    )
    focus_zichtbaar(anna, "inhoudsopgave")
    anna.keyboard.press("Enter")
    tekort = plan.uitdagingen.get(titel="Tekort aan huisartsen")
    tab_naar(
        anna,
        "Hoger: Tekort aan huisartsen",
        f"e => e.tagName === 'BUTTON' && ({tekst_is('↑ Hoger: Tekort aan huisartsen')})(e)",
        max=12,
    )
    focus_zichtbaar(anna, "Hoger: Tekort aan huisartsen")
    # The live region must be in the page before the move and stay there: screen readers announce a change of its
    # text, not a region that arrives with its text already in it.
    assert anna.evaluate("() => !!(window.__melding = document.querySelector('#uitdagingen [role=status]'))")
    anna.keyboard.press("Enter")
    try:
        anna.wait_for_function(
            "() => window.__melding.isConnected"
            " && window.__melding.textContent.trim() === 'De volgorde is opgeslagen.'",
            timeout=3000,
        )
    except PlaywrightTimeout:
        nu = anna.evaluate(
            "() => [...document.querySelectorAll('#uitdagingen [role=status]')].map(e => e.textContent.trim())"
        )
        verbonden = anna.evaluate("() => window.__melding.isConnected")
        pytest.fail(
            f"De live region meldde de nieuwe volgorde niet (oude region nog in de pagina: {verbonden}; nu: {nu})"
        )
    wacht_op_focus(anna, "de verplaatste uitdaging", f"e => e.id === 'uitdaging-{tekort.pk}'")
    assert anna.evaluate("() => document.querySelector('.prioriteiten > li').id") == f"uitdaging-{tekort.pk}"
    focus_zichtbaar(anna, "verplaatste uitdaging")
    assert plan.uitdagingen.order_by("prioriteit").first() == tekort
    screenshot(anna, "reis3-toetsenbord-04-hoger")

    # An activity through its form: text, a checkbox with Space, choices with the arrow keys.
    tab_naar(anna, "Activiteit toevoegen", f"e => e.tagName === 'A' && ({tekst_is('Activiteit toevoegen')})(e)")
    focus_zichtbaar(anna, "Activiteit toevoegen")
    enter_en_laden(anna)
    tab_naar(anna, "het veld Titel", "e => e.id === 'id_titel'")
    focus_zichtbaar(anna, "veld Titel")
    anna.keyboard.type("Spreekuur ouderenzorg in de wijk")
    tab_naar(anna, "de eerste uitdaging", "e => e.name === 'uitdagingen'")
    focus_zichtbaar(anna, "vinkje uitdaging")
    anna.keyboard.press("Space")
    assert heeft_focus(anna, "e => e.checked")
    tab_naar(anna, "Verantwoordelijke", "e => e.id === 'id_verantwoordelijke'")
    focus_zichtbaar(anna, "keuzelijst Verantwoordelijke")
    # Her own organisation is chosen already.
    assert anna.evaluate("() => document.activeElement.selectedOptions[0].text") == "Zorggroep Eigen"
    # The years are typed over whatever is in them (Control+A selects it): they start empty today, see the report.
    tab_naar(anna, "Start (jaar)", "e => e.id === 'id_start_jaar'")
    focus_zichtbaar(anna, "getalveld Start (jaar)")
    anna.keyboard.press("Control+A")
    anna.keyboard.type("2026")
    tab_naar(anna, "Start (kwartaal)", "e => e.id === 'id_start_kwartaal'")
    focus_zichtbaar(anna, "keuzelijst Start (kwartaal)")
    anna.keyboard.press("ArrowDown")
    tab_naar(anna, "Einde (jaar)", "e => e.id === 'id_eind_jaar'")
    anna.keyboard.press("Control+A")
    anna.keyboard.type("2027")
    tab_naar(anna, "Einde (kwartaal)", "e => e.id === 'id_eind_kwartaal'")
    for _ in range(4):
        anna.keyboard.press("ArrowDown")
    screenshot(anna, "reis3-toetsenbord-05-activiteit")
    tab_naar(anna, "de knop Opslaan", f"e => e.tagName === 'BUTTON' && ({tekst_is('Opslaan')})(e)")
    focus_zichtbaar(anna, "Opslaan (activiteit)")
    enter_en_laden(anna)
    geen_formulierfouten(anna)
    expect(anna.get_by_text("Opgeslagen.").first).to_be_visible()
    activiteit = Activiteit.objects.get(regioplan=plan, titel="Spreekuur ouderenzorg in de wijk")
    assert (activiteit.start_jaar, activiteit.start_kwartaal, activiteit.eind_jaar, activiteit.eind_kwartaal) == (
        2026,
        1,
        2027,
        4,
    )
    assert activiteit.verantwoordelijke == wereld_live.zorggroep
    assert list(activiteit.uitdagingen.all()) != []

    # A measuring point for it: the target date is typed into the date field's parts.
    titel = activiteit.titel
    tab_naar(
        anna,
        f"Meetpunt toevoegen: {titel}",
        f"e => e.tagName === 'A' && ({tekst_is('Meetpunt toevoegen: ' + titel)})(e)",
        max=150,
    )
    focus_zichtbaar(anna, "Meetpunt toevoegen")
    enter_en_laden(anna)
    tab_naar(anna, "Wat wordt gemeten", "e => e.id === 'id_omschrijving'")
    anna.keyboard.type("Ouderen die het spreekuur bezochten")
    tab_naar(anna, "Eenheid", "e => e.id === 'id_eenheid'")
    anna.keyboard.type("aantal")
    tab_naar(anna, "Streefwaarde", "e => e.id === 'id_streefwaarde'")
    anna.keyboard.type("250")
    tab_naar(anna, "Streefdatum", "e => e.id === 'id_streefdatum'")
    focus_zichtbaar(anna, "datumveld Streefdatum")
    # Headless Chromium orders the date's parts by its own UI language (month first here), not by the page's
    # locale: 12 December reads the same either way. The parts advance by themselves while typing.
    anna.keyboard.type("12122027")
    tab_naar(anna, "Eigenaar", "e => e.id === 'id_eigenaar'")
    anna.keyboard.press("ArrowDown")
    tab_naar(anna, "de knop Opslaan", f"e => e.tagName === 'BUTTON' && ({tekst_is('Opslaan')})(e)")
    enter_en_laden(anna)
    geen_formulierfouten(anna)
    meetpunt = Meetpunt.objects.get(activiteit=activiteit)
    assert (meetpunt.omschrijving, str(meetpunt.streefdatum)) == ("Ouderen die het spreekuur bezochten", "2027-12-12")

    # A comment on the new activity: "Reageren" loads the form right after it, the next Tab is its text field.
    tab_naar(
        anna,
        f"Reageren bij {titel}",
        f"e => e.tagName === 'A' && !!e.closest('#activiteit-{activiteit.pk}') && ({tekst_is('Reageren')})(e)",
        max=150,
    )
    focus_zichtbaar(anna, "Reageren")
    anna.keyboard.press("Enter")
    anna.locator(f"#activiteit-{activiteit.pk} textarea[name=tekst]").wait_for()
    tab_naar(anna, "het veld Uw reactie", "e => e.name === 'tekst'", max=3)
    focus_zichtbaar(anna, "veld Uw reactie")
    anna.keyboard.type("Kunnen de wijkverpleegkundigen hierbij aansluiten?")
    tab_naar(anna, "Plaatsen", f"e => e.tagName === 'BUTTON' && ({tekst_is('Plaatsen')})(e)", max=5)
    focus_zichtbaar(anna, "Plaatsen")
    enter_en_laden(anna)
    expect(anna.get_by_text("Uw reactie is geplaatst.")).to_be_visible()
    assert Reactie.objects.filter(activiteit=activiteit, tekst__startswith="Kunnen de wijk").exists()

    # She submits the plan.
    tab_naar(anna, "Indienen ter vaststelling", f"e => ({tekst_is('Indienen ter vaststelling')})(e)", max=150)
    focus_zichtbaar(anna, "Indienen ter vaststelling")
    enter_en_laden(anna)
    expect(anna.get_by_role("heading", name="Ingediend: wacht op goedkeuring")).to_be_visible()
    screenshot(anna, "reis3-toetsenbord-06-ingediend")

    # Both mandated signers approve, each from their own Mijn regio's.
    bram = nieuwe_pagina()
    inloggen(bram, "bram@zorggroep.test")
    _goedkeuren(bram, plan, "Zorggroep Eigen")
    expect(bram.get_by_text("De andere partij moet nog goedkeuren.")).to_be_visible()

    daan = nieuwe_pagina()
    inloggen(daan, "daan@zuid.test")
    _goedkeuren(daan, plan, "Verzekeraar Zuid")
    expect(daan.get_by_text("het plan is vastgesteld")).to_be_visible()
    expect(daan.get_by_role("heading", name="Vastgesteld op")).to_be_visible()
    assert (daan.locator(".planinfo .label").text_content() or "").strip() == "vastgesteld"
    assert Regioplan.objects.get(pk=plan.pk).status == Status.VASTGESTELD
    screenshot(daan, "reis3-toetsenbord-07-vastgesteld")

    # Frozen: a tour of the whole page (from the top, as typed in the address bar) reaches no control that changes
    # the plan, and every stop on the way shows where the focus is.
    daan.goto(reverse("regioplan:detail", args=[plan.regio.slug, plan.pk]))
    stops = rondgang(daan, "vastgesteld plan")
    wijzigen = ('"Bewerken', "Hoger", "Lager", "Duiding", "Titel en looptijd", "toevoegen", "Verwijderen", "Indienen")
    wijzigend = [s for s in stops if any(w in s for w in wijzigen)]
    assert wijzigend == [], wijzigend
