"""The koepel's national overview: every region, the stage it has reached (no regiobeeld agreed yet / regiobeeld
agreed / plan adopted / contract signed), with population, parties, dates and the share of practices taking part.

It lives here, in the highest app, because the stage needs all three documents: regio and regiobeeld may not import
upwards. The ACM rule (`../shared/domain/README.md`): the koepel sees stages and counts only, never a contract's
amounts, lines or title, nor any figure of one insurer's offer. Nothing here reads an amount.

Nine queries whatever the number of regions, gemeenten, parties and practices (bench/queries_bench.py measures it at
national scale; tests/contracten/test_landelijk.py compares a small and a larger world). The trend over time
(`trend`) is computed from the same rows: no query more.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracten.models import Contract, Contractstatus, Praktijkdeelname
from regio.csvexport import Cel
from regio.models import Deelname, Regio
from regio.selectors import Omvangsignaal, omvangsignaal
from regiobeeld.landkaart import Kaartregio, Klasse, landkaart_svg, staafdiagram_svg
from regiobeeld.models import Akkoord, Regiobeeld
from regioplan.models import Regioplan, Status

PRAKTIJKSOORT = "huisartsenpraktijk"


@dataclass(frozen=True)
class Fase:
    code: str
    label: str | Promise
    kleur: str
    patroon: str


# In order: a region's stage is the furthest it has reached. Colour and pattern both differ (not colour alone).
FASEN: tuple[Fase, ...] = (
    Fase("geen", gettext_lazy("nog geen regiobeeld akkoord"), "#fbf3e0", "stip"),
    Fase("regiobeeld", gettext_lazy("regiobeeld akkoord"), "#a6cee3", "streep"),
    Fase("plan", gettext_lazy("plan vastgesteld"), "#b2df8a", "ruit"),
    Fase("contract", gettext_lazy("contract getekend"), "#2e8b3d", ""),
)
FASECODES = [f.code for f in FASEN]


@dataclass
class Regiorij:
    nummer: int
    regio_id: int
    naam: str
    slug: str
    afbakening: str
    aangemaakt_op: dt.datetime
    codes: list[str] = field(default_factory=list)
    provincies: set[str] = field(default_factory=set)
    inwoners: int = 0
    partijen: int = 0
    contractpartijen: list[str] = field(default_factory=list)
    praktijken: int = 0
    praktijken_mee: int = 0
    regiobeeld_akkoord_op: dt.datetime | None = None
    plan_vastgesteld_op: dt.datetime | None = None
    contract_getekend_op: dt.datetime | None = None
    # The first time each stage was reached (the dates above are the latest): the trend reads these.
    eerste_regiobeeld_op: dt.datetime | None = None
    eerste_plan_op: dt.datetime | None = None
    eerste_contract_op: dt.datetime | None = None

    def fase_op(self, moment: dt.datetime) -> int | None:
        """The stage the region had reached at `moment` (None: it did not exist yet), from the stored dates."""
        if self.eerste_contract_op and self.eerste_contract_op <= moment:
            return 3
        if self.eerste_plan_op and self.eerste_plan_op <= moment:
            return 2
        if self.eerste_regiobeeld_op and self.eerste_regiobeeld_op <= moment:
            return 1
        return 0 if self.begin <= moment else None

    @property
    def begin(self) -> dt.datetime:
        """Since when the region counts: its creation, or an earlier stage date (a region entered afterwards)."""
        return min(
            d
            for d in (self.aangemaakt_op, self.eerste_regiobeeld_op, self.eerste_plan_op, self.eerste_contract_op)
            if d is not None
        )

    @property
    def fase_index(self) -> int:
        if self.contract_getekend_op:
            return 3
        if self.plan_vastgesteld_op:
            return 2
        return 1 if self.regiobeeld_akkoord_op else 0

    @property
    def fase(self) -> Fase:
        return FASEN[self.fase_index]

    @property
    def signaal(self) -> Omvangsignaal:
        return omvangsignaal(self.inwoners)

    @property
    def deelnamegraad(self) -> Decimal | None:
        """Practices in a signed contract of the region, per 100 practices taking part in it (one decimal)."""
        if not self.praktijken:
            return None
        return (Decimal(100 * self.praktijken_mee) / self.praktijken).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _regiobeeld_akkoord(contractpartijen: dict[int, set[int]]) -> dict[int, tuple[dt.datetime, dt.datetime]]:
    """Per region the moment its regiobeeld (any year) was agreed by every current contracting party at its
    current version: the last of those agreements, for the latest and for the first regiobeeld so agreed.
    Two queries."""
    beelden = {
        pk: (regio_id, versie) for pk, regio_id, versie in Regiobeeld.objects.values_list("pk", "regio_id", "versie")
    }
    per_beeld: dict[int, dict[int, dt.datetime]] = defaultdict(dict)
    for beeld_id, organisatie_id, versie, op in Akkoord.objects.filter(ingetrokken_op__isnull=True).values_list(
        "regiobeeld_id", "organisatie_id", "regiobeeld_versie", "gegeven_op"
    ):
        if beelden.get(beeld_id, (None, None))[1] == versie:
            per_beeld[beeld_id][organisatie_id] = op
    uitkomst: dict[int, tuple[dt.datetime, dt.datetime]] = {}
    for beeld_id, akkoorden in per_beeld.items():
        regio_id = beelden[beeld_id][0]
        partijen = contractpartijen.get(regio_id, set())
        if partijen and partijen <= akkoorden.keys():
            op = max(akkoorden[p] for p in partijen)
            laatst, eerst = uitkomst.get(regio_id, (op, op))
            uitkomst[regio_id] = (max(op, laatst), min(op, eerst))
    return uitkomst


def landelijk_overzicht(op: dt.date | None = None) -> list[Regiorij]:
    """Every region by name, numbered 1..n (the map's numbers), with its stage and counts. Nine queries."""
    op = op or timezone.localdate()
    rijen = {
        r["pk"]: Regiorij(
            nummer=i,
            regio_id=r["pk"],
            naam=r["naam"],
            slug=r["slug"],
            afbakening=r["afbakening"],
            aangemaakt_op=r["aangemaakt_op"],
        )
        for i, r in enumerate(
            Regio.objects.order_by("naam", "pk").values("pk", "naam", "slug", "afbakening", "aangemaakt_op"), start=1
        )
    }
    for regio_id, code, inwoners, provincie in Regio.gemeenten.through.objects.order_by("gemeente__code").values_list(
        "regio_id", "gemeente__code", "gemeente__inwoners", "gemeente__provincie"
    ):
        rij = rijen[regio_id]
        rij.codes.append(code)
        rij.inwoners += inwoners
        rij.provincies.add(provincie)
    deelnames = Deelname.objects.lopend_of_komend(op)
    for tel in deelnames.values("regio_id").annotate(
        partijen=Count("organisatie", distinct=True),
        praktijken=Count("organisatie", filter=Q(organisatie__soort__code=PRAKTIJKSOORT), distinct=True),
    ):
        rijen[tel["regio_id"]].partijen = tel["partijen"]
        rijen[tel["regio_id"]].praktijken = tel["praktijken"]
    contractpartijen: dict[int, set[int]] = defaultdict(set)
    for regio_id, organisatie_id, naam in (
        deelnames.lopend(op)
        .filter(rol=Deelname.DeelnameRol.CONTRACTPARTIJ)
        .order_by("organisatie__naam")
        .values_list("regio_id", "organisatie_id", "organisatie__naam")
    ):
        contractpartijen[regio_id].add(organisatie_id)
        if naam not in rijen[regio_id].contractpartijen:
            rijen[regio_id].contractpartijen.append(naam)
    for regio_id, (laatst, eerst) in _regiobeeld_akkoord(contractpartijen).items():
        rijen[regio_id].regiobeeld_akkoord_op = laatst
        rijen[regio_id].eerste_regiobeeld_op = eerst
    for regio_id, moment, eerste in (
        Regioplan.objects.filter(status__in=[Status.VASTGESTELD, Status.VERVANGEN])
        .values("regio_id")
        .annotate(op=Max("vastgesteld_op"), eerste=Min("vastgesteld_op"))
        .values_list("regio_id", "op", "eerste")
    ):
        rijen[regio_id].plan_vastgesteld_op = moment
        rijen[regio_id].eerste_plan_op = eerste
    for regio_id, moment, eerste in (
        Contract.objects.filter(status=Contractstatus.GETEKEND)
        .values("regio_id")
        .annotate(op=Max("getekend_op"), eerste=Min("getekend_op"))
        .values_list("regio_id", "op", "eerste")
    ):
        rijen[regio_id].contract_getekend_op = moment
        rijen[regio_id].eerste_contract_op = eerste
    for regio_id, mee in (
        Praktijkdeelname.objects.filter(
            contract__status=Contractstatus.GETEKEND, besluit=Praktijkdeelname.Besluit.DOET_MEE
        )
        .values("contract__regio_id")
        .annotate(mee=Count("praktijk", distinct=True))
        .values_list("contract__regio_id", "mee")
    ):
        rijen[regio_id].praktijken_mee = mee
    return list(rijen.values())


@dataclass(frozen=True)
class Filter:
    fase: str = ""
    provincie: str = ""
    zoek: str = ""

    def past(self, rij: Regiorij) -> bool:
        if self.fase and rij.fase.code != self.fase:
            return False
        if self.provincie and self.provincie not in rij.provincies:
            return False
        return not self.zoek or self.zoek.casefold() in rij.naam.casefold()


def provincies(rijen: Sequence[Regiorij]) -> list[str]:
    return sorted({p for r in rijen for p in r.provincies})


def tellingen(rijen: Sequence[Regiorij]) -> list[tuple[Fase, int]]:
    aantal = [0] * len(FASEN)
    for rij in rijen:
        aantal[rij.fase_index] += 1
    return list(zip(FASEN, aantal, strict=True))


# The trend shows at most this many quarters (the latest): ten years.
TREND_KWARTALEN = 40


@dataclass(frozen=True)
class Trendperiode:
    """One quarter of the trend: how many regions had reached each stage (FASEN's order) at its end."""

    jaar: int
    kwartaal: int
    aantallen: tuple[int, ...]

    @property
    def label(self) -> str:
        return _("%(jaar)s K%(kwartaal)s") % {"jaar": self.jaar, "kwartaal": self.kwartaal}

    @property
    def totaal(self) -> int:
        return sum(self.aantallen)


def _kwartaaleinde(jaar: int, kwartaal: int) -> dt.datetime:
    """The last moment of a quarter, in the product's time zone."""
    volgend = dt.date(jaar + kwartaal // 4, kwartaal % 4 * 3 + 1, 1)
    return timezone.make_aware(dt.datetime.combine(volgend, dt.time.min)) - dt.timedelta(microseconds=1)


def trend(rijen: Sequence[Regiorij], nu: dt.datetime | None = None) -> list[Trendperiode]:
    """Per quarter since the first region's (at most TREND_KWARTALEN), how many regions were at each stage at its
    end (the current quarter: now). From the dates the rows carry (first regiobeeld agreed, first plan adopted,
    first contract signed, the region's creation); no query. A regiobeeld agreement counts while it stands."""
    if not rijen:
        return []
    nu = nu or timezone.now()
    begin = timezone.localtime(min(r.begin for r in rijen))
    vandaag = timezone.localtime(nu)
    kwartalen = [
        (jaar, kwartaal)
        for jaar in range(begin.year, vandaag.year + 1)
        for kwartaal in range(1, 5)
        if (begin.year, (begin.month - 1) // 3 + 1) <= (jaar, kwartaal) <= (vandaag.year, (vandaag.month - 1) // 3 + 1)
    ][-TREND_KWARTALEN:]
    perioden = []
    for jaar, kwartaal in kwartalen:
        moment = min(_kwartaaleinde(jaar, kwartaal), nu)
        aantallen = [0] * len(FASEN)
        for rij in rijen:
            fase = rij.fase_op(moment)
            if fase is not None:
                aantallen[fase] += 1
        perioden.append(Trendperiode(jaar, kwartaal, tuple(aantallen)))
    return perioden


def trendgrafiek(perioden: Sequence[Trendperiode]) -> str:
    """The trend as stacked bars, one per quarter, in the map's colours and patterns; the table gives the same."""
    return staafdiagram_svg(
        [p.label for p in perioden],
        # The year under the first bar and under each year's first quarter.
        [str(p.jaar) if i == 0 or p.kwartaal == 1 else "" for i, p in enumerate(perioden)],
        [p.aantallen for p in perioden],
        [Klasse(label=str(f.label), kleur=f.kleur, patroon=f.patroon) for f in FASEN],
        titel=_("Aantal regio's per fase, per kwartaal"),
        omschrijving=_(
            "Per kwartaal een staaf met het aantal regio's in elke fase aan het einde van dat kwartaal; kleur en "
            "arcering tonen de fase. De tabel onder de grafiek geeft dezelfde aantallen."
        ),
    )


def kaart(rijen: Sequence[Regiorij]) -> str:
    """The map of the regions in `rijen`, each in the colour and pattern of its stage."""
    return landkaart_svg(
        [Kaartregio(nummer=r.nummer, naam=r.naam, codes=r.codes, klasse=r.fase_index) for r in rijen],
        [Klasse(label=str(f.label), kleur=f.kleur, patroon=f.patroon) for f in FASEN],
        titel=_("Kaart van Nederland met de regio's naar fase"),
        omschrijving=_(
            "Elke regio is getekend uit haar gemeenten, met het nummer uit de tabel; kleur en arcering tonen de fase. "
            "Gemeenten zonder regio zijn grijs. De tabel onder de kaart geeft dezelfde gegevens."
        ),
    )


def csv_koppen() -> list[str]:
    return [
        _("Nummer"),
        _("Regio"),
        _("Fase"),
        _("Provincie(s)"),
        _("Gemeenten"),
        _("Inwoners"),
        _("Partijen"),
        _("Contractpartijen"),
        _("Praktijken"),
        _("Praktijken in een getekend contract"),
        _("Deelnamegraad praktijken (%)"),
        _("Regiobeeld akkoord op"),
        _("Plan vastgesteld op"),
        _("Contract getekend op"),
    ]


def csv_rij(rij: Regiorij) -> list[Cel]:
    def datum(moment: dt.datetime | None) -> dt.date | None:
        return timezone.localdate(moment) if moment else None

    return [
        rij.nummer,
        rij.naam,
        str(rij.fase.label),
        ", ".join(sorted(rij.provincies)),
        len(rij.codes),
        rij.inwoners,
        rij.partijen,
        ", ".join(rij.contractpartijen),
        rij.praktijken,
        rij.praktijken_mee,
        rij.deelnamegraad,
        datum(rij.regiobeeld_akkoord_op),
        datum(rij.plan_vastgesteld_op),
        datum(rij.contract_getekend_op),
    ]
