"""Reads for the regioplan pages; the plan page costs a fixed number of queries whatever its size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from regio import goedkeuring
from regio import wijzigingen as regio_wijzigingen
from regio.access import partijen_van
from regio.gesprekken import draden as gesprekdraden
from regio.gesprekken.draden import Draad, InterneDraden
from regio.models import Deelname, Documentwijziging, Gebruiker, Mandaat, Onderwerp, Organisatie, Regio
from regio.voorstellen import Voorstelstatus
from regioplan import voorstel_weergave
from regioplan.access import PlanActie, mag_plan
from regioplan.gesprek import PLANGESPREK
from regioplan.models import (
    Activiteit,
    Goedkeuring,
    Meetpunt,
    Plandeel,
    Plandeelsoort,
    PlanUitdaging,
    Regioplan,
    Status,
    Voorstel,
)
from regioplan.services import contractpartijen
from regioplan.voorstel_weergave import Voorstelweergave

if TYPE_CHECKING:
    from regio.access import AnyUser


@dataclass(frozen=True)
class DeelMetWijziging:
    deel: Plandeel
    gewijzigd_door: str | None
    gewijzigd_op: dt.datetime | None
    draden: list[Draad]
    voorstellen: list[Voorstelweergave] = field(default_factory=list)  # open ones, as redlines


@dataclass(frozen=True)
class ActiviteitRegel:
    activiteit: Activiteit
    meetpunten: list[Meetpunt]
    uitdagingen: list[PlanUitdaging]
    draden: list[Draad]
    voorstellen: list[Voorstelweergave] = field(default_factory=list)


@dataclass(frozen=True)
class Plandocument:
    plan: Regioplan
    delen: list[DeelMetWijziging]
    uitdagingen: list[PlanUitdaging]
    activiteiten: list[ActiviteitRegel]
    intern: list[InterneDraden]
    stand: list[goedkeuring.Partijstand]
    wijzigingen: list[Documentwijziging]
    open_reacties: int
    # More changes than the page shows: it links to the full list (views.plan.wijzigingen).
    meer_wijzigingen: bool = False
    # The threads on each of the plan's challenges, by its pk.
    uitdaging_draden: dict[int, list[Draad]] = field(default_factory=dict)
    # Whether the person sees proposals (members of a participating party), and how many are open.
    voorstellen_zichtbaar: bool = False
    open_voorstellen: int = 0

    @property
    def vastgesteld(self) -> bool:
        return self.plan.status == Status.VASTGESTELD

    @property
    def nog_goed_te_keuren(self) -> list[goedkeuring.Partijstand]:
        return [s for s in self.stand if not s.goedgekeurd]

    def goedgekeurd_namens(self, mandaat: Mandaat | None) -> bool:
        """Whether the party of `mandaat` has approved the current version (then nobody approves it again)."""
        return mandaat is not None and any(
            s.goedgekeurd and s.organisatie.pk == mandaat.organisatie_id for s in self.stand
        )

    @property
    def begroting_totaal(self) -> object:
        return sum((r.activiteit.begroting or 0 for r in self.activiteiten), start=0)


def regioplannen_van(regio: Regio) -> list[Regioplan]:
    return list(
        Regioplan.objects.filter(regio=regio)
        .select_related("regiobeeld")
        .annotate(
            aantal_activiteiten=Count("activiteiten", distinct=True),
        )
        .order_by("-startjaar", "titel", "-volgnummer")
    )


def _delen_met_laatste_wijziging(plan: Regioplan) -> list[tuple[Plandeel, str | None, dt.datetime | None]]:
    """The plan's parts, each with who last changed it (name or e-mail) and when: one query."""
    laatste = Plandeel.history.filter(id=OuterRef("pk"), versie__gt=1).order_by("-history_date")
    delen = Plandeel.objects.filter(regioplan=plan).annotate(
        laatste_naam=Subquery(laatste.values("history_user__naam")[:1]),
        laatste_email=Subquery(laatste.values("history_user__email")[:1]),
        laatste_op=Subquery(laatste.values("history_date")[:1]),
    )
    return [(d, (d.laatste_naam or d.laatste_email) if d.laatste_op else None, d.laatste_op) for d in delen]


def mandaten_vandaag(regio: Regio, partijen: list[Organisatie]) -> list[Mandaat]:
    return list(
        Mandaat.objects.geldig_op(timezone.localdate())
        .filter(regio=regio, onderwerp=Onderwerp.REGIOPLAN, organisatie__in=partijen)
        .select_related("gebruiker")
        .order_by("gebruiker__naam")
    )


LAATSTE_WIJZIGINGEN = 15


def plandocument(plan: Regioplan, user: AnyUser, *, bewerker: bool) -> Plandocument:
    """Everything the plan page shows, in a fixed number of queries (not one per part, activity or comment).

    `bewerker`: whether the user edits for a contracting party (`mag_plan(..., PlanActie.BEWERKEN)`, asked once)."""
    volgorde = {s: i for i, s in enumerate(Plandeelsoort.values)}
    draden = gesprekdraden.draden(PLANGESPREK, plan, user, bewerker=bewerker)
    voorstellen_zichtbaar = mag_plan(user, plan.regio, PlanActie.VOORSTELLEN_ZIEN)
    voorstellen = voorstel_weergave.open_per_doel(plan) if voorstellen_zichtbaar else {}
    delen = [
        DeelMetWijziging(d, wie, op, draden.get(("deel", d.pk), []), voorstellen.get(("deel", d.pk), []))
        for d, wie, op in sorted(_delen_met_laatste_wijziging(plan), key=lambda rij: volgorde[rij[0].soort])
    ]
    uitdagingen = met_voorstellen(
        list(PlanUitdaging.objects.filter(regioplan=plan).order_by("prioriteit", "pk")), voorstellen
    )
    per_uitdaging = {u.pk: u for u in uitdagingen}
    koppelingen: dict[int, list[PlanUitdaging]] = defaultdict(list)
    for act_id, pu_id in Activiteit.uitdagingen.through.objects.filter(activiteit__regioplan=plan).values_list(
        "activiteit_id", "planuitdaging_id"
    ):
        koppelingen[act_id].append(per_uitdaging[pu_id])
    activiteiten = [
        ActiviteitRegel(
            a,
            list(a.meetpunten.all()),
            sorted(koppelingen.get(a.pk, []), key=lambda u: u.prioriteit),
            draden.get(("activiteit", a.pk), []),
            voorstellen.get(("activiteit", a.pk), []),
        )
        for a in Activiteit.objects.filter(regioplan=plan)
        .select_related("doel", "verantwoordelijke")
        .prefetch_related(Prefetch("meetpunten", queryset=Meetpunt.objects.select_related("eigenaar")))
    ]
    intern = gesprekdraden.interne_draden(partijen_van(user, plan.regio), draden)
    partijen = contractpartijen(plan.regio)
    stand = goedkeuring.stand(
        partijen=partijen,
        goedkeuringen=Goedkeuring.objects.filter(regioplan=plan).select_related("gebruiker", "mandaat"),
        versie=plan.versie,
        mandaten=mandaten_vandaag(plan.regio, partijen),
    )
    wijzigingen = list(regio_wijzigingen.van(plan)[: LAATSTE_WIJZIGINGEN + 1])
    open_reacties = gesprekdraden.open_draden(draden)
    return Plandocument(
        plan,
        delen,
        uitdagingen,
        activiteiten,
        intern,
        stand,
        wijzigingen[:LAATSTE_WIJZIGINGEN],
        open_reacties,
        meer_wijzigingen=len(wijzigingen) > LAATSTE_WIJZIGINGEN,
        uitdaging_draden=gesprekdraden.per_onderwerp(draden, "uitdaging"),
        voorstellen_zichtbaar=voorstellen_zichtbaar,
        open_voorstellen=sum(len(lijst) for lijst in voorstellen.values()),
    )


def met_voorstellen(
    uitdagingen: list[PlanUitdaging], voorstellen: dict[voorstel_weergave.Sleutel, list[Voorstelweergave]]
) -> list[PlanUitdaging]:
    """The challenges, each with its open proposals as `open_voorstellen` (the list template reads them)."""
    for pu in uitdagingen:
        pu.open_voorstellen = voorstellen.get(("uitdaging", pu.pk), [])  # type: ignore[attr-defined]
    return uitdagingen


def plan_uitdagingen(plan: Regioplan, user: AnyUser) -> list[PlanUitdaging]:
    """The plan's challenges in priority order with their open proposals (if the person sees proposals)."""
    zichtbaar = mag_plan(user, plan.regio, PlanActie.VOORSTELLEN_ZIEN)
    return met_voorstellen(
        list(PlanUitdaging.objects.filter(regioplan=plan).order_by("prioriteit", "pk")),
        voorstel_weergave.open_per_doel(plan) if zichtbaar else {},
    )


def uitdaging_draden(plan: Regioplan, user: AnyUser, *, bewerker: bool) -> dict[int, list[Draad]]:
    """The threads on each of the plan's challenges, by its pk (the challenge list re-rendered after a reorder)."""
    draden = gesprekdraden.draden(PLANGESPREK, plan, user, bewerker=bewerker)
    return gesprekdraden.per_onderwerp(draden, "uitdaging")


@dataclass(frozen=True)
class Wachtend:
    """Something on a plan that waits for the signed-in person."""

    plan: Regioplan
    wat: str
    url: str = ""  # where to act, if not the plan page


def dashboardplannen(user: Gebruiker, regio_ids: list[int], bewerkend: list[int] | None = None) -> list[Regioplan]:
    """The plans of the regions `regio_ids` the dashboard may show, in one query: every plan that is not superseded
    (mentions in any plan's threads are the dashboard's "Genoemd": regio.gesprekken.genoemd). Each is annotated
    `voorstellen_wachtend`: its open proposals that one of `bewerkend` (the organisations the person edits for)
    decides, as a contracting party of the region other than the proposer's. By region name, then newest first."""
    beslissende_partij = (
        Deelname.objects.lopend(timezone.localdate())
        .filter(
            regio_id=OuterRef("regioplan__regio_id"),
            organisatie_id__in=bewerkend or [],
            rol=Deelname.DeelnameRol.CONTRACTPARTIJ,
        )
        .exclude(organisatie_id=OuterRef("namens_id"))
    )
    wachtend = (
        Voorstel.objects.filter(regioplan=OuterRef("pk"), status=Voorstelstatus.OPEN)
        .filter(Exists(beslissende_partij))
        .values("regioplan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Regioplan.objects.filter(regio_id__in=regio_ids)
        .annotate(voorstellen_wachtend=Coalesce(Subquery(wachtend), 0) if bewerkend else Value(0))
        .exclude(status=Status.VERVANGEN)
        .select_related("regio")
        .order_by("regio__naam", "-startjaar", "-volgnummer", "pk")
    )


def wacht_op(plannen: list[Regioplan], mandaten: set[tuple[int, int]]) -> list[Wachtend]:
    """Of `plannen` (dashboardplannen), those that wait for this person: approval under their mandates (region,
    organisation) on the regioplan valid today, or open proposals their party decides. One query for the approvals
    given, none without such a mandate."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    uit: list[Wachtend] = []
    per_regio: dict[int, set[int]] = defaultdict(set)
    for regio_id, org_id in mandaten:
        per_regio[regio_id].add(org_id)
    ingediend = [p for p in plannen if p.status == Status.INGEDIEND and p.regio_id in per_regio]
    if ingediend:
        gedaan = goedkeuring.akkoord_per_document(
            Goedkeuring.objects.all(), "regioplan_id", {p.pk: p.versie for p in ingediend}
        )
        uit.extend(Wachtend(p, _("wacht op uw goedkeuring")) for p in ingediend if per_regio[p.regio_id] - gedaan[p.pk])
    for p in plannen:
        n = p.voorstellen_wachtend  # type: ignore[attr-defined]  # annotated by dashboardplannen
        if n and not p.is_bevroren:
            wat = ngettext(
                "%(n)d voorstel wacht op het besluit van uw partij",
                "%(n)d voorstellen wachten op het besluit van uw partij",
                n,
            ) % {"n": n}
            url = reverse("regioplan:voorstellen", args=[p.regio.slug, p.pk])
            uit.append(Wachtend(p, wat, url))
    return uit


def plannen_per_status(plannen: list[Regioplan]) -> dict[int, list[Regioplan]]:
    """Of `plannen` (dashboardplannen), each region's plans that are not superseded, newest first."""
    per: dict[int, list[Regioplan]] = defaultdict(list)
    for p in plannen:
        if p.status != Status.VERVANGEN:
            per[p.regio_id].append(p)
    return per


def activiteiten_voor_export(regioplan: Regioplan) -> list[Activiteit]:
    """The plan's activities in the plan page's order, with what the CSV export writes: party, goal, the
    challenges they take on and their measuring points with owners. Four queries whatever the plan's size."""
    return list(
        Activiteit.objects.filter(regioplan=regioplan)
        .select_related("doel", "verantwoordelijke")
        .prefetch_related(
            Prefetch("uitdagingen", queryset=PlanUitdaging.objects.order_by("prioriteit", "pk")),
            Prefetch("meetpunten", queryset=Meetpunt.objects.select_related("eigenaar").order_by("pk")),
        )
    )


@dataclass(frozen=True)
class OpenbaarPlan:
    """What the public page of a published plan shows: the plan's own text, challenges, activities and measuring
    points. No comments, internal notes, proposals, approvals or people (only the parties by name)."""

    plan: Regioplan
    delen: list[Plandeel]
    uitdagingen: list[PlanUitdaging]
    # Each measuring point with whether its values are shown: not where they are money (no amounts in public).
    activiteiten: list[tuple[Activiteit, list[tuple[Meetpunt, bool]]]]
    partijen: list[Organisatie]
    gemeenten: list[str]


GELDEENHEDEN = frozenset({"euro", "euro's", "eur", "€"})


def _is_geld(eenheid: str) -> bool:
    return eenheid.strip().casefold() in GELDEENHEDEN or "€" in eenheid


def openbaar_plan(plan: Regioplan) -> OpenbaarPlan:
    """Everything the public page shows, in six queries."""
    volgorde = {s: i for i, s in enumerate(Plandeelsoort.values)}
    return OpenbaarPlan(
        plan=plan,
        delen=sorted(
            (d for d in Plandeel.objects.filter(regioplan=plan) if d.tekst.strip()), key=lambda d: volgorde[d.soort]
        ),
        uitdagingen=list(PlanUitdaging.objects.filter(regioplan=plan, opgenomen=True).order_by("prioriteit", "pk")),
        activiteiten=[
            (a, [(m, not _is_geld(m.eenheid)) for m in a.meetpunten.all()])
            for a in Activiteit.objects.filter(regioplan=plan).select_related("doel").prefetch_related("meetpunten")
        ],
        partijen=contractpartijen(plan.regio),
        gemeenten=list(plan.regio.gemeenten.order_by("naam").values_list("naam", flat=True)),
    )
