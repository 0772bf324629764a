"""What an app tells about its comment threads, and the register the worker finds them in by model label."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, QuerySet
from django.utils.functional import Promise

if TYPE_CHECKING:
    from regio.access import AnyUser
    from regio.gesprekken.basis import Reactiebasis
    from regio.models import Gebruiker, Organisatie, Regio


@dataclass(frozen=True)
class Onderwerpsoort:
    """A kind of subject a thread can be about (a part, an activity, a challenge, a contract line)."""

    param: str  # the query parameter of the comment form: ?deel=, ?activiteit=, ...
    veld: str  # the comment model's foreign key to it
    model: type[Model]
    # The subject of the document named by the query value; Http404 when it is not one of this document's.
    zoeken: Callable[[Any, str], Model]
    sleutel: Callable[[Any], str]  # the query value (and anchor) of a subject: its kind or its pk
    naam: Callable[[Any], str]  # how an e-mail names it
    # A subject with a page of its own (a contract's addendum): its threads are shown there, not on the document's
    # page; the path of that page. None: on the document's page.
    pagina: Callable[[Any], str] | None = None

    @classmethod
    def op_pk(
        cls,
        param: str,
        model: type[Model],
        zoeken: Callable[[Any, int], Model],
        naam: Callable[[Any], str],
        veld: str | None = None,
        pagina: Callable[[Any], str] | None = None,
    ) -> Onderwerpsoort:
        """A subject named by its pk in the query string (?activiteit=12); `zoeken(document, pk)` is the app's
        access getter (Http404 when it is not one of this document's)."""
        return cls(
            param=param,
            veld=veld or param,
            model=model,
            zoeken=lambda document, waarde: zoeken(document, pk_uit(waarde)),
            sleutel=lambda onderwerp: str(onderwerp.pk),
            naam=naam,
            pagina=pagina,
        )


@dataclass(frozen=True)
class Gesprek:
    """The comment threads of one kind of document. The access rules come from the app's own access.py."""

    model: type[Reactiebasis]
    document: str  # the comment model's foreign key to the document: "regioplan", "regiobeeld", "contract"
    urlnaam: str  # URL namespace holding reactie_nieuw, reactie_oplossen and reactie_namen
    onderwerpen: tuple[Onderwerpsoort, ...]
    # The user's parties that take part in this document's talks (comment; read their internal notes); [] = none.
    deelnemers: Callable[[AnyUser, Any], list[Organisatie]]
    # Whether the user edits the document for a party: then they may resolve every thread.
    bewerker: Callable[[AnyUser, Any], bool]
    # Who may read a thread (shared, or internal to one party): the people one can mention in it.
    lezers: Callable[[Any, Organisatie | None], QuerySet[Gebruiker]]
    # The parties whose editors hear of every shared comment (the contracting parties).
    contractpartijen: Callable[[Any], list[Organisatie]]
    # The party a person comments for, of their parties in the talks.
    namens: Callable[[Any, Gebruiker, list[Organisatie]], Organisatie]
    url_args: Callable[[Any], tuple[object, ...]]  # the URL arguments of the document (region slug, pk or year)
    regio: Callable[[Any], Regio]
    titel: Callable[[Any], str]
    over_document: Promise  # "het plan": what a comment on the whole document is about
    # The comments (a filter on `model`) on the documents a person may see, given the regions they may see:
    # whose mentions the dashboard lists (regio.gesprekken.genoemd). The app's own access rules decide.
    zichtbaar: Callable[[Gebruiker, list[int]], Q]

    def reacties(self) -> QuerySet[Any]:
        """Every comment of this kind (the access rules narrow it: gesprekken.draden.leesbare_reacties)."""
        return self.model._default_manager.all()

    @property
    def label(self) -> str:
        return str(self.model._meta.label)

    def document_van(self, reactie: Reactiebasis) -> Any:
        return getattr(reactie, self.document)

    def onderwerp_van(self, reactie: Reactiebasis) -> tuple[Onderwerpsoort, Model] | None:
        for soort in self.onderwerpen:
            if (onderwerp := getattr(reactie, soort.veld)) is not None:
                return soort, onderwerp
        return None

    def pad(self, document: Any, onderwerp: Model | None, anker: str = "") -> str:
        """The page showing the threads on `onderwerp` (None: on the whole document), with `anker`."""
        soort = self.soort_van(onderwerp) if onderwerp is not None else None
        if soort is not None and soort.pagina is not None:
            pad = soort.pagina(onderwerp)
        else:
            from django.urls import reverse

            pad = reverse(f"{self.urlnaam}:detail", args=self.url_args(document))
        return pad + (f"#{anker}" if anker else "")

    def soort_van(self, onderwerp: Model) -> Onderwerpsoort:
        for soort in self.onderwerpen:
            if isinstance(onderwerp, soort.model):
                return soort
        raise ValueError(f"{type(onderwerp).__name__} is no subject of {self.label}")


def regiodocumentgesprek(**kwargs: Any) -> Gesprek:
    """The threads of a region's shared document (regiobeeld, plan: `document.regio`): every participating party
    takes part, the contracting parties' editors hear of each comment, a person comments for their contracting
    party first (regio.access.regiodocument_*). `kwargs`: the rest of the Gesprek."""
    from regio.access import regiodocument_deelnemers, regiodocument_lezers
    from regio.selectors import contractpartijen

    document = kwargs["document"]
    return Gesprek(
        # A region's shared documents: whoever may see the region sees them (regioplan/regiobeeld access).
        zichtbaar=lambda gebruiker, regio_ids: Q(**{f"{document}__regio_id__in": regio_ids}),
        deelnemers=regiodocument_deelnemers,
        lezers=regiodocument_lezers,
        contractpartijen=lambda document: contractpartijen(document.regio),
        namens=lambda document, gebruiker, eigen: contractpartij_eerst(document.regio, eigen),
        regio=lambda document: document.regio,
        **kwargs,
    )


_GESPREKKEN: dict[str, Gesprek] = {}


def registreren(gesprek: Gesprek) -> Gesprek:
    """Called by each app's gesprek module, imported from its AppConfig.ready()."""
    _GESPREKKEN[gesprek.label] = gesprek
    return gesprek


def van(label: str) -> Gesprek:
    return _GESPREKKEN[label]


def alle() -> list[Gesprek]:
    return list(_GESPREKKEN.values())


def pk_uit(waarde: str) -> int:
    """A subject's pk from the query string; Http404 for anything that is not one."""
    from django.http import Http404

    if not waarde.isdigit() or len(waarde) > 9:
        raise Http404
    return int(waarde)


def contractpartij_eerst(regio: Regio, eigen: list[Organisatie]) -> Organisatie:
    """The party a person comments for in a region's document: a contracting party first, else their first."""
    from regio.selectors import contractpartijen

    partijen = set(contractpartijen(regio))
    return next((o for o in eigen if o in partijen), eigen[0])
