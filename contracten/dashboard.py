"""The contracts' monitoring part of the dashboard ("Mijn regio's"): reports that are late or due soon.

regio cannot import contracten (data flows one way), so the dashboard asks the apps listed in
settings.REGIO_DASHBOARD for their part (see regioplan/dashboard.py); this is the part for reporting dates.
Both parties of a signed contract see its late reports; nothing is shown when nothing waits.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from contracten import access
from contracten.models import Contract, Contractstatus, Ondertekening
from contracten.monitoring import open_momenten
from regio import goedkeuring
from regio.dashboard import Dashboard
from regio.models import Onderwerp, Organisatie

BINNENKORT_DAGEN = 14


def te_tekenen(contracten: list[Contract], mandaten: set[tuple[int, int]]) -> list[tuple[Contract, Organisatie]]:
    """Of `contracten` (the person may see them), those in negotiation that wait for the person's signature: they
    hold a valid "contract" mandate (`mandaten`: region, organisation) for a party of the contract that has not
    signed its current version. One query, whatever the numbers; none without such a mandate."""
    onderhandeling = [
        c
        for c in contracten
        if c.status == Contractstatus.ONDERHANDELING
        and ({(c.regio_id, c.huisartsenorganisatie_id), (c.regio_id, c.zorgverzekeraar_id)} & mandaten)
    ]
    if not onderhandeling:
        return []
    getekend = goedkeuring.akkoord_per_document(
        Ondertekening.objects.all(), "contract_id", {c.pk: c.versie for c in onderhandeling}
    )
    return [
        (c, p)
        for c in onderhandeling
        for p in c.partijen
        if (c.regio_id, p.pk) in mandaten and p.pk not in getekend[c.pk]
    ]


def onderdeel(dashboard: Dashboard) -> SafeString:
    if not dashboard.regios:
        return mark_safe("")
    vandaag = dashboard.vandaag
    mandaten = dashboard.mandaten_voor(Onderwerp.CONTRACT)
    # The person's contracts in their regions that can wait for something: one access query for both lists. The
    # parties are only read to sign for them, so only joined for someone with a contract mandate.
    gezien = (
        access.contracten_for_user(dashboard.gebruiker)
        .filter(
            regio_id__in=dashboard.regio_ids,
            status__in=[Contractstatus.GETEKEND, Contractstatus.ONDERHANDELING],
        )
        .select_related("regio")
    )
    contracten = list(gezien.select_related("zorgverzekeraar", "huisartsenorganisatie") if mandaten else gezien)
    getekend = {c.pk: c for c in contracten if c.status == Contractstatus.GETEKEND}
    momenten = (
        list(
            open_momenten()
            .filter(contract_id__in=getekend, uiterlijk__lte=vandaag + dt.timedelta(days=BINNENKORT_DAGEN))
            .select_related("meetpunt", "eigenaar")
            .order_by("uiterlijk", "pk")
        )
        if getekend
        else []
    )
    for m in momenten:
        m.contract = getekend[m.contract_id]
    tekenen = te_tekenen(contracten, mandaten)
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
        request=dashboard.request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by our own template with autoescaping
