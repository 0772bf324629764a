"""The regiobeeld's challenges as the plan sees them: interpretation, taken up or not, priority order."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regio.gelijktijdig import Bewerkingsconflict
from regio.opmaak import Urlmal
from regio.verzoek import IngelogdVerzoek
from regioplan import selectors, services
from regioplan.access import PlanActie, planuitdaging_van, regioplan_vereist
from regioplan.forms import PlanUitdagingForm
from regioplan.models import PlanUitdaging, Regioplan
from regioplan.views.gedeeld import plan_url, terug_met_fout
from regioplan.views.voorstellen import (
    ALS_VOORSTEL,
    als_voorstel_indienen,
    fouten_in_formulier,
    tegen_voorstel,
    voorgestelde_start,
    voorstelcontext,
)

ANKER = "uitdagingen"


def _initial(pu: PlanUitdaging) -> dict[str, object]:
    return {
        "duiding": pu.duiding,
        "opgenomen": "ja" if pu.opgenomen else "nee",
        "reden_niet": pu.reden_niet,
        "versie": pu.versie,
    }


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.BEWERKEN)
def uitdaging_bewerken(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    """Save a challenge's interpretation and choice, or propose them (?tegen=: counter a proposal on it)."""
    pu = planuitdaging_van(plan, pk)
    if plan.is_bevroren:
        return terug_met_fout(request, plan, services.PlanBevroren(_("Dit plan is vastgesteld.")), ANKER)
    tegen = tegen_voorstel(request, plan, pu)
    context = {
        "regio": plan.regio,
        "plan": plan,
        "pu": pu,
        "terug_url": plan_url(plan, f"uitdaging-{pu.pk}"),
        **voorstelcontext(plan, tegen),
    }
    if request.method == "GET":
        start = voorgestelde_start(pu, tegen)
        initial = {**_initial(pu), **start, "opgenomen": "ja" if start["opgenomen"] else "nee"}
        form = PlanUitdagingForm(initial={**initial, "tegen": tegen and tegen.pk})
        return render(request, "regioplan/uitdaging_bewerken.html", {**context, "form": form})
    form = PlanUitdagingForm(request.POST)
    if not form.is_valid():
        return render(request, "regioplan/uitdaging_bewerken.html", {**context, "form": form}, status=400)
    data = form.cleaned_data
    try:
        if ALS_VOORSTEL in request.POST or tegen is not None:
            voorgesteld = {k: data[k] for k in ("duiding", "opgenomen", "reden_niet")}
            return als_voorstel_indienen(request, plan, pu, form, voorgesteld, tegen)
        services.planuitdaging_opslaan(
            planuitdaging=pu,
            gelezen_versie=data["versie"],
            duiding=data["duiding"],
            opgenomen=data["opgenomen"],
            reden_niet=data["reden_niet"],
            acting_user=request.user,
        )
    except Bewerkingsconflict as conflict:
        huidig: PlanUitdaging = conflict.huidig
        mijn = {**data, "opgenomen": "ja" if data["opgenomen"] else "nee", "versie": huidig.versie}
        return render(
            request,
            "regioplan/uitdaging_bewerken.html",
            {**context, "pu": huidig, "form": PlanUitdagingForm(initial=mijn), "conflict": True, "hun": huidig},
            status=409,
        )
    except ValidationError as fout:
        if isinstance(fout, services.PlanBevroren):
            return terug_met_fout(request, plan, fout, ANKER)
        fouten_in_formulier(form, fout)
        return render(request, "regioplan/uitdaging_bewerken.html", {**context, "form": form}, status=400)
    messages.success(request, _("Opgeslagen: %(titel)s.") % {"titel": pu.titel})
    return redirect(plan_url(plan, f"uitdaging-{pu.pk}"))


def _lijst_of_terug(request: IngelogdVerzoek, plan: Regioplan, focus: int | None = None) -> HttpResponse:
    """After a reorder: the list fragment for htmx (focus stays on the moved item), else back to the page."""
    if request.htmx:
        return render(
            request,
            "regioplan/_uitdagingen.html",
            {
                "regio": plan.regio,
                "plan": Regioplan.objects.get(pk=plan.pk),
                "uitdagingen": selectors.plan_uitdagingen(plan, request.user),
                "urls": {"voorstel": Urlmal.van("regioplan:voorstel", plan.regio.slug, plan.pk)},
                "mag_bewerken": True,
                "focus": focus,
                "aangekondigd": True,
            },
        )
    return redirect(plan_url(plan, f"uitdaging-{focus}" if focus else ANKER))


@require_POST
@regioplan_vereist(PlanActie.BEWERKEN)
def uitdaging_verplaatsen(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    pu = planuitdaging_van(plan, pk)
    stappen = -1 if request.POST.get("richting") == "op" else 1
    try:
        services.planuitdaging_verplaatsen(planuitdaging=pu, stappen=stappen, acting_user=request.user)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, ANKER)
    return _lijst_of_terug(request, plan, pu.pk)


@require_POST
@regioplan_vereist(PlanActie.BEWERKEN)
def uitdagingen_ordenen(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    """The whole order at once (drag and drop): `volgorde` lists the challenges' ids, most important first."""
    try:
        volgorde = [int(x) for x in request.POST.getlist("volgorde")]
        services.planuitdagingen_ordenen(regioplan=plan, volgorde=volgorde, acting_user=request.user)
    except ValueError:
        return terug_met_fout(request, plan, ValidationError(_("De volgorde kon niet worden gelezen.")), ANKER)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, ANKER)
    return _lijst_of_terug(request, plan)
