"""Comments on a contract and its lines, and each party's internal notes: post, reply, resolve, and the names
to mention (regio/gesprekken). Only the contract's two parties reach them; for anyone else they do not exist."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracten.access import ContractActie, contract_vereist
from contracten.gesprek import CONTRACTGESPREK
from contracten.models import Contract
from contracten.views.paden import C
from regio.gesprekken import views as gesprekviews
from regio.verzoek import IngelogdVerzoek


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEKIJKEN)
def reactie_nieuw(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    return gesprekviews.reactie_nieuw(request, CONTRACTGESPREK, contract)


@require_POST
@contract_vereist(ContractActie.BEKIJKEN)
def reactie_oplossen(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    return gesprekviews.reactie_oplossen(request, CONTRACTGESPREK, contract, pk)


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def reactie_namen(request: IngelogdVerzoek, contract: Contract) -> JsonResponse:
    return gesprekviews.reactie_namen(request, CONTRACTGESPREK, contract)


urlpatterns: list[URLPattern] = [
    path(C + "reactie/nieuw/", reactie_nieuw, name="reactie_nieuw"),
    path(C + "reactie/<int:pk>/oplossen/", reactie_oplossen, name="reactie_oplossen"),
    path(C + "reactie/namen/", reactie_namen, name="reactie_namen"),
]
