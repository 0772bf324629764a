"""Negotiating a contract line on its page: propose, counter-propose, accept, reject, withdraw, agree.

Who may do which is decided in contracten/access.py; what happens in contracten/regelvoorstellen.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contracten import access, regelvoorstellen
from contracten.access import ContractActie, contract_vereist
from contracten.forms import NieuweAfspraakvoorstelForm, RegelvoorstelForm
from contracten.models import Contract, Contractafspraak, Regelvoorstel
from contracten.views.contract import _fouten_in_form, contract_url
from contracten.views.paden import C
from regio.verzoek import IngelogdVerzoek


def _anker(afspraak_id: int | None) -> str:
    return f"afspraak-{afspraak_id}" if afspraak_id else "afspraken"


def _terug(request: IngelogdVerzoek, contract: Contract, fout: ValidationError, anker: str) -> HttpResponse:
    for melding in fout.messages:
        messages.error(request, melding)
    return redirect(contract_url(contract, anker))


def _voorstelformulier(
    request: IngelogdVerzoek,
    contract: Contract,
    *,
    afspraak: Contractafspraak,
    beantwoord: Regelvoorstel | None,
    opslaan: Callable[[RegelvoorstelForm], Any],
    gelukt: str,
) -> HttpResponse:
    """The proposal form: prefilled with the line (a proposal) or the answered proposal (a counter-proposal)."""
    anker = _anker(afspraak.pk)
    if contract.is_bevroren:
        return _terug(request, contract, ValidationError(_("Dit contract is getekend.")), anker)
    huidig = regelvoorstellen.regelwaarden(afspraak, contract.jaren)
    startwaarden = {**huidig, **(beantwoord.wijziging if beantwoord else {})}
    form = RegelvoorstelForm(request.POST or None, contract=contract, waarden=startwaarden)
    context = {
        "regio": contract.regio,
        "contract": contract,
        "tab": "overzicht",
        "afspraak": afspraak,
        "beantwoord": beantwoord,
        "form": form,
        "terug": contract_url(contract, anker),
    }
    return voorstelformulier_verwerken(request, form, context, opslaan, gelukt, contract_url(contract, anker))


def voorstelformulier_verwerken(
    request: IngelogdVerzoek,
    form: RegelvoorstelForm,
    context: dict[str, Any],
    opslaan: Callable[[RegelvoorstelForm], Any],
    gelukt: str,
    terug: str,
) -> HttpResponse:
    """The flow of a proposal form (on a contract line or an addendum line): saved, back to the line (`terug`);
    decided by someone else meanwhile, back with what happened; any other refusal stays in the form (400)."""
    if request.method == "POST" and form.is_valid():
        try:
            opslaan(form)
        except ValidationError as fout:
            if getattr(fout, "code", None) != "al_besloten":
                _fouten_in_form(form, fout)
                return render(request, "contracten/regelvoorstel.html", context, status=400)
            for melding in fout.messages:
                messages.error(request, melding)
        else:
            messages.success(request, gelukt)
        return redirect(terug)
    return render(request, "contracten/regelvoorstel.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def regelvoorstel_nieuw(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    afspraak = access.afspraak_van(contract, pk)
    return _voorstelformulier(
        request,
        contract,
        afspraak=afspraak,
        beantwoord=None,
        opslaan=lambda form: regelvoorstellen.regelvoorstel_doen(
            contract=contract,
            afspraak=afspraak,
            waarden=form.waarden(),
            toelichting=form.cleaned_data["toelichting"],
            acting_user=request.user,
        ),
        gelukt=_("Uw voorstel staat bij de afspraak. De andere partij kan het aanvaarden, afwijzen of beantwoorden."),
    )


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def regelvoorstel_nieuwe_afspraak(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    """Propose a line that is not in the contract yet; it exists once the other party accepts it."""
    if contract.is_bevroren:
        return _terug(request, contract, ValidationError(_("Dit contract is getekend.")), "afspraken")
    form = NieuweAfspraakvoorstelForm(
        request.POST or None, instance=Contractafspraak(contract=contract), contract=contract
    )
    context = {
        "regio": contract.regio,
        "contract": contract,
        "tab": "overzicht",
        "form": form,
        "kop": _("Nieuwe afspraak voorstellen"),
        "knop": _("Voorstel doen"),
        "terug": contract_url(contract, "afspraken"),
    }
    if request.method == "POST" and form.is_valid():
        try:
            regelvoorstellen.regelvoorstel_doen(
                contract=contract,
                afspraak=None,
                waarden=form.waarden(),
                toelichting=form.cleaned_data["toelichting"],
                acting_user=request.user,
            )
        except ValidationError as fout:
            _fouten_in_form(form, fout)
        else:
            messages.success(request, _("Uw voorstel voor een nieuwe afspraak staat bij de afspraken."))
            return redirect(contract_url(contract, "afspraken"))
    return render(request, "contracten/afspraak.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def regelvoorstel_tegenvoorstel(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    voorstel = access.regelvoorstel_om_te_beslissen(request.user, contract, pk)
    if voorstel.afspraak is None:
        return _terug(request, contract, ValidationError(_("Beantwoord een nieuwe afspraak met afwijzen.")), "")
    return _voorstelformulier(
        request,
        contract,
        afspraak=voorstel.afspraak,
        beantwoord=voorstel,
        opslaan=lambda form: regelvoorstellen.regelvoorstel_tegenvoorstellen(
            voorstel=voorstel,
            waarden=form.waarden(),
            toelichting=form.cleaned_data["toelichting"],
            acting_user=request.user,
        ),
        gelukt=_("Uw tegenvoorstel staat bij de afspraak; het eerdere voorstel is daarmee beantwoord."),
    )


def _handeling(
    request: IngelogdVerzoek, contract: Contract, anker: str, actie: Callable[[], Any], gelukt: str
) -> HttpResponse:
    try:
        actie()
    except ValidationError as fout:
        return _terug(request, contract, fout, anker)
    messages.success(request, gelukt)
    return redirect(contract_url(contract, anker))


def _toelichting(request: IngelogdVerzoek) -> str:
    return str(request.POST.get("toelichting", ""))[:5000]


def _beslissen(request: IngelogdVerzoek, contract: Contract, pk: int, *, aanvaard: bool, melding: str) -> HttpResponse:
    """Accept or reject proposal `pk` for the other party (one path for both decisions)."""
    voorstel = access.regelvoorstel_om_te_beslissen(request.user, contract, pk)
    return _handeling(
        request,
        contract,
        _anker(voorstel.afspraak_id),
        lambda: regelvoorstellen.regelvoorstel_beslissen(
            voorstel=voorstel, aanvaard=aanvaard, toelichting=_toelichting(request), acting_user=request.user
        ),
        melding,
    )


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def regelvoorstel_aanvaarden(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    melding = _("Voorstel aanvaard: de afspraak is aangepast en beide partijen zijn er akkoord mee.")
    return _beslissen(request, contract, pk, aanvaard=True, melding=melding)


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def regelvoorstel_afwijzen(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    melding = _("Voorstel afgewezen; de afspraak blijft zoals ze was.")
    return _beslissen(request, contract, pk, aanvaard=False, melding=melding)


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def regelvoorstel_intrekken(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    voorstel = access.regelvoorstel_om_in_te_trekken(request.user, contract, pk)
    return _handeling(
        request,
        contract,
        _anker(voorstel.afspraak_id),
        lambda: regelvoorstellen.regelvoorstel_intrekken(
            voorstel=voorstel, toelichting=_toelichting(request), acting_user=request.user
        ),
        _("Uw voorstel is ingetrokken."),
    )


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def afspraak_akkoord(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    afspraak = access.afspraak_om_akkoord_te_geven(request.user, contract, pk)
    try:
        versie = int(request.POST.get("versie", ""))
    except ValueError:
        versie = 0
    return _handeling(
        request,
        contract,
        _anker(afspraak.pk),
        lambda: regelvoorstellen.afspraak_akkoord_geven(
            afspraak=afspraak, gelezen_versie=versie, acting_user=request.user
        ),
        _("Akkoord gegeven: beide partijen zijn akkoord met deze afspraak."),
    )


urlpatterns: list[URLPattern] = [
    path(C + "afspraak/voorstel/", regelvoorstel_nieuwe_afspraak, name="regelvoorstel_nieuwe_afspraak"),
    path(C + "afspraak/<int:pk>/voorstel/", regelvoorstel_nieuw, name="regelvoorstel_nieuw"),
    path(C + "afspraak/<int:pk>/akkoord/", afspraak_akkoord, name="afspraak_akkoord"),
    path(C + "voorstel/<int:pk>/tegenvoorstel/", regelvoorstel_tegenvoorstel, name="regelvoorstel_tegenvoorstel"),
    path(C + "voorstel/<int:pk>/aanvaarden/", regelvoorstel_aanvaarden, name="regelvoorstel_aanvaarden"),
    path(C + "voorstel/<int:pk>/afwijzen/", regelvoorstel_afwijzen, name="regelvoorstel_afwijzen"),
    path(C + "voorstel/<int:pk>/intrekken/", regelvoorstel_intrekken, name="regelvoorstel_intrekken"),
]
