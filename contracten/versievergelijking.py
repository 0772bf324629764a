"""Two versions of a contract side by side: which lines came, went or changed, and each amount old -> new.

A contract version (`Contract.versie`, the wijzigingsnummer) is a moment: the change record (regio.wijzigingen)
holds when each version came about. The lines and amounts as they stood then come from their field history
(django-simple-history): per line and per amount the latest history row written before that moment. Three queries
per comparison, whatever the number of lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from contracten.models import Afspraakbedrag, Contract, Contractafspraak, Segment
from regio import wijzigingen
from regio.getallen import procent
from regio.verschil import Stuk, is_gewijzigd, tekstverschil

NUL = Decimal("0.00")


@dataclass(frozen=True)
class Regelstand:
    """One line as it stood in one version."""

    titel: str
    segment: str
    aandeel_praktijk: Decimal
    aandeel_regio: Decimal
    voorwaarden: str
    bedragen: dict[int, Decimal]


@dataclass(frozen=True)
class Bedragverschil:
    jaar: int
    oud: Decimal | None  # None: the line did not exist in the old version
    nieuw: Decimal | None

    @property
    def gewijzigd(self) -> bool:
        return (self.oud or NUL) != (self.nieuw or NUL) or (self.oud is None) != (self.nieuw is None)


@dataclass(frozen=True)
class Veldverschil:
    veld: str
    oud: str
    nieuw: str


@dataclass(frozen=True)
class Regelverschil:
    """A line: added (oud None), removed (nieuw None), changed or unchanged."""

    titel: str
    oud: Regelstand | None
    nieuw: Regelstand | None
    bedragen: list[Bedragverschil]
    velden: list[Veldverschil]
    voorwaarden: list[Stuk]

    @property
    def soort(self) -> str:
        if self.oud is None:
            return "erbij"
        if self.nieuw is None:
            return "weg"
        gewijzigd = self.velden or is_gewijzigd(self.voorwaarden) or any(b.gewijzigd for b in self.bedragen)
        return "gewijzigd" if gewijzigd else "gelijk"


@dataclass(frozen=True)
class Contractvergelijking:
    contract: Contract
    van: int
    tot: int
    regels: list[Regelverschil]
    jaren: list[int]
    totalen: list[Bedragverschil] = field(default_factory=list)

    @property
    def gewijzigde(self) -> list[Regelverschil]:
        return [r for r in self.regels if r.soort != "gelijk"]


def versies(contract: Contract) -> dict[int, dt.datetime]:
    """Each version of the contract with the moment it was last written (the current one: now). One query."""
    momenten: dict[int, dt.datetime] = dict(
        wijzigingen.van(contract).order_by().values("versie").annotate(m=Max("op")).values_list("versie", "m")
    )
    momenten[contract.versie] = timezone.now()
    return dict(sorted(momenten.items()))


def _laatste_per(rijen: list[Any], sleutel: str, moment: dt.datetime) -> dict[Any, Any]:
    """Per `sleutel`: the latest history row at or before `moment` that is not a deletion."""
    stand: dict[Any, Any] = {}
    for rij in rijen:  # ordered by history_date, history_id
        if rij.history_date > moment:
            continue
        stand[getattr(rij, sleutel)] = rij
    return {k: r for k, r in stand.items() if r.history_type != "-"}


def _standen(regels: list[Any], bedragen: list[Any], moment: dt.datetime, jaren: list[int]) -> dict[int, Regelstand]:
    per_regel = _laatste_per(regels, "id", moment)
    per_bedrag = _laatste_per(bedragen, "id", moment)
    geld: dict[int, dict[int, Decimal]] = {}
    for b in per_bedrag.values():
        geld.setdefault(b.afspraak_id, {})[b.jaar] = b.bedrag
    return {
        pk: Regelstand(
            titel=r.titel,
            segment=r.segment,
            aandeel_praktijk=r.aandeel_praktijk,
            aandeel_regio=r.aandeel_regio,
            voorwaarden=r.voorwaarden,
            bedragen={j: geld.get(pk, {}).get(j, NUL) for j in jaren},
        )
        for pk, r in per_regel.items()
    }


def _velden(oud: Regelstand, nieuw: Regelstand) -> list[Veldverschil]:
    segmenten = dict(Segment.choices)
    paren = [
        (_("titel"), oud.titel, nieuw.titel),
        (_("segment"), str(segmenten.get(oud.segment, oud.segment)), str(segmenten.get(nieuw.segment, nieuw.segment))),
        (_("aandeel praktijk (%)"), procent(oud.aandeel_praktijk), procent(nieuw.aandeel_praktijk)),
        (_("aandeel regio-organisatie (%)"), procent(oud.aandeel_regio), procent(nieuw.aandeel_regio)),
    ]
    return [Veldverschil(str(v), a, b) for v, a, b in paren if a != b]


def _voorwaarden(oud: Regelstand | None, nieuw: Regelstand | None) -> list[Stuk]:
    """The conditions' word diff, only where they changed."""
    stukken = tekstverschil(oud.voorwaarden, nieuw.voorwaarden) if oud and nieuw else []
    return stukken if is_gewijzigd(stukken) else []


def vergelijken(contract: Contract, van: int, tot: int) -> Contractvergelijking:
    """The redline from version `van` to version `tot` of `contract` (both must be in `versies`)."""
    momenten = versies(contract)
    regels = list(Contractafspraak.history.filter(contract_id=contract.pk).order_by("history_date", "history_id"))
    ids = {r.id for r in regels}
    bedragen = list(Afspraakbedrag.history.filter(afspraak_id__in=ids).order_by("history_date", "history_id"))
    jaren = sorted(
        set(contract.jaren) | {b.jaar for b in bedragen if b.history_date <= max(momenten[van], momenten[tot])}
    )
    oud = _standen(regels, bedragen, momenten[van], jaren)
    nieuw = _standen(regels, bedragen, momenten[tot], jaren)
    volgorde = [pk for pk in dict.fromkeys(r.id for r in regels) if pk in oud or pk in nieuw]
    verschillen, totalen = standen_vergelijken(oud, nieuw, volgorde, jaren)
    return Contractvergelijking(contract, van, tot, verschillen, jaren, totalen)


def standen_vergelijken(
    oud: Mapping[Any, Regelstand], nieuw: Mapping[Any, Regelstand], volgorde: list[Any], jaren: list[int]
) -> tuple[list[Regelverschil], list[Bedragverschil]]:
    """The redline of two sets of lines (keyed alike, each line's `bedragen` holding every one of `jaren`), in
    `volgorde`, and the totals per year: of two contract versions, or of the contract before and after an
    addendum (contracten/addenda.py)."""
    verschillen = []
    for pk in volgorde:
        o, n = oud.get(pk), nieuw.get(pk)
        verschillen.append(
            Regelverschil(
                titel=(n or o).titel,  # type: ignore[union-attr]
                oud=o,
                nieuw=n,
                bedragen=[Bedragverschil(j, o.bedragen[j] if o else None, n.bedragen[j] if n else None) for j in jaren],
                velden=_velden(o, n) if o and n else [],
                voorwaarden=_voorwaarden(o, n),
            )
        )
    totalen = [
        Bedragverschil(
            j,
            sum((s.bedragen[j] for s in oud.values()), NUL),
            sum((s.bedragen[j] for s in nieuw.values()), NUL),
        )
        for j in jaren
    ]
    return verschillen, totalen
