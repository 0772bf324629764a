"""Monitoring that runs itself: reporting dates made from the measuring points' frequencies (and changed one by
one), results imported from a file (upload, preview with refusals, confirm), results confirmed or disputed by the
other party, and the monitoring that the members of participating practices see (no money)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracten import access, bevestiging, monitoring, rapportagemomenten, resultaatimport
from contracten.access import ContractActie, contract_vereist
from contracten.deelname import is_praktijklid
from contracten.models import Contract
from contracten.views.monitoring import MomentForm, _fouten_naar_form, meetpunt_url
from contracten.views.paden import C, R
from regio.access import RegioActie, regio_vereist
from regio.models import Regio
from regio.verzoek import IngelogdVerzoek
from regiobeeld.forms import BevestigForm
from regiobeeld.importeren import ImportFout


class BetwistForm(forms.Form):
    reden = forms.CharField(
        label=gettext_lazy("Waarom betwist u dit resultaat?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=bevestiging.MAX_REDEN,
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label=gettext_lazy("Bestand (CSV of Excel)"),
        help_text=gettext_lazy(
            "Kolommen: meetpunt (nummer of omschrijving), peildatum of periode (31-03-2026, 2026-Q1), waarde, en "
            "eventueel praktijk (naam of AGB-code) en toelichting. Hoogstens 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
    )


# --- reporting dates -----------------------------------------------------------------------------------------


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def rapportagemomenten_aanmaken(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    aantal = rapportagemomenten.rapportagemomenten_aanmaken(contract=contract, acting_user=request.user)
    if aantal:
        messages.success(
            request,
            ngettext("%(n)s rapportagemoment aangemaakt.", "%(n)s rapportagemomenten aangemaakt.", aantal)
            % {"n": aantal},
        )
    else:
        messages.info(request, _("Alle rapportagemomenten stonden er al; er is niets toegevoegd."))
    return redirect("contracten:monitoring_contract", contract.regio.slug, contract.pk)


@require_http_methods(["GET", "POST"])
@contract_vereist(ContractActie.BEWERKEN)
def rapportagemoment_wijzigen(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    moment = access.rapportagemoment_van(contract, pk)
    form = MomentForm(
        request.POST if request.method == "POST" else None,
        contract=contract,
        initial={"uiterlijk": moment.uiterlijk, "eigenaar": moment.eigenaar_id},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rapportagemomenten.rapportagemoment_wijzigen(
                    moment=moment,
                    uiterlijk=form.cleaned_data["uiterlijk"],
                    eigenaar=form.cleaned_data["eigenaar"],
                    acting_user=request.user,
                )
            except ValidationError as fout:
                _fouten_naar_form(form, fout)
            else:
                messages.success(request, _("Rapportagemoment gewijzigd."))
                return redirect(meetpunt_url(contract, moment.meetpunt_id, "rapportagemomenten"))
        status = 400
    return render(
        request,
        "contracten/formulier.html",
        {
            "regio": contract.regio,
            "contract": contract,
            "tab": "monitoring",
            "hier": _("Rapportagemoment wijzigen"),
            "kop": _("Rapportagemoment van %(datum)s wijzigen: %(meetpunt)s")
            % {"datum": monitoring.datum_tekst(moment.uiterlijk), "meetpunt": moment.meetpunt.omschrijving},
            "terug": meetpunt_url(contract, moment.meetpunt_id, "rapportagemomenten"),
            "form": form,
        },
        status=status,
    )


# --- confirming and disputing a result ---------------------------------------------------------------------


def _versie(request: HttpRequest) -> int | None:
    tekst = request.POST.get("versie", "")
    return int(tekst) if tekst.isdigit() else None


@require_POST
@contract_vereist(ContractActie.BEKIJKEN)
def resultaat_bevestigen(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    resultaat = access.resultaat_om_te_beoordelen(request.user, contract, pk)
    try:
        bevestiging.resultaat_bevestigen(resultaat=resultaat, acting_user=request.user, gelezen_versie=_versie(request))
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
    else:
        messages.success(request, _("Het resultaat is bevestigd."))
    return redirect(meetpunt_url(contract, resultaat.meetpunt_id, f"resultaat-{resultaat.pk}"))


@require_POST
@contract_vereist(ContractActie.BEKIJKEN)
def resultaat_betwisten(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    resultaat = access.resultaat_om_te_beoordelen(request.user, contract, pk)
    form = BetwistForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf waarom u dit resultaat betwist (hoogstens 2000 tekens)."))
    else:
        try:
            bevestiging.resultaat_betwisten(
                resultaat=resultaat,
                reden=form.cleaned_data["reden"],
                acting_user=request.user,
                gelezen_versie=form.cleaned_data.get("versie"),
            )
        except ValidationError as fout:
            for melding in fout.messages:
                messages.error(request, melding)
        else:
            messages.success(request, _("Het resultaat is betwist; de andere partij ziet uw reden."))
    return redirect(meetpunt_url(contract, resultaat.meetpunt_id, f"resultaat-{resultaat.pk}"))


# --- importing results -------------------------------------------------------------------------------------


def _importpagina(
    request: IngelogdVerzoek, contract: Contract, form: ImportForm | None = None, fout: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "contracten/resultaten_importeren.html",
        {
            "regio": contract.regio,
            "contract": contract,
            "tab": "monitoring",
            "hier": _("Resultaten importeren"),
            "form": form or ImportForm(),
            "upload_fout": fout,
            "imports": contract.resultaatimports.select_related("aangemaakt_door")[:10],
        },
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def resultaten_importeren(request: HttpRequest, regio_slug: str, contract_pk: int) -> HttpResponseBase:
    """The upload page. A body far over the limit is refused before it is read (and before CSRF reads it)."""
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > (
        resultaatimport.MAX_BESTAND_BYTES + 64 * 1024
    ):
        return _te_groot(request, regio_slug=regio_slug, contract_pk=contract_pk)
    return _resultaten_importeren(request, regio_slug=regio_slug, contract_pk=contract_pk)


@contract_vereist(ContractActie.BEWERKEN)
def _te_groot(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    return _te_groot_pagina(request, contract)


def _te_groot_pagina(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    fout = _("Het bestand is groter dan %(mb)s MB. Een bestand met resultaten is veel kleiner; kies het juiste.") % {
        "mb": resultaatimport.MAX_BESTAND_BYTES // (1024 * 1024)
    }
    return _importpagina(request, contract, fout=fout, status=413)


@csrf_protect
@contract_vereist(ContractActie.BEWERKEN)
def _resultaten_importeren(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    if request.method != "POST":
        return _importpagina(request, contract)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _importpagina(request, contract, form, status=400)
    bestand = form.cleaned_data["bestand"]
    if bestand.size > resultaatimport.MAX_BESTAND_BYTES:
        return _te_groot_pagina(request, contract)
    try:
        imp = resultaatimport.resultaatimport_starten(
            contract=contract, inhoud=bestand.read(), bestandsnaam=bestand.name or "", acting_user=request.user
        )
    except ImportFout as fout:
        form.add_error("bestand", str(fout))
        return _importpagina(request, contract, form, status=400)
    return redirect("contracten:resultaatimport", contract.regio.slug, contract.pk, imp.pk)


@require_GET
@contract_vereist(ContractActie.BEWERKEN)
def resultaatimport_detail(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    imp = access.resultaatimport_van(contract, pk)
    return render(
        request,
        "contracten/resultaatimport.html",
        {
            "regio": contract.regio,
            "contract": contract,
            "tab": "monitoring",
            "hier": _("Import controleren"),
            "imp": imp,
            "rijen": resultaatimport.voorbeeldrijen(imp),
            "bevestig_form": BevestigForm(),
        },
    )


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def resultaatimport_bevestigen(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    imp = access.resultaatimport_van(contract, pk)
    form = BevestigForm(request.POST)
    form.is_valid()
    try:
        aantal = resultaatimport.resultaatimport_bevestigen(
            resultaatimport=imp,
            afwijzingen_begrepen=bool(form.cleaned_data.get("afwijzingen_begrepen")),
            acting_user=request.user,
        )
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
        return redirect("contracten:resultaatimport", contract.regio.slug, contract.pk, imp.pk)
    messages.success(
        request,
        ngettext("%(n)s resultaat opgeslagen.", "%(n)s resultaten opgeslagen.", aantal) % {"n": aantal},
    )
    return redirect("contracten:monitoring_contract", contract.regio.slug, contract.pk)


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def resultaatimport_annuleren(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    imp = access.resultaatimport_van(contract, pk)
    try:
        resultaatimport.resultaatimport_annuleren(resultaatimport=imp, acting_user=request.user)
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
        return redirect("contracten:resultaatimport", contract.regio.slug, contract.pk, imp.pk)
    messages.info(request, _("Import geannuleerd; er is niets opgeslagen."))
    return redirect("contracten:resultaten_importeren", contract.regio.slug, contract.pk)


# --- the practices' monitoring ------------------------------------------------------------------------------


@require_GET
@regio_vereist(RegioActie.BEKIJKEN)
def praktijkmonitoring(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    """For members of the region's practices: the measuring points of the signed contracts their practice takes
    part in, with results and lights. No amounts: the page reads no money at all."""
    if not is_praktijklid(request.user, regio):
        raise Http404
    contracten = list(
        access.contracten_voor_praktijklid(request.user, regio)
        .select_related("regio", "zorgverzekeraar", "huisartsenorganisatie")
        .order_by("-startjaar", "titel", "pk")
    )
    rijen = monitoring.standen(contracten, timezone.localdate())
    per_contract = [(c, [s for s in rijen if s.contract.pk == c.pk]) for c in contracten]
    return render(
        request,
        "contracten/monitoring_praktijken.html",
        {
            "regio": regio,
            "per_contract": per_contract,
            "telling": monitoring.Telling.van(rijen),
            "regel": monitoring.regel_uitleg(),
            "hier": _("Monitoring voor praktijken"),
        },
    )


def importeren_url(contract: Contract) -> str:
    return reverse("contracten:resultaten_importeren", args=[contract.regio.slug, contract.pk])


urlpatterns: list[URLPattern] = [
    path(R + "monitoring/praktijken/", praktijkmonitoring, name="praktijkmonitoring"),
    path(C + "rapportagemomenten/aanmaken/", rapportagemomenten_aanmaken, name="rapportagemomenten_aanmaken"),
    path(C + "rapportagemoment/<int:pk>/wijzigen/", rapportagemoment_wijzigen, name="rapportagemoment_wijzigen"),
    path(C + "resultaat/<int:pk>/bevestigen/", resultaat_bevestigen, name="resultaat_bevestigen"),
    path(C + "resultaat/<int:pk>/betwisten/", resultaat_betwisten, name="resultaat_betwisten"),
    path(C + "resultaten/importeren/", resultaten_importeren, name="resultaten_importeren"),
    path(C + "resultaten/import/<int:pk>/", resultaatimport_detail, name="resultaatimport"),
    path(C + "resultaten/import/<int:pk>/bevestigen/", resultaatimport_bevestigen, name="resultaatimport_bevestigen"),
    path(C + "resultaten/import/<int:pk>/annuleren/", resultaatimport_annuleren, name="resultaatimport_annuleren"),
]
