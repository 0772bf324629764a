"""What changed in a contract since a party signed it: the signed version's lines and amounts against today's."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from contracten import services, vergelijking
from contracten.access import ContractActie, contract_vereist, ondertekening_van
from contracten.models import Contract
from contracten.views.paden import C
from regio.verzoek import IngelogdVerzoek


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def sinds_ondertekening(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    ondertekening = ondertekening_van(contract, pk)
    return render(
        request,
        "contracten/sinds_ondertekening.html",
        {
            "regio": contract.regio,
            "contract": contract,
            "tab": "overzicht",
            "goedkeuring": ondertekening,
            "wat": services.LEVENSLOOP.woord,
            "verschil": vergelijking.sinds(contract, ondertekening.gegeven_op),
        },
    )


urlpatterns: list[URLPattern] = [
    path(C + "sinds-ondertekening/<int:pk>/", sinds_ondertekening, name="sinds_ondertekening"),
]
