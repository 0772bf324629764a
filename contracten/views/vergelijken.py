"""Compare two versions of a contract: the redline of its lines and amounts (contracten/vergelijking.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from contracten import vergelijking
from contracten.access import ContractActie, contract_vereist
from contracten.models import Contract
from contracten.views.paden import C
from regio.verzoek import IngelogdVerzoek


def _versie(waarde: str | None) -> int | None:
    try:
        return int(waarde) if waarde else None
    except ValueError:
        return -1


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def vergelijken(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    versies = vergelijking.versies(contract)
    nummers = list(versies)
    tot = _versie(request.GET.get("tot")) or contract.versie
    van = _versie(request.GET.get("van"))
    if van is None:
        eerder = [n for n in nummers if n < tot]
        van = eerder[-1] if eerder else tot
    context = {"regio": contract.regio, "contract": contract, "tab": "historie", "versies": versies}
    if van not in versies or tot not in versies:
        context["fout"] = _("Kies twee wijzigingsnummers van dit contract (%(eerste)s tot en met %(laatste)s).") % {
            "eerste": nummers[0],
            "laatste": nummers[-1],
        }
        return render(request, "contracten/vergelijken.html", context, status=400)
    van, tot = min(van, tot), max(van, tot)
    context.update(van=van, tot=tot, v=vergelijking.vergelijken(contract, van, tot))
    return render(request, "contracten/vergelijken.html", context)


urlpatterns: list[URLPattern] = [path(C + "vergelijken/", vergelijken, name="vergelijken")]
