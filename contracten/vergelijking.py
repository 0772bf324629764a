"""A contract at two moments, from django-simple-history's records (regio.historie):

- `vergelijken`: two versions of a contract side by side (the redline of the version page): which lines came, went
  or changed, and each amount old -> new. A version (`Contract.versie`, the wijzigingsnummer) is a moment: the change
  record (regio.wijzigingen) holds when each version came about; the lines and amounts then are per line and per
  amount the latest history row written before that moment. Three queries per comparison, whatever the number of
  lines. `standen_vergelijken` does the same for the contract before and after an addendum (contracten/addenda.py).
- `sinds`: the contract at an earlier moment (the version a party signed) against today, as the other documents'
  "since you approved" pages show it (regio.verschil): its explanation, its particulars, its agreement lines with
  their amounts per year and measuring points, its packages and its funding split (verdeelmodel).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from contracten.models import (
    Afspraakbedrag,
    Contract,
    Contractafspraak,
    Geldsoort,
    Pakket,
    Segment,
    Verdeelaanbieder,
    Verdeelmodel,
)
from regio import wijzigingen
from regio.getallen import procent
from regio.historie import euro, label, stand_op, weergave
from regio.verschil import (
    Documentverschil,
    Regelgroep,
    Regels,
    Stuk,
    Veldverschil,
    deelverschillen,
    is_gewijzigd,
    regelverschillen,
    soort_van,
    tekstverschil,
)
from regioplan.models import Activiteit, Doel, Meetpunt

# --- two versions side by side: the redline of the lines and amounts ----------------------------------------------

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
    # Structural or project money, indexed or not (contracten/jaarcyclus.py), as the line's fields of that name.
    geldsoort: str = "structureel"
    geindexeerd: bool = False


@dataclass(frozen=True)
class Bedragverschil:
    jaar: int
    oud: Decimal | None  # None: the line did not exist in the old version
    nieuw: Decimal | None

    @property
    def gewijzigd(self) -> bool:
        return (self.oud or NUL) != (self.nieuw or NUL) or (self.oud is None) != (self.nieuw is None)


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
        gewijzigd = bool(self.velden) or is_gewijzigd(self.voorwaarden) or any(b.gewijzigd for b in self.bedragen)
        return soort_van(self.oud, self.nieuw, gewijzigd=gewijzigd)


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
            geldsoort=r.geldsoort,
            geindexeerd=r.geindexeerd,
        )
        for pk, r in per_regel.items()
    }


def _velden(oud: Regelstand, nieuw: Regelstand) -> list[Veldverschil]:
    segmenten, soorten = dict(Segment.choices), dict(Geldsoort.choices)
    paren = [
        (_("titel"), oud.titel, nieuw.titel),
        (_("segment"), str(segmenten.get(oud.segment, oud.segment)), str(segmenten.get(nieuw.segment, nieuw.segment))),
        (_("aandeel praktijk (%)"), procent(oud.aandeel_praktijk), procent(nieuw.aandeel_praktijk)),
        (_("aandeel regio-organisatie (%)"), procent(oud.aandeel_regio), procent(nieuw.aandeel_regio)),
        (_("soort geld"), str(soorten.get(oud.geldsoort)), str(soorten.get(nieuw.geldsoort))),
        (_("geïndexeerd"), *(_("ja") if s.geindexeerd else _("nee") for s in (oud, nieuw))),
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
        if (stand := n or o) is None:
            continue
        verschillen.append(
            Regelverschil(
                titel=stand.titel,
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


# --- since a signature: the whole contract against today ----------------------------------------------------------

_REGELVELDEN = ("segment", "pakket", "activiteit", "doel", "aandeel_praktijk", "aandeel_regio", "voorwaarden")


_PAKKETVELDEN = ("segment", "omschrijving", "doel_kiezen")
_VERDEELVELDEN = ("grondslag", "drempel_procent", "vangnet_procent", "toelichting")


# A line's links by name, read once for all lines (a historical row would fetch each one: a query per line).
_VERWIJZINGEN = {"pakket": (Pakket, "naam"), "activiteit": (Activiteit, "titel"), "doel": (Doel, "naam")}


def _verwijzingsnamen(*lijsten: list[Contractafspraak], pakketten: list[Pakket]) -> dict[str, dict[int, str]]:
    """The names of the lines' packages, activities and goals; the packages, read already, ask nothing more."""
    uit: dict[str, dict[int, str]] = {"pakket": {p.pk: p.naam for p in pakketten}}
    for veld, (model, naamveld) in _VERWIJZINGEN.items():
        if veld in uit:
            continue
        pks = {getattr(a, f"{veld}_id") for lijst in lijsten for a in lijst} - {None}
        uit[veld] = dict(model._default_manager.filter(pk__in=pks).values_list("pk", naamveld)) if pks else {}
    return uit


def _veld(a: Contractafspraak, veld: str, namen: dict[str, dict[int, str]]) -> str:
    if veld in _VERWIJZINGEN:
        pk = getattr(a, f"{veld}_id")
        return "" if pk is None else namen[veld].get(pk, str(pk))
    return weergave(a, veld)


def _regels(
    afspraken: list[Contractafspraak],
    bedragen: list[Afspraakbedrag],
    meetpunten: dict[int, list[str]],
    namen: dict[str, dict[int, str]],
) -> Regels:
    per_afspraak: dict[int, list[Afspraakbedrag]] = defaultdict(list)
    for b in bedragen:
        per_afspraak[b.afspraak_id].append(b)
    regels: dict[str, dict[str, str]] = {}
    for a in sorted(afspraken, key=lambda a: (a.volgorde, a.pk)):
        velden = {label(a, v): _veld(a, v, namen) for v in _REGELVELDEN}
        for b in sorted(per_afspraak[a.pk], key=lambda b: b.jaar):
            velden[_("bedrag %(jaar)s") % {"jaar": b.jaar}] = euro(b.bedrag)
        velden[_("meetpunten")] = "; ".join(sorted(meetpunten.get(a.pk, [])))
        regels[a.titel] = velden
    return regels


def _meetpuntnamen(pks: set[int]) -> dict[int, str]:
    namen = dict(Meetpunt.objects.filter(pk__in=pks).values_list("pk", "omschrijving"))
    return {pk: namen.get(pk) or _("meetpunt %(pk)s (verwijderd)") % {"pk": pk} for pk in pks}


def _per_afspraak(koppelingen: list[tuple[int, int]], namen: dict[int, str]) -> dict[int, list[str]]:
    uit: dict[int, list[str]] = defaultdict(list)
    for afspraak, meetpunt in koppelingen:
        uit[afspraak].append(namen[meetpunt])
    return uit


def _meetpunten(contract: Contract, moment: dt.datetime) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Each line's measuring points then (as its history recorded them at `moment`; a line without a record then
    has them as now, as `stand_op` takes it) and now. Four queries."""
    nu = list(
        Contractafspraak.meetpunten.through.objects.filter(contractafspraak__contract=contract).values_list(
            "contractafspraak_id", "meetpunt_id"
        )
    )
    laatste: dict[int, int] = {}
    for afspraak_id, history_id in (
        Contractafspraak.history.filter(contract_id=contract.pk, history_date__lte=moment)
        .order_by("history_date", "history_id")
        .values_list("id", "history_id")
    ):
        laatste[afspraak_id] = history_id
    doorlopend = Contractafspraak.history.model._meta.get_field("historicalcontractafspraak_meetpunten").related_model
    toen = list(
        doorlopend.objects.filter(history_id__in=laatste.values()).values_list("contractafspraak_id", "meetpunt_id")
    )
    namen = _meetpuntnamen({m for _a, m in nu + toen})
    nu_per_afspraak = _per_afspraak(nu, namen)
    toen_per_afspraak = {
        **{a: m for a, m in nu_per_afspraak.items() if a not in laatste},
        **_per_afspraak(toen, namen),
    }
    return toen_per_afspraak, nu_per_afspraak


def _pakketten(pakketten: list[Pakket]) -> Regels:
    return {
        p.naam: {label(p, v): weergave(p, v) for v in _PAKKETVELDEN} for p in sorted(pakketten, key=lambda p: p.naam)
    }


def _verdeelmodel(modellen: list[Verdeelmodel], aanbieders: list[Verdeelaanbieder]) -> Regels:
    uit: dict[str, dict[str, str]] = {}
    for m in modellen:
        uit[_("Verdeelmodel")] = {
            label(m, "budget"): euro(m.budget),
            **{label(m, v): weergave(m, v) for v in _VERDEELVELDEN},
        }
    for a in sorted(aanbieders, key=lambda a: (a.volgorde, a.pk)):
        uit[_("Aanbieder: %(naam)s") % {"naam": a.naam}] = {
            label(a, "huidig"): euro(a.huidig),
            label(a, "grondslag"): weergave(a, "grondslag"),
        }
    return uit


def _gegevens(contract: Contract) -> Regels:
    return {
        _("Contract"): {
            _("titel"): contract.titel,
            _("looptijd"): contract.looptijd,
        }
    }


def sinds(contract: Contract, moment: dt.datetime) -> Documentverschil:
    """What changed in `contract` since `moment` (a signature)."""
    try:
        toen = contract.history.as_of(moment)
    except Contract.DoesNotExist:
        toen = contract
    afspraken = list(Contractafspraak.objects.filter(contract=contract))
    oude_afspraken = stand_op(Contractafspraak, moment, nu=afspraken, contract_id=contract.pk)
    bedragen = list(Afspraakbedrag.objects.filter(afspraak__contract=contract))
    oude_ids = {a.pk for a in oude_afspraken}
    oude_bedragen = stand_op(
        Afspraakbedrag, moment, nu=[b for b in bedragen if b.afspraak_id in oude_ids], afspraak_id__in=oude_ids
    )
    modellen = list(Verdeelmodel.objects.filter(contract=contract))
    oude_modellen = stand_op(Verdeelmodel, moment, nu=modellen, contract_id=contract.pk)
    pakketten = list(Pakket.objects.filter(contract=contract))
    meetpunten_toen, meetpunten_nu = _meetpunten(contract, moment)
    aanbieders = list(Verdeelaanbieder.objects.filter(verdeelmodel__contract=contract))
    oude_modelids = {m.pk for m in oude_modellen}
    oude_aanbieders = stand_op(
        Verdeelaanbieder,
        moment,
        nu=[a for a in aanbieders if a.verdeelmodel_id in oude_modelids],
        verdeelmodel_id__in=oude_modelids,
    )
    naam = [("toelichting", _("Toelichting"))]
    oude_pakketten = stand_op(Pakket, moment, nu=pakketten, contract_id=contract.pk)
    namen = _verwijzingsnamen(oude_afspraken, afspraken, pakketten=oude_pakketten + pakketten)
    return Documentverschil(
        deelverschillen({"toelichting": toen.toelichting}, {"toelichting": contract.toelichting}, naam),
        [
            Regelgroep(_("Gegevens"), regelverschillen(_gegevens(toen), _gegevens(contract))),
            Regelgroep(
                _("Afspraken"),
                regelverschillen(
                    _regels(oude_afspraken, oude_bedragen, meetpunten_toen, namen),
                    _regels(afspraken, bedragen, meetpunten_nu, namen),
                ),
            ),
            Regelgroep(
                _("Pakketten"),
                regelverschillen(
                    _pakketten(oude_pakketten),
                    _pakketten(pakketten),
                ),
            ),
            Regelgroep(
                _("Verdeelmodel"),
                regelverschillen(_verdeelmodel(oude_modellen, oude_aanbieders), _verdeelmodel(modellen, aanbieders)),
            ),
        ],
    )
