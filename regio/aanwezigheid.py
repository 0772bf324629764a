"""Who else has this open for editing ("Daan Willems, Zorgverzekeraar Zuid, bewerkt dit deel sinds 10:42"), and
whether a newer version was saved since the page was opened.

An edit page (a plan part, an activity, a regiobeeld part, a contract line) includes `_aanwezigheid.html`, which
polls its app's endpoint every few seconds with htmx. The endpoint checks access with its app's getter (the same
right as editing), describes the object as stored now (`stand_van`) and answers with `antwoord(...)`: that records
"this person has it open since T" in the shared cache (Redis) for AANWEZIG_SECONDEN and returns who else has it
open and, when a newer version was saved, an offer to read it, without touching what the person is typing.
Nothing changed since the last poll: 204, so htmx swaps nothing and a screen reader hears nothing twice.

Presence is a courtesy. With the cache unreachable (Redis down) or keeping nothing (DummyCache) it disappears
quietly; editing, saving and the conflict page work as before. regio knows nothing of the documents: each app has
its own endpoint and passes in what to show (data flows one way).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from regio.access import partijen_van

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from regio.models import Gebruiker, Regio
    from regio.verzoek import IngelogdVerzoek

log = logging.getLogger(__name__)

# Gone this long after the last poll (a closed tab, a lost connection). The page polls every POLL_SECONDEN.
AANWEZIG_SECONDEN = 20
POLL_SECONDEN = 5


class Wat(StrEnum):
    """What is being edited: the sentence names it."""

    DEEL = "deel"
    ACTIVITEIT = "activiteit"
    AFSPRAAK = "afspraak"


ZINNEN: dict[Wat, StrOrPromise] = {
    Wat.DEEL: _("%(naam)s, %(organisatie)s, bewerkt dit deel sinds %(tijd)s"),
    Wat.ACTIVITEIT: _("%(naam)s, %(organisatie)s, bewerkt deze activiteit sinds %(tijd)s"),
    Wat.AFSPRAAK: _("%(naam)s, %(organisatie)s, bewerkt deze afspraak sinds %(tijd)s"),
}


@dataclass(frozen=True)
class Aanwezige:
    gebruiker_id: int
    naam: str
    organisatie: str
    sinds: dt.datetime


@dataclass(frozen=True)
class Stand:
    """The object as stored now: its key in the cache, version, readable text, who saved it last, where to read it."""

    sleutel: str
    versie: int
    tekst: str
    door: str
    url: str


def stand_van(obj: Any, *, tekst: str, url: str) -> Stand:
    """The stand of a versioned model with django-simple-history (`versie`, `history`): one query for who saved."""
    laatste = obj.history.select_related("history_user").first()
    gebruiker = getattr(laatste, "history_user", None)
    return Stand(
        sleutel=f"{obj._meta.label_lower}:{obj.pk}",
        versie=obj.versie,
        tekst=tekst,
        door=gebruiker.get_full_name() if gebruiker is not None else "",
        url=url,
    )


def _cachesleutel(sleutel: str) -> str:
    return f"aanwezig:{sleutel}"


def aanmelden(sleutel: str, gebruiker: Gebruiker, organisatie: str) -> list[Aanwezige]:
    """Record that `gebruiker` has `sleutel` open now; the others who have it open, longest first. [] when the cache
    cannot be reached.

    One cache entry per object holds everybody (read, change, write): two polls at the same moment may drop one
    person, whose next poll a few seconds later puts them back."""
    nu = timezone.now().timestamp()
    try:
        cache = caches["default"]
        bekend: dict[int, dict[str, Any]] = cache.get(_cachesleutel(sleutel)) or {}
        levend = {pk: w for pk, w in bekend.items() if w["gezien"] >= nu - AANWEZIG_SECONDEN}
        eigen = levend.get(gebruiker.pk)
        levend[gebruiker.pk] = {
            "naam": gebruiker.get_full_name(),
            "organisatie": organisatie,
            "sinds": eigen["sinds"] if eigen else nu,
            "gezien": nu,
        }
        cache.set(_cachesleutel(sleutel), levend, AANWEZIG_SECONDEN)
    except Exception:  # a courtesy: Redis down must not break the page (see the module's docstring)
        log.info("Aanwezigheid niet bij te houden voor %s: cache onbereikbaar", sleutel, exc_info=True)
        return []
    return [
        Aanwezige(pk, w["naam"], w["organisatie"], dt.datetime.fromtimestamp(w["sinds"], tz=dt.UTC))
        for pk, w in sorted(levend.items(), key=lambda item: item[1]["sinds"])
        if pk != gebruiker.pk
    ]


def _gelezen_versie(request: IngelogdVerzoek, stand: Stand) -> int:
    waarde = request.GET.get("versie", "")
    return int(waarde) if waarde.isdigit() else stand.versie  # no (valid) version: nothing to offer


def antwoord(request: IngelogdVerzoek, *, regio: Regio, wat: Wat, stand: Stand) -> HttpResponse:
    """The poll's answer, after the app checked that the person may edit the object."""
    partijen = partijen_van(request.user, regio)
    anderen = aanmelden(stand.sleutel, request.user, partijen[0].naam if partijen else "")
    gelezen = _gelezen_versie(request, stand)
    nieuwer = stand.versie > gelezen
    zinnen = [
        str(ZINNEN[wat])
        % {
            "naam": a.naam,
            "organisatie": a.organisatie,
            "tijd": formats.time_format(timezone.localtime(a.sinds), "H:i"),
        }
        for a in anderen
    ]
    vingerafdruk = hashlib.sha256(repr((zinnen, stand.versie if nieuwer else 0)).encode()).hexdigest()[:16]
    if request.GET.get("stand") == vingerafdruk:
        return HttpResponse(status=204)  # htmx swaps nothing: the same sentence is not announced again
    return render(
        request,
        "_aanwezigheid.html",
        {
            "fragment": True,
            "aanwezig_url": request.path,
            "versie": gelezen,
            "vingerafdruk": vingerafdruk,
            "zinnen": zinnen,
            "nieuwer": stand if nieuwer else None,
            "poll_seconden": POLL_SECONDEN,
        },
    )
