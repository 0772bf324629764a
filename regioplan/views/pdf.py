"""The plan's PDF: make it (in the worker), follow it, download it. Whoever sees the plan downloads its PDF; asking
for a new one (which replaces the file everyone downloads) is for the contracting parties' editors."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from regio import pdf_views
from regio.verzoek import IngelogdVerzoek
from regioplan.access import PlanActie, mag_plan, regioplan_vereist
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


PDF_MAKEN = PlanActie.BEWERKEN


def mag_pdf_maken(request: IngelogdVerzoek, plan: Regioplan) -> bool:
    return mag_plan(request.user, plan.regio, PDF_MAKEN)


@require_POST
@regioplan_vereist(PDF_MAKEN)
def pdf_maken(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    return pdf_views.pdf_aanvragen(request, RegioplanPdf(plan), pdf_urls(plan))


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def pdf_status(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    return pdf_views.pdf_status(request, RegioplanPdf(plan), pdf_urls(plan), mag_maken=mag_pdf_maken(request, plan))


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def pdf_downloaden(request: IngelogdVerzoek, plan: Regioplan) -> FileResponse:
    return pdf_views.pdf_downloaden(request, RegioplanPdf(plan))
