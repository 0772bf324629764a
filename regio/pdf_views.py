"""The three PDF actions every document page offers: make it, see how it is going, download it.

The app's view checks access to the document first (its own decorator); these functions do the rest the same
way for every kind of document. Asking for a (new) PDF replaces the file everyone downloads: each app declares who
may (its pdf_maken view's decorator) and tells the block here (`mag_maken`), so nobody else is offered the button.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from regio import audit, pdfwerk, snelheid
from regio.access import partijen_van
from regio.models import Auditregel, Pdfopdracht
from regio.pdf import Pdfdocument
from regio.verzoek import IngelogdVerzoek


@dataclass(frozen=True)
class PdfUrls:
    maken: str
    status: str
    downloaden: str
    terug: str


def pdf_context(document: Pdfdocument, urls: PdfUrls, *, mag_maken: bool) -> dict[str, object]:
    """What templates/regio/_pdf.html needs (one query); `mag_maken`: whether the person may ask for a (new) PDF."""
    opdracht = pdfwerk.opdracht_van(document.soort, document.obj.pk)
    return {
        "pdf": opdracht,
        "pdf_urls": urls,
        "pdf_mag_maken": mag_maken,
        # Queued long ago without a worker taking it, or its worker stopped beating: the person may ask again.
        "pdf_vastgelopen": bool(opdracht and opdracht.bezig and not pdfwerk.loopt(opdracht)),
        "pdf_verouderd": bool(
            opdracht and opdracht.status == Pdfopdracht.Status.KLAAR and opdracht.document_versie != document.versie()
        ),
    }


def pdf_aanvragen(request: IngelogdVerzoek, document: Pdfdocument, urls: PdfUrls) -> HttpResponse:
    """Ask for a (new) PDF; the app's view has checked that the person may."""
    if snelheid.te_snel(request, "pdf"):
        if request.htmx:
            # htmx swaps no 429 into the page: the pdf block itself says why nothing happened.
            context = {**pdf_context(document, urls, mag_maken=True), "pdf_melding": snelheid.melding("pdf")}
            return render(request, "regio/_pdf.html", context)
        return snelheid.te_snel_pagina(request, "pdf")
    pdfwerk.pdf_aanvragen(document=document, acting_user=request.user)
    if request.htmx:
        return pdf_status(request, document, urls, mag_maken=True)
    messages.info(request, _("De pdf wordt gemaakt. Deze pagina laat zien wanneer hij klaar is."))
    return redirect(f"{urls.terug}#pdf")


def pdf_status(request: IngelogdVerzoek, document: Pdfdocument, urls: PdfUrls, *, mag_maken: bool) -> HttpResponse:
    return render(request, "regio/_pdf.html", pdf_context(document, urls, mag_maken=mag_maken))


def pdf_downloaden(request: IngelogdVerzoek, document: Pdfdocument) -> FileResponse:
    opdracht = pdfwerk.opdracht_van(document.soort, document.obj.pk)
    pad = pdfwerk.pdf_bestand(opdracht) if opdracht else None
    if opdracht is None or pad is None:
        raise Http404
    partijen = partijen_van(request.user, opdracht.regio)
    audit.vastleggen(
        soort=Auditregel.Soort.DOWNLOAD,
        wat=f"pdf gedownload van {document.soort} '{document.titel()}' (versie {opdracht.document_versie})",
        gebruiker=request.user,
        organisatie=partijen[0] if partijen else None,
        regio=document.regio(),
        request=request,
        vertrouwelijk=document.vertrouwelijk,
    )
    antwoord = FileResponse(pad.open("rb"), as_attachment=True, filename=document.bestandsnaam())
    antwoord["Content-Type"] = "application/pdf"
    antwoord["Cache-Control"] = "private, no-store"
    return antwoord
