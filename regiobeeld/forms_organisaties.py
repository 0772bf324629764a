"""The upload form of the bulk organisation import (regiobeeld/views_organisaties.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OrganisatieImportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand (CSV of Excel)"),
        help_text=_(
            "Kolommen: naam, soort (zoals huisartsenpraktijk), agb, kvk en (niet verplicht) regio. "
            "Hoogstens 20 MB; zonder formules of macro's."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
        error_messages={"required": _("Kies een bestand.")},
    )
