"""The contracts' monitoring part of the dashboard ("Mijn regio's"): reports that are late or due soon.

regio cannot import contracten (data flows one way), so the dashboard asks the apps listed in
settings.REGIO_DASHBOARD for their part (see regioplan/dashboard.py); this is the part for reporting dates.
Both parties of a signed contract see its late reports; nothing is shown when nothing waits.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from contracten import access
from contracten.models import Contract, Contractstatus, Ondertekening
from contracten.monitoring import open_momenten
from regio.models import Gebruiker, Mandaat, Onderwerp, Organisatie, Regio

BINNENKORT_DAGEN = 14


def te_tekenen(gebruiker: Gebruiker, regios: list[Regio], vandaag: dt.date) -> list[tuple[Contract, Organisatie]]:
    """Contracts in negotiation that wait for the person's signature: they hold a valid "contract" mandate for a
    party of the contract that has not signed its current version. Three queries, whatever the numbers."""
    mandaten = {
        (m.regio_id, m.organisatie_id)
        for m in Mandaat.objects.geldig_op(vandaag).filter(
            gebruiker=gebruiker, onderwerp=Onderwerp.CONTRACT, regio__in=regios
        )
    }
    if not mandaten:
        return []
    contracten = (
        access.contracten_for_user(gebruiker)
        .filter(regio__in=regios, status=Contractstatus.ONDERHANDELING)
        .select_related("regio", "zorgverzekeraar", "huisartsenorganisatie")
        .prefetch_related(
            Prefetch("ondertekeningen", queryset=Ondertekening.objects.filter(ingetrokken_op__isnull=True))
        )
    )
    wacht = []
    for c in contracten:
        getekend = {o.organisatie_id for o in c.ondertekeningen.all() if o.versie == c.versie}
        wacht += [(c, p) for p in c.partijen if (c.regio_id, p.pk) in mandaten and p.pk not in getekend]
    return wacht


def onderdeel(request: HttpRequest, regios: list[Regio]) -> SafeString:
    if not request.user.is_authenticated or not regios:
        return mark_safe("")
    vandaag = timezone.localdate()
    contracten = access.contracten_for_user(request.user).filter(
        regio__in=[r.pk for r in regios], status=Contractstatus.GETEKEND
    )
    momenten = list(
        open_momenten()
        .filter(contract__in=contracten, uiterlijk__lte=vandaag + dt.timedelta(days=BINNENKORT_DAGEN))
        .select_related("contract__regio", "meetpunt", "eigenaar")
        .order_by("uiterlijk", "pk")
    )
    tekenen = te_tekenen(request.user, regios, vandaag)
    if not momenten and not tekenen:
        return mark_safe("")
    html = render_to_string(
        "contracten/_dashboard.html",
        {
            "te_laat": [m for m in momenten if m.uiterlijk < vandaag],
            "binnenkort": [m for m in momenten if m.uiterlijk >= vandaag],
            "dagen": BINNENKORT_DAGEN,
            "te_tekenen": tekenen,
        },
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by our own template with autoescaping
