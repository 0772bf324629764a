"""Activities and their measuring points: add, change (no silent overwrite), remove."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regio.access import partijen_van
from regio.formvelden import versie_bijwerken
from regio.gelijktijdig import Bewerkingsconflict
from regio.models import Organisatie
from regio.verzoek import IngelogdVerzoek
from regioplan import services
from regioplan.access import PlanActie, activiteit_van, meetpunt_van, regioplan_vereist
from regioplan.forms import ActiviteitForm, MeetpuntForm
from regioplan.models import Activiteit, Meetpunt, Regioplan
from regioplan.views.gedeeld import plan_url, terug_met_fout
from regioplan.views.voorstellen import (
    ALS_VOORSTEL,
    als_voorstel_indienen,
    fouten_in_formulier,
    tegen_voorstel,
    voorgestelde_start,
    voorstelcontext,
)
from regioplan.voorstellen import waarden


def _verschillen(form: forms.ModelForm, huidig: Any) -> list[tuple[str, str, str]]:
    """(field label, what is stored now, what this person entered) for the fields that differ."""
    regels = []
    for naam, veld in form.fields.items():
        if naam == "versie" or naam not in form.cleaned_data:
            continue
        mijn, hun = form.cleaned_data[naam], getattr(huidig, naam)
        if hasattr(hun, "all"):
            mijn, hun = ", ".join(map(str, mijn)), ", ".join(map(str, hun.all()))
        if str(mijn or "") != str(hun or ""):
            regels.append((str(veld.label), str(hun or "—"), str(mijn or "—")))
    return regels


def _formulier(
    request: IngelogdVerzoek,
    plan: Regioplan,
    form: forms.ModelForm,
    opslaan: Callable[[int | None], Any],
    template_context: dict[str, Any],
    terug: str,
) -> HttpResponse:
    """Shared flow of the activity and measuring-point forms: validate, save, or show a conflict/refusal."""
    context = {"regio": plan.regio, "plan": plan, "form": form, "terug_url": plan_url(plan, terug), **template_context}
    if request.method == "GET":
        return render(request, "regioplan/formulier.html", context)
    if not form.is_valid():
        return render(request, "regioplan/formulier.html", context, status=400)
    try:
        uitkomst = opslaan(form.cleaned_data.get("versie"))
    except Bewerkingsconflict as conflict:
        huidig = conflict.huidig
        versie_bijwerken(form, huidig.versie)
        context.update(conflict=True, verschillen=_verschillen(form, huidig))
        return render(request, "regioplan/formulier.html", context, status=409)
    except ValidationError as fout:
        if plan.is_bevroren:
            return terug_met_fout(request, plan, fout, terug)
        # Refused (a submitted plan, a proposal without a reason, ...): what the person entered stays in the form.
        fouten_in_formulier(form, fout)
        return render(request, "regioplan/formulier.html", context, status=400)
    if isinstance(uitkomst, HttpResponse):  # submitted as a proposal: it says so itself
        return uitkomst
    messages.success(request, _("Opgeslagen."))
    return redirect(plan_url(plan, terug))


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.BEWERKEN)
def activiteit_bewerken(request: IngelogdVerzoek, plan: Regioplan, pk: int | None = None) -> HttpResponse:
    if plan.is_bevroren:
        return terug_met_fout(request, plan, services.PlanBevroren(_("Dit plan is vastgesteld.")), "activiteiten")
    # A new activity starts at the plan's first year and ends in its last (the instance's empty years would
    # otherwise win over the form's defaults).
    nieuw = Activiteit(regioplan=plan, start_jaar=plan.startjaar, eind_jaar=plan.eindjaar)
    activiteit = activiteit_van(plan, pk) if pk is not None else nieuw
    eigen = [p for p in partijen_van(request.user, plan.regio) if p in services.contractpartijen(plan.regio)]
    form = ActiviteitForm(
        request.POST or None,
        instance=activiteit,
        regioplan=plan,
        partijen=_deelnemers(plan),
        initial={"versie": activiteit.versie} if pk else {"verantwoordelijke": eigen[0] if eigen else None},
    )

    tegen = tegen_voorstel(request, plan, activiteit) if pk is not None else None
    if tegen is not None and request.method == "GET":
        form = ActiviteitForm(
            instance=activiteit,
            regioplan=plan,
            partijen=_deelnemers(plan),
            initial={
                **voorgestelde_start(activiteit, tegen),
                "versie": activiteit.versie,
                "tegen": tegen.pk,
            },
        )

    def opslaan(versie: int | None) -> Any:
        if pk is not None and (ALS_VOORSTEL in request.POST or tegen is not None):
            uitdagingen = [u.pk for u in form.cleaned_data["uitdagingen"]]
            voorgesteld = waarden(form.save(commit=False), uitdagingen)
            return als_voorstel_indienen(request, plan, activiteit, form, voorgesteld, tegen)
        return services.activiteit_opslaan(
            activiteit=form.save(commit=False),
            uitdagingen=form.cleaned_data["uitdagingen"],
            gelezen_versie=versie,
            acting_user=request.user,
        )

    kop = _("Activiteit bewerken") if pk else _("Activiteit toevoegen")
    return _formulier(
        request,
        plan,
        form,
        opslaan,
        {
            "kop": kop,
            "onderwerp": activiteit if pk else None,
            "voorstel_mogelijk": pk is not None,
            **voorstelcontext(plan, tegen),
        },
        f"activiteit-{pk}" if pk else "activiteiten",
    )


def _deelnemers(plan: Regioplan) -> list[Any]:
    """Who can be responsible for an activity or own a measuring point: any party taking part in the region."""
    return list(Organisatie.objects.filter(deelnames__regio=plan.regio).distinct().order_by("naam"))


@require_POST
@regioplan_vereist(PlanActie.BEWERKEN)
def activiteit_verwijderen(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    activiteit = activiteit_van(plan, pk)
    try:
        services.activiteit_verwijderen(activiteit=activiteit, acting_user=request.user)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, f"activiteit-{pk}")
    messages.success(request, _("Activiteit verwijderd: %(titel)s.") % {"titel": activiteit.titel})
    return redirect(plan_url(plan, "activiteiten"))


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.BEWERKEN)
def meetpunt_bewerken(
    request: IngelogdVerzoek, plan: Regioplan, activiteit_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    if plan.is_bevroren:
        return terug_met_fout(request, plan, services.PlanBevroren(_("Dit plan is vastgesteld.")), "activiteiten")
    if pk is not None:
        meetpunt = meetpunt_van(plan, pk)
    else:
        meetpunt = Meetpunt(activiteit=activiteit_van(plan, activiteit_pk or 0))
    form = MeetpuntForm(
        request.POST or None,
        instance=meetpunt,
        partijen=_deelnemers(plan),
        initial={"versie": meetpunt.versie} if pk else {"eigenaar": meetpunt.activiteit.verantwoordelijke_id},
    )

    def opslaan(versie: int | None) -> Any:
        return services.meetpunt_opslaan(
            meetpunt=form.save(commit=False),
            gelezen_versie=versie,
            acting_user=request.user,
        )

    kop = _("Meetpunt bewerken") if pk else _("Meetpunt toevoegen")
    return _formulier(
        request,
        plan,
        form,
        opslaan,
        {"kop": kop, "onderwerp": meetpunt.activiteit},
        f"activiteit-{meetpunt.activiteit_id}",
    )


@require_POST
@regioplan_vereist(PlanActie.BEWERKEN)
def meetpunt_verwijderen(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    meetpunt = meetpunt_van(plan, pk)
    try:
        services.meetpunt_verwijderen(meetpunt=meetpunt, acting_user=request.user)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, f"activiteit-{meetpunt.activiteit_id}")
    messages.success(request, _("Meetpunt verwijderd."))
    return redirect(plan_url(plan, f"activiteit-{meetpunt.activiteit_id}"))
