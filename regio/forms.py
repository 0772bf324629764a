"""Forms of an organisation's self-management: inviting, roles, mandates, and accepting an invitation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regio.models import Gebruiker, Onderwerp, Regio, Rol


class DatumInvoer(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class UitnodigingForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul het e-mailadres in."), "invalid": _("Vul een geldig e-mailadres in.")},
    )
    rol = forms.ChoiceField(
        label=_("Rol"),
        choices=Rol.choices,
        initial=Rol.LEZER,
        help_text=_("Lezer: leest mee. Bewerker: schrijft mee. Beheerder: beheert ook de leden en mandaten."),
    )
    functie = forms.CharField(label=_("Functie (niet verplicht)"), max_length=100, required=False)


class RolForm(forms.Form):
    rol = forms.ChoiceField(label=_("Rol"), choices=Rol.choices)


class MandaatForm(forms.Form):
    gebruiker = forms.ModelChoiceField(
        label=_("Gemandateerde"),
        queryset=Gebruiker.objects.none(),
        empty_label=_("Kies een lid"),
        error_messages={"required": _("Kies het lid dat het mandaat krijgt.")},
    )
    regio = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=Regio.objects.none(),
        empty_label=_("Kies een regio"),
        error_messages={"required": _("Kies de regio.")},
    )
    onderwerp = forms.ChoiceField(
        label=_("Onderwerp"),
        choices=[("", _("Kies een onderwerp")), *Onderwerp.choices],
        error_messages={"required": _("Kies het onderwerp.")},
    )
    geldig_van = forms.DateField(
        label=_("Geldig vanaf"), widget=DatumInvoer(), error_messages={"required": _("Vul de begindatum in.")}
    )
    geldig_tot = forms.DateField(
        label=_("Geldig tot en met (niet verplicht)"),
        required=False,
        widget=DatumInvoer(),
        help_text=_("Leeg: zonder einddatum, tot het mandaat wordt beëindigd."),
    )
    besluitreferentie = forms.CharField(
        label=_("Kenmerk van het bestuursbesluit"),
        max_length=200,
        help_text=_("Bijvoorbeeld: bestuursbesluit 2026-014 van 12 maart 2026."),
        error_messages={"required": _("Vul het kenmerk van het bestuursbesluit in.")},
    )
    toelichting = forms.CharField(
        label=_("Toelichting (niet verplicht)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VerlengenForm(forms.Form):
    geldig_tot = forms.DateField(
        label=_("Nieuwe einddatum (tot en met)"),
        required=False,
        widget=DatumInvoer(),
        help_text=_("Leeg: zonder einddatum."),
    )
    besluitreferentie = forms.CharField(
        label=_("Kenmerk van het bestuursbesluit"),
        max_length=200,
        error_messages={"required": _("Vul het kenmerk van het bestuursbesluit in.")},
    )


class AccountForm(forms.Form):
    """A new person's name and password, when accepting an invitation."""

    naam = forms.CharField(
        label=_("Uw naam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Vul uw naam in.")},
    )
    wachtwoord = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 12 tekens; geen wachtwoord dat u elders gebruikt."),
        error_messages={"required": _("Kies een wachtwoord.")},
    )
    wachtwoord_herhaald = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Herhaal het wachtwoord.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        een, twee = data.get("wachtwoord"), data.get("wachtwoord_herhaald")
        if een and twee and een != twee:
            self.add_error("wachtwoord_herhaald", _("De twee wachtwoorden zijn niet gelijk."))
        return data
