"""The plan as a whole: list, start, the plan page, title and term, submission, approval, new versions."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regio import pdf_views
from regio import wijzigingen as regio_wijzigingen
from regio.access import RegioActie, regio_vereist
from regio.formvelden import versie_bijwerken
from regio.gelijktijdig import Bewerkingsconflict
from regio.models import Mandaat, Regio
from regio.tweestaps import tweestaps_voor_besluit
from regio.verzoek import IngelogdVerzoek
from regiobeeld.models import Regiobeeld
from regiobeeld.pagina import Grafiek
from regioplan import publicatie, selectors, services, tijdpad, vergelijking
from regioplan.access import (
    PlanActie,
    mag_plan,
    mandaat_om_goed_te_keuren,
    regioplan_vereist,
    regioplannen_for_user,
)
from regioplan.forms import PlangegevensForm, RegioplanForm
from regioplan.models import Activiteit, Regioplan, Status
from regioplan.pdf import RegioplanPdf
from regioplan.views.gedeeld import plan_url, plan_urls, terug_met_fout
from regioplan.views.pdf import pdf_urls


def _regiobeelden(regio: Regio) -> list[Regiobeeld]:
    return list(Regiobeeld.objects.filter(regio=regio).order_by("-jaar"))


def _lijst(request: IngelogdVerzoek, regio: Regio, form: RegioplanForm | None, status: int = 200) -> HttpResponse:
    regiobeelden = _regiobeelden(regio)
    return render(
        request,
        "regioplan/lijst.html",
        {
            "regio": regio,
            "plannen": selectors.regioplannen_van(regio),
            "mag_bewerken": mag_plan(request.user, regio, PlanActie.BEWERKEN),
            "regiobeelden": regiobeelden,
            "form": form or RegioplanForm(regiobeelden=regiobeelden),
        },
        status=status,
    )


@require_GET
@regio_vereist(RegioActie.BEKIJKEN)
def lijst(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    return _lijst(request, regio, None)


@require_POST
@regio_vereist(RegioActie.BEWERKEN)
def nieuw(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    form = RegioplanForm(request.POST, regiobeelden=_regiobeelden(regio))
    if form.is_valid():
        try:
            plan = services.regioplan_aanmaken(
                regio=regio,
                regiobeeld=form.cleaned_data["regiobeeld"],
                titel=form.cleaned_data["titel"],
                startjaar=form.cleaned_data["startjaar"],
                eindjaar=form.cleaned_data["eindjaar"],
                acting_user=request.user,
            )
        except ValidationError as fout:
            for veld, meldingen in fout.message_dict.items():
                form.add_error(veld if veld in form.fields else None, meldingen)
        else:
            messages.success(request, _("Regioplan gemaakt. Schrijf nu de delen en zet de uitdagingen op volgorde."))
            return redirect(plan_url(plan))
    return _lijst(request, regio, form, status=400)


@dataclass(frozen=True)
class _Partij:
    naam: str


@dataclass(frozen=True)
class _TijdpadRij:
    """Exactly what the timeline reads of an activity (tijdpad.ActiviteitRij), as a value: the key of its cache."""

    titel: str
    verantwoordelijke: _Partij
    start_jaar: int
    start_kwartaal: int
    eind_jaar: int
    eind_kwartaal: int
    prioriteit: int
    voortgang: str


@functools.lru_cache(maxsize=64)
def _tijdpad_bewaard(
    rijen: tuple[_TijdpadRij, ...], startjaar: int, eindjaar: int, vandaag: dt.date, taal: str | None
) -> Grafiek | None:
    # `taal` is part of the key: the figure's words are translated. The figure is built from the key itself, so
    # nothing outside it can change the result (mypy checks that _TijdpadRij is all tijdpad.ActiviteitRij reads).
    return tijdpad.tijdpad_grafiek(rijen, startjaar=startjaar, eindjaar=eindjaar, vandaag=vandaag)


def tijdpad_van(activiteiten: Sequence[Activiteit], plan: Regioplan, vandaag: dt.date) -> Grafiek | None:
    """The plan's timeline, built once per distinct content (plotly's JSON cost some 25 ms for 200 activities)."""
    rijen = tuple(
        _TijdpadRij(
            a.titel,
            _Partij(a.verantwoordelijke.naam),
            a.start_jaar,
            a.start_kwartaal,
            a.eind_jaar,
            a.eind_kwartaal,
            a.prioriteit,
            a.voortgang,
        )
        for a in activiteiten
    )
    return _tijdpad_bewaard(rijen, plan.startjaar, plan.eindjaar, vandaag, get_language())


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def detail(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    user = request.user
    mag_bewerken = mag_plan(user, plan.regio, PlanActie.BEWERKEN)
    doc = selectors.plandocument(plan, user, bewerker=mag_bewerken)
    mijn_mandaat = mandaat_om_goed_te_keuren(plan, user)
    return render(
        request,
        "regioplan/detail.html",
        {
            # Asking for a new PDF is for editors (views/pdf.py: PDF_MAKEN), as is editing.
            **pdf_views.pdf_context(RegioplanPdf(plan), pdf_urls(plan), mag_maken=mag_bewerken),
            "regio": plan.regio,
            "doc": doc,
            "plan": plan,
            "urls": plan_urls(plan),
            "tijdpad": tijdpad_van([r.activiteit for r in doc.activiteiten], plan, timezone.localdate()),
            "mag_bewerken": mag_bewerken and not plan.is_bevroren,
            "mag_beheren": mag_bewerken,
            "mag_reageren": mag_plan(user, plan.regio, PlanActie.REAGEREN),
            "mijn_mandaat": mijn_mandaat,
            "al_goedgekeurd": doc.goedgekeurd_namens(mijn_mandaat),
            **_openbaarmaking(plan, mijn_mandaat),
        },
    )


def _openbaarmaking(plan: Regioplan, mijn_mandaat: Mandaat | None) -> dict[str, object]:
    """The publication section of an adopted plan (regioplan/publicatie.py): one query, only on an adopted plan."""
    if plan.status != Status.VASTGESTELD:
        return {}
    besluiten = publicatie.staande_besluiten(plan)
    return {
        "publicatiebesluiten": besluiten,
        "mijn_publicatiebesluit": mijn_mandaat is not None
        and mijn_mandaat.organisatie_id in {b.organisatie_id for b in besluiten},
    }


@require_http_methods(["GET", "POST"])
@regioplan_vereist(PlanActie.BEWERKEN)
def gegevens_bewerken(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    if plan.is_bevroren:
        return terug_met_fout(request, plan, services.PlanBevroren(_("Dit plan is vastgesteld.")))
    form = PlangegevensForm(request.POST or None, instance=plan, initial={"versie": plan.versie})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.regioplan_gegevens_opslaan(
                    regioplan=Regioplan.objects.get(pk=plan.pk),
                    gelezen_versie=form.cleaned_data["versie"],
                    titel=form.cleaned_data["titel"],
                    startjaar=form.cleaned_data["startjaar"],
                    eindjaar=form.cleaned_data["eindjaar"],
                    acting_user=request.user,
                )
            except Bewerkingsconflict:
                form.add_error(
                    None,
                    _("Iemand anders heeft het plan intussen gewijzigd. Controleer de gegevens en sla opnieuw op."),
                )
                versie_bijwerken(form, Regioplan.objects.get(pk=plan.pk).versie)
                status = 409
            except ValidationError as fout:
                for veld, meldingen in fout.message_dict.items():
                    form.add_error(veld if veld in form.fields else None, meldingen)
            else:
                messages.success(request, _("Titel en looptijd opgeslagen."))
                return redirect(plan_url(plan))
    return render(
        request,
        "regioplan/gegevens_bewerken.html",
        {"regio": plan.regio, "plan": plan, "form": form, "intrekking": services.LEVENSLOOP.zou_intrekken(plan)},
        status=status,
    )


def _gelezen_versie(request: IngelogdVerzoek) -> int:
    """The version the person saw; a missing or garbled one never matches, so they are asked to look again."""
    waarde = request.POST.get("versie", "")
    return int(waarde) if waarde.isdigit() else -1


def _versie_klopt_niet(request: IngelogdVerzoek, plan: Regioplan, gelezen: int, daarna: str) -> None:
    """Say why a decision on a version was not taken: the plan changed since the person read it (`daarna`: what to
    do after looking), or the request named a version the plan never had (nothing changed: look and decide again)."""
    if 0 < gelezen < Regioplan.objects.get(pk=plan.pk).versie:
        messages.warning(request, _("Het plan is gewijzigd sinds u de pagina opende. %(daarna)s") % {"daarna": daarna})
    else:
        messages.warning(
            request,
            _(
                "Uw verzoek noemde een versie die het plan niet heeft, bijvoorbeeld van een verouderde pagina. "
                "Er is niets gewijzigd en niets besloten. Bekijk het plan en probeer het opnieuw."
            ),
        )


@require_POST
@regioplan_vereist(PlanActie.BEWERKEN)
def indienen(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    gelezen = _gelezen_versie(request)
    try:
        services.regioplan_indienen(regioplan=plan, gelezen_versie=gelezen, acting_user=request.user)
    except Bewerkingsconflict:
        _versie_klopt_niet(request, plan, gelezen, _("Bekijk de wijzigingen en dien het daarna in."))
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, "vaststelling")
    else:
        messages.success(
            request, _("Het plan is ingediend. De gemandateerden van beide partijen kunnen het nu goedkeuren.")
        )
    return redirect(plan_url(plan, "vaststelling"))


@require_POST
@regioplan_vereist(PlanActie.BEWERKEN)
def terugnemen(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    try:
        services.regioplan_terugnemen(regioplan=plan, acting_user=request.user)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, "vaststelling")
    messages.success(
        request, _("Het plan is teruggenomen en weer een concept. Gegeven goedkeuringen zijn ingetrokken.")
    )
    return redirect(plan_url(plan, "vaststelling"))


@require_POST
@regioplan_vereist(PlanActie.GOEDKEUREN)
def goedkeuren(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    """Approve the version the person saw. Without a valid mandate: 403 (the page says who may)."""
    tweestaps_voor_besluit(request)
    gelezen = _gelezen_versie(request)
    try:
        gegeven = services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=gelezen, acting_user=request.user)
    except Bewerkingsconflict:
        _versie_klopt_niet(request, plan, gelezen, _("Bekijk de wijzigingen en keur daarna opnieuw goed."))
        return redirect(plan_url(plan, "vaststelling"))
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, "vaststelling")
    plan.refresh_from_db()
    if plan.is_bevroren:
        messages.success(
            request, _("Goedgekeurd. Alle contractpartijen hebben nu goedgekeurd: het plan is vastgesteld.")
        )
    else:
        messages.success(
            request,
            _("Goedgekeurd namens %(org)s. De andere partij moet nog goedkeuren.") % {"org": gegeven.organisatie.naam},
        )
    return redirect(plan_url(plan, "vaststelling"))


@require_POST
@regioplan_vereist(PlanActie.BEWERKEN)
def nieuwe_versie(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    try:
        nieuw = services.regioplan_nieuwe_versie(regioplan=plan, acting_user=request.user)
    except ValidationError as fout:
        return terug_met_fout(request, plan, fout, "vaststelling")
    messages.success(
        request, _("Versie %(n)s is begonnen als kopie van het vastgestelde plan.") % {"n": nieuw.volgnummer}
    )
    return redirect(plan_url(nieuw))


WIJZIGINGEN_PER_PAGINA = 50


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def wijzigingen(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    """Every recorded change of the plan, newest first, a page at a time (the plan page shows the latest few)."""
    pagina = Paginator(regio_wijzigingen.van(plan), WIJZIGINGEN_PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "regioplan/wijzigingen.html", {"regio": plan.regio, "plan": plan, "pagina": pagina})


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def vergelijken(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    """This plan next to another version of it (by default the one it was copied from)."""
    andere_pk = request.GET.get("met") or (plan.vorige_id and str(plan.vorige_id))
    if not andere_pk or not str(andere_pk).isdigit():
        raise Http404
    andere = regioplannen_for_user(request.user, plan.regio).filter(pk=int(andere_pk)).first()
    if andere is None:
        raise Http404
    oud, nieuw = (andere, plan) if andere.volgnummer <= plan.volgnummer else (plan, andere)
    return render(
        request,
        "regioplan/vergelijken.html",
        {"regio": plan.regio, "plan": plan, "v": vergelijking.vergelijken(oud, nieuw)},
    )
