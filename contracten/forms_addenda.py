"""Forms of an addendum (contracten/addenda.py): they parse input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from contracten.forms import GELDVELDEN, GeldveldenMixin, bedragveld
from contracten.models import Addendum, Addendumregel, Contract
from regio.formvelden import modelkeuze
from regio.invoer import Getalveld


class AddendumForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Addendum
        fields = ["reden", "eindjaar"]
        widgets = {"reden": forms.Textarea(attrs={"rows": 4})}


class AddendumregelForm(GeldveldenMixin):
    """The new content of one line; the amounts per year are extra fields `bedrag_<jaar>`, one per year of the
    term as the addendum makes it."""

    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Addendumregel
        fields = ["titel", "activiteit", "segment", "aandeel_praktijk", "aandeel_regio", "voorwaarden", *GELDVELDEN]
        widgets = {"voorwaarden": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"aandeel_praktijk": Getalveld, "aandeel_regio": Getalveld}

    def __init__(
        self, *args: Any, contract: Contract, jaren: list[int], bedragen: dict[int, Decimal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.jaren = jaren
        activiteit = modelkeuze(self, "activiteit", contract.regioplan.activiteiten.order_by("volgorde", "pk"))
        activiteit.help_text = _("Voor een nieuwe afspraak: de activiteit uit het regioplan die zij vastlegt.")
        for jaar in jaren:
            self.fields[f"bedrag_{jaar}"] = bedragveld(jaar, initial=bedragen.get(jaar) or None)

    def bedragen(self) -> dict[int, Decimal | None]:
        return {j: self.cleaned_data.get(f"bedrag_{j}") for j in self.jaren}
