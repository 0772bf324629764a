"""The regiobeeld's PDF: make it (in the worker), follow it, download it. Whoever sees the regiobeeld downloads its
PDF; asking for a new one (which replaces the file everyone downloads) is for the contracting parties' editors."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from regio import pdf_views
from regio.access import RegioActie, mag_regio
from regio.verzoek import IngelogdVerzoek
from regiobeeld.access import regiobeeld_vereist
from regiobeeld.models import Regiobeeld
from regiobeeld.pdf import RegiobeeldPdf


def pdf_urls(regiobeeld: Regiobeeld) -> pdf_views.PdfUrls:
    args = [regiobeeld.regio.slug, regiobeeld.jaar]
    return pdf_views.PdfUrls(
        maken=reverse("regiobeeld:pdf_maken", args=args),
        status=reverse("regiobeeld:pdf_status", args=args),
        downloaden=reverse("regiobeeld:pdf_downloaden", args=args),
        terug=reverse("regiobeeld:detail", args=args),
    )


PDF_MAKEN = RegioActie.BEWERKEN


def mag_pdf_maken(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> bool:
    return mag_regio(request.user, regiobeeld.regio, PDF_MAKEN)


@require_POST
@regiobeeld_vereist(PDF_MAKEN)
def pdf_maken(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    return pdf_views.pdf_aanvragen(request, RegiobeeldPdf(regiobeeld), pdf_urls(regiobeeld))


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def pdf_status(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    return pdf_views.pdf_status(
        request, RegiobeeldPdf(regiobeeld), pdf_urls(regiobeeld), mag_maken=mag_pdf_maken(request, regiobeeld)
    )


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def pdf_downloaden(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> FileResponse:
    return pdf_views.pdf_downloaden(request, RegiobeeldPdf(regiobeeld))
