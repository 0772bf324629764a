"""A contract at an earlier moment (the version a party signed) against today: its explanation, its particulars,
its agreement lines with their amounts per year and measuring points, its packages and its funding split
(verdeelmodel), from django-simple-history's records (regio.historie)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _

from contracten.models import Afspraakbedrag, Contract, Contractafspraak, Pakket, Verdeelaanbieder, Verdeelmodel
from regio.historie import euro, label, stand_op, weergave
from regio.verschil import Documentverschil, Regelgroep, Regels, deelverschillen, regelverschillen
from regioplan.models import Activiteit, Doel, Meetpunt

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
        uit[veld] = dict(model.objects.filter(pk__in=pks).values_list("pk", naamveld)) if pks else {}  # type: ignore[attr-defined]
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
