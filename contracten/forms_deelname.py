"""Forms of the practices' opt-in: they parse input; the services in contracten/deelname.py decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracten.models import Contract, Pakket, Praktijkdeelname
from regio.formvelden import modelkeuze
from regio.invoer import Keuzes
from regio.models import Organisatie
from regioplan.models import Doel

Besluit = Praktijkdeelname.Besluit


class UitnodigenForm(forms.Form):
    """Invite practices to one scope: the whole contract (no package) or one package.

    The page shows one of these per scope (templates/contracten/_deelname_uitnodigen.html, drawn from the
    practices not yet invited to it); on POST any practice of the region is a valid choice and "alle" means all
    of them (the service skips the ones already invited).
    """

    pakket = forms.ModelChoiceField(queryset=Pakket.objects.none(), required=False, widget=forms.HiddenInput)
    alle = forms.BooleanField(label=_("Alle nog niet uitgenodigde praktijken"), required=False)
    praktijken = Keuzes(
        label=_("Of kies de praktijken"),
        queryset=Organisatie.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, contract: Contract, praktijken: QuerySet[Organisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(self, "pakket", Pakket.objects.filter(contract=contract))
        modelkeuze(self, "praktijken", praktijken)
        self.alle_praktijken = praktijken

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("alle"):
            data["praktijken"] = list(self.alle_praktijken)
        elif not data.get("praktijken") and "praktijken" not in self.errors:
            self.add_error(
                "praktijken", _("Kies minstens één praktijk, of vink 'Alle nog niet uitgenodigde praktijken' aan.")
            )
        return data


class BesluitForm(forms.Form):
    """A practice manager's decision on the invitation. Which of the fields count (subcontractor, goal) is the
    service's rule; the page shows them only where the invitation asks for them."""

    besluit = forms.ChoiceField(
        label=_("Doet uw praktijk mee?"),
        choices=[
            (Besluit.DOET_MEE, _("Onze praktijk doet mee")),
            (Besluit.DOET_NIET_MEE, _("Onze praktijk doet niet mee")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of uw praktijk meedoet of niet.")},
    )
    besloten_op = forms.DateField(
        label=_("Datum van het besluit"),
        widget=forms.DateInput(attrs={"type": "date", "class": "kort"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de datum van het besluit in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 15-03-2026."),
        },
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    onderaannemer_bevestigd = forms.BooleanField(required=False)
    doel = forms.ModelChoiceField(
        label=_("Gekozen doel"),
        queryset=Doel.objects.filter(actief=True),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("Nodig als uw praktijk meedoet."),
    )
    toelichting = forms.CharField(
        label=_("Toelichting (niet verplicht)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, onderaannemer: bool, doel_kiezen: bool, organisatie: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if onderaannemer:
            self.fields["onderaannemer_bevestigd"].label = _(
                "Wij bevestigen dat onze praktijk de S2-zorg levert als onderaannemer van %(org)s."
            ) % {"org": organisatie}
            self.fields["onderaannemer_bevestigd"].help_text = _("Nodig als uw praktijk meedoet.")
        else:
            del self.fields["onderaannemer_bevestigd"]
        if doel_kiezen:
            modelkeuze(self, "doel", label=_doel_met_omschrijving)
        else:
            del self.fields["doel"]
        if not self.is_bound:
            self.fields["besloten_op"].initial = timezone.localdate()


def _doel_met_omschrijving(doel: Doel) -> str:
    return f"{doel.naam}: {doel.omschrijving}" if doel.omschrijving else doel.naam
