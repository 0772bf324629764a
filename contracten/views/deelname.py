"""Practices' opt-in: the contract's Praktijken tab (rates, invitations, inviting) for the two parties, and the
practice's own pages (its invitations, what it is asked to join, its decision) for the practice's members."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from contracten import deelname as opt_in
from contracten import praktijkaandeel
from contracten.access import (
    ContractActie,
    contract_vereist,
    deelname_vereist,
    deelnames_voor_praktijklid,
    mag_beslissen_voor_praktijk,
    mag_contract,
    praktijken_om_voor_te_beslissen,
    uitnodiging_van,
)
from contracten.forms_deelname import BesluitForm, UitnodigenForm
from contracten.models import Contract, Praktijkdeelname
from contracten.views.paden import C, R
from regio.access import RegioActie, regio_vereist
from regio.models import Regio
from regio.verzoek import IngelogdVerzoek


def _fouten_overnemen(form: Any, fout: ValidationError) -> None:
    """A service's refusal shown at the form's fields (or above the form)."""
    if hasattr(fout, "error_dict"):
        for veld, meldingen in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, meldingen)
    else:
        form.add_error(None, fout.messages)


def _tab_url(contract: Contract, anker: str = "") -> str:
    pad = reverse("contracten:deelnames", args=[contract.regio.slug, contract.pk])
    return f"{pad}#{anker}" if anker else pad


# --- the contract's Praktijken tab (the two parties) --------------------------------------------------------


def _tab(
    request: IngelogdVerzoek, contract: Contract, form: UitnodigenForm | None = None, status: int = 200
) -> HttpResponse:
    onderdelen = opt_in.praktijken_overzicht(contract)
    mag_bewerken = mag_contract(request.user, contract, ContractActie.BEWERKEN)
    # Which scope's invite form the refused input belongs to ("" if the scope itself was not valid).
    fout_bij, gekozen = "", set()
    if form is not None and form.errors:
        ruw = str(form.data.get("pakket", ""))
        fout_bij = "contract" if not ruw else {str(o.pakket.pk): o.sleutel for o in onderdelen if o.pakket}.get(ruw, "")
        gekozen = set(request.POST.getlist("praktijken"))
    context = {
        "regio": contract.regio,
        "contract": contract,
        "tab": "praktijken",
        "onderdelen": [(o, o.sleutel == fout_bij) for o in onderdelen],
        "mag_bewerken": mag_bewerken,
        "heeft_uitnodigingen": any(o.deelnames for o in onderdelen),
        "praktijken_in_regio": onderdelen[0].graad.praktijken_in_regio,
        "form": form,
        "fout_bij": fout_bij,
        "gekozen": gekozen,
    }
    return render(request, "contracten/deelnames.html", context, status=status)


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def deelnames(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    return _tab(request, contract)


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def uitnodigen(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    form = UitnodigenForm(request.POST, contract=contract, praktijken=opt_in.praktijken_van_regio(contract.regio))
    if form.is_valid():
        pakket = form.cleaned_data["pakket"]
        try:
            aantal = opt_in.praktijken_uitnodigen(
                contract=contract,
                pakket=pakket,
                praktijken=form.cleaned_data["praktijken"],
                acting_user=request.user,
            )
        except ValidationError as fout:
            _fouten_overnemen(form, fout)
        else:
            wat = pakket.naam if pakket else _("het hele contract")
            if aantal:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s praktijk uitgenodigd voor %(wat)s. Haar beheerders krijgen een e-mail.",
                        "%(n)s praktijken uitgenodigd voor %(wat)s. Hun beheerders krijgen een e-mail.",
                        aantal,
                    )
                    % {"n": aantal, "wat": wat},
                )
            else:
                messages.info(request, _("Deze praktijken waren al uitgenodigd voor %(wat)s.") % {"wat": wat})
            return redirect(_tab_url(contract, f"pakket-{pakket.pk}" if pakket else "contract"))
    return _tab(request, contract, form, status=400)


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def uitnodiging_intrekken(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    deelname = uitnodiging_van(contract, pk)
    anker = f"pakket-{deelname.pakket_id}" if deelname.pakket_id else "contract"
    try:
        opt_in.deelname_intrekken(deelname=deelname, acting_user=request.user)
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
    else:
        messages.success(
            request, _("De uitnodiging van %(praktijk)s is ingetrokken.") % {"praktijk": deelname.praktijk.naam}
        )
    return redirect(_tab_url(contract, anker))


# --- the practice's own pages (members of the practice) ----------------------------------------------------


@require_GET
@regio_vereist(RegioActie.BEKIJKEN)
def mijn_uitnodigingen(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    rijen = list(
        deelnames_voor_praktijklid(request.user, regio)
        .select_related("contract__huisartsenorganisatie")
        .order_by("praktijk__naam", "-uitgenodigd_op", "pk")
    )
    beheerd = praktijken_om_voor_te_beslissen(request.user)
    return render(
        request,
        "contracten/uitnodigingen.html",
        {"regio": regio, "rijen": [(d, d.praktijk_id in beheerd) for d in rijen]},
    )


def _uitnodigingspagina(
    request: IngelogdVerzoek, deelname: Praktijkdeelname, form: BesluitForm | None = None, status: int = 200
) -> HttpResponse:
    inhoud = opt_in.uitnodiging_inhoud(deelname)
    mag_beslissen = mag_beslissen_voor_praktijk(request.user, deelname.praktijk)
    if form is None and mag_beslissen:
        form = _besluitform(inhoud, None, deelname)
    return render(
        request,
        "contracten/uitnodiging.html",
        {
            "regio": inhoud.contract.regio,
            "u": inhoud,
            "deelname": deelname,
            "mag_beslissen": mag_beslissen,
            "form": form,
            "eigen_aandeel": praktijkaandeel.eigen_aandeel(deelname),
        },
        status=status,
    )


def _besluitform(inhoud: opt_in.Uitnodiging, data: Any, deelname: Praktijkdeelname) -> BesluitForm:
    initial: dict[str, Any] = {}
    if deelname.besluit != Praktijkdeelname.Besluit.UITGENODIGD:
        initial = {
            "besluit": deelname.besluit,
            "besloten_op": deelname.besloten_op,
            "onderaannemer_bevestigd": deelname.onderaannemer_bevestigd,
            "doel": deelname.doel_id,
            "toelichting": deelname.toelichting,
        }
    return BesluitForm(
        data,
        initial=initial,
        onderaannemer=inhoud.onderaannemer,
        doel_kiezen=inhoud.doel_kiezen,
        organisatie=inhoud.contract.huisartsenorganisatie.naam,
    )


@require_GET
@deelname_vereist(beslissen=False)
def uitnodiging(request: IngelogdVerzoek, deelname: Praktijkdeelname) -> HttpResponse:
    return _uitnodigingspagina(request, deelname)


@require_POST
@deelname_vereist(beslissen=True)
def uitnodiging_besluiten(request: IngelogdVerzoek, deelname: Praktijkdeelname) -> HttpResponse:
    inhoud = opt_in.uitnodiging_inhoud(deelname)
    form = _besluitform(inhoud, request.POST, deelname)
    if form.is_valid():
        data = form.cleaned_data
        try:
            opt_in.deelname_besluiten(
                deelname=deelname,
                besluit=data["besluit"],
                besloten_op=data["besloten_op"],
                onderaannemer_bevestigd=data.get("onderaannemer_bevestigd", False),
                doel=data.get("doel"),
                toelichting=data.get("toelichting", ""),
                acting_user=request.user,
            )
        except ValidationError as fout:
            _fouten_overnemen(form, fout)
        else:
            if data["besluit"] == Praktijkdeelname.Besluit.DOET_MEE:
                melding = _("Vastgelegd: %(praktijk)s doet mee.")
            else:
                melding = _("Vastgelegd: %(praktijk)s doet niet mee.")
            messages.success(request, melding % {"praktijk": deelname.praktijk.naam})
            return redirect("contracten:uitnodiging", deelname.contract.regio.slug, deelname.pk)
    return _uitnodigingspagina(request, deelname, form, status=400)


urlpatterns: list[URLPattern] = [
    path(C + "praktijken/", deelnames, name="deelnames"),
    path(C + "praktijken/uitnodigen/", uitnodigen, name="uitnodigen"),
    path(C + "praktijken/<int:pk>/intrekken/", uitnodiging_intrekken, name="uitnodiging_intrekken"),
    path(R + "uitnodigingen/", mijn_uitnodigingen, name="mijn_uitnodigingen"),
    path(R + "uitnodiging/<int:deelname_pk>/", uitnodiging, name="uitnodiging"),
    path(R + "uitnodiging/<int:deelname_pk>/besluiten/", uitnodiging_besluiten, name="uitnodiging_besluiten"),
]
