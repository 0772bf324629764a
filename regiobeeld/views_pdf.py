"""The regiobeeld's PDF: make it (in the worker), follow it, download it; access as for the regiobeeld page."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from regio import pdf_views
from regio.access import RegioActie
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


@require_POST
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def pdf_maken(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    return pdf_views.pdf_aanvragen(request, RegiobeeldPdf(regiobeeld), pdf_urls(regiobeeld))


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def pdf_status(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    return pdf_views.pdf_status(request, RegiobeeldPdf(regiobeeld), pdf_urls(regiobeeld))


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def pdf_downloaden(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> FileResponse:
    return pdf_views.pdf_downloaden(request, RegiobeeldPdf(regiobeeld))
