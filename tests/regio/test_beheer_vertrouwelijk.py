"""Contracts are confidential to their two parties (ACM): koepel staff, who get 404 on every contract, read no
contract title, version or error text in the admin either (PDF jobs, the log), and cannot find them by searching."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from contracten.models import Contract
from contracten.pdf import ContractPdf
from regio import pdfwerk
from regio.koepelgroep import koepelgroep_verzekeren
from regio.models import Auditregel, Pdfopdracht
from regioplan.pdf import RegioplanPdf
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

TITEL = "Meerjarencontract Eigen regio 2026-2029"


@pytest.fixture
def contract(contractwereld: Wereld) -> Contract:
    """The contract of the contract world, with a PDF asked for (and failed, naming it) and CSV-like log lines."""
    w = contractwereld
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    pdfwerk.pdf_aanvragen(document=ContractPdf(contract), acting_user=w.bewerker)
    Pdfopdracht.objects.filter(soort="contract").update(
        status=Pdfopdracht.Status.MISLUKT, fout=f"De pdf van '{TITEL}' kon niet worden gemaakt.", document_versie=7
    )
    pdfwerk.pdf_aanvragen(document=RegioplanPdf(w.vastgesteld_plan), acting_user=w.bewerker)  # type: ignore[attr-defined]
    return contract


def _koepel(wereld: Wereld) -> Client:
    wereld.koepel.groups.add(koepelgroep_verzekeren())
    client = Client()
    client.force_login(wereld.koepel)
    return client


def test_the_koepel_reads_no_contract_title_in_the_pdf_jobs(contractwereld: Wereld, contract: Contract) -> None:
    wereld = contractwereld
    koepel = _koepel(wereld)
    lijst = koepel.get(reverse("admin:regio_pdfopdracht_changelist"))
    assert lijst.status_code == 200
    html = lijst.content.decode()
    assert "vertrouwelijk (contract)" in html
    assert TITEL not in html
    opdracht = Pdfopdracht.objects.get(soort="contract")
    detail = koepel.get(reverse("admin:regio_pdfopdracht_change", args=[opdracht.pk])).content.decode()
    assert TITEL not in detail and "kon niet worden gemaakt" not in detail
    assert '<div class="readonly">7</div>' not in detail  # the contract's version
    # The plan's job still says which plan it is: plans are shared with the whole region and the koepel.
    plan = Pdfopdracht.objects.get(soort="regioplan")
    assert f'<td class="field-document">{plan.object_id}</td>' in html
    # Searching for words of the error does not find the contract's job.
    zoeken = koepel.get(reverse("admin:regio_pdfopdracht_changelist"), {"q": "kon niet worden gemaakt"})
    assert zoeken.context["cl"].result_count == 0


def test_the_koepel_reads_no_contract_title_in_the_log(contractwereld: Wereld, contract: Contract) -> None:
    wereld = contractwereld
    regels = Auditregel.objects.filter(wat__contains=TITEL)
    assert regels.count() >= 3  # rights for both parties' groups, the PDF asked for
    assert all(regel.vertrouwelijk for regel in regels)
    koepel = _koepel(wereld)
    lijst = koepel.get(reverse("admin:regio_auditregel_changelist"), {"all": ""})
    html = lijst.content.decode()
    assert lijst.status_code == 200
    assert TITEL not in html and "Meerjarencontract" not in html
    assert "vertrouwelijk (contract)" in html
    assert "recht view_regio" in html  # lines about the region keep their text
    regel = regels.first()
    assert regel is not None
    detail = koepel.get(reverse("admin:regio_auditregel_change", args=[regel.pk])).content.decode()
    assert "Meerjarencontract" not in detail
    zoeken = koepel.get(reverse("admin:regio_auditregel_changelist"), {"q": "Meerjarencontract"})
    assert zoeken.context["cl"].result_count == 0
    # Searching by party still finds the contract's lines, without their text.
    op_partij = koepel.get(reverse("admin:regio_auditregel_changelist"), {"q": "Zorggroep Eigen"})
    assert op_partij.context["cl"].result_count >= regels.filter(organisatie=wereld.zorggroep).count() > 0
    assert "Meerjarencontract" not in op_partij.content.decode()


def test_the_parties_still_read_their_contract_lines_in_their_own_log(
    contractwereld: Wereld, contract: Contract
) -> None:
    wereld = contractwereld
    beheerder = Client()
    beheerder.force_login(wereld.beheerder)
    html = beheerder.get(reverse("regio:logboek", args=[wereld.zorggroep.pk])).content.decode()
    assert TITEL in html
