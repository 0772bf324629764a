"""Who else edits a plan part or an activity right now, and its newer saved text (regio/aanwezigheid.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from regio import aanwezigheid
from regio.verzoek import IngelogdVerzoek
from regioplan.access import PlanActie, activiteit_van, plandeel_van, regioplan_vereist
from regioplan.models import Regioplan
from regioplan.views.gedeeld import plan_url


@require_GET
@never_cache
@regioplan_vereist(PlanActie.BEWERKEN)
def deel_aanwezig(request: IngelogdVerzoek, plan: Regioplan, soort: str) -> HttpResponse:
    deel = plandeel_van(plan, soort)
    stand = aanwezigheid.stand_van(deel, tekst=deel.tekst, url=plan_url(plan, f"deel-{soort}"))
    return aanwezigheid.antwoord(request, regio=plan.regio, wat=aanwezigheid.Wat.DEEL, stand=stand)


@require_GET
@never_cache
@regioplan_vereist(PlanActie.BEWERKEN)
def activiteit_aanwezig(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    activiteit = activiteit_van(plan, pk)
    tekst = "\n\n".join(t for t in (activiteit.titel, activiteit.beschrijving) if t)
    stand = aanwezigheid.stand_van(activiteit, tekst=tekst, url=plan_url(plan, f"activiteit-{pk}"))
    return aanwezigheid.antwoord(request, regio=plan.regio, wat=aanwezigheid.Wat.ACTIVITEIT, stand=stand)
