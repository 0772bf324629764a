"""The regioplan as a printed report: what a board signs and what parties mail to each other.

`RegioplanPdf` renders templates/regioplan/pdf/regioplan.html (extending templates/pdf/basis.html). The PDF
travels between parties, so it holds what both contracting parties agree on and nothing else: no comments, no
internal notes of one party, whoever asks for it. That is why it reads the plan through `drukplan` below and not
through the page's selector (which gives the requester's own internal notes).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regio import goedkeuring
from regio.getallen import euro, getal
from regio.models import Organisatie
from regio.pdf import Pdfdocument, svg_uri
from regio.selectors import contractpartijen
from regiobeeld.pdf import (
    Drukgrafiek,
    PdfMetGrafieken,
    Regiocijfers,
    genummerd,
    markering_css,
    paginatekst,
    regiocijfers,
    sleutelindicatoren,
)
from regioplan.access import PlanActie, mag_plan
from regioplan.models import (
    Activiteit,
    Goedkeuring,
    Meetpunt,
    Plandeel,
    Plandeelsoort,
    PlanUitdaging,
    Regioplan,
    Status,
)
from regioplan.selectors import mandaten_vandaag, openbaar_plan
from regioplan.tijdpad_svg import tijdpad_svg

if TYPE_CHECKING:
    from regio.access import AnyUser
    from regio.models import Regio

# Activities per timeline chart: a chart is one picture and a picture cannot break across pages, so a long
# plan gets its timeline in parts that each fit on a page (28 px a row; the page holds about 900 px).
# The timeline is drawn by regioplan.tijdpad_svg (its own layout for paper), not from the page's plotly figure.
RIJEN_PER_TIJDPAD = 25


@dataclass(frozen=True)
class Drukmeetpunt:
    meetpunt: Meetpunt

    @property
    def nulmeting(self) -> str:
        return getal(self.meetpunt.nulmeting)

    @property
    def streefwaarde(self) -> str:
        return getal(self.meetpunt.streefwaarde)


@dataclass(frozen=True)
class Drukactiviteit:
    nummer: int
    activiteit: Activiteit
    meetpunten: list[Drukmeetpunt]
    uitdagingen: list[PlanUitdaging]

    @property
    def begroting(self) -> str:
        return euro(self.activiteit.begroting, 0)  # an estimate: whole euros, as on the page

    @property
    def periode(self) -> str:
        """The period as "2026 Q1 - 2027 Q2" (an en dash) that a narrow column breaks after the dash only, never
        inside a quarter. Not a <br> in a nowrap cell: over 200 rows that cost WeasyPrint about 15 MB and 0.4 s
        more (bench/pdf_bench.py)."""
        heel = "\u00a0"
        a = self.activiteit
        return f"{a.start.replace(' ', heel)}{heel}\u2013 {a.einde.replace(' ', heel)}"


@dataclass(frozen=True)
class Drukplan:
    """What the PDF prints of a plan: parts, challenges, activities with their measuring points, approvals."""

    plan: Regioplan
    delen: list[Plandeel]
    uitdagingen: list[PlanUitdaging]
    activiteiten: list[Drukactiviteit]
    partijen: list[Organisatie]
    stand: list[goedkeuring.Partijstand]

    @property
    def begroting_totaal(self) -> Decimal:
        return sum((a.activiteit.begroting or Decimal(0) for a in self.activiteiten), start=Decimal(0))

    @property
    def meetpunten(self) -> int:
        return sum(len(a.meetpunten) for a in self.activiteiten)


def drukplan(plan: Regioplan, uitdagingen: list[PlanUitdaging] | None = None) -> Drukplan:
    """The plan for print, in a fixed number of queries however many activities and measuring points it has.
    `uitdagingen`: the plan's challenges in order of priority, when the caller has them already.

    No comments and no internal notes: they belong to the conversation about the plan, not to the plan.
    """
    volgorde = {s: i for i, s in enumerate(Plandeelsoort.values)}
    delen = sorted(Plandeel.objects.filter(regioplan=plan), key=lambda d: volgorde.get(d.soort, 99))
    if uitdagingen is None:
        uitdagingen = list(PlanUitdaging.objects.filter(regioplan=plan).order_by("prioriteit", "pk"))
    per_uitdaging = {u.pk: u for u in uitdagingen}
    koppelingen: dict[int, list[PlanUitdaging]] = defaultdict(list)
    for act_id, pu_id in Activiteit.uitdagingen.through.objects.filter(activiteit__regioplan=plan).values_list(
        "activiteit_id", "planuitdaging_id"
    ):
        if pu_id in per_uitdaging:
            koppelingen[act_id].append(per_uitdaging[pu_id])
    # The timeline's order (tijdpad.geordend: priority, then start), so a number means the same row everywhere.
    activiteiten = list(
        Activiteit.objects.filter(regioplan=plan)
        .select_related("doel", "verantwoordelijke")
        .prefetch_related(Prefetch("meetpunten", queryset=Meetpunt.objects.select_related("eigenaar")))
        .order_by("prioriteit", "start_jaar", "start_kwartaal", "volgorde", "pk")
    )
    regels = [
        Drukactiviteit(
            nummer=i,
            activiteit=a,
            meetpunten=[Drukmeetpunt(m) for m in a.meetpunten.all()],
            uitdagingen=sorted(koppelingen.get(a.pk, []), key=lambda u: (u.prioriteit, u.pk)),
        )
        for i, a in enumerate(activiteiten, start=1)
    ]
    partijen = contractpartijen(plan.regio)
    stand = goedkeuring.stand(
        partijen=partijen,
        goedkeuringen=Goedkeuring.objects.filter(regioplan=plan).select_related("gebruiker", "mandaat"),
        versie=plan.versie,
        mandaten=mandaten_vandaag(plan.regio, partijen),
    )
    return Drukplan(plan, delen, uitdagingen, regels, partijen, stand)


@dataclass(frozen=True)
class GenummerdeRij:
    """An activity as the timeline reads it, its title led by its number in the table ("3. Regionale pool")."""

    activiteit: Activiteit
    nummer: int

    @property
    def titel(self) -> str:
        return f"{self.nummer}. {self.activiteit.titel}"

    def __getattr__(self, naam: str) -> Any:
        return getattr(self.activiteit, naam)


@dataclass(frozen=True)
class Tijdpaddeel:
    afbeelding: str
    label: str
    van: int
    tot: int


def tijdpaden(activiteiten: Sequence[Drukactiviteit], plan: Regioplan, vandaag: dt.date) -> list[Tijdpaddeel]:
    """The timeline, in parts of RIJEN_PER_TIJDPAD activities (in the table's order, so the numbers match)."""
    delen = []
    for begin in range(0, len(activiteiten), RIJEN_PER_TIJDPAD):
        stuk = activiteiten[begin : begin + RIJEN_PER_TIJDPAD]
        label = ngettext(
            "Tijdpad van %(aantal)s activiteit in %(looptijd)s",
            "Tijdpad van %(aantal)s activiteiten in %(looptijd)s",
            len(stuk),
        ) % {"aantal": len(stuk), "looptijd": plan.looptijd}
        svg = tijdpad_svg(
            [GenummerdeRij(a.activiteit, a.nummer) for a in stuk],
            startjaar=plan.startjaar,
            eindjaar=plan.eindjaar,
            vandaag=vandaag,
            titel=label,
        )
        delen.append(Tijdpaddeel(afbeelding=svg_uri(svg), label=label, van=stuk[0].nummer, tot=stuk[-1].nummer))
    return delen


def statustekst(plan: Regioplan) -> str:
    return capfirst(str(plan.get_status_display()))


def markering_van(plan: Regioplan) -> str:
    """The word on every page: a plan that is not adopted is a draft; a replaced one says so."""
    if plan.status == Status.VASTGESTELD:
        return ""
    if plan.status == Status.VERVANGEN:
        return _("VERVANGEN")
    return _("CONCEPT")


class RegioplanPdf(PdfMetGrafieken):
    """The regioplan: cover, contents, the four parts, the prioritised challenges, the activities (table and
    timeline) with their measuring points, the regiobeeld's key figures and the approvals of both parties."""

    soort: ClassVar[str] = "regioplan"
    template_name: ClassVar[str] = "regioplan/pdf/regioplan.html"
    obj: Regioplan

    @classmethod
    def ophalen(cls, object_id: int) -> Regioplan:
        return Regioplan.objects.select_related("regio", "regiobeeld").get(pk=object_id)

    @classmethod
    def mag_lezen(cls, user: AnyUser, obj: Any) -> bool:
        return mag_plan(user, obj.regio, PlanActie.BEKIJKEN)

    def regio(self) -> Regio:
        return self.obj.regio

    def titel(self) -> str:
        return self.obj.titel

    def versie(self) -> int:
        return self.obj.versie

    def kerncijfers(self, plan: Regioplan, uitdagingen: Sequence[PlanUitdaging]) -> Regiocijfers:
        """At most four charts of the regiobeeld: the population (age and trend), and how the region compares
        and differs per gemeente on the indicator of the highest-priority challenge the plan takes up."""
        opgenomen = [u.uitdaging_id for u in uitdagingen if u.opgenomen and u.uitdaging_id is not None]
        keuzes = [("inwoners", "leeftijd"), ("inwoners", "trend")]
        sleutel = sleutelindicatoren(plan.regio, opgenomen, aantal=1)
        if sleutel:
            keuzes += [(sleutel[0], "vergelijking"), (sleutel[0], "kaart")]
        return regiocijfers(plan.regio, keuzes, self.tekenaar)

    def context(self) -> dict[str, Any]:
        plan: Regioplan = self.obj
        uitdagingen = list(PlanUitdaging.objects.filter(regioplan=plan).order_by("prioriteit", "pk"))
        cijfers = self.kerncijfers(plan, uitdagingen)
        druk = drukplan(plan, uitdagingen)
        vandaag = timezone.localdate()
        grafieken: list[Drukgrafiek] = genummerd(
            cijfers.grafieken, vanaf=1 + (len(druk.activiteiten) + RIJEN_PER_TIJDPAD - 1) // RIJEN_PER_TIJDPAD
        )
        markering = markering_van(plan)
        return {
            "plan": plan,
            "regio": plan.regio,
            "druk": druk,
            "tijdpaden": tijdpaden(druk.activiteiten, plan, vandaag),
            "cijfers": cijfers,
            "grafieken": grafieken,
            "begroting_totaal": euro(druk.begroting_totaal, 0),
            "status": statustekst(plan),
            "markering": markering,
            "markering_css": markering_css(markering),
            "paginatekst": paginatekst(),
        }


class OpenbaarRegioplanPdf(Pdfdocument):
    """The public PDF of a published plan: exactly what the public page shows (regioplan.selectors.openbaar_plan,
    the same template part), for anyone. Made when the plan is published (regioplan/publicatie.py) and stored like
    every PDF; the worker renders it only while the plan is still published."""

    soort: ClassVar[str] = "openbaar_regioplan"
    template_name: ClassVar[str] = "regioplan/pdf/openbaar.html"
    obj: Regioplan

    @classmethod
    def ophalen(cls, object_id: int) -> Regioplan:
        return Regioplan.objects.select_related("regio").get(pk=object_id)

    @classmethod
    def mag_lezen(cls, user: AnyUser, obj: Any) -> bool:
        return bool(obj.status == Status.VASTGESTELD and obj.gepubliceerd_op is not None)

    def regio(self) -> Regio:
        return self.obj.regio

    def titel(self) -> str:
        return self.obj.titel

    def versie(self) -> int:
        return self.obj.versie

    def context(self) -> dict[str, Any]:
        plan: Regioplan = self.obj
        return {"plan": plan, "regio": plan.regio, "doc": openbaar_plan(plan), "paginatekst": paginatekst()}
