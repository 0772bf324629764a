"""The comment views every document shares: the form (inline through htmx, or as a page), resolve, and the
name suggestions for `@` mentions. Each app mounts them with `urlpatterns(gesprek, prefix, vereist)`: its own
access decorator resolves the document from the URL (404/403 as its access.py decides)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regio import snelheid
from regio.access import mag_draad_oplossen
from regio.gesprekken import diensten, draden, noemen
from regio.gesprekken.formulier import ReactieForm
from regio.gesprekken.gesprek import Gesprek
from regio.gesprekken.meldingen import pad_van_reactie
from regio.models import Organisatie
from regio.verzoek import IngelogdVerzoek


@dataclass(frozen=True)
class Onderwerp:
    """What a new comment is about, read from the query string (?deel=, ?afspraak=, ..., ?intern=, ?antwoord=)."""

    onderwerp: Model | None = None
    param: str = ""
    intern_voor: Organisatie | None = None
    antwoord_op: Any = None

    @property
    def anker(self) -> str:
        if self.antwoord_op is not None:
            return f"reactie-{self.antwoord_op.pk}"
        if self.intern_voor is not None:
            return "intern"
        return f"reacties-{self.param}-{self.onderwerp.pk}" if self.onderwerp is not None else "reacties"

    @property
    def zichtbaar_voor(self) -> Organisatie | None:
        return self.antwoord_op.intern_voor if self.antwoord_op is not None else self.intern_voor


def _getal(q: QueryDict, naam: str) -> int | None:
    waarde = q.get(naam, "")
    return int(waarde) if isinstance(waarde, str) and waarde.isdigit() and len(waarde) < 10 else None


def _onderwerp(request: IngelogdVerzoek, gesprek: Gesprek, document: Any, q: QueryDict) -> Onderwerp:
    """The subject named in the query string; 404 for anything not of this document or not the user's to see."""
    if (antwoord := _getal(q, "antwoord")) is not None:
        return Onderwerp(antwoord_op=draden.reactie_van(gesprek, document, request.user, antwoord))
    if (intern := _getal(q, "intern")) is not None:
        for partij in gesprek.deelnemers(request.user, document):
            if partij.pk == intern:
                return Onderwerp(intern_voor=partij)
        raise Http404
    for soort in gesprek.onderwerpen:
        if waarde := q.get(soort.param):
            return Onderwerp(onderwerp=soort.zoeken(document, str(waarde)), param=soort.param)
    raise Http404


def _pagina(gesprek: Gesprek, document: Any, onderwerp: Onderwerp) -> str:
    """Back to where the thread is shown: the document's page, or its subject's own page (an addendum)."""
    if onderwerp.antwoord_op is not None:
        return pad_van_reactie(gesprek, onderwerp.antwoord_op)
    return gesprek.pad(document, onderwerp.onderwerp, onderwerp.anker)


def reactie_nieuw(request: IngelogdVerzoek, gesprek: Gesprek, document: Any) -> HttpResponse:
    """The comment form; posting returns to the thread on the document's page."""
    if not gesprek.deelnemers(request.user, document):
        raise PermissionDenied
    onderwerp = _onderwerp(request, gesprek, document, request.GET)
    actie = reverse(f"{gesprek.urlnaam}:reactie_nieuw", args=gesprek.url_args(document))
    query = request.GET.urlencode()
    form = ReactieForm(
        request.POST or None, namen_url=reverse(f"{gesprek.urlnaam}:reactie_namen", args=gesprek.url_args(document))
    )
    te_snel = request.method == "POST" and snelheid.te_snel(request, "reactie")
    if te_snel:
        form.add_error("tekst", snelheid.melding("reactie"))  # not placed; the typed text comes back in the form
    if request.method == "POST" and form.is_valid():
        try:
            reactie = diensten.reactie_plaatsen(
                gesprek=gesprek,
                document=document,
                tekst=form.cleaned_data["tekst"],
                onderwerp=onderwerp.onderwerp,
                antwoord_op=onderwerp.antwoord_op,
                intern_voor=onderwerp.intern_voor,
                genoemd=form.cleaned_data["genoemd"],
                acting_user=request.user,
            )
        except ValidationError as fout:
            for melding in fout.messages:
                form.add_error("tekst", melding)
        else:
            messages.success(request, _("Uw reactie is geplaatst."))
            return redirect(pad_van_reactie(gesprek, reactie))
    context = {
        "regio": gesprek.regio(document),
        "titel": gesprek.titel(document),
        "form": form,
        "onderwerp": onderwerp,
        "naam_onderwerp": gesprek.soort_van(onderwerp.onderwerp).naam(onderwerp.onderwerp)
        if onderwerp.onderwerp is not None
        else "",
        "actie": f"{actie}?{query}",
        "terug": _pagina(gesprek, document, onderwerp),
    }
    template = "regio/gesprek/_reactie_formulier.html" if request.htmx else "regio/gesprek/reactie_nieuw.html"
    antwoord = render(request, template, context, status=429 if te_snel else 400 if request.method == "POST" else 200)
    return snelheid.met_wachttijd(antwoord, "reactie") if te_snel else antwoord


def reactie_oplossen(request: IngelogdVerzoek, gesprek: Gesprek, document: Any, pk: int) -> HttpResponse:
    """Resolve a thread or open it again: its author and the document's editors. 404 for a comment the user may
    not read, 403 for a thread they may read but not resolve (and for whoever may not comment at all)."""
    if not gesprek.deelnemers(request.user, document):
        raise PermissionDenied
    reactie = draden.reactie_van(gesprek, document, request.user, pk)
    hoofd = reactie.antwoord_op or reactie
    if not mag_draad_oplossen(request.user, hoofd, bewerker=gesprek.bewerker(request.user, document)):
        raise PermissionDenied(
            _("Alleen de schrijver en de bewerkers van de partijen kunnen een reactie als opgelost markeren.")
        )
    opgelost = request.POST.get("opgelost") != "0"
    hoofd = diensten.reactie_oplossen(reactie=hoofd, opgelost=opgelost, acting_user=request.user)
    messages.success(request, _("Gemarkeerd als opgelost.") if opgelost else _("Weer geopend."))
    return redirect(pad_van_reactie(gesprek, hoofd))


def reactie_namen(request: IngelogdVerzoek, gesprek: Gesprek, document: Any) -> JsonResponse:
    """The people whose name starts with ?q= among those who may read the thread named by the rest of the query
    (an internal note: its party's members only), for the `@` suggestions. Only for those who may comment."""
    if not gesprek.deelnemers(request.user, document):
        raise PermissionDenied
    onderwerp = _onderwerp(request, gesprek, document, request.GET)
    lezers = gesprek.lezers(document, onderwerp.zichtbaar_voor).exclude(pk=request.user.pk)
    mensen = noemen.suggesties(str(request.GET.get("q", ""))[:100], lezers)
    return JsonResponse({"namen": [{"id": g.pk, "naam": g.get_full_name()} for g in mensen]})


Decorator = Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]


def urlpatterns(gesprek: Gesprek, prefix: str, vereist: Decorator) -> list[URLPattern]:
    """The comment URLs of one kind of document, below its `prefix` (whose arguments `vereist`, the app's access
    decorator, resolves to the document or answers 404/403): reactie_nieuw, reactie_oplossen, reactie_namen."""

    @require_http_methods(["GET", "POST"])
    @vereist
    def nieuw(request: IngelogdVerzoek, document: Any) -> HttpResponse:
        return reactie_nieuw(request, gesprek, document)

    @require_POST
    @vereist
    def oplossen(request: IngelogdVerzoek, document: Any, pk: int) -> HttpResponse:
        return reactie_oplossen(request, gesprek, document, pk)

    @require_GET
    @vereist
    def namen(request: IngelogdVerzoek, document: Any) -> JsonResponse:
        return reactie_namen(request, gesprek, document)

    return [
        path(prefix + "reactie/nieuw/", nieuw, name="reactie_nieuw"),
        path(prefix + "reactie/<int:pk>/oplossen/", oplossen, name="reactie_oplossen"),
        path(prefix + "reactie/namen/", namen, name="reactie_namen"),
    ]
