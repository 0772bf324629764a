"""Publishing an adopted plan (regioplan/publicatie.py) and the public pages of published plans.

The two decisions are POSTs on the plan, for whoever may approve it (a valid "regioplan" mandate for a contracting
party: 403 otherwise, 404 without access to the region), after the same second factor as approving. The public
pages need no sign-in and show published plans only: every other plan is 404 there, its PDF too.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regio.tweestaps import tweestaps_voor_besluit
from regio.verzoek import IngelogdVerzoek
from regioplan import publicatie, selectors
from regioplan.access import PlanActie, openbaar_regioplan, openbare_regioplannen, regioplan_vereist
from regioplan.models import Regioplan
from regioplan.pdf import OpenbaarRegioplanPdf
from regioplan.views.gedeeld import plan_url, terug_met_fout


@require_POST
@regioplan_vereist(PlanActie.GOEDKEUREN)
def publiceren(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    tweestaps_voor_besluit(request)
    try:
        besluit = publicatie.publicatie_besluiten(regioplan=plan, acting_user=request.user)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, "openbaarmaking")
    plan.refresh_from_db()
    if plan.gepubliceerd_op:
        messages.success(request, _("Alle contractpartijen hebben besloten: het plan is nu openbaar."))
    else:
        messages.success(
            request,
            _("Besloten namens %(org)s. Het plan wordt openbaar als de andere partij ook besluit.")
            % {"org": besluit.organisatie.naam},
        )
    return redirect(plan_url(plan, "openbaarmaking"))


@require_POST
@regioplan_vereist(PlanActie.GOEDKEUREN)
def publicatie_intrekken(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    tweestaps_voor_besluit(request)
    try:
        publicatie.publicatie_intrekken(regioplan=plan, acting_user=request.user)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, "openbaarmaking")
    messages.success(request, _("De openbaarmaking is ingetrokken. Het plan is niet meer openbaar."))
    return redirect(plan_url(plan, "openbaarmaking"))


@require_GET
def openbaar_lijst(request: HttpRequest) -> HttpResponse:
    plannen = list(openbare_regioplannen().select_related("regio").order_by("regio__naam", "-startjaar"))
    return render(request, "regioplan/openbaar_lijst.html", {"plannen": plannen})


@require_GET
def openbaar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = openbaar_regioplan(pk)
    return render(request, "regioplan/openbaar_detail.html", {"doc": selectors.openbaar_plan(plan)})


@require_GET
def openbaar_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The published plan's PDF as stored (made by the worker when the plan became public); while it is being made,
    a page that says so (503 with Retry-After, so a client may try again)."""
    plan = openbaar_regioplan(pk)
    pad = publicatie.openbare_pdf(plan)
    if pad is None:
        antwoord = render(request, "regioplan/openbaar_pdf_wacht.html", {"plan": plan}, status=503)
        antwoord["Retry-After"] = "60"
        return antwoord
    bestand = FileResponse(pad.open("rb"), as_attachment=True, filename=OpenbaarRegioplanPdf(plan).bestandsnaam())
    bestand["Content-Type"] = "application/pdf"
    # Public, but not cached: withdrawing the publication must end it at once.
    bestand["Cache-Control"] = "no-cache"
    return bestand
