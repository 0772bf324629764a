"""Pages of the regio app: "Mijn regio's", a region's overview, and an organisation's log for its managers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from regio import berichten, selectors
from regio.access import RegioActie, is_koepel, organisatie_voor_beheerder, regio_vereist
from regio.audit import regels_voor_organisatie
from regio.berichtvoorkeuren import VoorkeurenForm
from regio.dashboard import dashboard_voor
from regio.gesprekken.genoemd import open_vermeldingen
from regio.models import Regio, Rol
from regio.verzoek import IngelogdVerzoek


@require_GET
@login_required
def mijn_regios(request: IngelogdVerzoek) -> HttpResponse:
    dashboard = dashboard_voor(request)
    # Higher apps (regioplan, contracts) add their part; regio does not import them (data flows one way).
    onderdelen = [import_string(pad)(dashboard) for pad in settings.REGIO_DASHBOARD]
    return render(
        request,
        "regio/mijn_regios.html",
        {
            "kaarten": selectors.regiokaarten(dashboard.regios, dashboard.vandaag),
            "onderdelen": onderdelen,
            # Mentions in the plan's, regiobeeld's and contracts' threads, as far as the person may still read them.
            "genoemd": open_vermeldingen(
                dashboard.gebruiker, dashboard.regio_ids, [lid.organisatie_id for lid in dashboard.lidmaatschappen]
            ),
            "beheerd": dashboard.organisaties(Rol.BEHEERDER),
            # Koepel staff see every region without taking part in one: the page says so.
            "koepel": is_koepel(request.user),
        },
    )


@require_GET
@login_required
def logboek(request: IngelogdVerzoek, organisatie_pk: int) -> HttpResponse:
    """The log of the manager's own organisation: sign-ins of its members, memberships, rights, mandates,
    approvals and exports for it."""
    organisatie = organisatie_voor_beheerder(request.user, organisatie_pk)
    pagina = Paginator(regels_voor_organisatie(organisatie), 50).get_page(request.GET.get("pagina"))
    return render(request, "regio/logboek.html", {"organisatie": organisatie, "pagina": pagina})


@require_GET
@regio_vereist(RegioActie.BEKIJKEN)
def regio_detail(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    return render(request, "regio/regio_detail.html", {"overzicht": selectors.regio_overzicht(regio)})


@require_GET
@never_cache
def gezondheid(request: HttpRequest) -> JsonResponse:
    """Liveness for docker-compose and load balancers: database and cache reachable; nothing else shown."""
    status = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        status["database"] = "fout"
    try:
        cache.set("gezondheid", "1", 5)
    except Exception:
        status["cache"] = "fout"
    gezond = all(v == "ok" for v in status.values())
    return JsonResponse(status, status=200 if gezond else 503)


@require_http_methods(["GET", "POST"])
@login_required
def meldingen(request: IngelogdVerzoek) -> HttpResponse:
    """The person's own choice per kind of e-mail: at once or in the daily digest."""
    form = VoorkeurenForm(request.POST or None, initial=berichten.voorkeuren_van(request.user))
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "regio/meldingen.html", {"form": form}, status=400)
        berichten.berichtvoorkeuren_opslaan(keuzes=form.cleaned_data, acting_user=request.user)
        messages.success(request, _("Uw keuzes voor meldingen zijn opgeslagen."))
        return redirect("regio:meldingen")
    return render(request, "regio/meldingen.html", {"form": form})
