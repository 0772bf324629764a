"""Reads for the regio pages: each returns everything a page shows in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from regio.access import RegioActie, regios_for_user
from regio.models import Deelname, Gemeente, Lidmaatschap, Mandaat, Organisatie, Regio, Uitnodiging
from regio.verzoekcache import onthouden

if TYPE_CHECKING:
    from regio.access import AnyUser


@dataclass(frozen=True)
class Omvangsignaal:
    """Whether the population is outside the guide's band (50,000-200,000): a warning, not a refusal."""

    inwoners: int
    te_klein: bool
    te_groot: bool

    @property
    def buiten_band(self) -> bool:
        return self.te_klein or self.te_groot


def omvangsignaal(inwoners: int | None) -> Omvangsignaal:
    n = inwoners or 0
    return Omvangsignaal(inwoners=n, te_klein=n < settings.REGIO_INWONERS_MIN, te_groot=n > settings.REGIO_INWONERS_MAX)


class Regiokaart(NamedTuple):
    """One region's card on "Mijn regio's": plain names, so a region with hundreds of parties costs no model
    objects. A tuple, so the template unpacks it into plain names."""

    regio: Regio
    signaal: Omvangsignaal
    gemeenten: list[str]  # by name
    partijen: list[tuple[str, str, str]]  # (name, kind, role label for a contracting party or ""), role then name


def regiokaarten(regios: list[Regio], op: dt.date) -> list[Regiokaart]:
    """The cards of `regios` (in their order): gemeenten, population and the parties taking part on `op` or later.
    Two queries, whatever the number of regions, gemeenten and parties."""
    ids = [r.pk for r in regios]
    gemeenten: dict[int, list[str]] = defaultdict(list)
    inwoners: dict[int, int] = defaultdict(int)
    for regio_id, naam, aantal in (
        Regio.gemeenten.through.objects.filter(regio_id__in=ids)
        .order_by("gemeente__naam")
        .values_list("regio_id", "gemeente__naam", "gemeente__inwoners")
    ):
        gemeenten[regio_id].append(naam)
        inwoners[regio_id] += aantal
    contractpartij = str(Deelname.DeelnameRol.CONTRACTPARTIJ.label)
    partijen: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for regio_id, naam, soort, rol in (
        Deelname.objects.filter(regio_id__in=ids)
        .lopend_of_komend(op)
        .order_by("rol", "organisatie__naam", "pk")
        .values_list("regio_id", "organisatie__naam", "organisatie__soort__naam", "rol")
    ):
        partijen[regio_id].append((naam, soort, contractpartij if rol == Deelname.DeelnameRol.CONTRACTPARTIJ else ""))
    return [Regiokaart(r, omvangsignaal(inwoners[r.pk]), gemeenten[r.pk], partijen[r.pk]) for r in regios]


def mijn_regios(user: AnyUser) -> list[Regio]:
    """The regions the user may see, by name (one query)."""
    return list(regios_for_user(user, RegioActie.BEKIJKEN).order_by("naam"))


def regio_inwoners(regio: Regio) -> int:
    return regio.gemeenten.aggregate(totaal=Sum("inwoners"))["totaal"] or 0


@dataclass(frozen=True)
class RegioOverzicht:
    regio: Regio
    gemeenten: list[Gemeente]
    deelnames: list[Deelname]
    mandaten_vandaag: list[Mandaat]
    signaal: Omvangsignaal
    peildatum: dt.date | None


def regio_overzicht(regio: Regio, *, op: dt.date | None = None) -> RegioOverzicht:
    """Everything the region page shows: its gemeenten, parties and who may decide today."""
    op = op or timezone.localdate()
    gemeenten = list(regio.gemeenten.order_by("naam"))
    deelnames = list(
        Deelname.objects.filter(regio=regio)
        .lopend_of_komend(op)
        .select_related("organisatie__soort")
        .order_by("rol", "organisatie__naam")
    )
    mandaten = list(
        Mandaat.objects.filter(regio=regio)
        .geldig_op(op)
        .van_contractpartijen(op)
        .select_related("gebruiker", "organisatie")
        .order_by("organisatie__naam", "onderwerp", "gebruiker__naam")
    )
    inwoners = sum(g.inwoners for g in gemeenten)
    peildata = {g.inwoners_peildatum for g in gemeenten}
    return RegioOverzicht(
        regio=regio,
        gemeenten=gemeenten,
        deelnames=deelnames,
        mandaten_vandaag=mandaten,
        signaal=omvangsignaal(inwoners),
        peildatum=max(peildata) if peildata else None,
    )


def wie_mag_beslissen(regio: Regio, onderwerp: str, op: dt.date) -> list[Mandaat]:
    """The members who may decide on `onderwerp` in `regio` on date `op`, per organisation."""
    return list(
        Mandaat.objects.filter(regio=regio, onderwerp=onderwerp)
        .geldig_op(op)
        .van_contractpartijen(op)
        .select_related("gebruiker", "organisatie")
        .order_by("organisatie__naam", "gebruiker__naam")
    )


def contractpartij_ids(regio: Regio, op: dt.date | None = None) -> QuerySet[Deelname, Any]:
    """The ids of the region's contracting parties on a date (today by default), as a query to use inside another
    (a page that needs them only to narrow a query saves one)."""
    return (
        Deelname.objects.filter(regio=regio, rol=Deelname.DeelnameRol.CONTRACTPARTIJ)
        .lopend(op or timezone.localdate())
        .values("organisatie_id")
    )


def contractpartijen(regio: Regio, op: dt.date | None = None, *, ook_komend: bool = False) -> list[Organisatie]:
    """The region's contracting parties on a date (today by default), by name.

    `ook_komend` also counts parties whose participation starts later: a contract may be drafted before its term.
    Remembered for the rest of a web request (several parts of one page ask).
    """
    datum = op or timezone.localdate()

    def opzoeken() -> list[Organisatie]:
        deelnames = Deelname.objects.filter(regio=regio, rol=Deelname.DeelnameRol.CONTRACTPARTIJ)
        deelnames = deelnames.lopend_of_komend(datum) if ook_komend else deelnames.lopend(datum)
        return [d.organisatie for d in deelnames.select_related("organisatie").order_by("organisatie__naam")]

    return onthouden(("contractpartijen", regio.pk, datum, ook_komend), opzoeken)


# --- an organisation's self-management (regio/views_beheer.py) ---------------------------------------------------


def leden_van(organisatie: Organisatie) -> list[Lidmaatschap]:
    return list(
        Lidmaatschap.objects.filter(organisatie=organisatie)
        .select_related("gebruiker")
        .order_by("gebruiker__naam", "gebruiker__email")
    )


def open_uitnodigingen(organisatie: Organisatie) -> list[Uitnodiging]:
    return list(Uitnodiging.objects.open().filter(organisatie=organisatie).select_related("uitgenodigd_door"))


def mandaten_van(organisatie: Organisatie, op: dt.date) -> tuple[list[Mandaat], list[Mandaat]]:
    """The organisation's mandates that are valid or start later, and (the last 20) that have ended."""
    alle = Mandaat.objects.filter(organisatie=organisatie).select_related("gebruiker", "regio")
    lopend = list(
        alle.filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=op)).order_by(
            "regio__naam", "onderwerp", "gebruiker__naam", "geldig_van"
        )
    )
    afgelopen = list(alle.filter(geldig_tot__lt=op).order_by("-geldig_tot", "pk")[:20])
    return lopend, afgelopen


def regios_van_organisatie(organisatie: Organisatie, op: dt.date) -> QuerySet[Regio]:
    """The regions the organisation takes part in (now or later), by name: where a mandate could be asked for."""
    deelnames = Deelname.objects.filter(organisatie=organisatie).lopend_of_komend(op)
    return Regio.objects.filter(deelnames__in=deelnames).distinct().order_by("naam")
