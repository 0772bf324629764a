"""The one-screen form with which the koepel sets up a region (regio/views_koepel.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regio import inrichten
from regio.forms import DatumInvoer
from regio.models import Deelname, Gemeente, Organisatie, Regio


class RegioInrichtenForm(forms.Form):
    naam = forms.CharField(
        label=_("Naam van de regio"),
        max_length=150,
        error_messages={"required": _("Vul de naam van de regio in.")},
    )
    gemeenten = forms.CharField(
        label=_("Gemeenten"),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_("Namen of CBS-codes (zoals GM0983), gescheiden door komma's of op aparte regels."),
        error_messages={"required": _("Kies ten minste één gemeente.")},
    )
    afbakening = forms.ChoiceField(
        label=_("Afbakening"), choices=Regio.Afbakening.choices, initial=Regio.Afbakening.GEMEENTEGRENZEN
    )

    def clean_gemeenten(self) -> list[Gemeente]:
        gevonden, onbekend = inrichten.gemeenten_herkennen(self.cleaned_data["gemeenten"])
        if onbekend:
            raise forms.ValidationError(
                _("Onbekende gemeente: %(namen)s. Gebruik de naam of CBS-code zoals het CBS die geeft.")
                % {"namen": ", ".join(onbekend)}
            )
        return gevonden


class PartijForm(forms.Form):
    organisatie = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "organisatielijst", "data-organisatie": ""}),
        help_text=_("Naam, AGB-code of KvK-nummer."),
    )
    rol = forms.ChoiceField(
        label=_("Rol in de regio"), choices=Deelname.DeelnameRol.choices, initial=Deelname.DeelnameRol.CONTRACTPARTIJ
    )
    van = forms.DateField(label=_("Vanaf"), widget=DatumInvoer(), required=False)
    tot = forms.DateField(label=_("Tot en met (niet verplicht)"), widget=DatumInvoer(), required=False)
    beheerder_email = forms.EmailField(
        label=_("E-mailadres van de beheerder (uitnodiging)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Vul een geldig e-mailadres in.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["van"].initial = timezone.localdate()

    def clean_organisatie(self) -> Organisatie | None:
        tekst = self.cleaned_data["organisatie"].strip()
        return inrichten.organisatie_lezen(tekst) if tekst else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisatie") is None and not self.has_error("organisatie"):
            if data.get("beheerder_email"):
                self.add_error("organisatie", _("Vul de organisatie in waarvan dit de beheerder is."))
            return data
        if not data.get("van"):
            data["van"] = timezone.localdate()
        if data.get("tot") and data["tot"] < data["van"]:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return data

    def partij(self) -> inrichten.Partij | None:
        data = self.cleaned_data
        if not data.get("organisatie"):
            return None
        return inrichten.Partij(
            organisatie=data["organisatie"],
            rol=data["rol"],
            van=data["van"],
            tot=data.get("tot"),
            beheerder_email=data.get("beheerder_email") or "",
        )


# Four rows cover the usual region (a GP organisation, an insurer and a few participants); "Meer partijen" adds rows.
PARTIJRIJEN = 4
PartijFormSet = forms.formset_factory(PartijForm, extra=PARTIJRIJEN, max_num=40, absolute_max=40)
