"""The verdeelmodel of a contract: its page (party members read it) and its form (editors save it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contracten import verdeelmodel as vm
from contracten.access import ContractActie, contract_vereist, mag_contract
from contracten.forms_verdeelmodel import PREFIX, VerdeelmodelForm, aanbieder_formset
from contracten.models import Contract, Verdeelmodel
from contracten.services import LEVENSLOOP, ContractGetekend
from contracten.views.paden import C
from regio.gelijktijdig import Bewerkingsconflict
from regio.models import Organisatie
from regio.verzoek import IngelogdVerzoek

AANBIEDERVELDEN = ("naam", "organisatie", "huidig", "grondslag", "DELETE")


def verdeelmodel_url(contract: Contract) -> str:
    return reverse("contracten:verdeelmodel", args=[contract.regio.slug, contract.pk])


def _organisaties(contract: Contract) -> list[Organisatie]:
    """Who a provider can be linked to: the organisations that take part in the contract's region."""
    return list(Organisatie.objects.filter(deelnames__regio=contract.regio).distinct().order_by("naam"))


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def verdeelmodel(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    try:
        beeld, fouten = vm.verdeelbeeld(contract), []
    except ValidationError as fout:  # a model stored some other way than through its form
        beeld, fouten = None, fout.messages
    return render(
        request,
        "contracten/verdeelmodel.html",
        {
            "regio": contract.regio,
            "contract": contract,
            "tab": "verdeelmodel",
            "beeld": beeld,
            "fouten": fouten,
            "grafiek": vm.verdeel_grafiek(beeld) if beeld is not None else None,
            "mag_bewerken": not contract.is_bevroren and mag_contract(request.user, contract, ContractActie.BEWERKEN),
        },
    )


def _formulier(
    request: IngelogdVerzoek, contract: Contract, form: VerdeelmodelForm, formset: Any, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "contracten/verdeelmodel_bewerken.html",
        {
            "regio": contract.regio,
            "contract": contract,
            "tab": "verdeelmodel",
            "form": form,
            "formset": formset,
            "nieuw": not form["versie"].value() or str(form["versie"].value()) == "0",
            "intrekking": LEVENSLOOP.zou_intrekken(contract),
            **extra,
        },
        status=status,
    )


def _rijen_uit(data: QueryDict) -> list[dict[str, Any]]:
    """The provider rows as typed, to show them again (with one more empty row) without checking them yet."""
    try:
        aantal = min(int(data.get(f"{PREFIX}-TOTAL_FORMS", "0")), 200)
    except ValueError:
        aantal = 0
    rijen = []
    for i in range(max(aantal, 0)):
        rij: dict[str, Any] = {veld: data.get(f"{PREFIX}-{i}-{veld}", "") for veld in AANBIEDERVELDEN}
        rij["DELETE"] = bool(rij["DELETE"])
        rijen.append(rij)
    return rijen


def _met_versie(data: QueryDict, versie: int) -> QueryDict:
    """The person's input with the version now stored: their next save is checked against what they just saw."""
    kopie = data.copy()
    kopie["versie"] = str(versie)
    return kopie


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def verdeelmodel_bewerken(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    if contract.is_bevroren:
        messages.error(
            request, _("Dit contract is getekend: het verdeelmodel ligt vast en kan niet meer worden gewijzigd.")
        )
        return redirect(verdeelmodel_url(contract))
    organisaties = _organisaties(contract)

    if request.method == "GET":
        model = vm.verdeelmodel_van(contract)
        form = VerdeelmodelForm(instance=model, initial={"versie": model.versie if model else 0})
        initial = (
            [
                {"naam": a.naam, "organisatie": a.organisatie_id, "huidig": a.huidig, "grondslag": a.grondslag}
                for a in model.aanbieders.all()
            ]
            if model
            else []
        )
        formset = aanbieder_formset(initial=initial, organisaties=organisaties, extra=1 if model else 3)
        return _formulier(request, contract, form, formset)

    if "rij_toevoegen" in request.POST:
        # Without JavaScript: the same form again with one more empty row; nothing is checked or stored yet.
        form = VerdeelmodelForm(initial={k: request.POST.get(k, "") for k in ("versie", *vm.VELDEN)})
        formset = aanbieder_formset(initial=_rijen_uit(request.POST), organisaties=organisaties, extra=1)
        return _formulier(request, contract, form, formset, focus_laatste=True)

    form = VerdeelmodelForm(request.POST)
    formset = aanbieder_formset(request.POST, organisaties=organisaties)
    if not (form.is_valid() & formset.is_valid()):
        return _formulier(request, contract, form, formset, status=400)
    versie = form.cleaned_data["versie"]
    getekend = contract.ondertekeningen.filter(ingetrokken_op__isnull=True).exists()
    try:
        opgeslagen_model = vm.verdeelmodel_opslaan(
            contract=contract,
            gelezen_versie=versie or None,
            velden={veld: form.cleaned_data[veld] for veld in vm.VELDEN},
            aanbieders=formset.aanbieders(),
            acting_user=request.user,
        )
    except Bewerkingsconflict as conflict:
        huidig: Verdeelmodel = conflict.huidig
        opgeslagen = vm.verdeelmodel_van(contract)
        form = VerdeelmodelForm(_met_versie(request.POST, huidig.versie))
        formset = aanbieder_formset(request.POST, organisaties=organisaties)
        laatste = huidig.history.select_related("history_user").first()
        return _formulier(
            request,
            contract,
            form,
            formset,
            status=409,
            conflict=True,
            opgeslagen=vm.verdeelbeeld_van(opgeslagen) if opgeslagen else None,
            opgeslagen_door=laatste.history_user if laatste else None,
            opgeslagen_op=laatste.history_date if laatste else None,
        )
    except ContractGetekend as fout:
        for melding in fout.messages:
            messages.error(request, melding)
        return redirect(verdeelmodel_url(contract))
    except ValidationError as fout:
        aanbieder_fouten: list[str] = []
        for veld, meldingen in fout.message_dict.items():
            if veld in form.fields and veld != "versie":
                form.add_error(veld, meldingen)
            else:
                aanbieder_fouten.extend(meldingen)
        return _formulier(request, contract, form, formset, status=400, aanbieder_fouten=aanbieder_fouten)
    if versie and opgeslagen_model.versie == versie:
        messages.info(request, _("Er was niets gewijzigd; het verdeelmodel is gebleven zoals het was."))
    elif getekend:
        messages.success(
            request,
            _(
                "Het verdeelmodel is opgeslagen. Het hoort bij de afspraken van het contract: de handtekeningen "
                "onder de vorige versie zijn daarmee ingetrokken."
            ),
        )
    else:
        messages.success(request, _("Het verdeelmodel is opgeslagen."))
    return redirect(verdeelmodel_url(contract))


urlpatterns = [
    path(C + "verdeelmodel/", verdeelmodel, name="verdeelmodel"),
    path(C + "verdeelmodel/bewerken/", verdeelmodel_bewerken, name="verdeelmodel_bewerken"),
]
