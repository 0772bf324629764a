"""Comments on the regiobeeld, its parts and challenges, and each party's internal notes: post, reply,
resolve, and the names to mention (regio/gesprekken, behind the regiobeeld's access rules)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regio.access import RegioActie
from regio.gesprekken import views as gesprekviews
from regio.verzoek import IngelogdVerzoek
from regiobeeld.access import regiobeeld_vereist
from regiobeeld.gesprek import REGIOBEELDGESPREK
from regiobeeld.models import Regiobeeld

# Whoever may see the regiobeeld reaches these; the thread rules (regio/gesprekken) let only the members of a
# participating party comment (403 for koepel staff).


@require_http_methods(["GET", "POST"])
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def reactie_nieuw(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    return gesprekviews.reactie_nieuw(request, REGIOBEELDGESPREK, regiobeeld)


@require_POST
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def reactie_oplossen(request: IngelogdVerzoek, regiobeeld: Regiobeeld, pk: int) -> HttpResponse:
    return gesprekviews.reactie_oplossen(request, REGIOBEELDGESPREK, regiobeeld, pk)


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def reactie_namen(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> JsonResponse:
    return gesprekviews.reactie_namen(request, REGIOBEELDGESPREK, regiobeeld)
