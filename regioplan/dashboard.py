"""The regioplan's part of the dashboard ("Mijn regio's"): what waits for the person, and each plan's status.

regio cannot import regioplan (data flows one way), so the dashboard asks the apps listed in
settings.REGIO_DASHBOARD for their part; this is that part for the regioplan.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from regio.dashboard import Dashboard
from regio.models import Onderwerp, Rol
from regioplan import selectors


def onderdeel(dashboard: Dashboard) -> SafeString:
    if not dashboard.regios:
        return mark_safe("")
    bewerkend = [lid.organisatie_id for lid in dashboard.lidmaatschappen if lid.rol in (Rol.BEWERKER, Rol.BEHEERDER)]
    alle = selectors.dashboardplannen(dashboard.gebruiker, dashboard.regio_ids, bewerkend)
    wachtend = selectors.wacht_op(alle, dashboard.mandaten_voor(Onderwerp.REGIOPLAN))
    per_regio = selectors.plannen_per_status(alle)
    plannen = [(r, p) for r in dashboard.regios for p in per_regio.get(r.pk, [])]
    html = render_to_string(
        "regioplan/_dashboard.html", {"wachtend": wachtend, "plannen": plannen}, request=dashboard.request
    )
    return mark_safe(html)  # noqa: S308 - rendered by our own template with autoescaping
