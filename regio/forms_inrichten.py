"""The one-screen form with which the koepel sets up a region (regio/views_koepel.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regio import inrichten
from regio.forms import DatumInvoer
from regio.models import Deelname, Gemeente, Organisatie, OrganisatieSoort, Regio


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
        help_text=_("Naam, AGB-code of KvK-nummer; voor een nieuwe organisatie haar volledige naam."),
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
    # A new organisation, made with the region (all or nothing): the name is the organisation field above.
    nieuw = forms.BooleanField(label=_("Deze organisatie bestaat nog niet: maak haar aan"), required=False)
    soort = forms.ModelChoiceField(
        label=_("Soort organisatie"), queryset=OrganisatieSoort.objects.all(), required=False, empty_label="—"
    )
    agb_code = forms.CharField(label=_("AGB-code (8 cijfers)"), max_length=8, required=False)
    kvk_nummer = forms.CharField(label=_("KvK-nummer (8 cijfers)"), max_length=8, required=False)

    NIEUWE_VELDEN = ("nieuw", "soort", "agb_code", "kvk_nummer")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["van"].initial = timezone.localdate()

    def basisvelden(self) -> list[forms.BoundField]:
        return [self[naam] for naam in self.fields if naam not in self.NIEUWE_VELDEN]

    def nieuwe_velden(self) -> list[forms.BoundField]:
        return [self[naam] for naam in self.NIEUWE_VELDEN]

    def clean_organisatie(self) -> str:
        return str(self.cleaned_data["organisatie"]).strip()  # read in clean(), which knows whether it is new

    def _organisatie(self, data: dict[str, Any]) -> Organisatie | None:
        """The existing organisation the row names, or the new one it describes (not saved yet)."""
        tekst = data.get("organisatie") or ""
        if not data.get("nieuw"):
            return inrichten.organisatie_lezen(tekst) if tekst else None
        if not tekst:
            raise forms.ValidationError({"organisatie": _("Vul de naam van de nieuwe organisatie in.")})
        return inrichten.nieuwe_organisatie(
            naam=tekst,
            soort=data.get("soort"),
            agb_code=data.get("agb_code", ""),
            kvk_nummer=data.get("kvk_nummer", ""),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.has_error("organisatie"):
            try:
                data["organisatie"] = self._organisatie(data)
            except forms.ValidationError as fout:
                if hasattr(fout, "error_dict"):
                    for veld, fouten in fout.error_dict.items():
                        self.add_error(veld if veld in self.fields else "organisatie", fouten)
                else:
                    self.add_error("organisatie", fout)
                data["organisatie"] = None
                return data
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
