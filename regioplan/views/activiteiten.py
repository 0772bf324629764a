"""Activities and their measuring points: add, change (merged with a concurrent save, no silent overwrite), remove."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from regio.access import partijen_van
from regio.gelijktijdig import Bewerkingsconflict, is_tekstveld
from regio.models import Organisatie
from regio.samenvoegscherm import conflictcontext, oplossing_toepassen, samenvoeging_melden
from regio.verwijderen import bevestigen
from regio.verzoek import IngelogdVerzoek
from regioplan import services
from regioplan.access import PlanActie, activiteit_van, meetpunt_van, regioplan_vereist
from regioplan.forms import ActiviteitForm, MeetpuntForm
from regioplan.models import Activiteit, Meetpunt, Regioplan, Voorstel
from regioplan.views import voorstellen as voorstelpaginas
from regioplan.views.gedeeld import plan_url, terug_met_fout
from regioplan.voorstellen import waarden

Opnieuw = Callable[[Model, Bewerkingsconflict[Any]], forms.ModelForm]


def _modelvelden(form: forms.ModelForm) -> dict[str, tuple[str, str]]:
    """The form's fields that are columns of its model: model attribute -> (form field, label)."""
    kolommen = {f.name: f.attname for f in form._meta.model._meta.concrete_fields}
    return {kolommen[naam]: (naam, str(veld.label)) for naam, veld in form.fields.items() if naam in kolommen}


def _tekstvelden(post: Any, obj: Model) -> Any:
    """The post with the text fields settled on a conflict page filled in (regio.samenvoegscherm)."""
    if not post:
        return None
    velden = [(f.attname, f.name) for f in type(obj)._meta.concrete_fields if is_tekstveld(type(obj), f.attname)]
    return oplossing_toepassen(post, obj, velden)


def _voorstel(conflict: Bewerkingsconflict[Any]) -> Model:
    """The stored row with what merged, and where both changed something, the person's own input."""
    voorstel = copy.copy(conflict.huidig)
    eigen = {attname: b.mijn for attname, b in conflict.botsingen.items()}
    eigen |= {attname: conflict.mijn.get(attname, "") for attname in conflict.overlappende_teksten}
    for attname, waarde in {**conflict.samengevoegd, **eigen}.items():
        setattr(voorstel, attname, waarde)
    return voorstel


def _formulier(
    request: IngelogdVerzoek,
    plan: Regioplan,
    form: forms.ModelForm,
    opslaan: Callable[[int | None], Any],
    template_context: dict[str, Any],
    terug: str,
    opnieuw: Opnieuw,
) -> HttpResponse:
    """Shared flow of the activity and measuring-point forms: validate, save (merged with a concurrent save), or
    show what overlapped (`opnieuw` builds the form again around the merged row) or a refusal."""
    context = {
        "regio": plan.regio,
        "plan": plan,
        "form": form,
        "intrekking": services.LEVENSLOOP.zou_intrekken(plan),
        "terug_url": plan_url(plan, terug),
        **template_context,
    }
    if request.method == "GET":
        return render(request, "regioplan/formulier.html", context)
    if not form.is_valid():
        return render(request, "regioplan/formulier.html", context, status=400)
    gelezen = form.cleaned_data.get("versie")
    try:
        uitkomst = opslaan(gelezen)
    except Bewerkingsconflict as conflict:
        velden = _modelvelden(form)
        context.update(form=opnieuw(_voorstel(conflict), conflict), **conflictcontext(conflict, velden))
        return render(request, "regioplan/formulier.html", context, status=409)
    except ValidationError as fout:
        if plan.is_bevroren:
            return terug_met_fout(request, plan, fout, terug)
        # Refused (a submitted plan, a proposal without a reason, ...): what the person entered stays in the form.
        voorstelpaginas.fouten_in_formulier(form, fout)
        return render(request, "regioplan/formulier.html", context, status=400)
    if isinstance(uitkomst, HttpResponse):  # submitted as a proposal: it says so itself
        return uitkomst
    samenvoeging_melden(request, uitkomst, gelezen)
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
        _tekstvelden(request.POST, activiteit),
        instance=activiteit,
        regioplan=plan,
        partijen=_deelnemers(plan),
        initial={"versie": activiteit.versie} if pk else {"verantwoordelijke": eigen[0] if eigen else None},
    )

    tegen = voorstelpaginas.tegen_voorstel(request, plan, activiteit) if pk is not None else None
    if tegen is not None and request.method == "GET":
        form = ActiviteitForm(
            instance=activiteit,
            regioplan=plan,
            partijen=_deelnemers(plan),
            initial={
                **voorstelpaginas.voorgestelde_start(activiteit, tegen),
                "versie": activiteit.versie,
                "tegen": tegen.pk,
            },
        )

    def opslaan(versie: int | None) -> Any:
        if pk is not None and (voorstelpaginas.ALS_VOORSTEL in request.POST or tegen is not None):
            uitdagingen = [u.pk for u in form.cleaned_data["uitdagingen"]]
            voorgesteld = waarden(form.save(commit=False), uitdagingen)
            return voorstelpaginas.als_voorstel_indienen(request, plan, activiteit, form, voorgesteld, tegen)
        return services.activiteit_opslaan(
            activiteit=form.save(commit=False),
            uitdagingen=form.cleaned_data["uitdagingen"],
            gelezen_versie=versie,
            acting_user=request.user,
        )

    def opnieuw(voorstel: Model, conflict: Bewerkingsconflict[Any]) -> forms.ModelForm:
        initial: dict[str, Any] = {"versie": conflict.huidig.versie}
        if conflict.basis_versie is not None:
            initial["uitdagingen"] = services.uitdagingen_samengevoegd(
                conflict.huidig, conflict.basis_versie, list(form.cleaned_data["uitdagingen"])
            )
        return ActiviteitForm(instance=voorstel, regioplan=plan, partijen=_deelnemers(plan), initial=initial)

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
            **voorstelpaginas.voorstelcontext(plan, tegen),
            # Who else edits it now (regio/aanwezigheid.py): only an activity that exists.
            "aanwezig_url": reverse("regioplan:activiteit_aanwezig", args=[plan.regio.slug, plan.pk, pk]) if pk else "",
        },
        f"activiteit-{pk}" if pk else "activiteiten",
        opnieuw,
    )


def _deelnemers(plan: Regioplan) -> list[Any]:
    """Who can be responsible for an activity or own a measuring point: any party taking part in the region."""
    return list(Organisatie.objects.filter(deelnames__regio=plan.regio).distinct().order_by("naam"))


def _bevestigen(request: IngelogdVerzoek, plan: Regioplan, kop: str, wat: list[str], anker: str) -> HttpResponse:
    """Ask before removing from the plan: what goes, whose approval it withdraws (regio/verwijderen.py)."""
    if plan.is_bevroren:
        return terug_met_fout(request, plan, services.PlanBevroren(_("Dit plan is vastgesteld.")), anker)
    return bevestigen(
        request,
        regio=plan.regio,
        kop=kop,
        wat=wat,
        intrekking=services.LEVENSLOOP.zou_intrekken(plan),
        terug_url=plan_url(plan, anker),
        document=plan.titel,
        document_url=plan_url(plan),
    )


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.BEWERKEN)
def activiteit_verwijderen(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    """GET asks first (what goes with it, whose approval it withdraws); POST removes."""
    activiteit = activiteit_van(plan, pk)
    if request.method == "GET":
        wat = [_("De activiteit “%(titel)s”") % {"titel": activiteit.titel}]
        wat += [_("Meetpunt: %(wat)s") % {"wat": m.omschrijving} for m in activiteit.meetpunten.all()]
        open_ = Voorstel.objects.open().filter(activiteit=activiteit).count()
        if open_:
            wat.append(
                ngettext("%(n)d open voorstel op deze activiteit", "%(n)d open voorstellen op deze activiteit", open_)
                % {"n": open_}
            )
        reacties = activiteit.reacties.count()
        if reacties:
            wat.append(ngettext("%(n)d reactie erbij", "%(n)d reacties erbij", reacties) % {"n": reacties})
        kop = _("Activiteit “%(titel)s” verwijderen?") % {"titel": activiteit.titel}
        return _bevestigen(request, plan, kop, wat, f"activiteit-{pk}")
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
        _tekstvelden(request.POST, meetpunt),
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

    def opnieuw(voorstel: Model, conflict: Bewerkingsconflict[Any]) -> forms.ModelForm:
        return MeetpuntForm(instance=voorstel, partijen=_deelnemers(plan), initial={"versie": conflict.huidig.versie})

    kop = _("Meetpunt bewerken") if pk else _("Meetpunt toevoegen")
    return _formulier(
        request,
        plan,
        form,
        opslaan,
        {"kop": kop, "onderwerp": meetpunt.activiteit},
        f"activiteit-{meetpunt.activiteit_id}",
        opnieuw,
    )


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.BEWERKEN)
def meetpunt_verwijderen(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    """GET asks first; POST removes."""
    meetpunt = meetpunt_van(plan, pk)
    if request.method == "GET":
        wat = [
            _("Meetpunt “%(wat)s” van activiteit “%(act)s”")
            % {"wat": meetpunt.omschrijving, "act": meetpunt.activiteit.titel}
        ]
        kop = _("Meetpunt “%(wat)s” verwijderen?") % {"wat": meetpunt.omschrijving}
        return _bevestigen(request, plan, kop, wat, f"activiteit-{meetpunt.activiteit_id}")
    try:
        services.meetpunt_verwijderen(meetpunt=meetpunt, acting_user=request.user)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, f"activiteit-{meetpunt.activiteit_id}")
    messages.success(request, _("Meetpunt verwijderd."))
    return redirect(plan_url(plan, f"activiteit-{meetpunt.activiteit_id}"))
