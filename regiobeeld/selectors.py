"""Reads for the regiobeeld pages, each in a fixed number of queries whatever the number of figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise

from regio.models import Deelname, Gemeente, Regio
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
    domeinvolgorde = {d: i for i, d in enumerate(Domein.values)}
    indicatoren = Indicator.objects.filter(Q(regio__isnull=True) | Q(regio=regio)).filter(
        pk__in=Cijfer.objects.filter(regio=regio).values("indicator_id")
    )
    return sorted(indicatoren, key=lambda i: (domeinvolgorde.get(i.domein, 99), i.volgorde, i.naam))


def cijfers(regio: Regio, indicator_ids: list[int]) -> list[tuple[str, str, int, float, str, bool]]:
    """(indicator code, gemeente code, year, value, source, illustrative) for the region's figures."""
    return [
        (code, gemeente, jaar, float(waarde), bron, illustratief)
        for code, gemeente, jaar, waarde, bron, illustratief in Cijfer.objects.filter(
            regio=regio, indicator_id__in=indicator_ids
        ).values_list("indicator__code", "gemeente__code", "jaar", "waarde", "bron", "is_illustratief")
    ]


def imports_van(regio: Regio, limiet: int = 20) -> list[Importbestand]:
    return list(Importbestand.objects.filter(regio=regio).select_related("aangemaakt_door", "organisatie")[:limiet])


def cijfers_voor_export(
    regio: Regio,
) -> list[tuple[str, str, str, str, str, int, Decimal, str, bool]]:
    """Every figure of the region for the CSV export, in one query: (indicator name, code, unit, gemeente code,
    gemeente name, year, value, source, illustrative), by indicator (domain, catalogue order, name), gemeente, year."""
    return [
        (naam, code, eenheid, gemeentecode, gemeentenaam, jaar, waarde.normalize(), bron, illustratief)
        for naam, code, eenheid, gemeentecode, gemeentenaam, jaar, waarde, bron, illustratief in Cijfer.objects.filter(
            regio=regio
        )
        .order_by("indicator__domein", "indicator__volgorde", "indicator__naam", "gemeente__naam", "jaar")
        .values_list(
            "indicator__naam",
            "indicator__code",
            "indicator__eenheid",
            "gemeente__code",
            "gemeente__naam",
            "jaar",
            "waarde",
            "bron",
            "is_illustratief",
        )
    ]


# --- key figures ------------------------------------------------------------------------------------------------

Kerncijferrij = tuple[int, int, int, float, str, bool]  # indicator id, gemeente id, year, value, source, illustrative


@dataclass(frozen=True)
class Kerncijferbron:
    """Everything the key figures are built from, read in a fixed number of queries (five), whatever the number of
    indicators, years or gemeenten: the region's own figures in every year, and the other gemeenten's figures
    only in the year each indicator is compared in (the region's latest)."""

    gemeenten: dict[int, GemeenteInfo]  # every gemeente by id
    eigen: list[int]  # the region's gemeenten (ids)
    indicatoren: list[Indicator]  # with figures in the region, in the catalogue's order
    rijen: list[Kerncijferrij]  # the region's gemeenten, every year
    vergelijking: list[Kerncijferrij]  # the other gemeenten, in each indicator's latest year of the region


def kerncijferbron(regio: Regio) -> Kerncijferbron:
    gemeenten = {
        pk: GemeenteInfo(code, naam, provincie, inwoners)
        for pk, code, naam, provincie, inwoners in Gemeente.objects.values_list(
            "pk", "code", "naam", "provincie", "inwoners"
        )
    }
    eigen = list(Regio.gemeenten.through.objects.filter(regio=regio).values_list("gemeente_id", flat=True))
    indicatoren = indicatoren_met_cijfers(regio)
    velden = ("indicator_id", "gemeente_id", "jaar", "waarde", "bron", "is_illustratief")
    rijen = [
        (i, g, j, float(w), b, il)
        for i, g, j, w, b, il in Cijfer.objects.filter(regio=regio, gemeente_id__in=eigen).values_list(*velden)
    ]
    laatste: dict[int, int] = {}
    for i, _g, j, *_ in rijen:
        laatste[i] = max(j, laatste.get(i, j))
    vergelijking: list[Kerncijferrij] = []
    if laatste:
        paren = Q()
        for indicator_id, jaar in laatste.items():
            paren |= Q(indicator_id=indicator_id, jaar=jaar)
        vergelijking = [
            (i, g, j, float(w), b, il)
            for i, g, j, w, b, il in Cijfer.objects.filter(paren, regio=regio)
            .exclude(gemeente_id__in=eigen)
            .values_list(*velden)
        ]
    return Kerncijferbron(gemeenten, eigen, indicatoren, rijen, vergelijking)


def alle_indicatoren(regio: Regio) -> list[Indicator]:
    """The active catalogue and the region's own indicators (for what an empty part could be filled with)."""
    return list(Indicator.objects.filter(Q(regio__isnull=True) | Q(regio=regio), actief=True))


def uitgelichte_indicatoren(regiobeeld: Regiobeeld) -> list[int]:
    """The ids of the indicators the regiobeeld highlights, in the order they were chosen."""
    return list(Uitgelicht.objects.filter(regiobeeld=regiobeeld).values_list("indicator_id", flat=True))
