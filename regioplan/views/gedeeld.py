"""What every regioplan page needs: where the plan lives, and how a refused change is told to the person."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from regio.opmaak import Urlmal
from regio.verzoek import IngelogdVerzoek
from regioplan.models import Regioplan


def plan_url(plan: Regioplan, anker: str = "") -> str:
    return reverse("regioplan:detail", args=[plan.regio.slug, plan.pk]) + (f"#{anker}" if anker else "")


def terug_met_fout(request: IngelogdVerzoek, plan: Regioplan, fout: ValidationError, anker: str = "") -> HttpResponse:
    """A refused change (frozen plan, wrong state): say why on the plan page; nothing was written."""
    for melding in fout.messages:
        messages.error(request, melding)
    return redirect(plan_url(plan, anker))


def plan_urls(plan: Regioplan) -> dict[str, str | Urlmal]:
    """The links the plan page repeats per activity, measuring point and comment: reversed once."""
    args = (plan.regio.slug, plan.pk)
    mallen = (
        "activiteit_bewerken",
        "activiteit_verwijderen",
        "meetpunt_nieuw",
        "meetpunt_bewerken",
        "meetpunt_verwijderen",
        "reactie_oplossen",
        "voorstel",
    )
    return {
        "reactie_nieuw": reverse("regioplan:reactie_nieuw", args=args),
        **{naam: Urlmal.van(f"regioplan:{naam}", *args) for naam in mallen},
    }
