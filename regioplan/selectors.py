"""Reads for the regioplan pages; the plan page costs a fixed number of queries whatever its size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from regio import goedkeuring
from regio import wijzigingen as regio_wijzigingen
from regio.access import partijen_van
from regio.gesprekken import draden as gesprekdraden
from regio.gesprekken.draden import Draad, InterneDraden
from regio.models import Documentwijziging, Gebruiker, Mandaat, Onderwerp, Organisatie, Regio
from regioplan.gesprek import PLANGESPREK
from regioplan.models import (
    Activiteit,
    Goedkeuring,
    Meetpunt,
    Plandeel,
    Plandeelsoort,
    PlanUitdaging,
    Reactie,
    Regioplan,
    Status,
)
from regioplan.services import contractpartijen

if TYPE_CHECKING:
    from regio.access import AnyUser


@dataclass(frozen=True)
class DeelMetWijziging:
    deel: Plandeel
    gewijzigd_door: str | None
    gewijzigd_op: dt.datetime | None
    draden: list[Draad]


@dataclass(frozen=True)
class ActiviteitRegel:
    activiteit: Activiteit
    meetpunten: list[Meetpunt]
    uitdagingen: list[PlanUitdaging]
    draden: list[Draad]


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


def _laatste_wijziging_per_deel(plan: Regioplan) -> dict[int, tuple[str | None, dt.datetime]]:
    laatste: dict[int, tuple[str | None, dt.datetime]] = {}
    for deel_id, naam, email, op in (
        Plandeel.history.filter(regioplan_id=plan.pk, versie__gt=1)
        .order_by("-history_date")
        .values_list("id", "history_user__naam", "history_user__email", "history_date")
    ):
        laatste.setdefault(deel_id, (naam or email, op))
    return laatste


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
    laatste = _laatste_wijziging_per_deel(plan)
    delen = [
        DeelMetWijziging(
            d,
            laatste[d.pk][0] if d.pk in laatste else None,
            laatste[d.pk][1] if d.pk in laatste else None,
            draden.get(("deel", d.pk), []),
        )
        for d in sorted(Plandeel.objects.filter(regioplan=plan), key=lambda d: volgorde[d.soort])
    ]
    uitdagingen = list(PlanUitdaging.objects.filter(regioplan=plan).order_by("prioriteit", "pk"))
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


def dashboardplannen(user: Gebruiker, regio_ids: list[int]) -> list[Regioplan]:
    """The plans of the regions `regio_ids` the dashboard may show, in one query: every plan that is not superseded,
    and any plan with an open comment (not resolved, not a reply) that mentions `user`, marked `genoemd_open`.
    By region name, then newest first."""
    genoemd = Reactie.objects.filter(
        regioplan=OuterRef("pk"), genoemd=user, opgelost_op__isnull=True, antwoord_op__isnull=True
    )
    return list(
        Regioplan.objects.filter(regio_id__in=regio_ids)
        .annotate(genoemd_open=Exists(genoemd))
        .filter(~Q(status=Status.VERVANGEN) | Q(genoemd_open=True))
        .select_related("regio")
        .order_by("regio__naam", "-startjaar", "-volgnummer", "pk")
    )


def wacht_op(plannen: list[Regioplan], mandaten: set[tuple[int, int]]) -> list[Wachtend]:
    """Of `plannen` (dashboardplannen), those that wait for this person: approval under their mandates (region,
    organisation) on the regioplan valid today, or an open comment that mentions them. One query for the approvals
    given, none without such a mandate."""
    from django.utils.translation import gettext as _

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
    genoemd = [p for p in plannen if p.genoemd_open]  # type: ignore[attr-defined]  # annotated by dashboardplannen
    uit.extend(Wachtend(p, _("u bent genoemd in een open reactie")) for p in genoemd)
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
