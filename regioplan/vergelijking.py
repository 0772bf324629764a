"""Two versions of a plan side by side: what changed in the texts, the challenges and the activities. The versions
are either two plans (a plan and the one it was copied from) or one plan at two moments (the version a party
approved, from django-simple-history's records, against today's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from regio.historie import label, stand_op, weergave
from regio.verschil import (
    Deelverschil,
    Documentverschil,
    Regelgroep,
    Regels,
    Regelverschil,
    deelverschillen,
    regelverschillen,
)
from regioplan.models import Activiteit, Plandeel, Plandeelsoort, PlanUitdaging, Regioplan

# The activity fields a person compares, with how to show them.
_ACTIVITEITVELDEN = (
    "titel",
    "beschrijving",
    "doel",
    "verantwoordelijke",
    "start",
    "einde",
    "prioriteit",
    "voortgang",
    "begroting",
)
_UITDAGINGVELDEN = ("prioriteit", "opgenomen", "reden_niet", "duiding")


@dataclass(frozen=True)
class Vergelijking:
    oud: Regioplan
    nieuw: Regioplan
    delen: list[Deelverschil]
    uitdagingen: list[Regelverschil]
    activiteiten: list[Regelverschil]


@dataclass(frozen=True)
class Inhoud:
    """What a person compares of a plan: its texts per part, its challenges and its activities."""

    teksten: dict[str, str]
    uitdagingen: Regels
    activiteiten: Regels


def _label(obj: Any, veld: str) -> str:
    if veld == "start":
        return _("start")
    if veld == "einde":
        return _("einde")
    return label(obj, veld)


def _regels(rijen: Sequence[Any], velden: tuple[str, ...]) -> Regels:
    return {str(r.titel): {_label(r, v): weergave(r, v) for v in velden} for r in rijen}


def _inhoud(delen: list[Plandeel], uitdagingen: list[PlanUitdaging], activiteiten: list[Activiteit]) -> Inhoud:
    return Inhoud(
        {d.soort: d.tekst for d in delen},
        _regels(sorted(uitdagingen, key=lambda u: (u.prioriteit, u.pk)), _UITDAGINGVELDEN),
        _regels(activiteiten, _ACTIVITEITVELDEN),
    )


def inhoud(plan: Regioplan) -> Inhoud:
    return _inhoud(
        list(Plandeel.objects.filter(regioplan=plan)),
        list(PlanUitdaging.objects.filter(regioplan=plan)),
        list(Activiteit.objects.filter(regioplan=plan).select_related("doel", "verantwoordelijke")),
    )


def inhoud_op(plan: Regioplan, moment: dt.datetime) -> Inhoud:
    """The plan as it was at `moment`."""
    return _inhoud(
        stand_op(Plandeel, moment, regioplan_id=plan.pk),
        stand_op(PlanUitdaging, moment, regioplan_id=plan.pk),
        stand_op(Activiteit, moment, regioplan_id=plan.pk),
    )


def verschil(oud: Inhoud, nieuw: Inhoud) -> tuple[list[Deelverschil], list[Regelverschil], list[Regelverschil]]:
    return (
        deelverschillen(oud.teksten, nieuw.teksten, list(Plandeelsoort.choices)),
        regelverschillen(oud.uitdagingen, nieuw.uitdagingen),
        regelverschillen(oud.activiteiten, nieuw.activiteiten),
    )


def vergelijken(oud: Regioplan, nieuw: Regioplan) -> Vergelijking:
    return Vergelijking(oud, nieuw, *verschil(inhoud(oud), inhoud(nieuw)))


def sinds(plan: Regioplan, moment: dt.datetime) -> Documentverschil:
    """What changed in `plan` since `moment` (an approval)."""
    delen, uitdagingen, activiteiten = verschil(inhoud_op(plan, moment), inhoud(plan))
    return Documentverschil(
        delen,
        [Regelgroep(_("Uitdagingen en prioriteiten"), uitdagingen), Regelgroep(_("Activiteiten"), activiteiten)],
    )
