"""The key figures of a region: every indicator with data, grouped by the part of the regiobeeld it belongs to, each
with the region's latest value, the province and the Netherlands in the same year, the difference, a small trend,
source and year. A selector gives rows (`selectors.kerncijferbron`), analysis computes (`analysis.kerncijfers`),
this module only lays them out for the page; `getallen` writes the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regio import getallen
from regio.models import Regio
from regiobeeld import analysis, selectors, sparklijn
from regiobeeld.models import Cijferdeel, Deelsoort, Indicator, Regiobeeld

# Where each part's figures stand on the regiobeeld page (the guide's parts). Money has no part of its own in
# the guide: care costs follow the use of care, so they stand with the development of care demand.
DEELSOORT_PER_CIJFERDEEL: dict[str, str] = {
    Cijferdeel.BEVOLKING: Deelsoort.BESCHRIJVING,
    Cijferdeel.ZORGVRAAG: Deelsoort.ZORGVRAAG,
    Cijferdeel.KOSTEN: Deelsoort.ZORGVRAAG,
    Cijferdeel.ZORGAANBOD: Deelsoort.ZORGAANBOD,
    Cijferdeel.TRENDS: Deelsoort.TRENDS,
}
OVERIG = ""
SORTEERKOLOMMEN = ("indicator", "verschil", "jaar", "bron")


@dataclass(frozen=True)
class Sortering:
    kolom: str = ""  # "" is the catalogue's order
    oplopend: bool = True

    @classmethod
    def uit(cls, parameters: Mapping[str, str]) -> Sortering:
        """From the query string (`sorteer`, `richting`); anything unknown gives the catalogue's order."""
        kolom = parameters.get("sorteer", "")
        if kolom not in SORTEERKOLOMMEN:
            return cls()
        return cls(kolom, parameters.get("richting") != "af")

    def aria(self, kolom: str) -> str:
        if kolom != self.kolom:
            return "none"
        return "ascending" if self.oplopend else "descending"

    def query(self) -> str:
        """The query string of this order ("" for the catalogue's), to come back to it after a change."""
        return f"?sorteer={self.kolom}&richting={'op' if self.oplopend else 'af'}" if self.kolom else ""

    def link(self, kolom: str) -> str:
        """The query string that sorts by `kolom`: ascending first, the other way round when already so."""
        richting = "af" if kolom == self.kolom and self.oplopend else "op"
        return f"?sorteer={kolom}&richting={richting}"


@dataclass(frozen=True)
class Kerncijfer:
    indicator: Indicator
    jaar: int
    regio: str
    regio_per: str  # the count per inhabitants, "" for a rate
    volledig: bool
    provincie: str
    nederland: str
    verschil: str
    verschil_waarde: float | None
    verschil_uitleg: str
    trend: str  # the SVG
    trend_tekst: str
    bron: str
    illustratief: bool
    uitgelicht: bool
    behouden: str = ""  # which of the region's values in this year a newer import kept from an older one


@dataclass(frozen=True)
class Groep:
    deel: str  # a Cijferdeel value, or OVERIG
    titel: str | Promise
    rijen: list[Kerncijfer]
    bronnen_voor_leeg: list[str]  # the sources whose import would fill an empty part

    @property
    def deelsoort(self) -> str:
        return DEELSOORT_PER_CIJFERDEEL.get(self.deel, "")


@dataclass(frozen=True)
class Kerncijfers:
    groepen: list[Groep]
    provincie: str | None
    sortering: Sortering = field(default_factory=Sortering)
    behouden: list[selectors.Behouden] = field(default_factory=list)

    @property
    def uitgelicht(self) -> list[Kerncijfer]:
        return [r for g in self.groepen for r in g.rijen if r.uitgelicht]

    @property
    def leeg(self) -> bool:
        return not any(g.rijen for g in self.groepen)

    @cached_property
    def koppen(self) -> dict[str, Kop]:
        """Per sortable column: its aria-sort value and the link that sorts by it (once: every table's head asks)."""
        return {k: Kop(self.sortering.aria(k), self.sortering.link(k)) for k in SORTEERKOLOMMEN}


class Kop(NamedTuple):
    """A sortable column head. Named fields: the template reads `kop.aria` by attribute, where `kop.0` first failed
    as a key and as an attribute (Django then calls dir() on the tuple, some 100 times a page)."""

    aria: str
    link: str


def _getal(waarde: float, eenheid: str) -> str:
    """A value in its unit: euros whole from 100 up; whole numbers (counts) and numbers from 1.000 up without
    decimals, others with one."""
    if math.isnan(waarde):
        return getallen.GEEN
    groot = abs(waarde) >= 100
    if getallen.is_euro(eenheid):
        return getallen.euro(waarde, 0 if groot else 2)
    decimalen = 0 if float(waarde).is_integer() or abs(waarde) >= 1000 else 1
    return getallen.met_eenheid(getallen.getal(waarde, decimalen), eenheid)


@dataclass(frozen=True)
class _Teksten:
    """The key figures' sentences in the active language, translated once per page instead of once per row (each
    lookup of the active language costs microseconds; a page has some fifty rows of three or four)."""

    per: str
    geen_vergelijking: str
    punten: str
    index: str
    een_jaar: str
    gestegen: str
    gedaald: str
    gelijk: str
    van_tot: str


def _teksten() -> _Teksten:
    return _Teksten(
        per=_("%(waarde)s per %(per)s inwoners"),
        geen_vergelijking=_("geen vergelijking met Nederland"),
        punten=_("%(v)s procentpunt ten opzichte van Nederland"),
        index=_("index %(v)s (Nederland = 100)"),
        een_jaar=_("Geen verloop: één jaar."),
        gestegen=_("gestegen"),
        gedaald=_("gedaald"),
        gelijk=_("gelijk gebleven"),
        van_tot=_("Van %(j0)s tot %(j1)s %(richting)s van %(w0)s naar %(w1)s."),
    )


def _per(waarde: float, per: int, t: _Teksten) -> str:
    if math.isnan(waarde):
        return getallen.GEEN
    return t.per % {"waarde": getallen.getal(waarde, 1), "per": getallen.getal(per)}


def _vergelijkbaar(waarde: float, per: int, eenheid: str, t: _Teksten) -> str:
    return _per(waarde, per, t) if per else _getal(waarde, eenheid)


def _verschil(waarde: float, soort: str, t: _Teksten) -> tuple[str, str]:
    """The difference as text, and what it means in words (for the screen reader and the tooltip)."""
    if math.isnan(waarde):
        return getallen.GEEN, t.geen_vergelijking
    if soort == analysis.PUNTEN:
        tekst = getallen.getal(waarde, 1, teken=True)
        return tekst, t.punten % {"v": tekst}
    tekst = getallen.getal(waarde, 0)
    return tekst, t.index % {"v": tekst}


def _trendtekst(reeks: list[tuple[int, float]], eenheid: str, t: _Teksten) -> str:
    if len(reeks) < 2:
        return t.een_jaar
    (j0, w0), (j1, w1) = reeks[0], reeks[-1]
    richting = t.gestegen if w1 > w0 else t.gedaald if w1 < w0 else t.gelijk
    return t.van_tot % {
        "j0": j0,
        "j1": j1,
        "richting": richting,
        "w0": _getal(w0, eenheid),
        "w1": _getal(w1, eenheid),
    }


def behouden_tekst(waarde: selectors.Behouden) -> str:
    """An older value a newer import kept, in words: where, its source, when it was imported."""
    sjabloon = (
        _("%(gemeente)s %(jaar)s: oude waarde uit %(bron)s (ingelezen in %(ingelezen)s), behouden bij %(bestand)s")
        if waarde.ingelezen_op
        else _("%(gemeente)s %(jaar)s: oude waarde uit %(bron)s, behouden bij %(bestand)s")
    )
    return sjabloon % {
        "gemeente": waarde.gemeente_naam,
        "jaar": waarde.jaar,
        "bron": waarde.bron,
        "ingelezen": waarde.ingelezen_op.year if waarde.ingelezen_op else "",
        "bestand": waarde.bij_bestand,
    }


def behouden_kort(waarden: list[selectors.Behouden]) -> str:
    """What a key figure's row says of its kept values: one in words; several as a count, listed under the tables
    (a region of seven gemeenten made the row a column of seven sentences)."""
    if len(waarden) == 1:
        return behouden_tekst(waarden[0])
    if not waarden:
        return ""
    return ngettext(
        "%(n)s gemeente; zie de lijst van oude waarden onder de tabellen",
        "%(n)s gemeenten; zie de lijst van oude waarden onder de tabellen",
        len(waarden),
    ) % {"n": len(waarden)}


def _sorteren(rijen: list[Kerncijfer], sortering: Sortering) -> list[Kerncijfer]:
    if not sortering.kolom:
        return rijen
    sleutels = {
        "indicator": lambda r: r.indicator.naam.casefold(),
        "jaar": lambda r: r.jaar,
        "bron": lambda r: r.bron.casefold(),
    }
    if sortering.kolom == "verschil":
        # Rows without a difference go last, either way.
        met = [r for r in rijen if r.verschil_waarde is not None]
        zonder = [r for r in rijen if r.verschil_waarde is None]
        met.sort(key=lambda r: r.verschil_waarde or 0.0, reverse=not sortering.oplopend)
        return met + zonder
    return sorted(rijen, key=sleutels[sortering.kolom], reverse=not sortering.oplopend)


def kernindicator(i: Indicator) -> analysis.Kernindicator:
    return analysis.Kernindicator(
        i.code,
        i.aggregatie,
        procent=i.eenheid.strip() == "%",
        bevolking=analysis.is_bevolkingsaantal(
            eenheid=i.eenheid, aggregatie=i.aggregatie, leeftijdsgroep=i.leeftijdsgroep
        ),
        verhouding=selectors.verhouding_van(i),
    )


def opbouwen(
    regio: Regio,
    regiobeeld: Regiobeeld | None = None,
    sortering: Sortering | None = None,
    basis: selectors.Basis | None = None,
) -> Kerncijfers:
    """The key figures of the region; highlighted as the regiobeeld (if given) highlights them. `basis` when the
    page has read it already (for the same regiobeeld)."""
    sortering = sortering or Sortering()
    bron = selectors.kerncijferbron(regio, regiobeeld, basis)
    indicatoren = bron.basis.met_cijfers
    per_code = {i.code: i for i in indicatoren}
    kern = [kernindicator(i) for i in indicatoren]
    sommen = _sommen(bron, kern)
    rijen_analyse = analysis.kerncijferrijen(
        kern,
        eigen=sommen["regio"],
        provincie=sommen["provincie"],
        nederland=sommen["nederland"],
        totaal=len(bron.basis.eigen),
    )
    reeksen = analysis.reeksen_uit_sommen(sommen["regio"], kern)
    behouden: dict[tuple[int, int], list[selectors.Behouden]] = {}
    for oud in bron.behouden:
        behouden.setdefault((oud.indicator_id, oud.jaar), []).append(oud)
    bronnen, illustratief = bron.bronnen, bron.illustratief
    teksten = _teksten()
    rijen: list[Kerncijfer] = []
    for r in rijen_analyse:
        indicator = per_code[r.indicator]
        jaar = r.jaar
        per = r.per
        verschil, uitleg = _verschil(r.verschil, r.verschil_soort, teksten)
        reeks = reeksen.get(indicator.code, [])
        # A ratio's sources are those of its numerator and denominator.
        delen: set[int] = {indicator.pk}
        if indicator.is_verhouding:
            delen = {pk for pk in (indicator.teller_id, indicator.noemer_id) if pk is not None}
        trend_tekst = _trendtekst(reeks, indicator.eenheid, teksten)
        rijen.append(
            Kerncijfer(
                indicator=indicator,
                jaar=jaar,
                regio=_getal(r.regio, indicator.eenheid),
                regio_per=_per(r.regio_vergelijkbaar, per, teksten) if per else "",
                volledig=r.regio_volledig,
                provincie=_vergelijkbaar(r.provincie, per, indicator.eenheid, teksten),
                nederland=_vergelijkbaar(r.nederland, per, indicator.eenheid, teksten),
                verschil=verschil,
                verschil_waarde=None if math.isnan(r.verschil) else r.verschil,
                verschil_uitleg=uitleg,
                trend=sparklijn.svg(reeks, trend_tekst),
                trend_tekst=trend_tekst,
                bron="; ".join(sorted(set().union(*(bronnen.get((pk, jaar), set()) for pk in delen))))
                or indicator.bron,
                illustratief=not illustratief.isdisjoint(delen),
                uitgelicht=indicator.pk in bron.basis.uitgelicht,
                behouden=behouden_kort([o for pk in sorted(delen) for o in behouden.get((pk, jaar), [])]),
            )
        )
    return Kerncijfers(
        _groeperen(rijen, bron.basis.indicatoren, sortering), bron.basis.provincie, sortering, bron.behouden
    )


def _sommen(bron: selectors.Kerncijferbron, kern: list[analysis.Kernindicator]) -> dict[str, analysis.Sommen]:
    """The sums of every area by indicator code: the database's, and the ratios' from their numerators and
    denominators per gemeente (over the gemeenten that have both), the province's and the Netherlands' in the
    ratio's year only (as the database's)."""
    code_van = {i.pk: i.code for i in bron.basis.indicatoren}
    sommen = {
        gebied: {(code_van[i], j): s for (i, j), s in per_sleutel.items() if i in code_van}
        for gebied, per_sleutel in bron.sommen.items()
    }
    if not any(k.verhouding for k in kern):
        return sommen
    gemeenten = bron.basis.gemeenten
    provincie = bron.basis.provincie
    verhoudingen = analysis.verhoudingssommen(
        [
            (code_van[i], gemeenten[g].code, j, w)
            for i, g, j, w in bron.verhoudingsdelen
            if i in code_van and g in gemeenten
        ],
        kern,
        {
            "regio": bron.basis.eigen_codes,
            "provincie": [info.code for info in gemeenten.values() if info.provincie == provincie],
            "nederland": [info.code for info in gemeenten.values()],
        },
    )
    laatste = {code_van[i]: j for i, j in bron.basis.laatste_jaar.items() if i in code_van}
    for gebied, per_sleutel in verhoudingen.items():
        for sleutel, som in per_sleutel.items():
            if gebied == "regio" or laatste.get(sleutel[0]) == sleutel[1]:
                sommen[gebied][sleutel] = som
    return sommen


def _groeperen(rijen: list[Kerncijfer], alle: list[Indicator], sortering: Sortering) -> list[Groep]:
    """One group per part, in the guide's order (also when empty: the page says which sources' import would fill
    it), and the indicators not yet assigned to a part last, only when there are any."""
    bronnen: dict[str, set[str]] = {}
    for i in alle:
        if i.actief:
            bronnen.setdefault(i.deel, set()).add(i.bron)
    groepen = [
        Groep(
            deel,
            label,
            _sorteren([r for r in rijen if r.indicator.deel == deel], sortering),
            sorted(bronnen.get(deel, set())) if not any(r.indicator.deel == deel for r in rijen) else [],
        )
        for deel, label in Cijferdeel.choices
    ]
    overig = [r for r in rijen if r.indicator.deel not in Cijferdeel.values]
    if overig:
        groepen.append(Groep(OVERIG, _("Overige cijfers"), _sorteren(overig, sortering), []))
    return groepen
