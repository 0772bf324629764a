"""What every regioplan page needs: where the plan lives, and how a refused change is told to the person."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from regio.verzoek import IngelogdVerzoek
from regioplan.models import Regioplan


def plan_url(plan: Regioplan, anker: str = "") -> str:
    return reverse("regioplan:detail", args=[plan.regio.slug, plan.pk]) + (f"#{anker}" if anker else "")


def terug_met_fout(request: IngelogdVerzoek, plan: Regioplan, fout: ValidationError, anker: str = "") -> HttpResponse:
    """A refused change (frozen plan, wrong state): say why on the plan page; nothing was written."""
    for melding in fout.messages:
        messages.error(request, melding)
    return redirect(plan_url(plan, anker))
