"""Proposals on a plan: the trail (open and decided), one proposal with its redline, deciding and withdrawing it;
and what the edit forms share to submit a change as a proposal ("Als voorstel indienen") or a counter-proposal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regio.opmaak import Urlmal
from regio.verzoek import IngelogdVerzoek
from regioplan import voorstel_weergave
from regioplan.access import (
    PlanActie,
    mag_beslissen,
    mag_intrekken,
    regioplan_vereist,
    voorstel_om_in_te_trekken,
    voorstel_om_te_beslissen,
    voorstel_van,
    voorstelpartijen,
)
from regioplan.models import Regioplan, Status, Voorstel
from regioplan.views.gedeeld import plan_url
from regioplan.voorstellen import Doel, voorstel_beslissen, voorstel_indienen, voorstel_intrekken, waarden

ALS_VOORSTEL = "als_voorstel"


def voorstel_url(plan: Regioplan, voorstel: Voorstel) -> str:
    return reverse("regioplan:voorstel", args=[plan.regio.slug, plan.pk, voorstel.pk])


# --- what the edit forms share ------------------------------------------------------------------------------


def tegen_voorstel(request: IngelogdVerzoek, plan: Regioplan, doel: Doel) -> Voorstel | None:
    """The open proposal this form counters (?tegen= on GET, the hidden field on POST): one the person may decide
    (403 otherwise), on this very target (404 otherwise)."""
    waarde = (request.POST if request.method == "POST" else request.GET).get("tegen", "")
    if not waarde:
        return None
    if not waarde.isdigit():
        raise Http404
    voorstel = voorstel_om_te_beslissen(request.user, plan, int(waarde))
    if voorstel.doel.pk != doel.pk or type(voorstel.doel) is not type(doel):
        raise Http404
    return voorstel


def voorgestelde_start(doel: Doel, tegen: Voorstel | None) -> dict[str, Any]:
    """A counter-proposal's form starts from the proposal it answers."""
    return {**waarden(doel), **tegen.wijziging} if tegen is not None else waarden(doel)


def voorstelcontext(plan: Regioplan, tegen: Voorstel | None) -> dict[str, Any]:
    return {
        "alleen_voorstel": plan.status == Status.INGEDIEND,
        "tegen": tegen,
        "tegen_weergave": voorstel_weergave.weergaven([tegen])[0] if tegen is not None else None,
    }


def als_voorstel_indienen(
    request: IngelogdVerzoek,
    plan: Regioplan,
    doel: Doel,
    form: forms.BaseForm,
    voorgesteld: dict[str, Any],
    tegen: Voorstel | None,
) -> HttpResponse:
    """Submit the form's values as a proposal on `doel`. Raises ValidationError (the form shows it) and
    Bewerkingsconflict (the target changed since the person opened it) as a save would."""
    voorstel = voorstel_indienen(
        doel=doel,
        voorgesteld=voorgesteld,
        gelezen_versie=form.cleaned_data["versie"] or 0,
        toelichting=form.cleaned_data.get("toelichting") or "",
        acting_user=request.user,
        tegenvoorstel_op=tegen,
    )
    messages.success(
        request,
        _("Uw tegenvoorstel is ingediend.")
        if tegen
        else _("Uw voorstel is ingediend. De andere partij ziet het in het plan en beslist erover."),
    )
    return redirect(plan_url(plan, voorstel.anker))


def fouten_in_formulier(form: forms.BaseForm, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, meldingen in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, meldingen)
    else:
        form.add_error(None, fout.messages)


# --- the proposals' own pages -----------------------------------------------------------------------------------

PER_PAGINA = 50


@require_GET
@regioplan_vereist(PlanActie.VOORSTELLEN_ZIEN)
def voorstellen(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    """The trail: every proposal of the plan, open or decided, newest first, with its redline."""
    filter_ = request.GET.get("toon", "open")
    if filter_ not in voorstel_weergave.FILTERS:
        filter_ = "open"
    pagina = Paginator(voorstel_weergave.spoor(plan, filter_), PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "regioplan/voorstellen.html",
        {
            "regio": plan.regio,
            "plan": plan,
            "pagina": pagina,
            "weergaven": voorstel_weergave.weergaven(pagina.object_list),
            "filter": filter_,
            "urls": {"voorstel": Urlmal.van("regioplan:voorstel", plan.regio.slug, plan.pk)},
            "filters": [("open", _("Open")), ("besloten", _("Besloten")), ("alle", _("Alle"))],
        },
    )


@require_GET
@regioplan_vereist(PlanActie.VOORSTELLEN_ZIEN)
def voorstel(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    gekozen = voorstel_van(request.user, plan, pk)
    partijen = voorstelpartijen(request.user, plan)
    doel = gekozen.doel
    return render(
        request,
        "regioplan/voorstel.html",
        {
            "regio": plan.regio,
            "plan": plan,
            "w": voorstel_weergave.weergaven([gekozen])[0],
            "keten": voorstel_weergave.keten(gekozen),
            "mag_beslissen": mag_beslissen(gekozen, partijen) and not plan.is_bevroren,
            "mag_intrekken": mag_intrekken(gekozen, partijen),
            "tegen_url": _tegen_url(plan, gekozen),
            # Comments are on parts and activities (a challenge has none yet): the plan's own comment form.
            "reactie_url": _reactie_url(plan, gekozen) if gekozen.plandeel_id or gekozen.activiteit_id else None,
            "doel": doel,
        },
    )


def _tegen_url(plan: Regioplan, v: Voorstel) -> str:
    args = [plan.regio.slug, plan.pk]
    if v.plandeel is not None:
        url = reverse("regioplan:deel_bewerken", args=[*args, v.plandeel.soort])
    elif v.activiteit_id:
        url = reverse("regioplan:activiteit_bewerken", args=[*args, v.activiteit_id])
    else:
        url = reverse("regioplan:uitdaging_bewerken", args=[*args, v.planuitdaging_id])
    return f"{url}?tegen={v.pk}"


def _reactie_url(plan: Regioplan, v: Voorstel) -> str:
    url = reverse("regioplan:reactie_nieuw", args=[plan.regio.slug, plan.pk])
    if v.plandeel is not None:
        return f"{url}?deel={v.plandeel.soort}"
    return f"{url}?activiteit={v.activiteit_id}"


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(choices=[("aanvaarden", "aanvaarden"), ("afwijzen", "afwijzen")])
    toelichting = forms.CharField(required=False, max_length=5000)


@require_POST
@regioplan_vereist(PlanActie.VOORSTELLEN_ZIEN)
def voorstel_besluiten(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    """Accept or reject a proposal of the other party."""
    gekozen = voorstel_om_te_beslissen(request.user, plan, pk)
    form = BesluitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies of u het voorstel aanvaardt of afwijst."))
        return redirect(voorstel_url(plan, gekozen))
    aanvaard = form.cleaned_data["besluit"] == "aanvaarden"
    try:
        voorstel_beslissen(
            voorstel=gekozen,
            aanvaard=aanvaard,
            toelichting=form.cleaned_data["toelichting"],
            acting_user=request.user,
        )
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
        return redirect(voorstel_url(plan, gekozen))
    if aanvaard:
        messages.success(request, _("Voorstel aanvaard: de wijziging staat nu in het plan."))
        return redirect(plan_url(plan, gekozen.anker))
    messages.success(request, _("Voorstel afgewezen. Het blijft leesbaar bij de voorstellen van het plan."))
    return redirect(voorstel_url(plan, gekozen))


@require_POST
@regioplan_vereist(PlanActie.VOORSTELLEN_ZIEN)
def voorstel_terugtrekken(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    """The proposing party withdraws its open proposal."""
    gekozen = voorstel_om_in_te_trekken(request.user, plan, pk)
    try:
        voorstel_intrekken(voorstel=gekozen, acting_user=request.user)
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
    else:
        messages.success(request, _("Voorstel ingetrokken."))
    return redirect(voorstel_url(plan, gekozen))
