"""Issue 17 in a real browser: the life of the demo's signed contracts after signing, with four people at their own
computers.

1. Anna (editor, zorggroep) adds an S3 line to the demo's addendum in negotiation, which also indexes the POH
   line's 2027 amount by 3,1 %; her change withdraws Bram's signature, and the page warns her before she saves.
2. Bram (zorggroep) and Daan (insurer) sign the new version, each under their "contract" mandate, signed in with
   password and authenticator code.
3. The finance overview and the PDF show the amended totals to the cent (derived below from the demo's data).
4. The yearly cycle of the demo's multi-year contract: Anna proposes the index of 2027 (3,1 %), Daan confirms it;
   the year page shows the indexation as its own column and the finance overview counts it.
5. Anna imports a result from a CSV file made here (one row refused with its reason, nothing stored before she
   confirms); Daan, of the other party, confirms the result.

axe on the pages of each step; screenshots at 1366 and 390 px of the key screens (the addendum, the finance
overview, the year, the import's preview, the confirmed result) in var/screenshots/na-ondertekening-*.png, where
nothing may scroll sideways.

The demo (contracten/demo.py, demo_jaarcyclus.py) is what is amended. Its multi-year contract has the figures of
2027 proposed and confirmed already; they are taken back before the journey so that it plays that cycle itself.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from contracten import addenda, demo_jaarcyclus, selectors
from contracten.demo import ANNA, BRAM, DAAN, ONDERHANDELD, OUDERENZORG, TITEL, VERZEKERAAR
from contracten.financiering import verdeel_bedrag
from contracten.models import Addendum, Addendumstatus, Contract, Jaarafspraak, Meetresultaat
from regio.demo import DEMO_WACHTWOORD
from regio.getallen import afronden, euro
from regio.models import Gebruiker
from tests.browser.conftest import (
    breedtes_vastleggen,
    inloggen,
    toegankelijkheid,
)
from tests.regio.pdf_proef import pdf_tekst
from tests.verdeling import migratiegegevens_terugzetten

pytestmark = pytest.mark.needs_browser

JAAR = 2027
INDEX = Decimal("3.1")  # the NZa index of 2027, in per cent: the demo's addendum and the yearly cycle both use it
NIEUW = "Digitale spreekuren ouderen (S3)"
NIEUW_BEDRAG = Decimal("12345.67")  # 2027; all of it to the practices
PEILDATUM_TEKST = "30-11-2026"  # the file's period 2026-11, read as the month's last day


def _procent_van(bedrag: Decimal, procent: Decimal) -> Decimal:
    """Indexation by hand: the amount times the percentage, rounded half up to the cent."""
    return afronden(bedrag * procent / 100, 2)


def _tekenen(pagina, email: str, adres: str) -> None:
    """Signed in with password and authenticator code, the person signs the addendum's current version."""
    inloggen(pagina, email, DEMO_WACHTWOORD)
    pagina.goto(adres)
    pagina.get_by_role("button", name=re.compile(r"^Addendum tekenen namens")).click()
    naam = Gebruiker.objects.get(email=email).get_full_name()
    expect(pagina.locator("#ondertekening")).to_contain_text(re.compile(rf"getekend\s+door {re.escape(naam)}"))


def test_the_signed_demo_contract_is_amended_indexed_printed_and_monitored_by_both_parties(
    transactional_db: None, live_server, nieuwe_pagina, tmp_path: Path
) -> None:
    migratiegegevens_terugzetten()
    call_command("demo_laden")
    contract = Contract.objects.select_related("regio").get(titel=TITEL)
    open_ = Addendum.objects.get(contract=contract, status=Addendumstatus.ONDERHANDELING)
    meerjarig = Contract.objects.get(titel=demo_jaarcyclus.TITEL)
    Jaarafspraak.objects.filter(contract=meerjarig, jaar=JAAR).delete()  # the journey plays this year's cycle
    slug = contract.regio.slug
    pad = f"/regio/{slug}/contracten/{contract.pk}/"
    meerjarig_pad = f"/regio/{slug}/contracten/{meerjarig.pk}/"
    axe: dict[str, list[dict]] = {}
    te_breed: dict[str, dict[int, tuple[int, int]]] = {}

    def vastleggen(pagina, naam: str) -> None:
        axe[naam] = toegankelijkheid(pagina)
        te_breed[naam] = breedtes_vastleggen(pagina, f"na-ondertekening-{naam}")

    # What holds now (the contract with its signed addendum), and by hand what the open addendum adds once signed:
    # the POH line's 2027 amount indexed by 3,1 %, and the new S3 line.
    voor = selectors.overzicht_van(addenda.geldende_regels(contract))
    poh = next(r for r in addenda.geldende_regels(contract) if r.afspraak.titel == ONDERHANDELD)
    poh_oud = poh.bedragen[JAAR]
    poh_nieuw = poh_oud + _procent_van(poh_oud, INDEX)
    erbij = poh_nieuw - poh_oud + NIEUW_BEDRAG
    verwacht_totaal = voor.totaal + erbij
    verwacht_jaar = voor.per_jaar[JAAR] + erbij
    verwacht_s3 = voor.per_segment["S3"] + NIEUW_BEDRAG
    verwacht_praktijk = (
        voor.praktijk_totaal
        - verdeel_bedrag(poh_oud, poh.afspraak.aandeel_praktijk)[0]
        + verdeel_bedrag(poh_nieuw, poh.afspraak.aandeel_praktijk)[0]
        + NIEUW_BEDRAG
    )

    # 1. Anna opens the addendum in negotiation from the contract page and adds an S3 line.
    anna = nieuwe_pagina(1366, als=ANNA)
    anna.goto(pad)
    anna.get_by_role("link", name=open_.titel, exact=True).click()
    expect(anna.get_by_role("heading", name=re.compile(re.escape(open_.titel)), level=2)).to_be_visible()
    expect(anna.locator("#redline")).to_contain_text(euro(poh_nieuw))  # the demo's indexation of 2027
    anna.get_by_role("link", name="Nieuwe afspraak toevoegen").click()
    anna.get_by_label("Afspraak", exact=True).fill(NIEUW)
    anna.get_by_label("Activiteit uit het regioplan").select_option(index=1)
    anna.get_by_label("Segment").select_option("S3")
    anna.get_by_label("Aandeel praktijk (%)").fill("100")
    anna.get_by_label("Aandeel regio-organisatie (%)").fill("0")
    anna.get_by_label(f"Bedrag {JAAR} (€)").fill("12.345,67")
    expect(anna.locator("#intrekking-waarschuwing")).to_contain_text(contract.huisartsenorganisatie.naam)
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.get_by_text("Opgeslagen.")).to_be_visible()
    expect(anna.locator("#redline")).to_contain_text(NIEUW)
    expect(anna.locator("#ondertekening")).to_contain_text("ingetrokken")  # Bram signed the version before
    vastleggen(anna, "addendum")
    # The insurer's open proposal in the demo (2,8 % instead of the NZa index) blocks signing: Anna rejects it.
    anna.get_by_label("Waarom afwijzen").fill("Wij houden de NZa-index van 3,1 % aan.")
    anna.get_by_role("button", name=re.compile(r"^Afwijzen")).click()
    expect(anna.get_by_role("button", name=re.compile(r"^Afwijzen"))).to_have_count(0)

    # 2. Bram (zorggroep) and Daan (insurer) sign the new version, each signed in with their authenticator.
    _tekenen(nieuwe_pagina(1366), BRAM, f"{pad}addendum/{open_.pk}/")
    daan = nieuwe_pagina(1366)
    _tekenen(daan, DAAN, f"{pad}addendum/{open_.pk}/")
    expect(daan.get_by_role("heading", name=re.compile("Getekend op"))).to_be_visible()
    assert Addendum.objects.get(pk=open_.pk).status == Addendumstatus.GETEKEND

    # 3. The finance overview counts both signed addenda, to the cent; nothing is in negotiation any more.
    daan.get_by_role("navigation", name="Onderdelen van het contract").get_by_role("link", name="Financiën").click()
    expect(daan.locator("#met-addenda")).to_contain_text(open_.titel)
    expect(daan.locator("#met-addenda").get_by_role("link")).to_have_count(2)  # the demo's signed one, and this
    expect(daan.locator("#addendum-in-onderhandeling")).to_have_count(0)
    segmenten = daan.locator("table", has=daan.get_by_role("columnheader", name="S3", exact=True)).first
    kolommen = segmenten.locator("thead th").all_inner_texts()
    jaarrij = segmenten.get_by_role("row", name=re.compile(rf"^{JAAR}\b"))
    totaalrij = segmenten.locator("tfoot tr")
    expect(jaarrij.locator("td").nth(kolommen.index("Totaal") - 1)).to_have_text(euro(verwacht_jaar))
    expect(totaalrij.locator("td").nth(kolommen.index("Totaal") - 1)).to_have_text(euro(verwacht_totaal))
    expect(totaalrij.locator("td").nth(kolommen.index("S3") - 1)).to_have_text(euro(verwacht_s3))
    expect(totaalrij.locator("td").nth(kolommen.index("Praktijken") - 1)).to_have_text(euro(verwacht_praktijk))
    # Every year the overview links to has a page (2027 is a year of the signed addendum, not of the contract's own
    # term, whose years the yearly cycle covers).
    for jaarpagina in daan.locator("#indexatie a").evaluate_all("links => links.map(a => a.href)"):
        assert daan.request.get(jaarpagina).ok, jaarpagina
    vastleggen(daan, "financien")

    # The PDF prints the contract as amended: the same totals, the new line, an annex per addendum.
    daan.get_by_role("navigation", name="Onderdelen van het contract").get_by_role("link", name="Afspraken").click()
    daan.locator("#pdf").get_by_role("button").click()
    downloaden = daan.get_by_role("link", name=re.compile(r"^Pdf downloaden"))
    downloaden.wait_for(timeout=60_000)
    with daan.expect_download() as download:
        downloaden.click()
    download.value.save_as(tmp_path / "contract.pdf")
    tekst = re.sub(r"\s+", " ", pdf_tekst(tmp_path / "contract.pdf"))
    for verwacht in (euro(verwacht_totaal), euro(verwacht_jaar), euro(verwacht_s3), NIEUW, open_.titel):
        assert verwacht in tekst, verwacht

    # 4. The yearly cycle of the multi-year contract: Anna proposes the index of 2027, Daan confirms it.
    regels = selectors.afspraken(meerjarig)
    index_per_regel = {
        r.afspraak.titel: _procent_van(r.bedragen[JAAR], INDEX) if r.afspraak.geindexeerd else Decimal(0)
        for r in regels
    }
    geindexeerd = next(r for r in regels if r.afspraak.geindexeerd)
    basis_jaar = sum((r.bedragen[JAAR] for r in regels), Decimal(0))
    index_jaar = sum(index_per_regel.values(), Decimal(0))
    assert index_jaar > 0  # the demo marks at least one line indexed

    anna.goto(meerjarig_pad)
    anna.get_by_role("navigation", name="Onderdelen van het contract").get_by_role("link", name="Jaren").click()
    anna.get_by_role("link", name=str(JAAR), exact=True).click()
    anna.get_by_role("link", name="Cijfers voorstellen").click()
    axe["jaar-voorstellen"] = toegankelijkheid(anna)
    anna.get_by_label("Indexatie (%)").fill("3,1")
    anna.get_by_label("Toelichting").fill("De NZa-index voor 2027.")
    anna.get_by_role("button", name="Opslaan").click()
    expect(anna.locator("#jaarafspraak")).to_contain_text("wacht op bevestiging van de andere partij")
    expect(anna.locator("#bedragen").get_by_role("note")).to_contain_text(euro(index_jaar))
    expect(anna.locator("#bedragen").get_by_role("note")).to_contain_text(euro(basis_jaar + index_jaar))

    daan.goto(f"{meerjarig_pad}jaren/{JAAR}/")
    daan.get_by_role("button", name=f"Bevestigen namens {VERZEKERAAR}").click()
    expect(daan.locator("#jaarafspraak")).to_contain_text("bevestigd door beide partijen")
    rij = daan.locator("#bedragen").get_by_role("row", name=re.compile(re.escape(geindexeerd.afspraak.titel)))
    expect(rij).to_contain_text(euro(index_per_regel[geindexeerd.afspraak.titel]))
    expect(rij).to_contain_text(euro(geindexeerd.bedragen[JAAR] + index_per_regel[geindexeerd.afspraak.titel]))
    vastleggen(daan, "jaar")
    daan.goto(meerjarig_pad + "financien/")  # the page's axe and widths were checked on the other contract
    indexrij = daan.locator("#indexatie").get_by_role("row", name=re.compile(rf"^{JAAR}\b"))
    expect(indexrij).to_contain_text(euro(index_jaar))
    expect(indexrij).to_contain_text(euro(basis_jaar + index_jaar))
    daan.goto(meerjarig_pad + "jaren/")
    # Nine columns, which fit a laptop's width without scrolling in their own region.
    assert daan.locator(".tabel-scroll").evaluate("e => e.scrollWidth <= e.clientWidth")
    axe["jaren"] = toegankelijkheid(daan)
    daan.goto(meerjarig_pad + "beeindigen/")
    axe["beeindigen"] = toegankelijkheid(daan)

    # 5. Anna imports a result from a file; one row lies outside the contract's term and is refused with a reason.
    meetpunt = contract.afspraken.get(activiteit__titel=OUDERENZORG.titel).meetpunten.get()
    bestand = tmp_path / "ouderenzorg-november.csv"
    bestand.write_text(
        "meetpunt;periode;waarde;toelichting\n"
        f"{meetpunt.omschrijving};2026-11;91;Telling van de zorggroep\n"
        f"{meetpunt.omschrijving};2025-Q4;50;Van voor het contract\n",
        encoding="utf-8",
    )
    anna.goto(pad)
    anna.get_by_role("navigation", name="Onderdelen van het contract").get_by_role("link", name="Monitoring").click()
    anna.get_by_role("link", name="Resultaten importeren").click()
    anna.get_by_label("Bestand (CSV of Excel)").set_input_files(bestand)
    anna.get_by_role("button", name="Bestand controleren").click()
    expect(anna.get_by_role("heading", name=re.compile(bestand.name))).to_be_visible()
    expect(anna.get_by_role("row", name=re.compile(r"^3\b"))).to_contain_text("looptijd")  # line 3 of the file
    expect(anna.get_by_role("row", name=re.compile(re.escape(meetpunt.omschrijving)))).to_contain_text(PEILDATUM_TEKST)
    assert not Meetresultaat.objects.filter(contract=contract, meetpunt=meetpunt, waarde=91).exists()
    vastleggen(anna, "import")
    anna.get_by_role("checkbox").check()
    anna.get_by_role("button", name=re.compile(r"opslaan$")).click()
    expect(anna.get_by_text("1 resultaat opgeslagen.")).to_be_visible()
    resultaat = Meetresultaat.objects.get(contract=contract, meetpunt=meetpunt, waarde=91)
    assert resultaat.bevestiging != "bevestigd"

    daan.goto(reverse("contracten:meetpunt", args=[slug, contract.pk, meetpunt.pk]))
    daan.get_by_role("button", name=re.compile(rf"^Bevestigen\W+{PEILDATUM_TEKST}$")).click()
    expect(daan.get_by_text("Het resultaat is bevestigd.")).to_be_visible()
    # Confirmed: what is left to do is dispute it, not confirm it again.
    expect(daan.get_by_role("button", name=re.compile(rf"^Bevestigen\W+{PEILDATUM_TEKST}$"))).to_have_count(0)
    resultaat.refresh_from_db()
    assert resultaat.bevestiging == "bevestigd"
    assert resultaat.beoordeeld_door.email == DAAN  # type: ignore[union-attr]
    vastleggen(daan, "meetpunt")

    assert {pagina: fouten for pagina, fouten in axe.items() if fouten} == {}
    # Nothing scrolls sideways, not even at 390 px.
    assert {pagina: breed for pagina, breed in te_breed.items() if breed} == {}
