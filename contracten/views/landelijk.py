"""The koepel's national overview (contracten/landelijk.py): a map of the country and a table of every region by
stage, with filters and a CSV file. Koepel staff only (`koepel_vereist`): everyone else gets 404."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from contracten import landelijk
from regio import csvexport
from regio.access import koepel_vereist
from regio.verzoek import IngelogdVerzoek


def _filter(request: IngelogdVerzoek) -> landelijk.Filter:
    fase = request.GET.get("fase", "")
    return landelijk.Filter(
        fase=fase if fase in landelijk.FASECODES else "",
        provincie=request.GET.get("provincie", "")[:50],
        zoek=request.GET.get("zoek", "").strip()[:100],
    )


@require_GET
@koepel_vereist
def overzicht(request: IngelogdVerzoek) -> HttpResponse:
    alle = landelijk.landelijk_overzicht()
    filter_ = _filter(request)
    rijen = [r for r in alle if filter_.past(r)]
    perioden = landelijk.trend(rijen)
    return render(
        request,
        "contracten/landelijk.html",
        {
            "rijen": rijen,
            "aantal_alle": len(alle),
            "filter": filter_,
            "fasen": landelijk.FASEN,
            "tellingen": landelijk.tellingen(rijen),
            "provincies": landelijk.provincies(alle),
            "kaart": landelijk.kaart(rijen),
            "trend": perioden,
            "trendgrafiek": landelijk.trendgrafiek(perioden) if perioden else "",
            "querystring": request.GET.urlencode(),
        },
    )


@require_GET
@koepel_vereist
def overzicht_csv(request: IngelogdVerzoek) -> HttpResponse:
    filter_ = _filter(request)
    rijen = [r for r in landelijk.landelijk_overzicht() if filter_.past(r)]
    csvexport.export_vastleggen(
        request, wat="landelijk overzicht", regio=None, organisatie=None, aantal_rijen=len(rijen)
    )
    return csvexport.csv_antwoord(
        ["landelijk-overzicht"], landelijk.csv_koppen(), [landelijk.csv_rij(r) for r in rijen]
    )


urlpatterns = [
    path("koepel/overzicht/", overzicht, name="landelijk"),
    path("koepel/overzicht/csv/", overzicht_csv, name="landelijk_csv"),
]
