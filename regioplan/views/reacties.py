"""Comments on the plan, its parts, challenges and activities, and each party's internal notes: post, reply,
resolve, and the names to mention (regio/gesprekken, behind the plan's access rules)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regio.gesprekken import views as gesprekviews
from regio.verzoek import IngelogdVerzoek
from regioplan.access import PlanActie, regioplan_vereist
from regioplan.gesprek import PLANGESPREK
from regioplan.models import Regioplan


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.REAGEREN)
def reactie_nieuw(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    return gesprekviews.reactie_nieuw(request, PLANGESPREK, plan)


@require_POST
@regioplan_vereist(PlanActie.REAGEREN)
def reactie_oplossen(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    return gesprekviews.reactie_oplossen(request, PLANGESPREK, plan, pk)


@require_GET
@regioplan_vereist(PlanActie.REAGEREN)
def reactie_namen(request: IngelogdVerzoek, plan: Regioplan) -> JsonResponse:
    return gesprekviews.reactie_namen(request, PLANGESPREK, plan)
