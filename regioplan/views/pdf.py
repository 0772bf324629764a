"""The plan's PDF: make it (in the worker), follow it, download it; access as for the plan page."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from regio import pdf_views
from regio.verzoek import IngelogdVerzoek
from regioplan.access import PlanActie, regioplan_vereist
from regioplan.models import Regioplan
from regioplan.pdf import RegioplanPdf


def pdf_urls(plan: Regioplan) -> pdf_views.PdfUrls:
    args = [plan.regio.slug, plan.pk]
    return pdf_views.PdfUrls(
        maken=reverse("regioplan:pdf_maken", args=args),
        status=reverse("regioplan:pdf_status", args=args),
        downloaden=reverse("regioplan:pdf_downloaden", args=args),
        terug=reverse("regioplan:detail", args=args),
    )


@require_POST
@regioplan_vereist(PlanActie.BEKIJKEN)
def pdf_maken(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    return pdf_views.pdf_aanvragen(request, RegioplanPdf(plan), pdf_urls(plan))


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def pdf_status(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    return pdf_views.pdf_status(request, RegioplanPdf(plan), pdf_urls(plan))


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def pdf_downloaden(request: IngelogdVerzoek, plan: Regioplan) -> FileResponse:
    return pdf_views.pdf_downloaden(request, RegioplanPdf(plan))
