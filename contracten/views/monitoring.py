"""Monitoring pages: a contract's measuring points, one point with its results, trend and reporting dates, and the
region's overview of every contract the person may see. Recording results and dates is for the parties' editors."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from contracten import access, monitoring, resultaten
from contracten.access import ContractActie, contract_vereist
from contracten.deelname import is_praktijklid
from contracten.models import Contract, Meetresultaat, Rapportagemoment
from contracten.views.paden import C, R
from regio.access import RegioActie, regio_vereist
from regio.formvelden import keuzelijst, modelkeuze
from regio.gelijktijdig import Bewerkingsconflict
from regio.getallen import getal
from regio.models import Gebruiker, Organisatie, Regio
from regio.verzoek import IngelogdVerzoek
from regioplan.models import Meetpunt

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WaardeVeld(forms.DecimalField):
    """A number as people type it: "12,5" or "12.5"; "1.234,5" (thousands dot) too."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # the stubs derive it from IntegerField
        if value in self.empty_values:
            return None
        tekst = str(value).strip().replace(" ", "").replace("\u2212", "-")
        if "," in tekst:
            tekst = tekst.replace(".", "").replace(",", ".")
        try:
            getal = Decimal(tekst)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not getal.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return getal


class ResultaatForm(forms.Form):
    peildatum = forms.DateField(
        label=gettext_lazy("Peildatum"),
        widget=DATUM,
        help_text=gettext_lazy("De datum waarop de waarde gemeten is (het einde van de periode)."),
    )
    waarde = WaardeVeld(
        label=gettext_lazy("Waarde"),
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": gettext_lazy("Vul een getal in, bijvoorbeeld 12,5.")},
    )
    toelichting = forms.CharField(
        label=gettext_lazy("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    rapportagemoment = forms.TypedChoiceField(
        label=gettext_lazy("Voor rapportagemoment"), required=False, coerce=int, empty_value=None
    )
    praktijk = forms.TypedChoiceField(
        label=gettext_lazy("Cijfer van een praktijk"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy(
            "Leeg: het cijfer van het hele contract. Of het eigen cijfer van een praktijk die meedoet."
        ),
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self,
        *args: Any,
        momenten: list[Rapportagemoment],
        eenheid: str,
        praktijken: list[Organisatie] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.momenten = {m.pk: m for m in momenten}
        # A practice's own figure is entered (and corrected) here by whoever may record the contract's results.
        self.praktijken = {p.pk: p for p in praktijken or []}
        if self.praktijken:
            keuzelijst(self, "praktijk").choices = [("", _("het hele contract"))] + [
                (p.pk, p.naam) for p in self.praktijken.values()
            ]
        else:
            del self.fields["praktijk"]
        keuzelijst(self, "rapportagemoment").choices = [("", _("vanzelf: het eerstvolgende open moment"))] + [
            (m.pk, _("uiterlijk %(datum)s") % {"datum": monitoring.datum_tekst(m.uiterlijk)}) for m in momenten
        ]
        if eenheid:
            self.fields["waarde"].help_text = _("In %(eenheid)s, bijvoorbeeld 12,5.") % {"eenheid": eenheid}


class MomentForm(forms.Form):
    uiterlijk = forms.DateField(label=gettext_lazy("Uiterlijk op"), widget=DATUM)
    eigenaar = forms.ModelChoiceField(
        label=gettext_lazy("Wie rapporteert"),
        queryset=Gebruiker.objects.none(),
    )

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(
            self,
            "eigenaar",
            Gebruiker.objects.filter(
                is_active=True,
                lidmaatschappen__organisatie__in=contract.partijen,
                lidmaatschappen__rol__in=resultaten.BEWERKENDE_ROLLEN,
            )
            .distinct()
            .order_by("naam", "email"),
            label=lambda g: g.get_full_name(),
        )


def meetpunt_url(contract: Contract, meetpunt_pk: int, anker: str = "") -> str:
    pad = reverse("contracten:meetpunt", args=[contract.regio.slug, contract.pk, meetpunt_pk])
    return pad + (f"#{anker}" if anker else "")


def _fouten_naar_form(form: forms.Form, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, meldingen in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, meldingen)
    else:
        form.add_error(None, fout.messages)


# --- pages -------------------------------------------------------------------------------------------------


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def monitoring_contract(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    rijen = monitoring.standen([contract], timezone.localdate())
    return render(
        request,
        "contracten/monitoring_contract.html",
        {
            "regio": contract.regio,
            "contract": contract,
            "tab": "monitoring",
            "rijen": rijen,
            "telling": monitoring.Telling.van(rijen),
            "regel": monitoring.regel_uitleg(),
            "in_uitvoering": monitoring.in_uitvoering(contract),
            "mag_bewerken": access.mag_contract(request.user, contract, ContractActie.BEWERKEN),
        },
    )


def _meetpuntpagina(
    request: IngelogdVerzoek,
    contract: Contract,
    meetpunt: Meetpunt,
    *,
    resultaat_form: ResultaatForm | None = None,
    moment_form: MomentForm | None = None,
    conflict: Meetresultaat | None = None,
    status: int = 200,
) -> HttpResponse:
    pagina = monitoring.meetpuntpagina(contract, meetpunt, timezone.localdate())
    mag_bewerken = access.mag_contract(request.user, contract, ContractActie.BEWERKEN)
    praktijken = list(resultaten.deelnemende_praktijken(contract)) if mag_bewerken else []
    open_momenten = [r.moment for r in pagina.momenten if not r.heeft_resultaat]
    if mag_bewerken and resultaat_form is None:
        initial: dict[str, Any] = {"peildatum": timezone.localdate()}
        corrigeer = request.GET.get("corrigeer", "")
        te_corrigeren = next((r.resultaat for r in pagina.resultaten if str(r.resultaat.pk) == corrigeer), None)
        if te_corrigeren is not None:
            initial = {
                "peildatum": te_corrigeren.peildatum,
                "waarde": getal(te_corrigeren.waarde),
                "toelichting": te_corrigeren.toelichting,
                "praktijk": te_corrigeren.praktijk_id,
                "versie": te_corrigeren.versie,
            }
        resultaat_form = ResultaatForm(
            initial=initial, momenten=open_momenten, eenheid=meetpunt.eenheid, praktijken=praktijken
        )
    if mag_bewerken and moment_form is None:
        moment_form = MomentForm(contract=contract, initial={"eigenaar": request.user.pk})
    return render(
        request,
        "contracten/meetpunt.html",
        {
            "regio": contract.regio,
            "contract": contract,
            "tab": "monitoring",
            "hier": meetpunt.omschrijving,
            "meetpunt": meetpunt,
            "pagina": pagina,
            "stand": pagina.stand,
            "g": pagina.grafiek,
            "mag_bewerken": mag_bewerken,
            "resultaat_form": resultaat_form,
            "moment_form": moment_form,
            "conflict": conflict,
            "conflict_waarde": monitoring.waarde_tekst(conflict.waarde, meetpunt.eenheid) if conflict else "",
            "corrigeren": bool(
                resultaat_form and (resultaat_form.data.get("versie") or resultaat_form.initial.get("versie"))
            ),
            "regel": monitoring.regel_uitleg(),
            "in_uitvoering": monitoring.in_uitvoering(contract),
            "laatste_rapportagedatum": resultaten.laatste_rapportagedatum(contract),
            # Results the person may confirm or dispute (contracten/bevestiging.py): the other party's editors.
            "te_beoordelen": {
                r.resultaat.pk
                for r in pagina.resultaten
                if access.mag_resultaat_beoordelen(request.user, contract, r.resultaat)
            },
        },
        status=status,
    )


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def meetpunt(request: IngelogdVerzoek, contract: Contract, meetpunt_pk: int) -> HttpResponse:
    return _meetpuntpagina(request, contract, access.meetpunt_van(contract, meetpunt_pk))


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def resultaat_vastleggen(request: IngelogdVerzoek, contract: Contract, meetpunt_pk: int) -> HttpResponse:
    meetpunt = access.meetpunt_van(contract, meetpunt_pk)
    momenten = list(monitoring.open_momenten().filter(contract=contract, meetpunt=meetpunt).order_by("uiterlijk"))
    praktijken = list(resultaten.deelnemende_praktijken(contract))
    form = ResultaatForm(request.POST, momenten=momenten, eenheid=meetpunt.eenheid, praktijken=praktijken)
    if not form.is_valid():
        return _meetpuntpagina(request, contract, meetpunt, resultaat_form=form, status=400)
    data = form.cleaned_data
    moment_pk = data.get("rapportagemoment")
    if moment_pk is not None and moment_pk not in form.momenten:
        form.add_error("rapportagemoment", _("Kies een open rapportagemoment van dit meetpunt."))
        return _meetpuntpagina(request, contract, meetpunt, resultaat_form=form, status=400)
    try:
        resultaat = resultaten.resultaat_vastleggen(
            contract=contract,
            meetpunt=meetpunt,
            peildatum=data["peildatum"],
            waarde=data["waarde"],
            toelichting=data["toelichting"],
            rapportagemoment=form.momenten.get(moment_pk) if moment_pk is not None else None,
            gelezen_versie=data.get("versie"),
            praktijk=form.praktijken.get(data["praktijk"]) if data.get("praktijk") is not None else None,
            acting_user=request.user,
        )
    except Bewerkingsconflict as conflict:
        huidig: Meetresultaat = conflict.huidig
        # The form keeps what the person typed, now with the stored row's version: saving again corrects it.
        gegevens = request.POST.copy()
        gegevens["versie"] = str(huidig.versie)
        form = ResultaatForm(gegevens, momenten=momenten, eenheid=meetpunt.eenheid, praktijken=praktijken)
        form.is_valid()
        return _meetpuntpagina(request, contract, meetpunt, resultaat_form=form, conflict=huidig, status=409)
    except ValidationError as fout:
        _fouten_naar_form(form, fout)
        return _meetpuntpagina(request, contract, meetpunt, resultaat_form=form, status=400)
    if resultaat.versie > 1:
        messages.success(
            request,
            _("Het resultaat van %(datum)s is gecorrigeerd.") % {"datum": monitoring.datum_tekst(resultaat.peildatum)},
        )
    else:
        messages.success(request, _("Het resultaat is vastgelegd."))
    return redirect(meetpunt_url(contract, meetpunt.pk, "resultaten"))


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def rapportagemoment_toevoegen(request: IngelogdVerzoek, contract: Contract, meetpunt_pk: int) -> HttpResponse:
    meetpunt = access.meetpunt_van(contract, meetpunt_pk)
    form = MomentForm(request.POST, contract=contract)
    if not form.is_valid():
        return _meetpuntpagina(request, contract, meetpunt, moment_form=form, status=400)
    try:
        moment = resultaten.rapportagemoment_toevoegen(
            contract=contract,
            meetpunt=meetpunt,
            uiterlijk=form.cleaned_data["uiterlijk"],
            eigenaar=form.cleaned_data["eigenaar"],
            acting_user=request.user,
        )
    except ValidationError as fout:
        _fouten_naar_form(form, fout)
        return _meetpuntpagina(request, contract, meetpunt, moment_form=form, status=400)
    messages.success(
        request,
        _("Rapportagemoment toegevoegd: uiterlijk %(datum)s, door %(wie)s.")
        % {"datum": monitoring.datum_tekst(moment.uiterlijk), "wie": moment.eigenaar.get_full_name()},
    )
    return redirect(meetpunt_url(contract, meetpunt.pk, "rapportagemomenten"))


@require_POST
@contract_vereist(ContractActie.BEWERKEN)
def rapportagemoment_verwijderen(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    moment = access.rapportagemoment_van(contract, pk)
    try:
        resultaten.rapportagemoment_verwijderen(moment=moment, acting_user=request.user)
    except ValidationError as fout:
        for melding in fout.messages:
            messages.error(request, melding)
    else:
        messages.success(
            request,
            _("Rapportagemoment van %(datum)s verwijderd.") % {"datum": monitoring.datum_tekst(moment.uiterlijk)},
        )
    return redirect(meetpunt_url(contract, moment.meetpunt_id, "rapportagemomenten"))


@require_GET
@regio_vereist(RegioActie.BEKIJKEN)
def regio_monitoring(request: IngelogdVerzoek, regio: Regio) -> HttpResponse:
    alleen_aandacht = request.GET.get("aandacht") == "1"
    overzicht = monitoring.regiomonitoring(request.user, regio, timezone.localdate(), alleen_aandacht=alleen_aandacht)
    return render(
        request,
        "contracten/monitoring_regio.html",
        {
            "regio": regio,
            "overzicht": overzicht,
            "regel": monitoring.regel_uitleg(),
            "hier": _("Monitoring"),
            "praktijklid": is_praktijklid(request.user, regio),
        },
    )


urlpatterns: list[URLPattern] = [
    path(R + "monitoring/", regio_monitoring, name="monitoring"),
    path(C + "monitoring/", monitoring_contract, name="monitoring_contract"),
    path(C + "meetpunt/<int:meetpunt_pk>/", meetpunt, name="meetpunt"),
    path(C + "meetpunt/<int:meetpunt_pk>/resultaat/", resultaat_vastleggen, name="resultaat_vastleggen"),
    path(
        C + "meetpunt/<int:meetpunt_pk>/rapportagemoment/",
        rapportagemoment_toevoegen,
        name="rapportagemoment_toevoegen",
    ),
    path(
        C + "rapportagemoment/<int:pk>/verwijderen/", rapportagemoment_verwijderen, name="rapportagemoment_verwijderen"
    ),
]
