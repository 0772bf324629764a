"""Forms of the regioplan pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regio.formvelden import modelkeuze
from regio.invoer import Getalveld, Keuzes
from regio.models import Organisatie
from regiobeeld.forms import MARKDOWN_HULP
from regiobeeld.models import Regiobeeld
from regioplan.models import ACTIVITEITVELDEN, Activiteit, Doel, Meetpunt, PlanUitdaging, Regioplan

MARKDOWN_ATTRS = {"rows": 14, "data-opmaak": "markdown"}


def voorstelvelden(form: forms.BaseForm) -> None:
    """Add the fields of a proposal to an edit form: why (required when proposing) and which proposal it counters."""
    form.fields["toelichting"] = forms.CharField(
        label=_("Waarom stelt u dit voor?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("Alleen bij „Als voorstel indienen”: de andere partij leest het bij uw voorstel."),
    )
    form.fields["tegen"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class RegioplanForm(forms.ModelForm):
    class Meta:
        model = Regioplan
        fields = ["titel", "regiobeeld", "startjaar", "eindjaar"]
        help_texts = {
            "startjaar": _(
                "Een jaarplan: vul twee keer hetzelfde jaar in. Een meerjarenplan: bijvoorbeeld 2026 tot 2029."
            ),
        }

    def __init__(self, *args: Any, regiobeelden: list[Regiobeeld], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(
            self,
            "regiobeeld",
            Regiobeeld.objects.filter(pk__in=[r.pk for r in regiobeelden]).order_by("-jaar"),
            label=lambda r: _("Regiobeeld %(jaar)s") % {"jaar": r.jaar},
        ).empty_label = None
        jaar = timezone.localdate().year + 1
        self.fields["startjaar"].initial = jaar
        self.fields["eindjaar"].initial = jaar + 3


class PlangegevensForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Regioplan
        fields = ["titel", "startjaar", "eindjaar"]


class PlandeelForm(forms.Form):
    tekst = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs=MARKDOWN_ATTRS), required=False, help_text=MARKDOWN_HULP
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        voorstelvelden(self)


class PlanUitdagingForm(forms.Form):
    duiding = forms.CharField(
        label=_("Duiding in dit plan"),
        widget=forms.Textarea(attrs={**MARKDOWN_ATTRS, "rows": 8}),
        required=False,
        help_text=MARKDOWN_HULP,
    )
    opgenomen = forms.TypedChoiceField(
        label=_("Opgenomen in dit plan?"),
        choices=[("ja", _("Ja, dit plan pakt deze uitdaging aan")), ("nee", _("Nee, niet in dit plan"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )
    reden_niet = forms.CharField(
        label=_("Waarom niet?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Verplicht als de uitdaging niet in dit plan is opgenomen."),
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        voorstelvelden(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opgenomen") is False and not (data.get("reden_niet") or "").strip():
            self.add_error("reden_niet", _("Geef aan waarom deze uitdaging niet in dit plan is opgenomen."))
        return data


class ActiviteitForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activiteit
        fields = list(ACTIVITEITVELDEN)
        widgets = {
            "beschrijving": forms.Textarea(attrs={**MARKDOWN_ATTRS, "rows": 6}),
            "uitdagingen": forms.CheckboxSelectMultiple,
        }
        help_texts = {"beschrijving": MARKDOWN_HULP, "begroting": _("In euro's, bijvoorbeeld 12.500 of 12.500,50.")}
        field_classes = {"begroting": Getalveld, "uitdagingen": Keuzes}

    def __init__(self, *args: Any, regioplan: Regioplan, partijen: list[Organisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a change, not a new activity, can be proposed
            voorstelvelden(self)
        modelkeuze(self, "uitdagingen", PlanUitdaging.objects.filter(regioplan=regioplan))
        modelkeuze(self, "doel", Doel.objects.filter(actief=True)).empty_label = _("— geen doel uit de lijst —")
        modelkeuze(self, "verantwoordelijke", Organisatie.objects.filter(pk__in=[p.pk for p in partijen]))
        for naam in ("start_jaar", "eind_jaar"):
            self.fields[naam].initial = regioplan.startjaar if naam == "start_jaar" else regioplan.eindjaar
            self.fields[naam].widget.attrs.update({"min": regioplan.startjaar, "max": regioplan.eindjaar})
        # Years, quarters, priority, status and costs in fields of one width (as a contract line's years).
        for naam in (
            "start_jaar",
            "start_kwartaal",
            "eind_jaar",
            "eind_kwartaal",
            "prioriteit",
            "voortgang",
            "begroting",
        ):
            self.fields[naam].widget.attrs["class"] = "kort"


class MeetpuntForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meetpunt
        fields = [
            "omschrijving",
            "eenheid",
            "nulmeting",
            "nulmeting_datum",
            "streefwaarde",
            "streefdatum",
            "bron",
            "frequentie",
            "eigenaar",
        ]
        widgets = {
            "nulmeting_datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "streefdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {"nulmeting": Getalveld, "streefwaarde": Getalveld}

    def __init__(self, *args: Any, partijen: list[Organisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(self, "eigenaar", Organisatie.objects.filter(pk__in=[p.pk for p in partijen]))
