"""The written parts of a plan: edit (with side-by-side merge on a conflict), history, difference, restore."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regio.gelijktijdig import Bewerkingsconflict
from regio.verzoek import IngelogdVerzoek
from regioplan import services
from regioplan.access import PlanActie, plandeel_van, regioplan_vereist
from regioplan.forms import PlandeelForm
from regioplan.models import PLANDEEL_UITLEG, Plandeel, Plandeelsoort, Regioplan
from regioplan.verschil import tekstverschil
from regioplan.views.gedeeld import plan_url, terug_met_fout
from regioplan.views.voorstellen import (
    ALS_VOORSTEL,
    als_voorstel_indienen,
    fouten_in_formulier,
    tegen_voorstel,
    voorgestelde_start,
    voorstelcontext,
)


def _tekst_bij_versie(deel: Plandeel, versie: int) -> str | None:
    oud = deel.history.filter(versie=versie).order_by("-history_date").first()
    return None if oud is None else oud.tekst


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.BEWERKEN)
def deel_bewerken(request: IngelogdVerzoek, plan: Regioplan, soort: str) -> HttpResponse:
    """Edit a part: save it, or submit the change as a proposal (the only way once the plan is submitted), or, with
    ?tegen=, counter the other party's proposal on it."""
    deel = plandeel_van(plan, soort)
    if plan.is_bevroren:
        return terug_met_fout(request, plan, services.PlanBevroren(_("Dit plan is vastgesteld.")), f"deel-{soort}")
    tegen = tegen_voorstel(request, plan, deel)
    context = {
        "regio": plan.regio,
        "plan": plan,
        "deel": deel,
        "uitleg": PLANDEEL_UITLEG.get(Plandeelsoort(deel.soort), ""),
        **voorstelcontext(plan, tegen),
    }
    if request.method == "GET":
        start = voorgestelde_start(deel, tegen)
        form = PlandeelForm(initial={"tekst": start["tekst"], "versie": deel.versie, "tegen": tegen and tegen.pk})
        return render(request, "regioplan/deel_bewerken.html", {**context, "form": form})
    form = PlandeelForm(request.POST)
    if not form.is_valid():
        return render(request, "regioplan/deel_bewerken.html", {**context, "form": form}, status=400)
    mijn_tekst, gelezen = form.cleaned_data["tekst"], form.cleaned_data["versie"]
    try:
        if ALS_VOORSTEL in request.POST or tegen is not None:
            return als_voorstel_indienen(request, plan, deel, form, {"tekst": mijn_tekst}, tegen)
        services.plandeel_opslaan(deel=deel, gelezen_versie=gelezen, tekst=mijn_tekst, acting_user=request.user)
    except Bewerkingsconflict as conflict:
        huidig: Plandeel = conflict.huidig
        # Parts start empty at version 1 (created in bulk, without a history row).
        basis = _tekst_bij_versie(huidig, gelezen) if gelezen > 1 else ""
        return render(
            request,
            "regioplan/deel_bewerken.html",
            {
                **context,
                "deel": huidig,
                "form": PlandeelForm(
                    initial={
                        "tekst": mijn_tekst,
                        "versie": huidig.versie,
                        "toelichting": form.cleaned_data.get("toelichting"),
                        "tegen": tegen and tegen.pk,
                    }
                ),
                "conflict": True,
                "hun_tekst": huidig.tekst,
                "hun_wijziging": huidig.history.select_related("history_user").first(),
                # What the other person changed in the text this person started from.
                "hun_verschil": tekstverschil(basis, huidig.tekst) if basis else None,
            },
            status=409,
        )
    except (services.AlleenViaVoorstel, ValidationError) as fout:
        if isinstance(fout, services.PlanBevroren):
            return terug_met_fout(request, plan, fout, f"deel-{soort}")
        # Refused (a submitted plan, a proposal without a reason or decided meanwhile): the text stays in the form.
        fouten_in_formulier(form, fout)
        return render(request, "regioplan/deel_bewerken.html", {**context, "form": form}, status=400)
    messages.success(request, _("Opgeslagen: %(deel)s.") % {"deel": deel.get_soort_display()})
    return redirect(plan_url(plan, f"deel-{soort}"))


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def deel_historie(request: IngelogdVerzoek, plan: Regioplan, soort: str) -> HttpResponse:
    """Every saved version of a part, who saved it when, and the difference between two of them."""
    deel = plandeel_van(plan, soort)
    versies = list(deel.history.select_related("history_user").order_by("-history_date", "-history_id"))
    per_id = {v.history_id: v for v in versies}

    def gekozen(naam: str, standaard: int | None) -> int | None:
        waarde = request.GET.get(naam, "")
        return int(waarde) if waarde.isdigit() and int(waarde) in per_id else standaard

    nieuw_id = gekozen("b", versies[0].history_id if versies else None)
    oud_id = gekozen("a", versies[1].history_id if len(versies) > 1 else nieuw_id)
    verschil = None
    if oud_id is not None and nieuw_id is not None:
        verschil = tekstverschil(per_id[oud_id].tekst, per_id[nieuw_id].tekst)
    return render(
        request,
        "regioplan/deel_historie.html",
        {
            "regio": plan.regio,
            "plan": plan,
            "deel": deel,
            "versies": versies,
            "oud": per_id.get(oud_id) if oud_id else None,
            "nieuw": per_id.get(nieuw_id) if nieuw_id else None,
            "verschil": verschil,
            "mag_herstellen": not plan.is_bevroren,
        },
    )


@require_POST
@regioplan_vereist(PlanActie.BEWERKEN)
def deel_herstellen(request: IngelogdVerzoek, plan: Regioplan, soort: str, historie_id: int) -> HttpResponse:
    deel = plandeel_van(plan, soort)
    try:
        services.plandeel_herstellen(deel=deel, historie_id=historie_id, acting_user=request.user)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, f"deel-{soort}")
    messages.success(
        request,
        _("De eerdere tekst van %(deel)s is teruggezet. De tekst die er stond, blijft in de historie.")
        % {"deel": deel.get_soort_display()},
    )
    return redirect(plan_url(plan, f"deel-{soort}"))
