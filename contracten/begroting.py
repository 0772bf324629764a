"""Money against the plan: per contract year, the plan's activity budgets beside the contract lines that fund them.

An activity's budget (`Activiteit.begroting`, for its whole timeline) is spread over the years it runs in
proportion to its quarters in each year (an activity from 2026 Q3 to 2027 Q2 has half of its budget in each year),
in whole cents that add up to the budget (`financiering.verdeel_in_centen`). A line funds the activity it names
(`Contractafspraak.activiteit`) with its amount in that year, indexation included once both parties agreed on it.

The pure part (`spreiden`, `vergelijken`) has no models and no queries; `per_jaar` is the selector: four queries
whatever the number of activities, lines or years.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from contracten.financiering import NUL, Jaarbedrag, indexeren, verdeel_in_centen
from contracten.models import Afspraakbedrag, Contract
from regioplan.models import Activiteit

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


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
    jaar: int, activiteiten: list[Planactiviteit], financiering: list[Financiering]
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
    return Begrotingsvergelijking(jaar=jaar, regels=regels, zonder_activiteit=zonder)


# --- the selector ---------------------------------------------------------------------------------------------


def _jaarbedrag(b: Afspraakbedrag) -> Jaarbedrag:
    return Jaarbedrag(b.afspraak.titel, b.jaar, b.bedrag, b.afspraak.geindexeerd, b.afspraak.geldsoort)


def per_jaar(
    contract: Contract, procenten: dict[int, Decimal], activiteiten: list[Activiteit] | None = None
) -> dict[int, Begrotingsvergelijking]:
    """Money against the contract's plan for every year of the term. `procenten`: the agreed indexation per year
    (contracten/jaarcyclus.bevestigde_procenten). Two queries (one when `activiteiten` of the contract's plan are
    passed in)."""
    if activiteiten is None:
        activiteiten = list(Activiteit.objects.filter(regioplan_id=contract.regioplan_id))
    budgetten = {
        a.pk: spreiden(a.begroting, (a.start_jaar, a.start_kwartaal), (a.eind_jaar, a.eind_kwartaal))
        for a in activiteiten
    }
    bedragen = list(
        Afspraakbedrag.objects.filter(afspraak__contract=contract)
        .select_related("afspraak")
        .order_by("afspraak__volgorde", "afspraak_id")
    )
    uitkomst = {}
    for jaar in contract.jaren:
        plan = [Planactiviteit(a.pk, a.titel, budgetten[a.pk].get(jaar), jaar in budgetten[a.pk]) for a in activiteiten]
        geld = [
            Financiering(
                afspraak=b.afspraak.titel,
                activiteit_pk=b.afspraak.activiteit_id,
                bedrag=indexeren(
                    Jaarbedrag(b.afspraak.titel, jaar, b.bedrag, b.afspraak.geindexeerd, b.afspraak.geldsoort),
                    procenten,
                ).totaal,
                geldsoort=b.afspraak.geldsoort,
            )
            for b in bedragen
            if b.jaar == jaar
        ]
        uitkomst[jaar] = vergelijken(jaar, plan, geld)
    return uitkomst
