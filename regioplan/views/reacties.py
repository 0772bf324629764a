"""Comments on parts and activities, and each party's internal notes: post, reply, resolve."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regio import snelheid
from regio.models import Organisatie
from regio.verzoek import IngelogdVerzoek
from regioplan import selectors, services
from regioplan.access import (
    PlanActie,
    activiteit_van,
    draad_om_op_te_lossen,
    eigen_partij_van,
    plandeel_van,
    reactie_van,
    regioplan_vereist,
)
from regioplan.forms import ReactieForm
from regioplan.models import Activiteit, Plandeel, Reactie, Regioplan
from regioplan.views.gedeeld import plan_url


@dataclass(frozen=True)
class Onderwerp:
    """What a new comment is about, read from the query string (?deel=, ?activiteit=, ?intern=, ?antwoord=)."""

    plandeel: Plandeel | None = None
    activiteit: Activiteit | None = None
    intern_voor: Organisatie | None = None
    antwoord_op: Reactie | None = None

    @property
    def anker(self) -> str:
        if self.antwoord_op is not None:
            return f"reactie-{self.antwoord_op.pk}"
        if self.intern_voor is not None:
            return "intern"
        if self.activiteit is not None:
            return f"activiteit-{self.activiteit.pk}"
        return f"deel-{self.plandeel.soort}" if self.plandeel else ""

    @property
    def zichtbaar_voor(self) -> Organisatie | None:
        return self.antwoord_op.intern_voor if self.antwoord_op else self.intern_voor


def _onderwerp(request: IngelogdVerzoek, plan: Regioplan, q: QueryDict) -> Onderwerp:
    def getal(naam: str) -> int | None:
        waarde = q.get(naam, "")
        return int(waarde) if isinstance(waarde, str) and waarde.isdigit() else None

    if (antwoord := getal("antwoord")) is not None:
        return Onderwerp(antwoord_op=reactie_van(request.user, plan, antwoord))
    if (activiteit := getal("activiteit")) is not None:
        return Onderwerp(activiteit=activiteit_van(plan, activiteit))
    if (intern := getal("intern")) is not None:
        return Onderwerp(intern_voor=eigen_partij_van(request.user, plan, intern))
    if deel := q.get("deel"):
        return Onderwerp(plandeel=plandeel_van(plan, str(deel)))
    raise Http404


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.REAGEREN)
def reactie_nieuw(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    """The comment form (inline through htmx, or as a page); posting returns to the thread on the plan page."""
    onderwerp = _onderwerp(request, plan, request.GET)
    # The author does not mention herself: she knows what she wrote.
    lezers = selectors.lezers_om_te_noemen(plan, onderwerp.zichtbaar_voor).exclude(pk=request.user.pk)
    form = ReactieForm(request.POST or None, lezers=lezers)
    te_snel = request.method == "POST" and snelheid.te_snel(request, "reactie")
    if te_snel:
        form.add_error("tekst", snelheid.melding("reactie"))  # not placed; the typed text comes back in the form
    if request.method == "POST" and form.is_valid():
        try:
            reactie = services.reactie_plaatsen(
                regioplan=plan,
                tekst=form.cleaned_data["tekst"],
                plandeel=onderwerp.plandeel,
                activiteit=onderwerp.activiteit,
                antwoord_op=onderwerp.antwoord_op,
                intern_voor=onderwerp.intern_voor,
                genoemd=form.cleaned_data["genoemd"],
                acting_user=request.user,
            )
        except ValidationError as fout:
            for melding in fout.messages:
                form.add_error("tekst", melding)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("Uw reactie is geplaatst."))
            return redirect(plan_url(plan, f"reactie-{reactie.pk}"))
    template = "regioplan/_reactie_formulier.html" if request.htmx else "regioplan/reactie_nieuw.html"
    antwoord = render(
        request,
        template,
        {"regio": plan.regio, "plan": plan, "form": form, "onderwerp": onderwerp, "query": request.GET.urlencode()},
        status=429 if te_snel else 400 if request.method == "POST" else 200,
    )
    return snelheid.met_wachttijd(antwoord, "reactie") if te_snel else antwoord


@require_POST
@regioplan_vereist(PlanActie.REAGEREN)
def reactie_oplossen(request: IngelogdVerzoek, plan: Regioplan, pk: int) -> HttpResponse:
    """Resolve a thread or open it again: its author and the contracting parties' editors (regioplan.access)."""
    hoofd = draad_om_op_te_lossen(request.user, plan, pk)
    opgelost = request.POST.get("opgelost") != "0"
    hoofd = services.reactie_oplossen(reactie=hoofd, opgelost=opgelost, acting_user=request.user)
    messages.success(request, _("Gemarkeerd als opgelost.") if opgelost else _("Weer geopend."))
    return redirect(plan_url(plan, f"reactie-{hoofd.pk}"))
