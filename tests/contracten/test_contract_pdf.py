"""The contract's PDF: what both parties sign and keep, read back as a person reads it.

Most tests draw the charts with a recorder; one lets the worker draw them for real (in Python: no browser is
needed, none is started). Only the contract's two parties get its PDF.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracten import services
from contracten.models import Contract, Meetresultaat, Praktijkdeelname, Verdeelmodel
from contracten.pdf import ContractPdf, deelnamestanden, markering_van
from contracten.verdeelmodel import Aanbiederinvoer, verdeelmodel_opslaan
from regio import pdfwerk
from regio.models import Pdfopdracht
from tests.contracten.werelden import afspraak_maken
from tests.personas import Wereld
from tests.regio.pdf_proef import in_het_meegeleverde_lettertype, pdf_lezen, pdf_tekst, zonder_browser
from tests.regioplan.test_pdf_document import Tekenaar

pytestmark = pytest.mark.django_db

D = Decimal
DOCUMENTEN = {
    "regioplan": "regioplan.pdf.RegioplanPdf",
    "regiobeeld": "regiobeeld.pdf.RegiobeeldPdf",
    "contract": "contracten.pdf.ContractPdf",
}


@pytest.fixture
def w(contractwereld: Wereld, settings: Any) -> Wereld:
    # The kind "contract" in settings.REGIO_PDF_DOCUMENTEN, as config/settings.py must list it.
    settings.REGIO_PDF_DOCUMENTEN = {**settings.REGIO_PDF_DOCUMENTEN, **DOCUMENTEN}
    return contractwereld


def _contract(w: Wereld) -> Contract:
    return ContractPdf.ophalen(w.contract.pk)  # type: ignore[attr-defined]


def _verdeelmodel(w: Wereld) -> None:
    verdeelmodel_opslaan(
        contract=_contract(w),
        gelezen_versie=None,
        velden={"budget": D("1000000"), "grondslag": "uren", "drempel_procent": D("10"), "vangnet_procent": D("10")},
        aanbieders=[
            Aanbiederinvoer("Verloskundigen", D("400000"), D("4200")),
            Aanbiederinvoer("Kraamzorg", D("350000"), D("3000")),
            Aanbiederinvoer("Ziekenhuis", D("250000"), D("2800")),
        ],
        acting_user=w.bewerker,
    )


def _bewaren(pdf: bytes) -> None:
    """CONTRACT_PDF=/tmp/contract.pdf keeps the rendered PDF to look at."""
    pad = os.environ.get("CONTRACT_PDF")
    if pad:
        Path(pad).write_bytes(pdf)


def _tekenen_door_zorggroep(w: Wereld) -> None:
    contract = services.contract_aanbieden(
        contract=_contract(w), gelezen_versie=_contract(w).versie, acting_user=w.bewerker
    )
    services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie, acting_user=w.beheerder)


def test_the_draft_contract_prints_title_parties_dutch_amounts_and_that_it_is_not_signed(
    w: Wereld,
) -> None:
    pdf = ContractPdf(_contract(w), tekenaar=Tekenaar()).render()

    tekst = pdf_tekst(pdf)
    assert "Meerjarencontract Eigen regio 2026-2029" in tekst
    assert "Zorggroep Eigen" in tekst and "Verzekeraar Zuid" in tekst
    assert "Looptijd 2026\u20132029" in tekst
    assert "Nog niet getekend." in tekst
    assert "CONCEPT" in tekst
    assert "Praktijkondersteuner ouderenzorg" in tekst and "Innovatie: digitale triage" in tekst
    # 4 x 100.000 (S2) + 2 x 25.000 (S3) = 450.000; the S2 line split 70/30 per year.
    assert "€ 450.000,00" in tekst
    assert "€ 70.000,00" in tekst and "€ 30.000,00" in tekst
    assert "Regio Eigen regio, planversie" not in tekst  # the plan is named by its own title
    assert "Regioplan Eigen regio" in tekst or w.contract.regioplan.titel in tekst  # type: ignore[attr-defined]
    assert "Regionaal S3-pakket" in tekst  # the package and its invited practice, counted
    assert "pagina 1 van" in tekst
    gelezen = pdf_lezen(pdf)
    assert gelezen.getagd  # tagged for screen readers
    assert gelezen.titel == "Meerjarencontract Eigen regio 2026-2029"


def test_a_signature_is_printed_with_name_party_mandate_and_date(w: Wereld) -> None:
    _tekenen_door_zorggroep(w)

    tekst = pdf_tekst(ContractPdf(_contract(w), tekenaar=Tekenaar()).render())

    vandaag = timezone.localdate()
    assert "Getekend door Bram Beheerder" in tekst
    assert "onder mandaat voor contract (geldig vanaf 1 januari 2025)" in tekst
    assert f"{vandaag.year}" in tekst
    assert "Nog niet getekend." in tekst  # the insurer has not signed yet
    assert "Mag tekenen (geldig mandaat voor contracten): Daan Inkoper." in tekst


def test_the_verdeelmodel_participation_and_monitoring_are_in_the_pdf(w: Wereld) -> None:
    _verdeelmodel(w)
    deelname = w.deelname  # type: ignore[attr-defined]
    Praktijkdeelname.objects.filter(pk=deelname.pk).update(besluit=Praktijkdeelname.Besluit.DOET_MEE)
    Meetresultaat.objects.create(
        contract=_contract(w),
        meetpunt=w.meetpunt,  # type: ignore[attr-defined]
        peildatum=dt.date(2026, 6, 30),
        waarde=D("42.50"),
        vastgelegd_door=w.bewerker,
    )
    tekenaar = Tekenaar()

    tekst = pdf_tekst(ContractPdf(_contract(w), tekenaar=tekenaar).render())

    assert "Verdeelmodel" in tekst
    for bedrag in ("€ 400.000,00", "€ 315.000,00", "€ 285.000,00", "€ 1.000.000,00"):
        assert bedrag in tekst, bedrag
    assert "onder drempel: niet verrekend" in tekst and "vangnet" in tekst
    assert "Stap 4: de balans." in tekst
    assert "42,5" in tekst and "peildatum 30-6-2026" in tekst  # the latest result of the measuring point
    assert len(tekenaar.figuren) == 2  # the finance per year and the verdeelmodel
    assert [s.doet_mee for s in deelnamestanden(_contract(w))] == [1]


def test_the_pdf_costs_the_same_queries_for_one_line_or_many(w: Wereld) -> None:
    _verdeelmodel(w)

    def tellen() -> int:
        with CaptureQueriesContext(connection) as vragen:
            ContractPdf(_contract(w), tekenaar=Tekenaar()).context()
        return len(vragen)

    een = tellen()
    for i in range(3):
        afspraak_maken(w, _contract(w), titel=f"Extra afspraak {i}")

    assert tellen() == een


def test_only_the_two_parties_may_read_the_contracts_pdf(w: Wereld) -> None:
    contract = _contract(w)
    document = ContractPdf(contract)

    for wie in (w.bewerker, w.beheerder, w.zorginkoper):
        assert ContractPdf.mag_lezen(wie, contract)
    buiten: list[Any] = [w.tweede_zorginkoper, w.lezer, w.praktijkhouder, w.koepel, w.buitenstaander, AnonymousUser()]
    for wie in buiten:
        assert not ContractPdf.mag_lezen(wie, contract)
    assert document.soort == "contract"
    assert document.regio() == w.regio
    assert document.versie() == contract.versie
    assert document.bestandsnaam() == "meerjarencontract-eigen-regio-2026-2029.pdf"
    assert markering_van(contract) == "CONCEPT"
    with pytest.raises(Contract.DoesNotExist):
        ContractPdf.ophalen(contract.pk + 1000)


def test_the_second_insurer_cannot_ask_for_the_pdf_of_another_contract(w: Wereld) -> None:
    ander = ContractPdf.ophalen(w.ander_contract.pk)  # type: ignore[attr-defined]
    client = Client()
    client.force_login(w.tweede_zorginkoper)

    for contract in (ander, _contract(w)):
        for naam, methode in (("pdf_maken", client.post), ("pdf_status", client.get), ("pdf_downloaden", client.get)):
            url = reverse(f"contracten:{naam}", args=[w.regio.slug, contract.pk])
            assert methode(url).status_code == 404, (naam, contract)
    with pytest.raises(PermissionDenied), transaction.atomic():
        pdfwerk.pdf_aanvragen(document=ContractPdf(ander), acting_user=w.tweede_zorginkoper)
    assert not Pdfopdracht.objects.filter(soort="contract").exists()


def test_the_worker_refuses_a_requester_who_is_no_party(w: Wereld) -> None:
    contract = _contract(w)
    opdracht = Pdfopdracht.objects.create(
        soort="contract", object_id=contract.pk, regio=contract.regio, aangevraagd_door=w.tweede_zorginkoper
    )

    pdfwerk.pdf_maken(opdracht.pk)

    opdracht.refresh_from_db()
    assert opdracht.status == Pdfopdracht.Status.MISLUKT
    assert "geen toegang" in opdracht.fout


def test_a_party_asks_for_the_pdf_and_the_page_follows_the_job(w: Wereld) -> None:
    client = Client()
    client.force_login(w.zorginkoper)
    contract = _contract(w)

    antwoord = client.post(reverse("contracten:pdf_maken", args=[w.regio.slug, contract.pk]))
    status = client.get(reverse("contracten:pdf_status", args=[w.regio.slug, contract.pk]))

    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("contracten:detail", args=[w.regio.slug, contract.pk]))
    opdracht = Pdfopdracht.objects.get(soort="contract", object_id=contract.pk)
    assert opdracht.aangevraagd_door == w.zorginkoper and opdracht.status == Pdfopdracht.Status.WACHT
    assert status.status_code == 200
    assert reverse("contracten:pdf_maken", args=[w.regio.slug, contract.pk]) in status.content.decode()


def test_without_a_browser_the_worker_makes_the_pdf_with_real_charts(
    w: Wereld, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    zonder_browser(monkeypatch)
    settings.MEDIA_ROOT = tmp_path / "media"
    _verdeelmodel(w)
    _tekenen_door_zorggroep(w)
    contract = _contract(w)
    opdracht = Pdfopdracht.objects.create(
        soort="contract", object_id=contract.pk, regio=contract.regio, aangevraagd_door=w.zorginkoper
    )

    pdfwerk.pdf_maken(opdracht.pk)

    opdracht.refresh_from_db()
    assert opdracht.status == Pdfopdracht.Status.KLAAR, opdracht.fout
    assert opdracht.document_versie == contract.versie
    pad = pdfwerk.pdf_bestand(opdracht)
    assert pad is not None
    pdf = pad.read_bytes()
    _bewaren(pdf)
    tekst = pdf_tekst(pdf)
    assert "Meerjarencontract Eigen regio 2026-2029" in tekst
    assert "Getekend door Bram Beheerder" in tekst and "Nog niet getekend." in tekst
    assert "€ 315.000,00" in tekst
    assert "Financiering per jaar en segment" in tekst
    # The charts, as SVG text (form XObjects): the verdeelmodel's legend and the title of the amounts' axis.
    grafieken = pdf_lezen(pdf).platte_tekst
    assert "Huidig inkomen" in grafieken and "Nieuw bedrag" in grafieken
    assert "Bedrag (€)" in grafieken
    assert in_het_meegeleverde_lettertype(pdf)


def test_a_verdeelmodel_that_cannot_be_calculated_is_named_not_hidden(w: Wereld) -> None:
    Verdeelmodel.objects.create(contract=_contract(w), budget=D("1000"))  # stored without providers

    tekst = pdf_tekst(ContractPdf(_contract(w), tekenaar=Tekenaar()).render())

    assert "Het opgeslagen verdeelmodel kan niet worden doorgerekend" in tekst
