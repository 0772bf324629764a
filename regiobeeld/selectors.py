"""Reads for the regiobeeld pages, each in a fixed number of queries whatever the number of figures."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Exists, FloatField, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from regio import goedkeuring
from regio.models import Deelname, Gemeente, Regio
from regiobeeld import analysis
from regiobeeld.models import (
    Akkoord,
    Cijfer,
    Deel,
    Deelsoort,
    Domein,
    Importbestand,
    Indicator,
    Regiobeeld,
    Uitdaging,
    Uitgelicht,
)


@dataclass(frozen=True)
class GemeenteInfo:
    code: str
    naam: str
    provincie: str
    inwoners: int


@dataclass(frozen=True)
class Akkoordstatus:
    organisatie_naam: str
    huidig: Akkoord | None  # agreed to the current version
    vervallen: Akkoord | None  # agreed to an earlier version, withdrawn by a later change

    @property
    def akkoord(self) -> bool:
        return self.huidig is not None


@dataclass(frozen=True)
class DeelMetWijziging:
    deel: Deel
    gewijzigd_door: str | None
    gewijzigd_op: dt.datetime | None


@dataclass(frozen=True)
class Partij:
    """An organisation taking part in the region, as the pages show it: read as plain values, not as model
    instances (a region has hundreds of practices)."""

    organisatie_id: int
    naam: str
    soort: str
    rol: str

    @property
    def is_contractpartij(self) -> bool:
        return self.rol == Deelname.DeelnameRol.CONTRACTPARTIJ

    @property
    def rol_label(self) -> str | Promise:
        """As Deelname.get_rol_display: the label of a known role (translated when shown), else the value."""
        return _ROLLABELS.get(self.rol, self.rol)


_ROLLABELS: dict[str, str | Promise] = dict(Deelname.DeelnameRol.choices)


@dataclass(frozen=True)
class Document:
    regiobeeld: Regiobeeld
    delen: list[DeelMetWijziging]
    uitdagingen: list[Uitdaging]
    deelnames: list[Partij]
    akkoorden: list[Akkoordstatus]

    @property
    def gezamenlijk_gedragen(self) -> bool:
        return bool(self.akkoorden) and all(a.akkoord for a in self.akkoorden)


def zou_intrekken(regiobeeld: Regiobeeld) -> goedkeuring.Intrekking:
    """Whose agreement saving a change to the regiobeeld now would withdraw (the edit forms say so). One query."""
    return goedkeuring.zou_intrekken(regiobeeld.akkoorden.all(), AKKOORD)


AKKOORD = gettext_lazy("het akkoord")


def regiobeelden_van(regio: Regio) -> list[Regiobeeld]:
    return list(Regiobeeld.objects.filter(regio=regio).order_by("-jaar"))


def document(regiobeeld: Regiobeeld) -> Document:
    """The written parts of a regiobeeld, its challenges, parties and the state of agreement."""
    volgorde = {soort: i for i, soort in enumerate(Deelsoort.values)}
    laatste: dict[int, tuple[str | None, dt.datetime]] = {}
    # History rows newest first; the first per part is its last change (one query for all parts).
    for deel_id, naam, email, op in (
        Deel.history.filter(regiobeeld_id=regiobeeld.pk, versie__gt=1)
        .order_by("-history_date")
        .values_list("id", "history_user__naam", "history_user__email", "history_date")
    ):
        laatste.setdefault(deel_id, (naam or email, op))
    delen = [
        DeelMetWijziging(d, *laatste.get(d.pk, (None, None)))
        for d in sorted(Deel.objects.filter(regiobeeld=regiobeeld), key=lambda d: volgorde[d.soort])
    ]
    uitdagingen = list(Uitdaging.objects.filter(regiobeeld=regiobeeld).prefetch_related("indicatoren"))
    deelnames = [
        Partij(*rij)
        for rij in Deelname.objects.filter(regio_id=regiobeeld.regio_id)
        .lopend_of_komend(timezone.localdate())
        .order_by("rol", "organisatie__naam")
        .values_list("organisatie_id", "organisatie__naam", "organisatie__soort__naam", "rol")
    ]
    akkoorden = list(
        Akkoord.objects.filter(regiobeeld=regiobeeld).select_related("gebruiker", "organisatie").order_by("-gegeven_op")
    )
    statussen = []
    for partij in deelnames:
        if not partij.is_contractpartij:
            continue
        van_partij = [a for a in akkoorden if a.organisatie_id == partij.organisatie_id]
        huidig = next((a for a in van_partij if a.regiobeeld_versie == regiobeeld.versie), None)
        vervallen = None if huidig else next(iter(van_partij), None)
        statussen.append(Akkoordstatus(partij.naam, huidig, vervallen))
    return Document(regiobeeld, delen, uitdagingen, deelnames, statussen)


def gemeenten_info() -> dict[str, GemeenteInfo]:
    return {
        code: GemeenteInfo(code, naam, provincie, inwoners)
        for code, naam, provincie, inwoners in Gemeente.objects.values_list("code", "naam", "provincie", "inwoners")
    }


def regio_gemeenten(regio: Regio) -> list[str]:
    return list(regio.gemeenten.order_by("naam").values_list("code", flat=True))


def gemeenten_per_regio() -> dict[int, list[str]]:
    """Every region's gemeenten by region id, for anonymous comparison (names never leave the selector)."""
    per_regio: dict[int, list[str]] = defaultdict(list)
    for regio_id, code in Regio.gemeenten.through.objects.values_list("regio_id", "gemeente__code"):
        per_regio[regio_id].append(code)
    return dict(per_regio)


def indicatoren_met_cijfers(regio: Regio) -> list[Indicator]:
    """The indicators with figures in this region, in the catalogue's order of domains (population first)."""
    alle = Indicator.objects.filter(Q(regio__isnull=True) | Q(regio=regio)).select_related("teller", "noemer")
    heeft = set(Cijfer.objects.filter(regio=regio).values_list("indicator_id", flat=True).distinct())
    return sorted(_met_cijfers(alle, heeft), key=_indicatorvolgorde)


def _met_cijfers(indicatoren: Iterable[Indicator], heeft: set[int]) -> list[Indicator]:
    """The indicators with figures: imported ones with figures of their own, ratios whose numerator and
    denominator both have figures (a ratio is computed, never imported)."""
    return [
        i for i in indicatoren if (i.teller_id in heeft and i.noemer_id in heeft if i.is_verhouding else i.pk in heeft)
    ]


def verhouding_van(indicator: Indicator) -> analysis.Verhouding | None:
    """A ratio indicator's numerator and denominator as analysis takes them (teller and noemer read with it)."""
    if not indicator.is_verhouding or indicator.teller is None or indicator.noemer is None:
        return None
    return analysis.Verhouding(indicator.teller.code, indicator.noemer.code, float(indicator.factor))


Cijferrij = tuple[str, str, int, float, str, bool]  # indicator code, gemeente code, year, value, source, illustrative
Prognoserij = tuple[str, str, int, float, str, int]  # ..., value, source, year the forecast was made


def cijfers(regio: Regio, indicator_ids: list[int]) -> list[Cijferrij]:
    """(indicator code, gemeente code, year, value, source, illustrative) for the region's measured figures."""
    return cijfers_en_prognoses(regio, indicator_ids)[0]


def cijfers_en_prognoses(regio: Regio, indicator_ids: list[int]) -> tuple[list[Cijferrij], list[Prognoserij]]:
    """The region's measured figures (as `cijfers`) and, apart, its forecasts with the year they were made: in one
    query, read apart so that no sum or average mixes them."""
    gemeten: list[Cijferrij] = []
    prognoses: list[Prognoserij] = []
    for code, gemeente, jaar, waarde, bron, illustratief, gemaakt in Cijfer.objects.filter(
        regio=regio, indicator_id__in=indicator_ids
    ).values_list("indicator__code", "gemeente__code", "jaar", "waarde", "bron", "is_illustratief", "prognosejaar"):
        if gemaakt is None:
            gemeten.append((code, gemeente, jaar, float(waarde), bron, illustratief))
        else:
            prognoses.append((code, gemeente, jaar, float(waarde), bron, int(gemaakt)))
    return gemeten, prognoses


def imports_van(regio: Regio, limiet: int = 20) -> list[Importbestand]:
    return list(Importbestand.objects.filter(regio=regio).select_related("aangemaakt_door", "organisatie")[:limiet])


# --- key figures ------------------------------------------------------------------------------------------------


def _indicatorvolgorde(i: Indicator) -> tuple[int, int, str]:
    return (_DOMEINVOLGORDE.get(i.domein, 99), i.volgorde, i.naam)


_DOMEINVOLGORDE = {d: i for i, d in enumerate(Domein.values)}


@dataclass(frozen=True)
class Basis:
    """What every view of a region's figures starts from, in two queries: every gemeente (and which are the
    region's), and every indicator the region can use (and which have figures in the region)."""

    gemeenten: dict[int, GemeenteInfo]  # every gemeente by id
    eigen: list[int]  # the region's gemeenten (ids), by name
    indicatoren: list[Indicator]  # the catalogue and the region's own, in the catalogue's order
    met_cijfers: list[Indicator]  # of those, the ones with figures in the region (as indicatoren_met_cijfers)
    uitgelicht: set[int]  # the ids of those the regiobeeld highlights (none without a regiobeeld)
    laatste_jaar: dict[int, int]  # per indicator id: the latest year with a figure for one of the region's gemeenten
    # (for a ratio: the latest year of both its numerator and its denominator)

    @property
    def info(self) -> dict[str, GemeenteInfo]:
        return {g.code: g for g in self.gemeenten.values()}

    @property
    def eigen_codes(self) -> list[str]:
        return [self.gemeenten[g].code for g in self.eigen]

    @property
    def provincie(self) -> str | None:
        """The region's province: the one most of its gemeenten lie in (None without gemeenten)."""
        provincies = Counter(self.gemeenten[g].provincie for g in self.eigen if g in self.gemeenten)
        return provincies.most_common(1)[0][0] if provincies else None


def basis(regio: Regio, regiobeeld: Regiobeeld | None = None) -> Basis:
    gemeenten: dict[int, GemeenteInfo] = {}
    eigen: list[int] = []
    in_regio = Exists(Regio.gemeenten.through.objects.filter(regio=regio, gemeente_id=OuterRef("pk")))
    for pk, code, naam, provincie, inwoners, eigen_gemeente in (
        Gemeente.objects.annotate(eigen=in_regio)
        .order_by("naam")
        .values_list("pk", "code", "naam", "provincie", "inwoners", "eigen")
    ):
        gemeenten[pk] = GemeenteInfo(code, naam, provincie, inwoners)
        if eigen_gemeente:
            eigen.append(pk)
    gelezen = sorted(
        Indicator.objects.filter(Q(regio__isnull=True) | Q(regio=regio))
        .select_related("teller", "noemer")
        .annotate(
            heeft_cijfers=Exists(Cijfer.objects.filter(regio=regio, indicator_id=OuterRef("pk"))),
            is_uitgelicht=Exists(Uitgelicht.objects.filter(regiobeeld=regiobeeld, indicator_id=OuterRef("pk"))),
            # One index lookup per indicator (regio, indicator, jaar), read backwards to the first own gemeente.
            laatste_jaar=Subquery(
                Cijfer.objects.filter(
                    regio=regio,
                    indicator_id=OuterRef("pk"),
                    prognosejaar__isnull=True,
                    gemeente_id__in=Regio.gemeenten.through.objects.filter(regio=regio).values("gemeente_id"),
                )
                .order_by("-jaar")
                .values("jaar")[:1]
            ),
        ),
        key=_indicatorvolgorde,
    )
    met_cijfers = _met_cijfers(gelezen, {i.pk for i in gelezen if i.heeft_cijfers})
    uitgelicht = {i.pk for i in gelezen if regiobeeld and i.is_uitgelicht}
    laatste = {i.pk: int(i.laatste_jaar) for i in gelezen if i.laatste_jaar is not None}
    for i in gelezen:
        # A ratio's latest year: the latest both its numerator and denominator reach.
        if i.is_verhouding and i.teller_id in laatste and i.noemer_id in laatste:
            laatste[i.pk] = min(laatste[i.teller_id], laatste[i.noemer_id])
    return Basis(gemeenten, eigen, list[Indicator](gelezen), met_cijfers, uitgelicht, laatste)


def _zonder_omzetten(rijen: QuerySet[Any, Any]) -> list[Any]:
    """The rows of a values_list as the database driver gives them: Django's converters cost some 3 µs a value
    (the cast to float already happened in SQL), which is 50 ms for the 20,000 figures of the key figures."""
    sql, parameters = rijen.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return list(cursor.fetchall())


@dataclass(frozen=True)
class Behouden:
    """An older value a newer import left in place at an empty cell of its file (the person chose to keep it)."""

    indicator_id: int
    indicator_naam: str
    gemeente_naam: str
    jaar: int
    waarde: float
    bron: str  # the older value's own source
    ingelezen_op: dt.datetime | None  # when the older value was imported (None: not through an import)
    bij_bestand: str  # the newer import whose empty cell kept it
    bij_bron: str


def behouden_waarden(regio: Regio, eigen: list[int]) -> list[Behouden]:
    """The region's measured values kept at empty cells of a newer import, for its own gemeenten. One query."""
    return [
        Behouden(i, naam, gemeente, jaar, float(waarde), bron, op, bestand, bij_bron)
        for i, naam, gemeente, jaar, waarde, bron, op, bestand, bij_bron in Cijfer.objects.filter(
            regio=regio, gemeente_id__in=eigen, behouden_bij__isnull=False, prognosejaar__isnull=True
        )
        .order_by("indicator__naam", "gemeente__naam", "jaar")
        .values_list(
            "indicator_id",
            "indicator__naam",
            "gemeente__naam",
            "jaar",
            "waarde",
            "bron",
            "importbestand__opgeslagen_op",
            "behouden_bij__bestandsnaam",
            "behouden_bij__bron",
        )
    ]


# As analysis.Sommen, by (indicator id, jaar).
Gebiedssommen = dict[tuple[int, int], tuple[int, float, float, float, float]]
GEBIEDEN = ("regio", "provincie", "nederland")
Deelrij = tuple[int, int, int, float]  # indicator id, gemeente id, year, value


@dataclass(frozen=True)
class Kerncijferbron:
    """Everything the key figures are built from, in a fixed number of queries whatever the number of indicators,
    years or gemeenten: the sums of every area (the database adds up the province's and the Netherlands' some
    17,000 figures: they never travel to Python), the region's sources, and the figures a ratio is computed from."""

    basis: Basis
    sommen: dict[str, Gebiedssommen]  # per area of GEBIEDEN: the region in every year; the province and the
    # Netherlands in each indicator's latest year of the region only
    bronnen: dict[tuple[int, int], set[str]]  # per (indicator id, jaar): the sources of the region's figures
    illustratief: set[int]  # the indicators with an illustrative figure in the region
    verhoudingsdelen: list[Deelrij]  # the numerators and denominators of the ratios per gemeente: the region's in
    # every year, the others' in each ratio's year (a ratio of sums counts only the gemeenten that have both,
    # which a sum cannot tell)
    behouden: list[Behouden]  # older values kept at empty cells of a newer import (`behouden_waarden`)


def _per_jaar(paren: Iterable[tuple[int, int]]) -> Q:
    """(indicator id, jaar) pairs as one condition per year (the indicators mostly share their latest year): a
    handful of terms instead of one per indicator, which Django compiles in microseconds instead of milliseconds."""
    per_jaar: dict[int, list[int]] = defaultdict(list)
    for indicator_id, jaar in paren:
        per_jaar[jaar].append(indicator_id)
    voorwaarde = Q(pk__in=[])
    for jaar, ids in sorted(per_jaar.items()):
        voorwaarde |= Q(jaar=jaar, indicator_id__in=sorted(set(ids)))
    return voorwaarde


def kerncijferbron(regio: Regio, regiobeeld: Regiobeeld | None = None, vooraf: Basis | None = None) -> Kerncijferbron:
    """One query (none without figures), a second only when the region has values kept at empty cells, and
    `basis`' two unless given: the sums, sources and ratio parts (`Kerncijferbron`), and the kept values.

    One aggregate over the region's figures in every year and the others' in each indicator's latest year, per
    (indicator, jaar, the region's source): a row per group with the number, sum, sum x inhabitants and
    inhabitants of the region, its province and the Netherlands. The parts of a ratio are grouped per gemeente
    as well (a group of one figure). A gemeente's inhabitants are always known (a required count), so the sum over
    those with known inhabitants is the plain sum; the unique figure per (regio, indicator, gemeente, jaar) means
    nothing counts twice."""
    b = vooraf or basis(regio, regiobeeld)
    if not b.laatste_jaar:
        return Kerncijferbron(b, {gebied: {} for gebied in GEBIEDEN}, {}, set(), [], [])
    per_id = {i.pk: i for i in b.met_cijfers}
    gewoon: list[tuple[int, int]] = []
    delen: list[tuple[int, int]] = []
    for indicator_id, jaar in b.laatste_jaar.items():
        i = per_id.get(indicator_id)
        if i is not None and i.is_verhouding:
            # Computed from its numerator and denominator: the other gemeenten's in the ratio's year.
            delen += [(pk, jaar) for pk in (i.teller_id, i.noemer_id) if pk is not None]
        else:
            gewoon.append((indicator_id, jaar))
    eigen = Q(gemeente_id__in=b.eigen)
    deel_ids = sorted({pk for pk, _jaar in delen})
    getal = Cast("waarde", FloatField())
    inwoners = Cast("gemeente__inwoners", FloatField())
    filters: dict[str, Q | None] = {"regio": eigen, "provincie": Q(gemeente__provincie=b.provincie), "nederland": None}
    sommen = {
        f"{gebied}_{naam}": uitdrukking
        for gebied, waar in filters.items()
        for naam, uitdrukking in (
            ("n", Count("pk", filter=waar)),
            ("som", Sum(getal, filter=waar)),
            ("gewogen", Sum(getal * inwoners, filter=waar)),
            ("inwoners", Sum(inwoners, filter=waar)),
        )
    }
    groepen = (
        Cijfer.objects.filter(eigen | _per_jaar(gewoon) | _per_jaar(delen), regio=regio, prognosejaar__isnull=True)
        .values(
            "indicator_id",
            "jaar",
            deelgemeente=Case(When(indicator_id__in=deel_ids, then="gemeente_id"), default=None),
            eigen_bron=Case(When(eigen, then="bron"), default=None),
            eigen_illustratief=Case(When(eigen, then="is_illustratief"), default=None),
        )
        .annotate(**sommen, behouden=Count("pk", filter=eigen & Q(behouden_bij__isnull=False)))
        .order_by()
        .values_list("indicator_id", "jaar", "deelgemeente", "eigen_bron", "eigen_illustratief", *sommen, "behouden")
    )
    optelling: dict[str, dict[tuple[int, int], list[float]]] = {gebied: {} for gebied in GEBIEDEN}
    regio_som, provincie_som, nederland_som = (optelling[gebied] for gebied in GEBIEDEN)
    bronnen: dict[tuple[int, int], set[str]] = {}
    illustratief: set[int] = set()
    verhoudingsdelen: list[Deelrij] = []
    heeft_behouden = False

    for indicator_id, jaar, gemeente_id, bron, is_illustratief, *g, behouden in _zonder_omzetten(groepen):
        heeft_behouden = heeft_behouden or bool(behouden)
        sleutel = (indicator_id, jaar)
        # Per area the group's number, sum, sum x inhabitants and inhabitants (written out: some 4,000 groups).
        for som, k in ((regio_som, 0), (provincie_som, 4), (nederland_som, 8)):
            if not g[k]:
                continue
            if (vorig := som.get(sleutel)) is None:
                som[sleutel] = [g[k], g[k + 1], g[k + 2], g[k + 3]]
            else:
                vorig[0] += g[k]
                vorig[1] += g[k + 1]
                vorig[2] += g[k + 2]
                vorig[3] += g[k + 3]
        if g[0]:  # the region's
            bronnen.setdefault(sleutel, set()).add(bron)
            if is_illustratief:
                illustratief.add(indicator_id)
        if gemeente_id is not None:
            verhoudingsdelen.append((indicator_id, gemeente_id, jaar, float(g[9])))
    uitkomst: dict[str, Gebiedssommen] = {
        gebied: {
            k: (int(n), float(som), float(som), float(gewogen), float(mensen))
            for k, (n, som, gewogen, mensen) in per_sleutel.items()
        }
        for gebied, per_sleutel in optelling.items()
    }
    for gebied in ("provincie", "nederland"):
        uitkomst[gebied] = {k: v for k, v in uitkomst[gebied].items() if b.laatste_jaar.get(k[0]) == k[1]}
    # The kept values' details (their sources and files) only when the sums counted any: most regions have none.
    oud = behouden_waarden(regio, b.eigen) if heeft_behouden else []
    return Kerncijferbron(b, uitkomst, bronnen, illustratief, verhoudingsdelen, oud)
