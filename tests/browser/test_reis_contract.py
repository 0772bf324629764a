"""Journey 5, in a real browser: a contract is made from the adopted plan, a practice opts in, the parties
negotiate a line (proposal, counter-proposal, accepted) and agree to every line, both parties sign;
a result is recorded and the monitoring pages show the traffic light. The second insurer finds nothing.

Set up through services is only what is not this journey: the adopted regioplan and the "contract" mandates.
Each person works in a browser context of their own, as they would on their own computer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contracten.models import Contract, Contractstatus, Meetresultaat, Praktijkdeelname
from regioplan.models import Doel
from tests.browser.conftest import grafieken_tekenen, inloggen, overloop, screenshot, toegankelijkheid
from tests.contracten.werelden import contractmandaten, vastgesteld_plan
from tests.personas import Wereld

pytestmark = pytest.mark.needs_browser

TITEL = "Meerjarencontract Eigen regio 2026-2029"
PAKKET = "Regionaal S3-pakket innovatie"
S2_REGEL = "Praktijkondersteuner ouderenzorg"
S3_REGEL = "Innovatie: digitale triage"
MEETPUNT = "Praktijken met een POH ouderenzorg"  # tests/regioplan/werelden.py meetpunt_maken
NIET_GEVONDEN = "Deze pagina bestaat niet (of is niet voor u)"  # templates/404.html

# The money, typed as a Dutch person types it, and what the pages must show, worked out by hand:
#   S2 line, 70 % practice / 30 % region: 2026 "100.000" = 100 000,00 -> 70 000,00 / 30 000,00
#                                         2027 "12.500,50" = 12 500,50 -> 8 750,35 / 3 750,15
#       line total 112 500,50
#   S3 line (in the package), 50 / 50:    2026 "7.500,25" = 7 500,25 -> 3 750,125 rounds half up to 3 750,13 for the
#                                         practice, the region gets the rest 3 750,12
#                                         2027 "20.000" = 20 000,00 -> 10 000,00 / 10 000,00
#       line total 27 500,25
#   per year: 2026 100 000,00 + 7 500,25 = 107 500,25; 2027 12 500,50 + 20 000,00 = 32 500,50; 2028 and 2029 nothing
#   contract total 112 500,50 + 27 500,25 = 140 000,75
#   to the practices 70 000,00 + 8 750,35 + 3 750,13 + 10 000,00 = 92 500,48 (66,07 % of the total -> "66,1%")
#   to the region-organisation 30 000,00 + 3 750,15 + 3 750,12 + 10 000,00 = 47 500,27 (92 500,48 + 47 500,27 adds up)
#   per year to the practices: 2026 73 750,13, 2027 18 750,35; to the region: 2026 33 750,12, 2027 13 750,15
S2_TOTAAL, S3_TOTAAL = "€ 112.500,50", "€ 27.500,25"
TOTAAL, NAAR_PRAKTIJKEN, NAAR_REGIO = "€ 140.000,75", "€ 92.500,48", "€ 47.500,27"

# The result: 62,5 % on 31-10-2026, for the plan's measuring point (baseline 40 % on 1-1-2026, target 90 % on
# 31-12-2027). The light by the rule of contracten/monitoring.py `beoordelen`, while the target date is ahead:
#   not reached (62,5 < 90); expected = time passed from baseline to peildatum = 303 / 729 days = 0,416 ("42 %");
#   achieved = (62,5 - 40) / (90 - 40) = 22,5 / 50 = 0,45 ("45 %"); 0,45 >= 0,416 - 0,10, so "op koers".
# After 31-12-2027 the same result is "ver achter" (the target date passed without reaching the target).
PEILDATUM = dt.date(2026, 10, 31)
STREEFDATUM = dt.date(2027, 12, 31)
UITLEG = (
    "Op 31-10-2026 is 45% van de weg van nulmeting naar streefwaarde afgelegd; "
    "42% van de tijd tot de streefdatum was toen voorbij."
)


class Vastlegger:
    """Screenshots of the key screens, axe-core's serious and critical violations on them, horizontal overflow,
    and Content-Security-Policy refusals in the console: gathered as the journey goes and asserted at the end, so
    that one screen's findings do not hide whether the rest of the journey works."""

    def __init__(self) -> None:
        self.axe: dict[str, list[dict]] = {}
        self.overloop: dict[str, tuple[int, int]] = {}
        self.csp: list[str] = []

    def volgen(self, pagina: Any) -> Any:
        pagina.set_default_timeout(10_000)
        pagina.on("console", lambda m: self.csp.append(m.text) if "Content Security Policy" in m.text else None)
        return pagina

    def __call__(self, pagina: Any, naam: str) -> None:
        # Charts are drawn when near the screen: draw them all, so that the screenshot and axe see what a person sees.
        grafieken_tekenen(pagina)
        if (te_breed := overloop(pagina)) is not None:
            self.overloop[naam] = te_breed
        screenshot(pagina, naam)
        if fouten := toegankelijkheid(pagina):
            self.axe[naam] = fouten

    def controleren(self) -> None:
        assert self.axe == {}, json.dumps(self.axe, indent=1, ensure_ascii=False)
        assert self.overloop == {}, self.overloop
        assert self.csp == []


def _doel() -> Doel:
    """A goal a practice can choose. The migration brings the 2021 purchasing goals, but a transactional test run
    before this one may have flushed them: then the koepel's list gets one (reference data, not this journey)."""
    return Doel.objects.filter(actief=True).first() or Doel.objects.create(
        naam="Kwetsbare ouderen", omschrijving="Proactieve zorg voor kwetsbare ouderen thuis."
    )


def _opgeslagen(pagina: Any, melding: str) -> None:
    pagina.wait_for_load_state()
    assert pagina.get_by_text(melding).first.is_visible(), pagina.locator("main").inner_text()


def _afspraak_invullen(
    pagina: Any, *, titel: str, segment: str, pakket: str | None, bedragen: dict[int, str], verdeling: tuple[str, str]
) -> None:
    pagina.get_by_label("Afspraak", exact=True).fill(titel)
    pagina.get_by_label("Activiteit uit het regioplan").select_option(
        label="Praktijkondersteuner ouderenzorg in elke praktijk"
    )
    pagina.get_by_label("Segment").select_option(value=segment)
    pagina.get_by_label("Pakket").select_option(label=pakket or "geen pakket: het hele contract")
    for jaar, bedrag in bedragen.items():
        pagina.get_by_label(f"Bedrag {jaar} (€)").fill(bedrag)
    pagina.get_by_label("Aandeel praktijk (%)").fill(verdeling[0])
    pagina.get_by_label("Aandeel regio-organisatie (%)").fill(verdeling[1])


def _regel(pagina: Any, titel: str) -> Any:
    return pagina.locator("article.activiteit", has=pagina.get_by_role("heading", name=titel, exact=True))


def _onderhandelen(anna: Any, daan: Any, contract_pad: str, vastleggen: Vastlegger) -> None:
    """Daan proposes less for the S3 line in 2026, Anna counter-proposes, Daan accepts; Daan agrees to the S2 line
    as Anna wrote it. Then every line is agreed by both, and the redline shows the S3 amount old -> new."""
    s3 = _regel(daan, S3_REGEL)
    s3.get_by_role("link", name=re.compile(r"^Voorstel doen")).click()
    expect(daan.get_by_role("heading", name=f"Voorstel doen: {S3_REGEL}")).to_be_visible()
    assert daan.get_by_label("Bedrag 2026 (€)").input_value() == "7500,25"
    daan.get_by_label("Bedrag 2026 (€)").fill("7.000")
    daan.get_by_label("Waarom dit voorstel").fill("Het triageproject start pas in maart.")
    vastleggen(daan, "reis5-voorstel-doen")
    daan.get_by_role("button", name="Voorstel doen").click()
    _opgeslagen(daan, "Uw voorstel staat bij de afspraak.")
    expect(_regel(daan, S3_REGEL).get_by_text("Open voorstel van Verzekeraar Zuid")).to_be_visible()
    assert _regel(daan, S3_REGEL).get_by_role("button", name=re.compile(r"^Aanvaarden")).count() == 0

    anna.goto(contract_pad)
    s3 = _regel(anna, S3_REGEL)
    expect(s3.get_by_text("Open voorstel van Verzekeraar Zuid")).to_be_visible()
    # The open proposal as a redline of the line (the same stands, folded, in the trail below).
    expect(s3.locator(".onderhandeling__open del", has_text="€ 7.500,25")).to_be_visible()
    expect(s3.locator(".onderhandeling__open ins", has_text="€ 7.000,00")).to_be_visible()
    s3.get_by_role("link", name=re.compile(r"^Tegenvoorstel doen")).click()
    assert anna.get_by_label("Bedrag 2026 (€)").input_value() == "7000,00"  # prefilled with Daan's proposal
    anna.get_by_label("Bedrag 2026 (€)").fill("7.250")
    anna.get_by_label("Waarom dit voorstel").fill("De voorbereiding in februari kost ook uren.")
    anna.get_by_role("button", name="Tegenvoorstel doen").click()
    _opgeslagen(anna, "Uw tegenvoorstel staat bij de afspraak")

    daan.goto(contract_pad)
    s3 = _regel(daan, S3_REGEL)
    expect(s3.get_by_text("Open voorstel van Zorggroep Eigen")).to_be_visible()
    s3.get_by_role("button", name=re.compile(r"^Aanvaarden")).click()
    _opgeslagen(daan, "Voorstel aanvaard")
    s3 = _regel(daan, S3_REGEL)
    expect(s3.get_by_text("Akkoord van beide partijen")).to_be_visible()
    s3.get_by_text(re.compile(r"^Spoor van deze afspraak")).click()
    spoor = s3.locator("ol.spoor__stappen")
    expect(spoor.get_by_text("van Daan Inkoper (Verzekeraar Zuid)")).to_be_visible()
    expect(spoor.get_by_text("van Anna Bewerker (Zorggroep Eigen)")).to_be_visible()
    expect(spoor.get_by_text("Het triageproject start pas in maart.")).to_be_visible()
    expect(spoor.get_by_text(re.compile(r"^Aanvaard door Daan Inkoper \(Verzekeraar Zuid\)"))).to_be_visible()
    s3.scroll_into_view_if_needed()
    vastleggen(daan, "reis5-spoor")

    s2 = _regel(daan, S2_REGEL)
    expect(s2.get_by_text("wacht op akkoord van Verzekeraar Zuid")).to_be_visible()
    s2.get_by_role("button", name=re.compile(r"^Akkoord met deze regel")).click()
    _opgeslagen(daan, "Akkoord gegeven")
    expect(daan.get_by_text("Beide partijen zijn akkoord met elke afspraak.")).to_be_visible()

    daan.get_by_role("navigation", name="Onderdelen van het contract").get_by_role("link", name="Wijzigingen").click()
    daan.get_by_role("link", name="Versies vergelijken: afspraken en bedragen").click()
    rij = daan.get_by_role("row", name=re.compile(rf"^{re.escape(S3_REGEL)}"))
    expect(rij.get_by_text("gewijzigd")).to_be_visible()
    expect(rij.locator("del", has_text="€ 7.500,25")).to_be_visible()
    expect(rij.locator("ins", has_text="€ 7.250,00")).to_be_visible()
    vastleggen(daan, "reis5-redline")
    daan.goto(contract_pad)


def test_a_contract_from_the_adopted_plan_is_joined_signed_and_monitored(wereld_live: Wereld, nieuwe_pagina) -> None:
    plan = vastgesteld_plan(wereld_live)
    contractmandaten(wereld_live)
    doel = _doel()
    vandaag = timezone.localdate()
    slug = wereld_live.regio.slug
    vastleggen = Vastlegger()

    # 1. Anna, editor at the zorggroep, starts the contract from the adopted plan.
    anna = vastleggen.volgen(nieuwe_pagina())
    inloggen(anna, "anna@zorggroep.test")
    anna.get_by_role("link", name="Eigen regio", exact=True).click()
    anna.get_by_role("link", name=re.compile(r"^Contracten")).click()
    expect(anna.get_by_role("heading", name="Contracten", level=1)).to_be_visible()
    expect(anna.get_by_text("U ziet hier geen contracten.")).to_be_visible()
    anna.get_by_role("link", name="Nieuw contract").click()
    expect(anna.get_by_role("heading", name="Nieuw contract", level=1)).to_be_visible()
    anna.get_by_label("Titel").fill(TITEL)
    anna.get_by_label("Vastgestelde planversie").select_option(
        label=f"{plan.titel} (planversie {plan.volgnummer}, vastgesteld)"
    )
    anna.get_by_label("Huisartsenorganisatie").select_option(label="Zorggroep Eigen")
    anna.get_by_label("Zorgverzekeraar").select_option(label="Verzekeraar Zuid")
    anna.get_by_label("Eerste jaar").fill("2026")
    anna.get_by_label("Laatste jaar").fill("2029")
    vastleggen(anna, "reis5-nieuw-contract")
    anna.get_by_role("button", name="Contract maken").click()
    _opgeslagen(anna, "Contract begonnen. Voeg nu de afspraken toe.")
    contract = Contract.objects.get(titel=TITEL)
    contract_pad = f"/regio/{slug}/contracten/{contract.pk}/"
    expect(anna.get_by_role("heading", name=TITEL, level=1)).to_be_visible()
    expect(anna.get_by_text("Looptijd 2026\u20132029")).to_be_visible()
    expect(anna.get_by_text("Dit contract heeft nog geen afspraken.")).to_be_visible()

    # A package whose practices choose a goal.
    anna.get_by_role("link", name="Pakket toevoegen").click()
    anna.get_by_label("Naam").fill(PAKKET)
    anna.get_by_label("Segment").select_option(value="S3")
    anna.get_by_label("Praktijken kiezen een doel").check()
    anna.get_by_role("button", name="Opslaan").click()
    _opgeslagen(anna, "Opgeslagen.")
    pakketten = anna.locator("#pakketten")
    expect(pakketten.get_by_text(PAKKET, exact=True)).to_be_visible()
    expect(pakketten.get_by_text("praktijken kiezen een doel")).to_be_visible()

    # The S2 line: amounts typed the Dutch way; first with a split that does not add up to 100 %.
    anna.get_by_role("link", name="Afspraak toevoegen").click()
    expect(anna.get_by_role("heading", name="Afspraak toevoegen")).to_be_visible()
    _afspraak_invullen(
        anna,
        titel=S2_REGEL,
        segment="S2",
        pakket=None,
        bedragen={2026: "100.000", 2027: "12.500,50"},
        verdeling=("60", "30"),
    )
    anna.get_by_role("checkbox", name=re.compile(rf"^{MEETPUNT} \(")).check()
    anna.get_by_role("button", name="Opslaan").click()
    anna.wait_for_load_state()
    fout = anna.get_by_role("alert")
    expect(fout.get_by_text(re.compile(r"samen moet dat 100% zijn"))).to_be_visible()
    assert "tellen op tot 90%" in fout.inner_text()
    # Her input is kept, as she typed it.
    assert anna.get_by_label("Afspraak", exact=True).input_value() == S2_REGEL
    assert anna.get_by_label("Bedrag 2026 (€)").input_value() == "100.000"
    assert anna.get_by_label("Bedrag 2027 (€)").input_value() == "12.500,50"
    assert anna.get_by_label("Aandeel praktijk (%)").input_value() == "60"
    assert anna.get_by_role("checkbox", name=re.compile(rf"^{MEETPUNT} \(")).is_checked()
    assert contract.afspraken.count() == 0
    anna.get_by_label("Aandeel praktijk (%)").fill("70")
    anna.get_by_role("button", name="Opslaan").click()
    _opgeslagen(anna, "Opgeslagen.")

    # The S3 line, in the package, 50/50.
    anna.get_by_role("link", name="Afspraak toevoegen").click()
    _afspraak_invullen(
        anna,
        titel=S3_REGEL,
        segment="S3",
        pakket=PAKKET,
        bedragen={2026: "7.500,25", 2027: "20.000"},
        verdeling=("50", "50"),
    )
    anna.get_by_role("button", name="Opslaan").click()
    _opgeslagen(anna, "Opgeslagen.")

    anna.goto(contract_pad + "#afspraken")
    tabel = anna.locator("#afspraken table")
    assert tabel.get_by_role("caption").inner_text() == f"2 afspraken, samen {TOTAAL}"
    s2 = tabel.get_by_role("row", name=re.compile(rf"^{S2_REGEL}"))
    assert s2.get_by_role("cell").all_inner_texts() == [
        "S2",
        "€ 100.000,00",
        "€ 12.500,50",
        "€ 0,00",
        "€ 0,00",
        S2_TOTAAL,
        "70% / 30%",
    ]
    s3 = tabel.get_by_role("row", name=re.compile(rf"^{S3_REGEL}"))
    assert s3.get_by_role("cell").all_inner_texts()[-2:] == [S3_TOTAAL, "50% / 50%"]
    voet = tabel.locator("tfoot tr")
    assert voet.get_by_role("cell").all_inner_texts()[1:] == [
        "€ 107.500,25",
        "€ 32.500,50",
        "€ 0,00",
        "€ 0,00",
        TOTAAL,
        "66,1% naar praktijken",
    ]
    regel = anna.locator("article.activiteit", has_text=S2_REGEL)
    expect(regel.get_by_role("link", name=MEETPUNT)).to_be_visible()
    expect(anna.locator("article.activiteit", has_text=S3_REGEL).get_by_text(f"pakket {PAKKET}")).to_be_visible()
    vastleggen(anna, "reis5-afspraken")

    anna.get_by_role("navigation", name="Onderdelen van het contract").get_by_role("link", name="Financiën").click()
    expect(anna.get_by_role("heading", name="Financieel overzicht")).to_be_visible()
    feiten = anna.locator("dl.feiten")
    assert feiten.locator("div", has_text="Totaal over de looptijd").locator("dd").inner_text() == TOTAAL
    assert (
        feiten.locator("div", has_text="Naar de praktijken").locator("dd").inner_text() == f"{NAAR_PRAKTIJKEN} (66,1%)"
    )
    assert feiten.locator("div", has_text="Naar de regio-organisatie").locator("dd").inner_text() == NAAR_REGIO
    jaren = anna.get_by_role("table", name="Bedragen per jaar en segment").first
    # Year, S1, S2, S3, total, practices, region-organisation.
    assert jaren.get_by_role("row", name=re.compile(r"^2026")).get_by_role("cell").all_inner_texts() == [
        "€ 0,00",
        "€ 100.000,00",
        "€ 7.500,25",
        "€ 107.500,25",
        "€ 73.750,13",
        "€ 33.750,12",
    ]
    assert jaren.get_by_role("row", name=re.compile(r"^2027")).get_by_role("cell").all_inner_texts() == [
        "€ 0,00",
        "€ 12.500,50",
        "€ 20.000,00",
        "€ 32.500,50",
        "€ 18.750,35",
        "€ 13.750,15",
    ]
    assert jaren.locator("tfoot tr").get_by_role("cell").all_inner_texts() == [
        "€ 0,00",
        S2_TOTAAL,
        S3_TOTAAL,
        TOTAAL,
        NAAR_PRAKTIJKEN,
        NAAR_REGIO,
    ]
    vastleggen(anna, "reis5-financien")

    # 2. Anna invites the practice to the package.
    anna.get_by_role("navigation", name="Onderdelen van het contract").get_by_role("link", name="Praktijken").click()
    pakketdeel = anna.locator("section.deel", has=anna.get_by_role("heading", name=f"Pakket: {PAKKET}"))
    assert pakketdeel.locator(".deelnamegraad strong").inner_text() == "0 van 1 praktijk doet mee"
    pakketdeel.get_by_label("Praktijk De Linde").check()
    pakketdeel.get_by_role("button", name="Uitnodigen").click()
    _opgeslagen(anna, f"1 praktijk uitgenodigd voor {PAKKET}.")
    deelname = Praktijkdeelname.objects.get(contract=contract, pakket__naam=PAKKET)

    # Hans, who manages the practice, finds the invitation on "Mijn regio's" and sees no money.
    hans = vastleggen.volgen(nieuwe_pagina())
    inloggen(hans, "hans@praktijk.test")
    uitnodigingen = hans.locator("section", has=hans.get_by_role("heading", name="Uitnodigingen voor uw praktijk"))
    uitnodigingen.get_by_role("link", name=f"Uw praktijk Praktijk De Linde is uitgenodigd voor {PAKKET}").click()
    expect(hans.get_by_role("heading", name=f"Uitnodiging: {PAKKET}", level=1)).to_be_visible()
    expect(hans.get_by_role("row", name=re.compile(rf"^{re.escape(S3_REGEL)}"))).to_be_visible()
    assert hans.get_by_text(S2_REGEL).count() == 0  # only what is in the package
    # Only what his own practice would receive (issue 17): the practices' half of the S3 line, he being the only
    # practice, 3 750,13 in 2026 and 10 000,00 in 2027; never the line's amounts or the contract's totals.
    hoofd = hans.locator("main").inner_text()
    assert "€ 3.750,13" in hoofd and "€ 10.000,00" in hoofd
    for niet in ("7.500,25", "20.000,00", S3_TOTAAL, TOTAAL, NAAR_PRAKTIJKEN, NAAR_REGIO):
        assert niet not in hans.content()
    expect(hans.get_by_text("Nog geen besluit.")).to_be_visible()
    vastleggen(hans, "reis5-uitnodiging-praktijk")
    hans.get_by_label("Onze praktijk doet mee").check()
    besloten_op = vandaag  # the day of the invitation (a date before the invitation is not refused either)
    hans.get_by_label("Datum van het besluit").fill(besloten_op.isoformat())
    hans.get_by_role("radio", name=re.compile(rf"^{re.escape(doel.naam)}")).check()
    # The package holds only S3: no subcontractor confirmation is asked.
    assert hans.get_by_label(re.compile(r"onderaannemer")).count() == 0
    hans.get_by_role("button", name="Besluit vastleggen").click()
    _opgeslagen(hans, "Vastgelegd: Praktijk De Linde doet mee.")
    expect(hans.get_by_text(f"Gekozen doel: {doel.naam}.")).to_be_visible()
    expect(hans.locator("#besluit .label", has_text="doet mee")).to_be_visible()
    assert TOTAAL not in hans.content() and S3_TOTAAL not in hans.content()

    anna.reload()
    pakketdeel = anna.locator("section.deel", has=anna.get_by_role("heading", name=f"Pakket: {PAKKET}"))
    assert pakketdeel.locator(".deelnamegraad strong").inner_text() == "1 van 1 praktijk doet mee"
    rij = pakketdeel.get_by_role("row", name=re.compile(r"^Praktijk De Linde"))
    # Decision, its date, the goal, subcontractor (not asked for S3), who decided.
    assert rij.get_by_role("cell").all_inner_texts()[:5] == [
        "doet mee",
        f"{besloten_op.day}-{besloten_op.month}-{besloten_op.year}",
        doel.naam,
        "n.v.t.",
        "Hans Praktijkhouder",
    ]
    vastleggen(anna, "reis5-praktijken")
    assert Praktijkdeelname.objects.get(pk=deelname.pk).besluit == Praktijkdeelname.Besluit.DOET_MEE

    # 3. Anna offers the contract for signing; Daan (insurer) and Bram (zorggroep) sign.
    anna.goto(contract_pad)
    anna.get_by_role("button", name="Aanbieden ter ondertekening").click()
    _opgeslagen(anna, "Het contract ligt ter ondertekening.")
    expect(anna.get_by_role("heading", name="In onderhandeling: ligt ter ondertekening")).to_be_visible()
    assert anna.get_by_role("button", name=re.compile(r"^Tekenen")).count() == 0  # she holds no mandate

    daan = vastleggen.volgen(nieuwe_pagina())
    inloggen(daan, "daan@zuid.test")
    # Anna wrote both lines and the insurer has agreed to neither yet: not "waiting for your signature" but listed
    # as not signable yet, with how many lines are open.
    wacht = daan.locator(
        "section", has=daan.get_by_role("heading", name="Nog niet te tekenen: niet alle afspraken zijn akkoord")
    )
    expect(wacht.get_by_text(re.compile(r"nog niet alle regels akkoord: 2 van 2"))).to_be_visible()
    assert daan.get_by_role("heading", name="Wacht op uw handtekening").count() == 0
    wacht.get_by_role("link", name=TITEL).click()
    daan.get_by_role("button", name=re.compile(r"^Tekenen namens Verzekeraar Zuid")).click()
    _opgeslagen(daan, "Tekenen kan pas als beide partijen akkoord zijn met elke afspraak.")
    expect(daan.locator(".melding--error")).to_contain_text(f"Nog niet akkoord: {S2_REGEL}; {S3_REGEL}.")
    _onderhandelen(anna, daan, contract_pad, vastleggen)
    daan.get_by_role("button", name=re.compile(r"^Tekenen namens Verzekeraar Zuid")).click()
    _opgeslagen(daan, "Uw handtekening staat onder deze versie van het contract.")
    handtekeningen = daan.locator("#ondertekening")
    assert (
        handtekeningen.get_by_role("row", name=re.compile(r"^Verzekeraar Zuid"))
        .get_by_text("getekend")
        .first.is_visible()
    )
    assert (
        handtekeningen.get_by_role("row", name=re.compile(r"^Zorggroep Eigen"))
        .get_by_text("nog niet getekend")
        .is_visible()
    )

    bram = vastleggen.volgen(nieuwe_pagina())
    inloggen(bram, "bram@zorggroep.test")
    bram.locator("section", has=bram.get_by_role("heading", name="Wacht op uw handtekening")).get_by_role(
        "link", name=TITEL
    ).click()
    bram.get_by_role("button", name=re.compile(r"^Tekenen namens Zorggroep Eigen")).click()
    _opgeslagen(bram, "Uw handtekening staat onder deze versie van het contract.")
    getekend = re.compile(r"^Getekend op \d{1,2} \w+ \d{4}$")
    expect(bram.get_by_role("heading", name=getekend)).to_be_visible()
    daan.reload()
    expect(daan.get_by_role("heading", name=getekend)).to_be_visible()
    vastleggen(daan, "reis5-ondertekend")
    assert Contract.objects.get(pk=contract.pk).status == Contractstatus.GETEKEND
    for wie in (anna, bram, daan):
        wie.goto(contract_pad)
        expect(wie.get_by_role("heading", name=getekend)).to_be_visible()
        assert wie.get_by_role("link", name="Afspraak toevoegen").count() == 0
        assert wie.get_by_role("link", name="Pakket toevoegen").count() == 0
    # Signed contracts are off Daan's "waiting for your signature" list.
    daan.goto("/")
    assert daan.get_by_role("heading", name="Wacht op uw handtekening").count() == 0

    # 4. Anna plans a reporting date and records a result of the measuring point.
    anna.get_by_role("navigation", name="Onderdelen van het contract").get_by_role("link", name="Monitoring").click()
    assert (
        anna.get_by_role("row", name=re.compile(rf"^{MEETPUNT}"))
        .locator(".label", has_text="nog geen resultaat")
        .is_visible()
    )
    anna.get_by_role("link", name=MEETPUNT).click()
    expect(anna.get_by_role("heading", name=MEETPUNT, level=2)).to_be_visible()
    uiterlijk = vandaag + dt.timedelta(days=30)
    anna.get_by_label("Uiterlijk op").fill(uiterlijk.isoformat())
    assert anna.get_by_label("Wie rapporteert").locator("option:checked").inner_text() == "Anna Bewerker"
    anna.get_by_role("button", name="Toevoegen").click()
    _opgeslagen(anna, f"Rapportagemoment toegevoegd: uiterlijk {uiterlijk:%d-%m-%Y}, door Anna Bewerker.")
    momenten = anna.get_by_role("table", name="Rapportagemomenten van dit meetpunt")
    expect(momenten.get_by_role("row", name=re.compile(rf"^{uiterlijk:%d-%m-%Y}")).get_by_text("open")).to_be_visible()

    anna.get_by_label("Peildatum").fill(PEILDATUM.isoformat())
    anna.get_by_label("Waarde").fill("62,5")
    anna.get_by_label("Toelichting").fill("Telling van oktober: 5 van de 8 praktijken hebben een POH ouderenzorg.")
    anna.get_by_role("button", name="Resultaat opslaan").click()
    _opgeslagen(anna, "Het resultaat is vastgelegd.")
    resultaat = Meetresultaat.objects.get(contract=contract)
    assert str(resultaat.waarde) == "62.50" and resultaat.peildatum == PEILDATUM
    verwacht = "ver achter" if vandaag > STREEFDATUM else "op koers"
    stand = anna.locator("dl.feiten div", has_text="Stand").locator("dd")
    assert stand.inner_text().endswith(verwacht)
    assert (
        anna.locator("dl.feiten div", has_text="Laatste resultaat").locator("dd").inner_text() == "62,5% (31-10-2026)"
    )
    if verwacht == "op koers":
        expect(anna.get_by_text(UITLEG)).to_be_visible()
    # The result answers the open reporting date.
    assert (
        momenten.get_by_role("row", name=re.compile(rf"^{uiterlijk:%d-%m-%Y}"))
        .get_by_text("gerapporteerd")
        .is_visible()
    )
    assert (
        anna.get_by_role("table", name="1 resultaat").get_by_role("row", name=re.compile(r"^31-10-2026")).is_visible()
    )
    vastleggen(anna, "reis5-meetpunt")

    # The contract's monitoring tab and the region's monitoring page show the light in words, with its sign.
    anna.get_by_role("link", name="Alle meetpunten van dit contract").click()
    rij = anna.get_by_role("row", name=re.compile(rf"^{MEETPUNT}"))
    expect(rij.locator(".label", has_text=verwacht)).to_be_visible()
    expect(rij.get_by_text("62,5%")).to_be_visible()
    expect(anna.locator("p.planinfo", has_text=f"1 {verwacht}")).to_be_visible()
    vastleggen(anna, "reis5-monitoring-contract")

    anna.get_by_role("link", name="Contracten", exact=True).click()
    anna.get_by_role("link", name="Monitoring van de regio").click()
    expect(anna.get_by_role("heading", name="Monitoring van de contracten", level=1)).to_be_visible()
    deel = anna.locator("section.deel", has=anna.get_by_role("heading", name=TITEL))
    rij = deel.get_by_role("row", name=re.compile(rf"^{MEETPUNT}"))
    expect(rij.locator(".label", has_text=verwacht)).to_be_visible()
    fase = "Actief" if vandaag.year <= 2029 else "Beëindigd"  # signed: active in its term, ended after it
    expect(deel.locator(".label", has_text=re.compile(rf"^{fase}$"))).to_be_visible()
    vastleggen(anna, "reis5-monitoring")

    smal = vastleggen.volgen(nieuwe_pagina(breedte=390))
    inloggen(smal, "daan@zuid.test")
    smal.goto(f"/regio/{slug}/contracten/monitoring/")
    expect(
        smal.get_by_role("row", name=re.compile(rf"^{MEETPUNT}")).locator(".label", has_text=verwacht)
    ).to_be_visible()
    vastleggen(smal, "reis5-monitoring-390")
    assert smal.evaluate("document.documentElement.scrollWidth") <= 390

    # 5. Eva, of insurer Noord (takes part in the region, is no party to the contract), finds nothing.
    eva = vastleggen.volgen(nieuwe_pagina())
    inloggen(eva, "eva@noord.test")
    eva.goto(f"/regio/{slug}/contracten/")
    expect(eva.get_by_text("U ziet hier geen contracten.")).to_be_visible()
    assert eva.get_by_text(TITEL).count() == 0
    antwoord = eva.goto(contract_pad)
    assert antwoord is not None and antwoord.status == 404
    expect(eva.get_by_role("heading", name=NIET_GEVONDEN)).to_be_visible()
    assert eva.get_by_text(TITEL).count() == 0
    eva.goto(f"/regio/{slug}/contracten/monitoring/")
    expect(eva.get_by_role("heading", name="Geen contracten om te volgen")).to_be_visible()
    assert eva.get_by_text(MEETPUNT).count() == 0

    vastleggen.controleren()
