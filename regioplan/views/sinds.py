"""What changed in a plan since a party approved it: the approved version against today's."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from regio.verzoek import IngelogdVerzoek
from regioplan import services, vergelijking
from regioplan.access import PlanActie, goedkeuring_van, regioplan_vereist
from regioplan.models import Regioplan


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def sinds_goedkeuring(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    goedkeuring = goedkeuring_van(plan, pk)
    return render(
        request,
        "regioplan/sinds_goedkeuring.html",
        {
            "regio": plan.regio,
            "plan": plan,
            "goedkeuring": goedkeuring,
            "wat": services.LEVENSLOOP.woord,
            "verschil": vergelijking.sinds(plan, goedkeuring.gegeven_op),
        },
    )
