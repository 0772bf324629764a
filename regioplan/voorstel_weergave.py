"""Proposals as the pages show them: a redline per changed field (words struck through and inserted), with who
proposed it for which party, when and why; and the reads behind the plan page and the proposals' trail, in a fixed
number of queries however many proposals there are."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from regio import getallen
from regio.models import Organisatie
from regio.verschil import Stuk, regelgewijs_verschil
from regio.voorstellen import Voorstelstatus
from regioplan.models import KWARTALEN, Activiteit, Doel, PlanUitdaging, Regioplan, Voorstel

# Texts: shown word by word in the redline, merged three-way when changed elsewhere too.
TEKSTVELDEN = ("tekst", "duiding", "reden_niet", "titel", "beschrijving")


def label(doel_soort: type[Any], veld: str) -> str:
    """A target's field as the edit form names it."""
    return str(doel_soort._meta.get_field(veld).verbose_name)


@dataclass(frozen=True)
class Veldverschil:
    label: str
    stukken: list[Stuk]


@dataclass(frozen=True)
class Voorstelweergave:
    voorstel: Voorstel
    onderwerp: str  # what it changes, in the page's words
    verschillen: list[Veldverschil]
    # The target changed since the proposal was made: accepting merges or asks for a new proposal.
    verouderd: bool


@dataclass(frozen=True)
class _Namen:
    """Names of what an activity proposal refers to by id: parties, goals, challenges."""

    organisaties: dict[int, str]
    doelen: dict[int, str]
    uitdagingen: dict[int, str]


def _namen(*kanten: dict[str, Any]) -> _Namen:
    """At most three queries, and none without parties, goals or challenges among the values."""
    ids: dict[str, set[int]] = defaultdict(set)
    for kant in kanten:
        for veld in ("verantwoordelijke", "doel"):
            if kant.get(veld):
                ids[veld].add(kant[veld])
        ids["uitdagingen"].update(kant.get("uitdagingen") or [])
    return _Namen(
        dict(Organisatie.objects.filter(pk__in=ids["verantwoordelijke"]).values_list("pk", "naam"))
        if ids["verantwoordelijke"]
        else {},
        dict(Doel.objects.filter(pk__in=ids["doel"]).values_list("pk", "naam")) if ids["doel"] else {},
        dict(PlanUitdaging.objects.filter(pk__in=ids["uitdagingen"]).values_list("pk", "titel"))
        if ids["uitdagingen"]
        else {},
    )


def _tekst(veld: str, waarde: Any, namen: _Namen) -> str:
    """One non-text value as a person reads it."""
    if waarde is None or waarde == "":
        return "—"
    if veld in ("start_kwartaal", "eind_kwartaal"):
        return dict(KWARTALEN).get(waarde, str(waarde))
    if veld == "prioriteit":
        return str(Activiteit.Prioriteit(waarde).label)
    if veld == "voortgang":
        return str(Activiteit.Voortgang(waarde).label)
    if veld == "opgenomen":
        return _("ja, opgenomen") if waarde else _("nee, niet in dit plan")
    if veld == "begroting":
        return getallen.euro(waarde)
    if veld == "verantwoordelijke":
        return namen.organisaties.get(waarde, "?")
    if veld == "doel":
        return namen.doelen.get(waarde, "?")
    if veld == "uitdagingen":
        return ", ".join(namen.uitdagingen.get(pk, "?") for pk in waarde) or "—"
    return str(waarde)


def leesbaar(basis: dict[str, Any], wijziging: dict[str, Any]) -> dict[str, list[str]]:
    """How each changed non-text field reads, [before, proposed], stored with the proposal when it is made: the
    redline then shows names (a party, a goal, challenges) without asking for them on every page."""
    namen = _namen(basis, wijziging)
    return {
        veld: [_tekst(veld, basis.get(veld), namen), _tekst(veld, nieuw, namen)]
        for veld, nieuw in wijziging.items()
        if veld not in TEKSTVELDEN
    }


@functools.lru_cache(maxsize=1024)
def _woordverschil(oud: str, nieuw: str) -> tuple[Stuk, ...]:
    """A proposal's redline never changes once it is made: each distinct one is computed once per process."""
    return tuple(regelgewijs_verschil(oud, nieuw))


def _verschil(v: Voorstel, veld: str, nieuw: Any) -> list[Stuk]:
    oud = v.basis.get(veld)
    if veld in TEKSTVELDEN:
        return list(_woordverschil(oud or "", nieuw or ""))
    voor, na = v.weergave.get(veld) or ["—" if oud is None else str(oud), "—" if nieuw is None else str(nieuw)]
    return [Stuk("weg", voor), Stuk("gelijk", " "), Stuk("erbij", na)]


def onderwerp_van(v: Voorstel) -> str:
    """What the proposal changes, in the page's words."""
    if v.plandeel is not None:
        return v.plandeel.get_soort_display()
    if v.activiteit is not None:
        return _("Activiteit: %(titel)s") % {"titel": v.activiteit.titel}
    return _("Uitdaging: %(titel)s") % {"titel": v.planuitdaging.titel if v.planuitdaging else ""}


def weergaven(voorstellen: Iterable[Voorstel]) -> list[Voorstelweergave]:
    """Each proposal with its redline (its target selected with it: `_met_alles`). No queries."""
    uit = []
    for v in voorstellen:
        doel = v.doel
        uit.append(
            Voorstelweergave(
                v,
                onderwerp_van(v),
                [
                    Veldverschil(label(type(doel), veld), _verschil(v, veld, nieuw))
                    for veld, nieuw in v.wijziging.items()
                ],
                doel.versie != v.basisversie,
            )
        )
    return uit


def _met_alles(qs: QuerySet[Voorstel]) -> QuerySet[Voorstel]:
    return qs.select_related(
        "namens",
        "ingediend_door",
        "besloten_door",
        "besloten_namens",
        "plandeel",
        "activiteit",
        "planuitdaging",
        "tegenvoorstel_op__namens",
    )


Sleutel = tuple[str, int]


def open_per_doel(plan: Regioplan) -> dict[Sleutel, list[Voorstelweergave]]:
    """The plan's open proposals by target: ("deel", id), ("activiteit", id), ("uitdaging", id); oldest first."""
    per: dict[Sleutel, list[Voorstelweergave]] = defaultdict(list)
    qs = _met_alles(Voorstel.objects.filter(regioplan=plan, status=Voorstelstatus.OPEN)).order_by("ingediend_op", "pk")
    for w in weergaven(qs):
        v = w.voorstel
        if v.plandeel_id:
            per[("deel", v.plandeel_id)].append(w)
        elif v.activiteit_id:
            per[("activiteit", v.activiteit_id)].append(w)
        else:
            per[("uitdaging", v.planuitdaging_id or 0)].append(w)
    return per


FILTERS = ("open", "besloten", "alle")


def spoor(plan: Regioplan, filter_: str) -> QuerySet[Voorstel]:
    """The plan's proposals for the trail: open, decided (accepted, rejected, superseded, withdrawn) or all; newest
    first."""
    qs = Voorstel.objects.filter(regioplan=plan)
    if filter_ == "open":
        qs = qs.filter(status=Voorstelstatus.OPEN)
    elif filter_ == "besloten":
        qs = qs.exclude(status=Voorstelstatus.OPEN)
    return _met_alles(qs).order_by("-ingediend_op", "-pk")


def keten(voorstel: Voorstel) -> list[Voorstel]:
    """The proposal's line of proposals and counter-proposals, first one first (a handful; one query per step)."""
    alle = Voorstel.objects.select_related("namens", "ingediend_door")
    terug: list[Voorstel] = []
    pk = voorstel.tegenvoorstel_op_id
    while pk is not None and len(terug) < 50:
        eerder = alle.get(pk=pk)
        terug.insert(0, eerder)
        pk = eerder.tegenvoorstel_op_id
    vooruit: list[Voorstel] = []
    volgende = alle.filter(tegenvoorstel_op=voorstel).first()
    while volgende is not None and len(vooruit) < 50:
        vooruit.append(volgende)
        volgende = alle.filter(tegenvoorstel_op=volgende).first()
    return [*terug, voorstel, *vooruit]
