"""Who else edits a regiobeeld part right now, and its newer saved text (regio/aanwezigheid.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from regio import aanwezigheid
from regio.access import RegioActie
from regio.verzoek import IngelogdVerzoek
from regiobeeld.access import deel_van, regiobeeld_vereist
from regiobeeld.models import Regiobeeld


@require_GET
@never_cache
@regiobeeld_vereist(RegioActie.BEWERKEN)
def deel_aanwezig(request: IngelogdVerzoek, regiobeeld: Regiobeeld, soort: str) -> HttpResponse:
    deel = deel_van(regiobeeld, soort)
    url = reverse("regiobeeld:detail", args=[regiobeeld.regio.slug, regiobeeld.jaar]) + f"#deel-{soort}"
    stand = aanwezigheid.stand_van(deel, tekst=deel.duiding, url=url)
    return aanwezigheid.antwoord(request, regio=regiobeeld.regio, wat=aanwezigheid.Wat.DEEL, stand=stand)
