"""A regiobeeld at an earlier moment (the version a party agreed to) against today: the texts of its parts and its
challenges, from django-simple-history's records (regio.historie.stand_op)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from regio.historie import stand_op
from regio.verschil import Documentverschil, Regelgroep, Regels, deelverschillen, regelverschillen
from regiobeeld.models import Deel, Deelsoort, Regiobeeld, Uitdaging


def _inhoud(delen: list[Deel], uitdagingen: list[Uitdaging]) -> tuple[dict[str, str], Regels]:
    regels = {
        u.titel: {_("beschrijving"): u.beschrijving} for u in sorted(uitdagingen, key=lambda u: (u.volgorde, u.pk))
    }
    return {d.soort: d.duiding for d in delen}, regels


def sinds(regiobeeld: Regiobeeld, moment: dt.datetime) -> Documentverschil:
    """What changed in `regiobeeld` since `moment`."""
    oud_tekst, oud_regels = _inhoud(
        stand_op(Deel, moment, regiobeeld_id=regiobeeld.pk), stand_op(Uitdaging, moment, regiobeeld_id=regiobeeld.pk)
    )
    nieuw_tekst, nieuw_regels = _inhoud(
        list(Deel.objects.filter(regiobeeld=regiobeeld)), list(Uitdaging.objects.filter(regiobeeld=regiobeeld))
    )
    return Documentverschil(
        deelverschillen(oud_tekst, nieuw_tekst, list(Deelsoort.choices)),
        [Regelgroep(_("Lijst van uitdagingen"), regelverschillen(oud_regels, nieuw_regels))],
    )
