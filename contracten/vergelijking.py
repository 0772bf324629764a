"""A contract at an earlier moment (the version a party signed) against today: its explanation, its particulars,
and its agreement lines with their amounts per year, from django-simple-history's records (regio.historie)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _

from contracten.models import Afspraakbedrag, Contract, Contractafspraak
from regio.historie import euro, label, stand_op, weergave
from regio.verschil import Documentverschil, Regelgroep, Regels, deelverschillen, regelverschillen

_REGELVELDEN = ("segment", "pakket", "activiteit", "doel", "aandeel_praktijk", "aandeel_regio", "voorwaarden")


def _regels(afspraken: list[Contractafspraak], bedragen: list[Afspraakbedrag]) -> Regels:
    per_afspraak: dict[int, list[Afspraakbedrag]] = defaultdict(list)
    for b in bedragen:
        per_afspraak[b.afspraak_id].append(b)
    regels: dict[str, dict[str, str]] = {}
    for a in sorted(afspraken, key=lambda a: (a.volgorde, a.pk)):
        velden = {label(a, v): weergave(a, v) for v in _REGELVELDEN}
        for b in sorted(per_afspraak[a.pk], key=lambda b: b.jaar):
            velden[_("bedrag %(jaar)s") % {"jaar": b.jaar}] = euro(b.bedrag)
        regels[a.titel] = velden
    return regels


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
    oude_afspraken = stand_op(Contractafspraak, moment, contract_id=contract.pk)
    oude_bedragen = stand_op(Afspraakbedrag, moment, afspraak_id__in=[a.pk for a in oude_afspraken])
    afspraken = list(Contractafspraak.objects.filter(contract=contract))
    bedragen = list(Afspraakbedrag.objects.filter(afspraak__contract=contract))
    naam = [("toelichting", _("Toelichting"))]
    return Documentverschil(
        deelverschillen({"toelichting": toen.toelichting}, {"toelichting": contract.toelichting}, naam),
        [
            Regelgroep(_("Gegevens"), regelverschillen(_gegevens(toen), _gegevens(contract))),
            Regelgroep(
                _("Afspraken"), regelverschillen(_regels(oude_afspraken, oude_bedragen), _regels(afspraken, bedragen))
            ),
        ],
    )
