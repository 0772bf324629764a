"""The dashboard's part for disputed results: both parties of a contract see the results one of them disputed,
until the value is corrected (which makes it open again) or confirmed. Listed in settings.REGIO_DASHBOARD."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from contracten import access
from contracten.bevestiging import betwiste_resultaten
from regio.dashboard import Dashboard

MAX_GETOOND = 20


def onderdeel(dashboard: Dashboard) -> SafeString:
    if not dashboard.regios:
        return mark_safe("")
    contracten = access.contracten_for_user(dashboard.gebruiker).filter(regio_id__in=dashboard.regio_ids)
    betwist = list(betwiste_resultaten(contracten)[: MAX_GETOOND + 1])
    if not betwist:
        return mark_safe("")
    html = render_to_string(
        "contracten/_dashboard_betwist.html",
        {"betwist": betwist[:MAX_GETOOND], "meer": len(betwist) > MAX_GETOOND},
        request=dashboard.request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by our own template with autoescaping
