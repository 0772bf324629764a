"""The contracts' part of the dashboard ("Mijn regio's"): contracts that wait for the person's signature (and
those that cannot be signed yet because lines are still open), open line proposals that wait for the person's
party, reports that are late or due soon, and disputed results (until the value is corrected, which makes it open
again, or confirmed).

regio cannot import contracten (data flows one way), so the dashboard asks the apps listed in
settings.REGIO_DASHBOARD for their part (see regioplan/dashboard.py). Both parties of a signed contract see its
late reports and disputed results; nothing is shown when nothing waits. A fixed number of queries, whatever the
numbers: the person's contracts are asked for once (the access query), and every list is read for those.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from contracten import access
from contracten.bevestiging import betwiste_resultaten
from contracten.models import (
    Contract,
    Contractafspraak,
    Contractstatus,
    Ondertekening,
    Rapportagemoment,
    Regelvoorstel,
)
from contracten.monitoring import open_momenten
from regio import goedkeuring
from regio.dashboard import Dashboard
from regio.models import Onderwerp, Organisatie, Rol
from regio.voorstellen import Voorstelstatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

BINNENKORT_DAGEN = 14
MAX_BETWIST = 20  # disputed results shown; the contracts' pages show every one


@dataclass(frozen=True)
class Nogniettekenen:
    """A contract the person would sign for `partij`, but whose lines are not all agreed by both yet."""

    contract: Contract
    partij: Organisatie
    open: int  # lines not agreed by both (or with an open proposal), and open proposals for new lines
    totaal: int  # the lines, and the open proposals for new lines


def _niet_akkoord() -> Any:
    """A line not agreed by both at its current version (contracten.models.Contractafspraak.akkoord_van_beide),
    or one with an open proposal."""
    akkoord = (
        Q(akkoord_versie=F("versie"), akkoord_namens__isnull=False)
        & (Q(opgesteld_namens__isnull=True) | ~Q(akkoord_namens=F("opgesteld_namens")))
        & ~Exists(Regelvoorstel.objects.filter(afspraak=OuterRef("pk"), status=Voorstelstatus.OPEN))
    )
    return ~akkoord


def regels_open(contract_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per contract: (lines still open, all lines), open proposals for new lines counted as open lines too.
    One query for the lines and one for the new-line proposals, whatever the numbers."""
    uit: dict[int, tuple[int, int]] = dict.fromkeys(contract_ids, (0, 0))
    for rij in (
        Contractafspraak.objects.filter(contract_id__in=contract_ids)
        .order_by()
        .values("contract_id")
        .annotate(totaal=Count("pk"), open=Count("pk", filter=_niet_akkoord()))
    ):
        uit[rij["contract_id"]] = (rij["open"], rij["totaal"])
    for rij in (
        Regelvoorstel.objects.open()
        .filter(contract_id__in=contract_ids, afspraak__isnull=True)
        .order_by()
        .values("contract_id")
        .annotate(n=Count("pk"))
    ):
        open_, totaal = uit[rij["contract_id"]]
        uit[rij["contract_id"]] = (open_ + rij["n"], totaal + rij["n"])
    return uit


def te_tekenen(
    contracten: list[Contract], mandaten: set[tuple[int, int]]
) -> tuple[list[tuple[Contract, Organisatie]], list[Nogniettekenen]]:
    """Of `contracten` (the person may see them), those in negotiation that wait for the person's signature: they
    hold a valid "contract" mandate (`mandaten`: region, organisation) for a party of the contract that has not
    signed its current version. Those whose lines are not all agreed by both cannot be signed yet: they come
    second, with how many lines are still open. Three queries, whatever the numbers; none without such a mandate."""
    onderhandeling = [
        c
        for c in contracten
        if c.status == Contractstatus.ONDERHANDELING
        and ({(c.regio_id, c.huisartsenorganisatie_id), (c.regio_id, c.zorgverzekeraar_id)} & mandaten)
    ]
    if not onderhandeling:
        return [], []
    getekend = goedkeuring.akkoord_per_document(
        Ondertekening.objects.all(), "contract_id", {c.pk: c.versie for c in onderhandeling}
    )
    wachtend = [
        (c, p)
        for c in onderhandeling
        for p in c.partijen
        if (c.regio_id, p.pk) in mandaten and p.pk not in getekend[c.pk]
    ]
    open_per_contract = regels_open(sorted({c.pk for c, _p in wachtend})) if wachtend else {}
    klaar = [(c, p) for c, p in wachtend if not open_per_contract[c.pk][0]]
    nog_niet = [Nogniettekenen(c, p, *open_per_contract[c.pk]) for c, p in wachtend if open_per_contract[c.pk][0]]
    return klaar, nog_niet


def met_wachtende_voorstellen(contracten: QuerySet[Contract], bewerkend: list[int]) -> QuerySet[Contract]:
    """`contracten` annotated `voorstellen_wachtend`: the open line proposals that one of `bewerkend` (the
    organisations the person edits for) decides, as the contract's party other than the proposer's. A subquery:
    no extra query."""
    if not bewerkend:
        return contracten.annotate(voorstellen_wachtend=Value(0, output_field=IntegerField()))
    beslist = (Q(contract__zorgverzekeraar_id__in=bewerkend) & ~Q(namens_id=F("contract__zorgverzekeraar_id"))) | (
        Q(contract__huisartsenorganisatie_id__in=bewerkend) & ~Q(namens_id=F("contract__huisartsenorganisatie_id"))
    )
    wachtend = (
        Regelvoorstel.objects.filter(contract=OuterRef("pk"), status=Voorstelstatus.OPEN)
        .filter(beslist)
        .order_by()
        .values("contract")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return contracten.annotate(voorstellen_wachtend=Coalesce(Subquery(wachtend), 0))


def onderdeel(dashboard: Dashboard) -> SafeString:
    if not dashboard.regios:
        return mark_safe("")
    vandaag = dashboard.vandaag
    mandaten = dashboard.mandaten_voor(Onderwerp.CONTRACT)
    bewerkend = [lid.organisatie_id for lid in dashboard.lidmaatschappen if lid.rol in (Rol.BEWERKER, Rol.BEHEERDER)]
    # The person's contracts in their regions that can wait for something: one access query for all lists. The
    # parties are only read to sign for them, so only joined for someone with a contract mandate.
    gezien = met_wachtende_voorstellen(
        access.contracten_for_user(dashboard.gebruiker)
        .filter(regio_id__in=dashboard.regio_ids)
        .select_related("regio"),
        bewerkend,
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
    tekenen, nog_niet = te_tekenen(contracten, mandaten)
    # Only a contract still open to change can take a decision on a proposal (a signed one is frozen).
    voorstellen = [
        c
        for c in contracten
        if c.voorstellen_wachtend  # type: ignore[attr-defined]
        and c.status != Contractstatus.GETEKEND
    ]
    html = ""
    if momenten or tekenen or nog_niet or voorstellen:
        html = _wachtend_html(dashboard, momenten, tekenen, nog_niet, voorstellen)
    betwist = list(betwiste_resultaten(c.pk for c in contracten)[: MAX_BETWIST + 1]) if contracten else []
    if betwist:
        html += render_to_string(
            "contracten/_dashboard_betwist.html",
            {"betwist": betwist[:MAX_BETWIST], "meer": len(betwist) > MAX_BETWIST},
            request=dashboard.request,
        )
    return mark_safe(html)  # noqa: S308 - rendered by our own templates with autoescaping


def _wachtend_html(
    dashboard: Dashboard,
    momenten: list[Rapportagemoment],
    tekenen: list[tuple[Contract, Organisatie]],
    nog_niet: list[Nogniettekenen],
    voorstellen: list[Contract],
) -> str:
    vandaag = dashboard.vandaag
    return render_to_string(
        "contracten/_dashboard.html",
        {
            "te_laat": [m for m in momenten if m.uiterlijk < vandaag],
            "binnenkort": [m for m in momenten if m.uiterlijk >= vandaag],
            "dagen": BINNENKORT_DAGEN,
            "te_tekenen": tekenen,
            "nog_niet_te_tekenen": nog_niet,
            "voorstellen": voorstellen,
        },
        request=dashboard.request,
    )
