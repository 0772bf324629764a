"""The regiobeeld's figures as a CSV file for Excel; access as for the regiobeeld page (`regiobeeld_vereist`)."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from regio import csvexport
from regio.access import RegioActie, partijen_van
from regio.verzoek import IngelogdVerzoek
from regiobeeld import cijferexport
from regiobeeld.access import regiobeeld_vereist
from regiobeeld.models import Regiobeeld


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def cijfers_csv(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    """The region's figures, one row per gemeente of the region and year, then the region, its province and the
    Netherlands as areas to compare with (regiobeeld.cijferexport)."""
    regio = regiobeeld.regio
    rijen = cijferexport.rijen(regio)
    koppen = cijferexport.koppen()
    partijen = partijen_van(request.user, regio)
    csvexport.export_vastleggen(
        request,
        wat=f"cijfers van regiobeeld {regiobeeld.jaar} van regio '{regio.naam}'",
        regio=regio,
        organisatie=partijen[0] if partijen else None,
        aantal_rijen=len(rijen),
    )
    return csvexport.csv_antwoord(["regiobeeld", regio.slug, regiobeeld.jaar, "cijfers"], koppen, rijen)
