"""The regiobeeld's parts through time: each part's history with the difference between two saves and restoring an
earlier text, and what changed in the whole regiobeeld since a party's agreement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regio.access import RegioActie, mag_regio
from regio.historie import versies_kiezen
from regio.opmaak import Urlmal
from regio.verzoek import IngelogdVerzoek
from regiobeeld import services, vergelijking
from regiobeeld.access import akkoord_van, deel_van, regiobeeld_vereist
from regiobeeld.models import Regiobeeld
from regiobeeld.selectors import AKKOORD


def _deel_url(regiobeeld: Regiobeeld, soort: str) -> str:
    return reverse("regiobeeld:detail", args=[regiobeeld.regio.slug, regiobeeld.jaar]) + f"#deel-{soort}"


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def deel_historie(request: IngelogdVerzoek, regiobeeld: Regiobeeld, soort: str) -> HttpResponse:
    """Every saved version of a part, who saved it when, and the difference between two of them."""
    deel = deel_van(regiobeeld, soort)
    return render(
        request,
        "regiobeeld/deel_historie.html",
        {
            "regio": regiobeeld.regio,
            "regiobeeld": regiobeeld,
            "deel": deel,
            "keuze": versies_kiezen(deel, "duiding", request.GET.get("a", ""), request.GET.get("b", "")),
            "mag_herstellen": mag_regio(request.user, regiobeeld.regio, RegioActie.BEWERKEN),
            "herstellen": Urlmal.van("regiobeeld:deel_herstellen", regiobeeld.regio.slug, regiobeeld.jaar, soort),
        },
    )


@require_POST
@regiobeeld_vereist(RegioActie.BEWERKEN)
def deel_herstellen(request: IngelogdVerzoek, regiobeeld: Regiobeeld, soort: str, historie_id: int) -> HttpResponse:
    deel = deel_van(regiobeeld, soort)
    try:
        services.deel_herstellen(deel=deel, historie_id=historie_id, acting_user=request.user)
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
        return redirect(_deel_url(regiobeeld, soort))
    messages.success(
        request,
        _("De eerdere tekst van %(deel)s is teruggezet. De tekst die er stond, blijft in de historie.")
        % {"deel": deel.get_soort_display()},
    )
    return redirect(_deel_url(regiobeeld, soort))


@require_GET
@regiobeeld_vereist(RegioActie.BEKIJKEN)
def sinds_akkoord(request: IngelogdVerzoek, regiobeeld: Regiobeeld, pk: int) -> HttpResponse:
    """The regiobeeld as a party agreed to it against today's."""
    akkoord = akkoord_van(regiobeeld, pk)
    return render(
        request,
        "regiobeeld/sinds_akkoord.html",
        {
            "regio": regiobeeld.regio,
            "regiobeeld": regiobeeld,
            "goedkeuring": akkoord,
            "wat": AKKOORD,
            "verschil": vergelijking.sinds(regiobeeld, akkoord.gegeven_op),
        },
    )
