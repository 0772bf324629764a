"""The contract's PDF: make it (in the worker), follow it, download it. Only the two parties' members, as for
the contract itself (`contract_vereist`); the worker checks again (`ContractPdf.mag_lezen`). Asking for a new PDF
(which replaces the file both parties download) is for the parties' editors."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from contracten.access import ContractActie, contract_vereist, mag_contract
from contracten.models import Contract
from contracten.pdf import ContractPdf
from contracten.views.paden import C
from regio import pdf_views
from regio.verzoek import IngelogdVerzoek


def pdf_urls(contract: Contract) -> pdf_views.PdfUrls:
    args = [contract.regio.slug, contract.pk]
    return pdf_views.PdfUrls(
        maken=reverse("contracten:pdf_maken", args=args),
        status=reverse("contracten:pdf_status", args=args),
        downloaden=reverse("contracten:pdf_downloaden", args=args),
        terug=reverse("contracten:detail", args=args),
    )


PDF_MAKEN = ContractActie.BEWERKEN


def mag_pdf_maken(request: IngelogdVerzoek, contract: Contract) -> bool:
    return mag_contract(request.user, contract, PDF_MAKEN)


def pdf_knop_context(contract: Contract, *, mag_maken: bool) -> dict[str, Any]:
    """What templates/contracten/_pdf_knop.html needs (one query): pdf, pdf_urls, pdf_verouderd, pdf_mag_maken."""
    return pdf_views.pdf_context(ContractPdf(contract), pdf_urls(contract), mag_maken=mag_maken)


@require_POST
@contract_vereist(PDF_MAKEN)
def pdf_maken(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    return pdf_views.pdf_aanvragen(request, ContractPdf(contract), pdf_urls(contract))


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def pdf_status(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    return pdf_views.pdf_status(
        request, ContractPdf(contract), pdf_urls(contract), mag_maken=mag_pdf_maken(request, contract)
    )


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def pdf_downloaden(request: IngelogdVerzoek, contract: Contract) -> FileResponse:
    return pdf_views.pdf_downloaden(request, ContractPdf(contract))


urlpatterns = [
    path(C + "pdf/", pdf_maken, name="pdf_maken"),
    path(C + "pdf/status/", pdf_status, name="pdf_status"),
    path(C + "pdf/downloaden/", pdf_downloaden, name="pdf_downloaden"),
]
