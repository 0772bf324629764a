"""Money against the plan: per contract year, the plan's activity budgets beside the contract lines that fund them.

An activity's budget (`Activiteit.begroting`, for its whole timeline) is spread over the years it runs in
proportion to its quarters in each year (an activity from 2026 Q3 to 2027 Q2 has half of its budget in each year),
in whole cents that add up to the budget (`financiering.verdeel_in_centen`). A line funds the activity it names
(`Contractafspraak.activiteit`) with its amount in that year, indexation included once both parties agreed on it.

A year is compared with its own plan: the adopted yearly plan the parties linked to it (contracten/jaarcyclus.py),
whose activities a line funds by title, or else the activities of the contract's multi-year plan that run that year.

The pure part (`spreiden`, `vergelijken`, `naar_jaarplan`) has no models and no queries; `per_jaar` is the selector:
a fixed number of queries whatever the number of activities, lines or years.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from contracten.financiering import NUL, Jaarbedrag, indexeren, verdeel_in_centen
from contracten.models import Afspraakbedrag, Contract, Jaarafspraak
from regioplan.models import Activiteit, Regioplan

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from contracten.selectors import Afspraakregel


# --- pure -----------------------------------------------------------------------------------------------------


def spreiden(begroting: Decimal | None, start: tuple[int, int], einde: tuple[int, int]) -> dict[int, Decimal | None]:
    """An activity's budget per year of its timeline (start and end as (year, quarter), both included), in
    proportion to its quarters in each year. Without a budget every year gets None."""
    kwartalen: dict[int, int] = {}
    jaar, kwartaal = start
    while (jaar, kwartaal) <= einde:
        kwartalen[jaar] = kwartalen.get(jaar, 0) + 1
        jaar, kwartaal = (jaar + 1, 1) if kwartaal == 4 else (jaar, kwartaal + 1)
    if begroting is None or not kwartalen:
        return dict.fromkeys(kwartalen)
    jaren = sorted(kwartalen)
    return dict(zip(jaren, verdeel_in_centen(begroting, [kwartalen[j] for j in jaren]), strict=True))


class Oordeel(StrEnum):
    NIET_GEFINANCIERD = "niet_gefinancierd"
    MINDER = "minder"
    GELIJK = "gelijk"
    MEER = "meer"
    GEEN_BEGROTING = "geen_begroting"
    BUITEN_TIJDPAD = "buiten_tijdpad"

    @property
    def label(self) -> StrPromise:
        return _OORDELEN[self]

    @property
    def opvallend(self) -> bool:
        """Worth a second look: everything but funded as budgeted."""
        return self is not Oordeel.GELIJK


_OORDELEN: dict[Oordeel, StrPromise] = {
    Oordeel.NIET_GEFINANCIERD: gettext_lazy("niet gefinancierd"),
    Oordeel.MINDER: gettext_lazy("minder gefinancierd dan begroot"),
    Oordeel.GELIJK: gettext_lazy("gefinancierd zoals begroot"),
    Oordeel.MEER: gettext_lazy("meer gefinancierd dan begroot"),
    Oordeel.GEEN_BEGROTING: gettext_lazy("geen begroting in het plan"),
    Oordeel.BUITEN_TIJDPAD: gettext_lazy("buiten het tijdpad van het plan"),
}


@dataclass(frozen=True)
class Planactiviteit:
    """An activity of the plan with its budget in the year compared (None: no budget; `in_jaar`: its timeline
    runs through the year)."""

    pk: int
    titel: str
    begroot: Decimal | None
    in_jaar: bool


@dataclass(frozen=True)
class Financiering:
    """A contract line's money in the year (indexation included) and the activity it funds, if any."""

    afspraak: str
    activiteit_pk: int | None
    bedrag: Decimal
    geldsoort: str


@dataclass(frozen=True)
class Begrotingsregel:
    titel: str
    begroot: Decimal | None
    gefinancierd: Decimal
    verschil: Decimal | None  # gefinancierd - begroot
    afspraken: list[str]
    oordeel: Oordeel


@dataclass(frozen=True)
class Begrotingsvergelijking:
    jaar: int
    regels: list[Begrotingsregel]
    zonder_activiteit: list[Financiering] = field(default_factory=list)  # lines that fund no activity of the plan
    plantitel: str = ""  # the plan the year is compared with
    jaarplan: bool = False  # True: the adopted yearly plan linked to the year; False: the multi-year plan's part

    @property
    def begroot(self) -> Decimal:
        return sum((r.begroot or NUL for r in self.regels), NUL)

    @property
    def gefinancierd(self) -> Decimal:
        return sum((r.gefinancierd for r in self.regels), NUL)

    @property
    def verschil(self) -> Decimal:
        return self.gefinancierd - self.begroot

    @property
    def los(self) -> Decimal:
        return sum((f.bedrag for f in self.zonder_activiteit), NUL)

    @property
    def niet_gefinancierd(self) -> list[Begrotingsregel]:
        return [r for r in self.regels if r.oordeel is Oordeel.NIET_GEFINANCIERD]

    @property
    def opvallend(self) -> int:
        return sum(1 for r in self.regels if r.oordeel.opvallend)


def _oordeel(activiteit: Planactiviteit, gefinancierd: Decimal) -> Oordeel:
    if not activiteit.in_jaar:
        return Oordeel.BUITEN_TIJDPAD
    if not gefinancierd:
        return Oordeel.NIET_GEFINANCIERD
    if activiteit.begroot is None:
        return Oordeel.GEEN_BEGROTING
    if gefinancierd < activiteit.begroot:
        return Oordeel.MINDER
    return Oordeel.MEER if gefinancierd > activiteit.begroot else Oordeel.GELIJK


def vergelijken(
    jaar: int,
    activiteiten: list[Planactiviteit],
    financiering: list[Financiering],
    *,
    plantitel: str = "",
    jaarplan: bool = False,
) -> Begrotingsvergelijking:
    """The year's plan activities beside the money of the lines that fund them.

    Every activity whose timeline runs through the year is a row, funded or not; an activity outside the year
    is a row only if a line funds it that year. Lines with no money that year fund nothing. Lines that fund no
    activity of the plan (a goal only) are listed apart."""
    per_activiteit: dict[int, list[Financiering]] = {}
    zonder: list[Financiering] = []
    bekend = {a.pk for a in activiteiten}
    for f in financiering:
        if not f.bedrag:
            continue
        if f.activiteit_pk in bekend:
            per_activiteit.setdefault(f.activiteit_pk, []).append(f)
        else:
            zonder.append(f)
    regels = []
    for a in activiteiten:
        eigen = per_activiteit.get(a.pk, [])
        if not a.in_jaar and not eigen:
            continue
        gefinancierd = sum((f.bedrag for f in eigen), NUL)
        regels.append(
            Begrotingsregel(
                titel=a.titel,
                begroot=a.begroot if a.in_jaar else None,
                gefinancierd=gefinancierd,
                verschil=gefinancierd - a.begroot if a.in_jaar and a.begroot is not None else None,
                afspraken=[f.afspraak for f in eigen],
                oordeel=_oordeel(a, gefinancierd),
            )
        )
    return Begrotingsvergelijking(
        jaar=jaar, regels=regels, zonder_activiteit=zonder, plantitel=plantitel, jaarplan=jaarplan
    )


def naar_jaarplan(
    financiering: list[Financiering], titels: dict[int, str], jaarplan: list[Planactiviteit]
) -> list[Financiering]:
    """The lines' money pointed at the activities of a linked yearly plan. A line names an activity of the
    contract's multi-year plan (`titels`: its activities' titles by pk); the yearly plan has its own activities, so a
    line funds the one with the same title (case and spaces aside). A line whose activity the yearly plan does not
    have funds nothing of it (listed apart, as a line with a goal only)."""
    per_titel = {a.titel.strip().casefold(): a.pk for a in jaarplan}
    return [
        replace(
            f,
            activiteit_pk=per_titel.get(titels.get(f.activiteit_pk, "").strip().casefold())
            if f.activiteit_pk is not None
            else None,
        )
        for f in financiering
    ]


# --- the selector ---------------------------------------------------------------------------------------------


def _planactiviteiten(activiteiten: list[Activiteit], jaar: int) -> list[Planactiviteit]:
    uit = []
    for a in activiteiten:
        budget = spreiden(a.begroting, (a.start_jaar, a.start_kwartaal), (a.eind_jaar, a.eind_kwartaal))
        uit.append(Planactiviteit(a.pk, a.titel, budget.get(jaar), jaar in budget))
    return uit


def gekoppelde_jaarplannen(contract: Contract) -> dict[int, Regioplan]:
    """The adopted yearly plan linked to each year of the contract that has one (contracten/jaarcyclus.py)."""
    return {
        j.jaar: j.jaarplan
        for j in Jaarafspraak.objects.filter(contract=contract, jaarplan__isnull=False).select_related("jaarplan")
        if j.jaarplan is not None
    }


def per_jaar(
    contract: Contract,
    procenten: dict[int, Decimal],
    activiteiten: list[Activiteit] | None = None,
    jaarplannen: dict[int, Regioplan] | None = None,
    regels: list[Afspraakregel] | None = None,
) -> dict[int, Begrotingsvergelijking]:
    """Money against the plan for every year of the term. `procenten`: the agreed indexation per year
    (contracten/jaarcyclus.bevestigde_procenten). A year is compared with the adopted yearly plan linked to it in
    the year's figures (`jaarplannen`, read when not passed in), otherwise with the activities of the contract's
    multi-year plan that run in that year; the comparison says which (`plantitel`, `jaarplan`).

    `regels`: the lines that hold (contracten/addenda.wat_geldt, a signed addendum's lines and years included);
    without them the contract's own lines as signed are read.

    Queries: the contract plan's activities, the lines' amounts and the linked yearly plans (each unless passed in)
    and, only when a year has one, their activities."""
    if activiteiten is None:
        activiteiten = list(Activiteit.objects.filter(regioplan_id=contract.regioplan_id))
    if jaarplannen is None:
        jaarplannen = gekoppelde_jaarplannen(contract)
    van_jaarplan: dict[int, list[Activiteit]] = {}
    if jaarplannen:
        for a in Activiteit.objects.filter(regioplan_id__in={p.pk for p in jaarplannen.values()}):
            van_jaarplan.setdefault(a.regioplan_id, []).append(a)
    titels = {a.pk: a.titel for a in activiteiten}
    if regels is None:
        bedragen = [
            (b.afspraak, b.jaar, b.bedrag)
            for b in Afspraakbedrag.objects.filter(afspraak__contract=contract)
            .select_related("afspraak")
            .order_by("afspraak__volgorde", "afspraak_id")
        ]
        jaren = contract.jaren
    else:
        bedragen = [(r.afspraak, jaar, bedrag) for r in regels for jaar, bedrag in r.bedragen.items()]
        jaren = sorted({*contract.geldende_jaren, *(jaar for _a, jaar, _b in bedragen)})
    uitkomst = {}
    for jaar in jaren:
        geld = [
            Financiering(
                afspraak=a.titel,
                activiteit_pk=a.activiteit_id,
                bedrag=indexeren(Jaarbedrag(a.titel, jaar, bedrag, a.geindexeerd, a.geldsoort), procenten).totaal,
                geldsoort=a.geldsoort,
            )
            for a, j, bedrag in bedragen
            if j == jaar
        ]
        jaarplan = jaarplannen.get(jaar)
        if jaarplan is None:
            uitkomst[jaar] = vergelijken(
                jaar, _planactiviteiten(activiteiten, jaar), geld, plantitel=contract.regioplan.titel
            )
        else:
            plan = _planactiviteiten(van_jaarplan.get(jaarplan.pk, []), jaar)
            uitkomst[jaar] = vergelijken(
                jaar, plan, naar_jaarplan(geld, titels, plan), plantitel=jaarplan.titel, jaarplan=True
            )
    return uitkomst
