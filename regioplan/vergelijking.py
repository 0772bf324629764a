"""Two versions of a plan side by side: what changed in the texts, the challenges and the activities."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Field, Model
from django.utils.translation import gettext as _

from regioplan.models import Activiteit, Plandeel, Plandeelsoort, PlanUitdaging, Regioplan
from regioplan.verschil import Stuk, is_gewijzigd, tekstverschil

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


@dataclass(frozen=True)
class Deelverschil:
    soort: str
    naam: str
    stukken: list[Stuk]

    @property
    def gewijzigd(self) -> bool:
        return is_gewijzigd(self.stukken)


@dataclass(frozen=True)
class Veldverschil:
    veld: str
    oud: str
    nieuw: str


@dataclass(frozen=True)
class Regelverschil:
    """A challenge or activity: added (oud None), removed (nieuw None) or changed (verschillen)."""

    titel: str
    oud: object | None
    nieuw: object | None
    verschillen: list[Veldverschil]

    @property
    def soort(self) -> str:
        if self.oud is None:
            return "erbij"
        if self.nieuw is None:
            return "weg"
        return "gewijzigd" if self.verschillen else "gelijk"


@dataclass(frozen=True)
class Vergelijking:
    oud: Regioplan
    nieuw: Regioplan
    delen: list[Deelverschil]
    uitdagingen: list[Regelverschil]
    activiteiten: list[Regelverschil]


def _weergave(obj: object, veld: str) -> str:
    if veld in ("prioriteit", "voortgang") and isinstance(obj, Activiteit):
        return str(getattr(obj, f"get_{veld}_display")())
    waarde = getattr(obj, veld)
    if veld == "opgenomen":
        return _("ja") if waarde else _("nee")
    return "" if waarde is None else str(waarde)


def _label(obj: Model, veld: str) -> str:
    if veld == "start":
        return _("start")
    if veld == "einde":
        return _("einde")
    field = obj._meta.get_field(veld)
    return str(field.verbose_name) if isinstance(field, Field) else veld


def _regels(oud: list, nieuw: list, sleutel: str, velden: tuple[str, ...]) -> list[Regelverschil]:
    oud_per = {getattr(o, sleutel): o for o in oud}
    nieuw_per = {getattr(n, sleutel): n for n in nieuw}
    regels = []
    for naam in [*nieuw_per, *(k for k in oud_per if k not in nieuw_per)]:
        o, n = oud_per.get(naam), nieuw_per.get(naam)
        verschillen = []
        if o is not None and n is not None:
            verschillen = [
                Veldverschil(_label(n, v), a, b) for v in velden if (a := _weergave(o, v)) != (b := _weergave(n, v))
            ]
        regels.append(Regelverschil(str(naam), o, n, verschillen))
    return regels


def _inhoud(plan: Regioplan) -> tuple[dict[str, str], list[PlanUitdaging], list[Activiteit]]:
    teksten = dict(Plandeel.objects.filter(regioplan=plan).values_list("soort", "tekst"))
    uitdagingen = list(PlanUitdaging.objects.filter(regioplan=plan).order_by("prioriteit", "pk"))
    activiteiten = list(Activiteit.objects.filter(regioplan=plan).select_related("doel", "verantwoordelijke"))
    return teksten, uitdagingen, activiteiten


def vergelijken(oud: Regioplan, nieuw: Regioplan) -> Vergelijking:
    oud_tekst, oud_uit, oud_act = _inhoud(oud)
    nieuw_tekst, nieuw_uit, nieuw_act = _inhoud(nieuw)
    delen = [
        Deelverschil(soort, str(naam), tekstverschil(oud_tekst.get(soort, ""), nieuw_tekst.get(soort, "")))
        for soort, naam in Plandeelsoort.choices
    ]
    return Vergelijking(
        oud,
        nieuw,
        delen,
        _regels(oud_uit, nieuw_uit, "titel", ("prioriteit", "opgenomen", "reden_niet", "duiding")),
        _regels(oud_act, nieuw_act, "titel", _ACTIVITEITVELDEN),
    )
