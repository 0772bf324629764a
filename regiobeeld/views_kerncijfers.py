"""The key figures of a region, seen from one of its regiobeelden: the whole table, and choosing what the
regiobeeld highlights."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regio.access import RegioActie
from regio.verzoek import IngelogdVerzoek
from regiobeeld import kerncijfers, services
from regiobeeld.access import bewerkt_regiobeeld, indicator_voor_regio, regiobeeld_vereist
from regiobeeld.models import Regiobeeld


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def kerncijfers_tonen(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    regio = regiobeeld.regio
    sortering = kerncijfers.Sortering.uit(request.GET)
    return render(
        request,
        "regiobeeld/kerncijfers.html",
        {
            "regio": regio,
            "regiobeeld": regiobeeld,
            "kern": kerncijfers.opbouwen(regio, regiobeeld, sortering),
            "mag_bewerken": bewerkt_regiobeeld(request.user, regiobeeld),  # read with the regiobeeld
        },
    )


@require_POST
@regiobeeld_vereist(RegioActie.BEWERKEN)
def uitgelicht(request: IngelogdVerzoek, regiobeeld: Regiobeeld) -> HttpResponse:
    indicator = indicator_voor_regio(regiobeeld.regio, request.POST.get("indicator", ""))
    aan = request.POST.get("uitgelicht") == "1"
    services.uitgelicht_zetten(regiobeeld=regiobeeld, indicator=indicator, uitgelicht=aan, acting_user=request.user)
    melding = _("%(naam)s staat nu bovenaan het regiobeeld.") if aan else _("%(naam)s is niet meer uitgelicht.")
    messages.success(request, melding % {"naam": indicator.naam})
    terug = reverse("regiobeeld:kerncijfers", args=[regiobeeld.regio.slug, regiobeeld.jaar])
    return redirect(f"{terug}{kerncijfers.Sortering.uit(request.POST).query()}#rij-{indicator.code}")
