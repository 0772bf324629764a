"""Money of the contracts: the split of an agreement line between practice and regional organisation, the
financial overview over years and segments, and the verdeelmodel for integral funding over providers.

Pure functions on Decimal: no models, no queries, testable without HTTP. Inside, the verdeelmodel counts in
whole cents and exact fractions (`Fraction`), so no rounding happens except where the documented algorithm
says so, and the parts always add up to the whole to the cent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regio.getallen import getal

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

CENT = Decimal("0.01")
NUL = Decimal("0.00")
HONDERD = Decimal(100)
SEGMENTEN: tuple[str, ...] = ("S1", "S2", "S3")


# --- numbers ---


def _decimaal(waarde: object, wat: str) -> Decimal:
    """A finite Decimal (an int is exact too); a float is refused: money and percentages never go through float."""
    if isinstance(waarde, bool) or not isinstance(waarde, Decimal | int):
        raise TypeError(f"{wat} moet een Decimal zijn, geen {type(waarde).__name__}")
    d = Decimal(waarde)
    if not d.is_finite():
        raise ValueError(f"{wat} moet een eindig getal zijn, niet {d}")
    return d


def _half_up(waarde: Fraction) -> int:
    """The whole number nearest to `waarde`, halves away from zero (as Decimal's ROUND_HALF_UP)."""
    if waarde < 0:
        return -math.floor(-waarde + Fraction(1, 2))
    return math.floor(waarde + Fraction(1, 2))


def _afgerond(waarde: Fraction, decimalen: int) -> Decimal:
    """An exact fraction as a Decimal with `decimalen` decimals, ROUND_HALF_UP."""
    return Decimal(_half_up(waarde * 10**decimalen)).scaleb(-decimalen)


def _uit_centen(centen: int) -> Decimal:
    return Decimal(centen).scaleb(-2)


def _heeft_hele_centen(bedrag: Decimal) -> bool:
    return (Fraction(bedrag) * 100).denominator == 1


def _centen(bedrag: Decimal) -> int:
    return int(Fraction(bedrag) * 100)


def _grootste_rest(totaal_centen: int, gewichten: Sequence[Fraction]) -> list[int]:
    """`totaal_centen` in proportion to `gewichten` (>= 0, not all 0), in whole cents that add up to it exactly.

    Everyone gets the whole cents of their exact share; the cents left over go one each to the largest
    remainders, ties to the first in the list. A negative total is split as its absolute value and then
    negated, so the same provider gets the odd cent whether money is added or taken away.
    """
    teken = -1 if totaal_centen < 0 else 1
    te_verdelen = abs(totaal_centen)
    som = sum(gewichten, Fraction(0))
    exact = [te_verdelen * g / som for g in gewichten]
    delen = [math.floor(e) for e in exact]
    over = te_verdelen - sum(delen)
    volgorde = sorted(range(len(exact)), key=lambda i: (-(exact[i] - delen[i]), i))
    for i in volgorde[:over]:
        delen[i] += 1
    return [teken * d for d in delen]


# --- 1. one agreement line: practice and regional organisation ---


def verdeel_bedrag(bedrag: Decimal, aandeel_praktijk: Decimal) -> tuple[Decimal, Decimal]:
    """(praktijk, regio) of an agreement line's amount, in euros with 2 decimals.

    The practice part is rounded ROUND_HALF_UP and the regional organisation gets the rest, so the two add up
    to the amount to the cent. An amount with more than 2 decimals is first rounded to cents (ROUND_HALF_UP).
    """
    bedrag = _decimaal(bedrag, "bedrag")
    aandeel = _decimaal(aandeel_praktijk, "aandeel_praktijk")
    if bedrag < 0:
        raise ValueError(_("Een bedrag kan niet negatief zijn (%(bedrag)s).") % {"bedrag": bedrag})
    if not 0 <= aandeel <= HONDERD:
        raise ValueError(
            _("Het aandeel van de praktijk moet tussen 0%% en 100%% liggen, niet %(aandeel)s%%.")
            % {"aandeel": getal(aandeel)}
        )
    totaal = bedrag.quantize(CENT, rounding=ROUND_HALF_UP)
    praktijk = _afgerond(Fraction(totaal) * Fraction(aandeel) / 100, 2)
    return praktijk, totaal - praktijk


def controleer_verdeling(aandeel_praktijk: Decimal, aandeel_regio: Decimal) -> None:
    """Refuses a split of an agreement line whose shares (percentages) are not each 0..100 and together 100."""
    praktijk = _decimaal(aandeel_praktijk, "aandeel_praktijk")
    regio = _decimaal(aandeel_regio, "aandeel_regio")
    for aandeel in (praktijk, regio):
        if not 0 <= aandeel <= HONDERD:
            raise ValidationError(
                _("Een aandeel ligt tussen 0%% en 100%%; %(aandeel)s%% kan niet."),
                code="aandeel_buiten_bereik",
                params={"aandeel": getal(aandeel)},
            )
    som = praktijk + regio
    if som != HONDERD:
        raise ValidationError(
            _(
                "Het aandeel van de praktijk (%(praktijk)s%%) en van de regio-organisatie (%(regio)s%%) tellen "
                "op tot %(som)s%%; samen moet dat 100%% zijn."
            ),
            code="verdeling_niet_100",
            params={"praktijk": getal(praktijk), "regio": getal(regio), "som": getal(som)},
        )


# --- 2. the financial overview ---


@dataclass(frozen=True)
class Regelbedrag:
    """The amount of one agreement line (contractafspraak) in one year, and the practice's share in %."""

    afspraak: str
    segment: str
    jaar: int
    bedrag: Decimal
    aandeel_praktijk: Decimal


@dataclass(frozen=True)
class Overzicht:
    """Financieel overzicht: amounts per year and segment, and what goes to practices and the regio-organisatie."""

    jaren: list[int]
    segmenten: list[str]
    per_jaar_segment: dict[tuple[int, str], Decimal]
    per_jaar: dict[int, Decimal]
    per_segment: dict[str, Decimal]
    totaal: Decimal
    praktijk_per_jaar: dict[int, Decimal]
    regio_per_jaar: dict[int, Decimal]
    praktijk_totaal: Decimal
    regio_totaal: Decimal
    aandeel_praktijk_procent: Decimal | None


def financieel_overzicht(regels: Iterable[Regelbedrag]) -> Overzicht:
    """Totals of the agreement lines per year, per segment and overall.

    Each line is split with verdeel_bedrag before adding up, so practice + regio equals the total to the cent
    in every year and overall (splitting the totals instead would round differently).
    """
    per_jaar_segment: dict[tuple[int, str], Decimal] = {}
    praktijk_per_jaar: dict[int, Decimal] = {}
    regio_per_jaar: dict[int, Decimal] = {}
    for regel in regels:
        if regel.segment not in SEGMENTEN:
            raise ValueError(
                _("%(afspraak)s: onbekend segment %(segment)s; kies uit S1, S2 of S3.")
                % {"afspraak": regel.afspraak, "segment": regel.segment}
            )
        try:
            praktijk, regio = verdeel_bedrag(regel.bedrag, regel.aandeel_praktijk)
        except ValueError as exc:
            raise ValueError(f"{regel.afspraak} ({regel.jaar}): {exc}") from exc
        sleutel = (regel.jaar, regel.segment)
        per_jaar_segment[sleutel] = per_jaar_segment.get(sleutel, NUL) + praktijk + regio
        praktijk_per_jaar[regel.jaar] = praktijk_per_jaar.get(regel.jaar, NUL) + praktijk
        regio_per_jaar[regel.jaar] = regio_per_jaar.get(regel.jaar, NUL) + regio

    jaren = sorted(praktijk_per_jaar)
    volledig = {(jaar, seg): per_jaar_segment.get((jaar, seg), NUL) for jaar in jaren for seg in SEGMENTEN}
    per_jaar = {jaar: sum((volledig[(jaar, seg)] for seg in SEGMENTEN), NUL) for jaar in jaren}
    per_segment = {seg: sum((volledig[(jaar, seg)] for jaar in jaren), NUL) for seg in SEGMENTEN}
    totaal = sum(per_jaar.values(), NUL)
    praktijk_totaal = sum(praktijk_per_jaar.values(), NUL)
    regio_totaal = sum(regio_per_jaar.values(), NUL)
    return Overzicht(
        jaren=jaren,
        segmenten=list(SEGMENTEN),
        per_jaar_segment=volledig,
        per_jaar=per_jaar,
        per_segment=per_segment,
        totaal=totaal,
        praktijk_per_jaar={jaar: praktijk_per_jaar[jaar] for jaar in jaren},
        regio_per_jaar={jaar: regio_per_jaar[jaar] for jaar in jaren},
        praktijk_totaal=praktijk_totaal,
        regio_totaal=regio_totaal,
        aandeel_praktijk_procent=(_afgerond(Fraction(praktijk_totaal) * 100 / Fraction(totaal), 1) if totaal else None),
    )


# --- 3. the verdeelmodel: an integral budget over providers ---


class Verdeelstatus(StrEnum):
    ONDER_DREMPEL = "onder_drempel"
    VERREKEND = "verrekend"
    VANGNET = "vangnet"

    @property
    def label(self) -> StrPromise:
        return _STATUSLABELS[self]


_STATUSLABELS: dict[Verdeelstatus, StrPromise] = {
    Verdeelstatus.ONDER_DREMPEL: gettext_lazy("onder drempel: niet verrekend"),
    Verdeelstatus.VERREKEND: gettext_lazy("verrekend"),
    Verdeelstatus.VANGNET: gettext_lazy("vangnet"),
}


@dataclass(frozen=True)
class Aanbieder:
    """A care provider: its current income (euros) and its share basis (hours or costs in the new situation)."""

    naam: str
    huidig: Decimal
    grondslag: Decimal


@dataclass(frozen=True)
class Verdeelregel:
    naam: str
    huidig: Decimal
    grondslag: Decimal
    aandeel_procent: Decimal  # share of the total grondslag, 2 decimals
    model: Decimal  # the budget in proportion to the grondslag
    verschil: Decimal  # model - huidig
    verschil_procent: Decimal | None  # of huidig, 1 decimal; None for a provider without current income
    status: Verdeelstatus
    vangnet: Decimal  # raised to the safety net's floor by this much
    bijstelling: Decimal  # share of the saldo (step 4), only for "verrekend"
    bedrag: Decimal  # the new amount
    mutatie: Decimal  # bedrag - huidig


@dataclass(frozen=True)
class Verdeling:
    regels: list[Verdeelregel]
    budget: Decimal
    totaal_huidig: Decimal
    totaal_vangnet: Decimal
    onverdeeld: Decimal  # the saldo nobody could take (no provider "verrekend"); the parties decide
    in_balans: bool  # sum(bedrag) == budget

    @property
    def totaal_bedrag(self) -> Decimal:
        return sum((r.bedrag for r in self.regels), NUL)


def _procent_fouten(waarde: Decimal | None, omschrijving: str) -> list[str]:
    if waarde is None:
        return []
    punten = _decimaal(waarde, omschrijving)
    if 0 <= punten <= HONDERD:
        return []
    return [
        _("%(wat)s moet tussen 0%% en 100%% liggen, niet %(waarde)s%%.")
        % {"wat": omschrijving, "waarde": getal(punten)}
    ]


def _bedrag_fouten(bedrag: Decimal, omschrijving: str) -> list[str]:
    waarde = _decimaal(bedrag, omschrijving)
    if waarde < 0:
        return [_("%(wat)s kan niet negatief zijn.") % {"wat": omschrijving}]
    if not _heeft_hele_centen(waarde):
        return [_("%(wat)s moet in hele centen zijn (hoogstens twee decimalen).") % {"wat": omschrijving}]
    return []


def _controleer_invoer(
    budget: Decimal, aanbieders: Sequence[Aanbieder], drempel_procent: Decimal, vangnet_procent: Decimal | None
) -> None:
    fouten: dict[str, list[str]] = {
        "budget": _bedrag_fouten(budget, _("Het budget")),
        "drempel_procent": _procent_fouten(drempel_procent, _("De drempel")),
        "vangnet_procent": _procent_fouten(vangnet_procent, _("Het vangnet")),
        "aanbieders": [],
    }
    aanbiederfouten = fouten["aanbieders"]
    if not aanbieders:
        aanbiederfouten.append(_("Geef ten minste één aanbieder op."))
    gezien: set[str] = set()
    for aanbieder in aanbieders:
        naam = aanbieder.naam.strip()
        if not naam:
            aanbiederfouten.append(_("Elke aanbieder heeft een naam nodig."))
        elif naam.casefold() in gezien:
            aanbiederfouten.append(_("De aanbieder %(naam)s staat er meer dan één keer in.") % {"naam": naam})
        gezien.add(naam.casefold())
        aanbiederfouten += _bedrag_fouten(aanbieder.huidig, _("Het huidige inkomen van %(naam)s") % {"naam": naam})
        if _decimaal(aanbieder.grondslag, "grondslag") < 0:
            aanbiederfouten.append(_("De grondslag van %(naam)s kan niet negatief zijn.") % {"naam": naam})
    if aanbieders and not aanbiederfouten and sum((a.grondslag for a in aanbieders), Decimal(0)) == 0:
        aanbiederfouten.append(
            _("De grondslag van alle aanbieders samen is 0: geef uren of kosten op om het budget naar te verdelen.")
        )
    ingevuld = {veld: meldingen for veld, meldingen in fouten.items() if meldingen}
    if ingevuld:
        raise ValidationError(ingevuld)


def verdeel_budget(
    *,
    budget: Decimal,
    aanbieders: Iterable[Aanbieder],
    drempel_procent: Decimal,
    vangnet_procent: Decimal | None = None,
) -> Verdeling:
    """The integral budget over the providers, in four steps (as documented to the users):

    1. Model: the budget in proportion to each provider's grondslag, in cents by the largest remainder, so the
       model amounts add up to the budget exactly (ties go to the first in the list).
    2. Threshold: a change (model - current) of at most `drempel_procent` % of the current income is not
       settled; that provider keeps its current income ("onder drempel"). Larger changes are ("verrekend").
    3. Safety net (when `vangnet_procent` is given): nobody gets less than current * (1 - vangnet %), rounded
       half up to cents; whoever is raised to that floor gets status "vangnet".
    4. Balance: what steps 2 and 3 left over or overspent (budget - sum) goes to the "verrekend" providers in
       proportion to their grondslag, by the largest remainder. A deduction never takes a provider below its
       safety net's floor (or below zero without a safety net): whoever would go below gives only down to it, and
       the rest is shared again by the others. What nobody can take (no "verrekend" provider left, or none with
       a grondslag) stays `onverdeeld` and the budget is not in balance: the parties decide.
    """
    lijst = list(aanbieders)
    _controleer_invoer(budget, lijst, drempel_procent, vangnet_procent)

    budget_centen = _centen(budget)
    huidig = [_centen(a.huidig) for a in lijst]
    gewichten = [Fraction(a.grondslag) for a in lijst]
    som_gewichten = sum(gewichten, Fraction(0))
    model = _grootste_rest(budget_centen, gewichten)
    drempel = Fraction(drempel_procent) / 100
    vangnet_fractie = None if vangnet_procent is None else 1 - Fraction(vangnet_procent) / 100

    statussen: list[Verdeelstatus] = []
    bedragen: list[int] = []
    vangnetten: list[int] = []
    for i in range(len(lijst)):
        if abs(model[i] - huidig[i]) <= drempel * huidig[i]:
            status, bedrag = Verdeelstatus.ONDER_DREMPEL, huidig[i]
        else:
            status, bedrag = Verdeelstatus.VERREKEND, model[i]
        vangnet = 0
        if vangnet_fractie is not None:
            vloer = _half_up(huidig[i] * vangnet_fractie)
            if bedrag < vloer:
                status, vangnet, bedrag = Verdeelstatus.VANGNET, vloer - bedrag, vloer
        statussen.append(status)
        bedragen.append(bedrag)
        vangnetten.append(vangnet)

    saldo = budget_centen - sum(bedragen)
    bijstellingen = [0] * len(lijst)
    # What a deduction may not go below: the safety net's floor, or nothing at all.
    ondergrens = [_half_up(h * vangnet_fractie) if vangnet_fractie is not None else 0 for h in huidig]
    actief = [i for i, status in enumerate(statussen) if status is Verdeelstatus.VERREKEND and gewichten[i] > 0]
    while saldo and actief:
        delen = dict(zip(actief, _grootste_rest(saldo, [gewichten[i] for i in actief]), strict=True))
        onder = [i for i in actief if bedragen[i] + delen[i] < ondergrens[i]]
        if not onder:
            for i, deel in delen.items():
                bijstellingen[i] += deel
                bedragen[i] += deel
            saldo = 0
            break
        # Those a share would push below their floor give only down to it; the rest is shared again by the others.
        for i in onder:
            deel = ondergrens[i] - bedragen[i]
            bijstellingen[i] += deel
            bedragen[i] += deel
            saldo -= deel
            actief.remove(i)
    onverdeeld = saldo

    regels = [
        Verdeelregel(
            naam=a.naam.strip(),
            huidig=_uit_centen(huidig[i]),
            grondslag=a.grondslag,
            aandeel_procent=_afgerond(gewichten[i] * 100 / som_gewichten, 2),
            model=_uit_centen(model[i]),
            verschil=_uit_centen(model[i] - huidig[i]),
            verschil_procent=(_afgerond(Fraction(model[i] - huidig[i]) * 100 / huidig[i], 1) if huidig[i] else None),
            status=statussen[i],
            vangnet=_uit_centen(vangnetten[i]),
            bijstelling=_uit_centen(bijstellingen[i]),
            bedrag=_uit_centen(bedragen[i]),
            mutatie=_uit_centen(bedragen[i] - huidig[i]),
        )
        for i, a in enumerate(lijst)
    ]
    return Verdeling(
        regels=regels,
        budget=_uit_centen(budget_centen),
        totaal_huidig=_uit_centen(sum(huidig)),
        totaal_vangnet=_uit_centen(sum(vangnetten)),
        onverdeeld=_uit_centen(onverdeeld),
        in_balans=sum(bedragen) == budget_centen,
    )


# --- 4. the yearly cycle: indexation per year, structural and project money ---


def indexatie(bedrag: Decimal, procent: Decimal) -> Decimal:
    """The indexation of `bedrag` at `procent` %: bedrag * procent / 100, rounded half up to the cent.

    Exact in Decimal (an amount of at most 12 digits times a percentage of at most 5 stays far within Decimal's 28
    digits), so the only rounding is the one to the cent. A negative percentage (prices fell) lowers the amount.
    """
    bedrag = _decimaal(bedrag, "bedrag")
    procent = _decimaal(procent, "procent")
    return (bedrag * procent / HONDERD).quantize(CENT, rounding=ROUND_HALF_UP) + NUL


@dataclass(frozen=True)
class Jaarbedrag:
    """One line's base amount in one year, whether the line is indexed, and its kind of money."""

    afspraak: str
    jaar: int
    basis: Decimal
    geindexeerd: bool
    geldsoort: str  # "structureel" or "project"


@dataclass(frozen=True)
class Indexstap:
    """One year's indexation of a line: the year's percentage and the line's amount after it (to the cent)."""

    jaar: int
    procent: Decimal
    bedrag: Decimal


@dataclass(frozen=True)
class Geindexeerd:
    """One line in one year with its indexation: basis + indexatie = totaal; `stappen` shows how, year by year."""

    afspraak: str
    jaar: int
    basis: Decimal
    indexatie: Decimal
    totaal: Decimal
    geldsoort: str
    stappen: tuple[Indexstap, ...] = ()


@dataclass(frozen=True)
class Jaartotaal:
    """A year of the contract: base amounts, indexation, total, and the total split into structural and project."""

    jaar: int
    basis: Decimal
    indexatie: Decimal
    totaal: Decimal
    structureel: Decimal
    project: Decimal
    procent: Decimal | None  # the year's indexation percentage, None when there is none


def samengestelde_indexatie(basis: Decimal, procenten: dict[int, Decimal], jaar: int) -> tuple[Indexstap, ...]:
    """The indexation of a line's `basis` amount of `jaar`, compounded: every agreed percentage of a year up to and
    including `jaar` applies, in year order, to the amount as the years before indexed it, rounded half up to the
    cent after each year (as the parties pay it each year). A year without an agreed percentage adds nothing.

    By hand: 100,000.00 with 3.1 % in 2027 and 2.5 % in 2028 is 103,100.00 in 2027 and 103,100.00 + 2,577.50 =
    105,677.50 in 2028 (not 100,000.00 + 2.5 %)."""
    bedrag = _decimaal(basis, "basis").quantize(CENT, rounding=ROUND_HALF_UP)
    stappen = []
    for j in sorted(j for j in procenten if j <= jaar):
        bedrag = bedrag + indexatie(bedrag, procenten[j])
        stappen.append(Indexstap(j, procenten[j], bedrag))
    return tuple(stappen)


def indexeren(bedrag: Jaarbedrag, procenten: dict[int, Decimal]) -> Geindexeerd:
    """The line's amount in its year with the indexation agreed per year (`procenten`) if the line is indexed,
    compounded over the years up to its year (`samengestelde_indexatie`).

    Each line is indexed on its own and rounded to the cent; the year's totals add the rounded lines, so what a
    line shows adds up to what the year shows."""
    basis = bedrag.basis.quantize(CENT, rounding=ROUND_HALF_UP)
    stappen = samengestelde_indexatie(basis, procenten, bedrag.jaar) if bedrag.geindexeerd else ()
    totaal = stappen[-1].bedrag if stappen else basis
    return Geindexeerd(bedrag.afspraak, bedrag.jaar, basis, totaal - basis, totaal, bedrag.geldsoort, stappen)


def jaartotalen(
    bedragen: Iterable[Jaarbedrag], procenten: dict[int, Decimal], jaren: Iterable[int]
) -> list[Jaartotaal]:
    """Per year of `jaren`: base, indexation and total of all lines, and the total split by kind of money."""
    per_jaar: dict[int, list[Geindexeerd]] = {jaar: [] for jaar in jaren}
    for bedrag in bedragen:
        if bedrag.geldsoort not in ("structureel", "project"):
            raise ValueError(
                _("%(afspraak)s: onbekende soort geld %(soort)s.")
                % {"afspraak": bedrag.afspraak, "soort": bedrag.geldsoort}
            )
        per_jaar.setdefault(bedrag.jaar, []).append(indexeren(bedrag, procenten))
    totalen = []
    for jaar in sorted(per_jaar):
        regels = per_jaar[jaar]
        totalen.append(
            Jaartotaal(
                jaar=jaar,
                basis=sum((r.basis for r in regels), NUL),
                indexatie=sum((r.indexatie for r in regels), NUL),
                totaal=sum((r.totaal for r in regels), NUL),
                structureel=sum((r.totaal for r in regels if r.geldsoort == "structureel"), NUL),
                project=sum((r.totaal for r in regels if r.geldsoort == "project"), NUL),
                procent=procenten.get(jaar),
            )
        )
    return totalen


def verdeel_in_centen(totaal: Decimal, gewichten: Sequence[int]) -> list[Decimal]:
    """`totaal` (whole cents) in proportion to `gewichten`, as amounts that add up to it exactly (largest
    remainder, ties to the first)."""
    return [
        _uit_centen(c) + NUL
        for c in _grootste_rest(_centen(_decimaal(totaal, "totaal")), [Fraction(g) for g in gewichten])
    ]
