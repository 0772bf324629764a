"""Reading threads for a page: every comment the user may read, grouped into threads per subject, in two
queries whatever the number of comments (the people mentioned come prefetched)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet

from regio.access import mag_draad_oplossen, zichtbare_reacties

if TYPE_CHECKING:
    from regio.access import AnyUser
    from regio.gesprekken.basis import Reactiebasis
    from regio.gesprekken.gesprek import Gesprek
    from regio.models import Organisatie

# ("intern", party pk) for internal notes, (subject param, subject pk) for a subject, ("", None) for the document.
Sleutel = tuple[str, int | None]


@dataclass
class Draad:
    """A comment with its replies."""

    hoofd: Any  # the app's Reactie (a Reactiebasis)
    antwoorden: list[Any] = field(default_factory=list)
    # Whether the person reading may mark it resolved or open it again (regio.access.mag_draad_oplossen).
    mag_oplossen: bool = False

    @property
    def opgelost(self) -> bool:
        return self.hoofd.opgelost_op is not None


@dataclass(frozen=True)
class InterneDraden:
    organisatie: Organisatie
    draden: list[Draad]


def leesbare_reacties(
    gesprek: Gesprek, document: Any, user: AnyUser, eigen: list[Organisatie] | None = None
) -> QuerySet[Any]:
    """The comments on `document` the user may read (shared ones, and their own parties' internal notes).
    `eigen`: the user's parties in the talks (gesprek.deelnemers), when the caller asked already."""
    qs = gesprek.reacties().filter(**{gesprek.document: document})
    return zichtbare_reacties(qs, gesprek.deelnemers(user, document) if eigen is None else eigen)


def reactie_van(gesprek: Gesprek, document: Any, user: AnyUser, pk: int) -> Reactiebasis:
    """A comment on `document` the user may read; Http404 for any other (another party's note included)."""
    from django.http import Http404

    reactie = leesbare_reacties(gesprek, document, user).filter(pk=pk).select_related("intern_voor").first()
    if reactie is None:
        raise Http404
    return reactie


def _sleutel(gesprek: Gesprek, r: Reactiebasis) -> Sleutel:
    if r.intern_voor_id is not None:
        return ("intern", r.intern_voor_id)
    for soort in gesprek.onderwerpen:
        if (pk := getattr(r, f"{soort.veld}_id")) is not None:
            return (soort.param, pk)
    return ("", None)


def draden(
    gesprek: Gesprek, document: Any, user: AnyUser, *, bewerker: bool, eigen: list[Organisatie] | None = None
) -> dict[Sleutel, list[Draad]]:
    """The threads the user may read, per subject (see Sleutel), oldest first; `bewerker`: whether the user edits
    the document for a party (asked once per page: `gesprek.bewerker`)."""
    # One query: a row per comment and person it mentions (a LEFT JOIN), folded into the comment's genoemde_namen.
    rijen = (
        leesbare_reacties(gesprek, document, user, eigen)
        .select_related("auteur", "namens", "opgelost_door")
        .annotate(genoemd_naam=F("genoemd__naam"), genoemd_email=F("genoemd__email"))
        .order_by("geplaatst_op", "pk", "genoemd__naam", "genoemd__email")
    )
    per_pk: dict[int, Any] = {}
    for rij in rijen:
        r = per_pk.setdefault(rij.pk, rij)
        if r is rij:
            r.genoemde_namen = []
        if rij.genoemd_email is not None:
            r.genoemde_namen.append(rij.genoemd_naam or rij.genoemd_email)
    reacties = list(per_pk.values())
    hoofden: dict[int, Draad] = {}
    per_onderwerp: dict[Sleutel, list[Draad]] = defaultdict(list)
    for r in reacties:
        if r.antwoord_op_id is None:
            draad = hoofden[r.pk] = Draad(r, mag_oplossen=mag_draad_oplossen(user, r, bewerker=bewerker))
            per_onderwerp[_sleutel(gesprek, r)].append(draad)
    for r in reacties:
        if r.antwoord_op_id is not None and r.antwoord_op_id in hoofden:
            hoofden[r.antwoord_op_id].antwoorden.append(r)
    return per_onderwerp


def interne_draden(eigen: list[Organisatie], per_onderwerp: dict[Sleutel, list[Draad]]) -> list[InterneDraden]:
    """The internal notes of each of the user's own parties `eigen` in the document's talks (shown when empty)."""
    return [InterneDraden(o, per_onderwerp.get(("intern", o.pk), [])) for o in eigen]


def per_onderwerp(per_sleutel: dict[Sleutel, list[Draad]], param: str) -> dict[int, list[Draad]]:
    """The threads on each subject of one kind (`param`: "uitdaging", "afspraak", ...), by the subject's pk."""
    return {pk: lijst for (soort, pk), lijst in per_sleutel.items() if soort == param and pk is not None}


def open_draden(per_onderwerp: dict[Sleutel, list[Draad]]) -> int:
    return sum(1 for lijst in per_onderwerp.values() for d in lijst if not d.opgelost)


@dataclass(frozen=True)
class Paginadraden:
    """What a document page needs to show its threads: per subject kind the threads by subject pk, the user's
    parties' internal notes, whether they may comment, and the comment links (reversed once)."""

    per: dict[str, dict[int, list[Draad]]]
    intern: list[InterneDraden]
    mag_reageren: bool
    urls: dict[str, Any]
    open: int


def paginadraden(gesprek: Gesprek, document: Any, user: AnyUser, *, bewerker: bool) -> Paginadraden:
    """`bewerker`: whether the user edits the document for a party (the page asked already: gesprek.bewerker)."""
    from django.urls import reverse

    from regio.opmaak import Urlmal

    eigen = gesprek.deelnemers(user, document)
    per_sleutel = draden(gesprek, document, user, bewerker=bewerker, eigen=eigen)
    args = gesprek.url_args(document)
    return Paginadraden(
        per={soort.param: per_onderwerp(per_sleutel, soort.param) for soort in gesprek.onderwerpen},
        intern=interne_draden(eigen, per_sleutel),
        mag_reageren=bool(eigen),
        urls={
            "reactie_nieuw": reverse(f"{gesprek.urlnaam}:reactie_nieuw", args=args),
            "reactie_oplossen": Urlmal.van(f"{gesprek.urlnaam}:reactie_oplossen", *args),
        },
        open=open_draden(per_sleutel),
    )
