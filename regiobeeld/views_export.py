"""The regiobeeld's figures as a CSV file for Excel; access as for the regiobeeld page (`regiobeeld_vereist`)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from regio import csvexport
from regio.access import RegioActie, partijen_van
from regio.verzoek import IngelogdVerzoek
from regiobeeld import selectors
from regiobeeld.access import regiobeeld_vereist
from regiobeeld.models import Regiobeeld


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def cijfers_csv(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    """Every figure of the region (all indicators and years the charts draw on), one row per gemeente and year."""
    regio = regiobeeld.regio
    rijen = selectors.cijfers_voor_export(regio)
    koppen = [
        _("Indicator"),
        _("Code"),
        _("Eenheid"),
        _("CBS-code gemeente"),
        _("Gemeente"),
        _("Jaar"),
        _("Waarde"),
        _("Bron"),
        _("Illustratief (verzonnen)"),
    ]
    partijen = partijen_van(request.user, regio)
    csvexport.export_vastleggen(
        request,
        wat=f"cijfers van regiobeeld {regiobeeld.jaar} van regio '{regio.naam}'",
        regio=regio,
        organisatie=partijen[0] if partijen else None,
        aantal_rijen=len(rijen),
    )
    return csvexport.csv_antwoord(["regiobeeld", regio.slug, regiobeeld.jaar, "cijfers"], koppen, rijen)
