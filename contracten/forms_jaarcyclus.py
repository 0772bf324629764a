"""Forms of the yearly cycle and the end of a contract: they parse input; contracten/jaarcyclus.py and
contracten/looptijd.py decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regio.formvelden import modelkeuze
from regio.invoer import Getalveld
from regioplan.models import Regioplan


class JaarvoorstelForm(forms.Form):
    indexatie_procent = Getalveld(
        label=_("Indexatie (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("-100"),
        max_value=Decimal("100"),
        help_text=_(
            "Bijvoorbeeld de NZa-index van dit jaar: 3,1. Geldt voor de afspraken die als geïndexeerd zijn "
            "gemarkeerd, op het bedrag van dit jaar, afgerond op hele centen."
        ),
    )
    jaarplan = forms.ModelChoiceField(
        label=_("Vastgesteld jaarplan"),
        queryset=Regioplan.objects.none(),
        required=False,
        empty_label=_("geen apart jaarplan: de activiteiten van dit jaar uit het meerjarenplan"),
        help_text=_("Een vastgesteld jaarplan van de regio voor dit jaar, als dat er is."),
    )
    toelichting = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, jaarplannen: list[Regioplan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(
            self,
            "jaarplan",
            Regioplan.objects.filter(pk__in=[p.pk for p in jaarplannen]),
            label=lambda p: f"{p.titel} ({p.looptijd})",
        )


class BeeindigingForm(forms.Form):
    einddatum = forms.DateField(
        label=_("Einddatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De laatste dag waarop het contract geldt."),
        error_messages={
            "required": _("Vul de einddatum in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 30-06-2027."),
        },
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    reden = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("De andere partij krijgt de reden per e-mail; ze staat ook bij het contract."),
    )
