"""The verdeelmodel's form: the model's fields and a formset of providers. They parse input; the service decides
(it runs the calculation on the input before anything is stored)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from contracten.models import Verdeelaanbieder, Verdeelmodel
from contracten.verdeelmodel import VELDEN, Aanbiederinvoer
from regio.models import Organisatie

PREFIX = "aanbieders"
BEDRAG_HULP = _("In euro's, bijvoorbeeld 250000 of 250000,50.")


def _gelokaliseerd(veld: forms.Field) -> None:
    """Dutch decimals in and out ("12,5"), as the other money fields of the product. A text field with a decimal
    keyboard: a browser shows a number field whose value has a decimal comma as empty."""
    veld.localize = True
    attrs = {k: v for k, v in veld.widget.attrs.items() if k not in {"step", "min", "max"}}
    veld.widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal"})
    veld.widget.is_localized = True


class VerdeelmodelForm(forms.ModelForm):
    # 0: the person started a new model (nothing was stored when they opened the form).
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Verdeelmodel
        fields = list(VELDEN)
        widgets = {
            "grondslag": forms.RadioSelect,
            "toelichting": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "budget": _("Het bedrag dat over de aanbieders wordt verdeeld, in euro's, bijvoorbeeld 1000000."),
            "grondslag": _("Het budget wordt verdeeld naar ieders aandeel in de uren of in de kosten."),
            "toelichting": _("Bijvoorbeeld welke zorgroute is veranderd en waar de uren vandaan komen."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for naam in ("budget", "drempel_procent", "vangnet_procent"):
            _gelokaliseerd(self.fields[naam])


class AanbiederForm(forms.Form):
    naam = forms.CharField(label=_("Aanbieder"), max_length=200)
    organisatie = forms.ChoiceField(label=_("Organisatie (niet verplicht)"), required=False)
    huidig = forms.DecimalField(
        label=Verdeelaanbieder._meta.get_field("huidig").verbose_name,
        max_digits=14,
        decimal_places=2,
        min_value=0,
    )
    grondslag = forms.DecimalField(
        label=_("Uren of kosten in de nieuwe situatie"), max_digits=14, decimal_places=2, min_value=0
    )

    def __init__(self, *args: Any, organisaties: Sequence[Organisatie] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Plain choices from the list the view fetched once: a row costs no query of its own.
        self.organisaties = {str(o.pk): o for o in organisaties}
        keuze = cast(forms.ChoiceField, self.fields["organisatie"])
        keuze.choices = [("", _("— geen —")), *((pk, o.naam) for pk, o in self.organisaties.items())]
        _gelokaliseerd(self.fields["huidig"])
        _gelokaliseerd(self.fields["grondslag"])

    def clean_organisatie(self) -> Organisatie | None:
        return self.organisaties.get(self.cleaned_data.get("organisatie") or "")

    def leeg(self) -> bool:
        """A row with nothing typed in it: left out, not an error (a spare row of the form)."""
        if not self.is_bound:
            return True
        return not any(
            str(self.data.get(self.add_prefix(naam), "")).strip()
            for naam in ("naam", "organisatie", "huidig", "grondslag")
        )

    def has_changed(self) -> bool:
        # Every row the person filled in counts, whether or not it differs from what was stored: the formset
        # gives the whole list of providers, not a change to it.
        return not self.leeg()


def _verwijderd_of_leeg(form: forms.Form) -> bool:
    """A spare row left empty, or a row marked to be removed."""
    gegevens = getattr(form, "cleaned_data", None)
    return not gegevens or bool(gegevens.get("DELETE"))


class BaseAanbiederFormSet(forms.BaseFormSet):
    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        # Any row may be left empty (spare rows, or a row emptied to take a provider out).
        return super()._construct_form(i, empty_permitted=True, use_required_attribute=False, **kwargs)  # type: ignore[misc]

    def clean(self) -> None:
        gezien: set[str] = set()
        for form in self.forms:
            if _verwijderd_of_leeg(form):
                continue
            naam = (form.cleaned_data.get("naam") or "").strip()
            if not naam:
                continue
            if naam.casefold() in gezien:
                form.add_error("naam", _("Deze aanbieder staat al in een eerdere rij."))
            gezien.add(naam.casefold())

    def aanbieders(self) -> list[Aanbiederinvoer]:
        """The providers in the order of the rows, without spare and removed rows (after is_valid)."""
        return [
            Aanbiederinvoer(
                naam=f.cleaned_data["naam"],
                huidig=f.cleaned_data["huidig"],
                grondslag=f.cleaned_data["grondslag"],
                organisatie=f.cleaned_data.get("organisatie"),
            )
            for f in self.forms
            if not _verwijderd_of_leeg(f)
        ]


def aanbieder_formset(
    data: Any = None,
    *,
    initial: list[dict[str, Any]] | None = None,
    organisaties: Sequence[Organisatie],
    extra: int = 1,
) -> BaseAanbiederFormSet:
    klasse = forms.formset_factory(
        AanbiederForm, formset=BaseAanbiederFormSet, extra=extra, can_delete=True, max_num=200, validate_max=True
    )
    return cast(
        BaseAanbiederFormSet, klasse(data, initial=initial, prefix=PREFIX, form_kwargs={"organisaties": organisaties})
    )
