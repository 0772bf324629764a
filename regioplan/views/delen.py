"""The written parts of a plan: edit (merged with a concurrent save; overlapping passages side by side), history,
difference, restore."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regio.gelijktijdig import Bewerkingsconflict
from regio.historie import versies_kiezen
from regio.opmaak import Urlmal
from regio.samenvoegscherm import conflictcontext, oplossing_toepassen, samenvoeging_melden
from regio.verzoek import IngelogdVerzoek
from regioplan import services
from regioplan.access import PlanActie, plandeel_van, regioplan_vereist
from regioplan.forms import PlandeelForm
from regioplan.models import PLANDEEL_UITLEG, Plandeel, Plandeelsoort, Regioplan
from regioplan.views import voorstellen as voorstelpaginas
from regioplan.views.gedeeld import plan_url, terug_met_fout


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.BEWERKEN)
def deel_bewerken(request: IngelogdVerzoek, plan: Regioplan, soort: str) -> HttpResponse:
    """Edit a part: save it, or submit the change as a proposal (the only way once the plan is submitted), or, with
    ?tegen=, counter the other party's proposal on it."""
    deel = plandeel_van(plan, soort)
    if plan.is_bevroren:
        return terug_met_fout(request, plan, services.PlanBevroren(_("Dit plan is vastgesteld.")), f"deel-{soort}")
    tegen = voorstelpaginas.tegen_voorstel(request, plan, deel)
    context = {
        "regio": plan.regio,
        "plan": plan,
        "deel": deel,
        "uitleg": PLANDEEL_UITLEG.get(Plandeelsoort(deel.soort), ""),
        "intrekking": services.LEVENSLOOP.zou_intrekken(plan),
        **voorstelpaginas.voorstelcontext(plan, tegen),
    }
    if request.method == "GET":
        start = voorstelpaginas.voorgestelde_start(deel, tegen)
        form = PlandeelForm(initial={"tekst": start["tekst"], "versie": deel.versie, "tegen": tegen and tegen.pk})
        return render(request, "regioplan/deel_bewerken.html", {**context, "form": form})
    form = PlandeelForm(oplossing_toepassen(request.POST, deel, [("tekst", "tekst")]))
    if not form.is_valid():
        return render(request, "regioplan/deel_bewerken.html", {**context, "form": form}, status=400)
    mijn_tekst, gelezen = form.cleaned_data["tekst"], form.cleaned_data["versie"]
    try:
        if voorstelpaginas.ALS_VOORSTEL in request.POST or tegen is not None:
            return voorstelpaginas.als_voorstel_indienen(request, plan, deel, form, {"tekst": mijn_tekst}, tegen)
        services.plandeel_opslaan(deel=deel, gelezen_versie=gelezen, tekst=mijn_tekst, acting_user=request.user)
    except Bewerkingsconflict as conflict:
        huidig: Plandeel = conflict.huidig
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
                **conflictcontext(conflict, {"tekst": ("tekst", str(form.fields["tekst"].label))}),
            },
            status=409,
        )
    except (services.AlleenViaVoorstel, ValidationError) as fout:
        if isinstance(fout, services.PlanBevroren):
            return terug_met_fout(request, plan, fout, f"deel-{soort}")
        # Refused (a submitted plan, a proposal without a reason or decided meanwhile): the text stays in the form.
        voorstelpaginas.fouten_in_formulier(form, fout)
        return render(request, "regioplan/deel_bewerken.html", {**context, "form": form}, status=400)
    samenvoeging_melden(request, deel, gelezen)
    messages.success(request, _("Opgeslagen: %(deel)s.") % {"deel": deel.get_soort_display()})
    return redirect(plan_url(plan, f"deel-{soort}"))


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def deel_historie(request: IngelogdVerzoek, plan: Regioplan, soort: str) -> HttpResponse:
    """Every saved version of a part, who saved it when, and the difference between two of them."""
    deel = plandeel_van(plan, soort)
    return render(
        request,
        "regioplan/deel_historie.html",
        {
            "regio": plan.regio,
            "plan": plan,
            "deel": deel,
            "keuze": versies_kiezen(deel, "tekst", request.GET.get("a", ""), request.GET.get("b", "")),
            "mag_herstellen": not plan.is_bevroren,
            "herstellen": Urlmal.van("regioplan:deel_herstellen", plan.regio.slug, plan.pk, deel.soort),
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
