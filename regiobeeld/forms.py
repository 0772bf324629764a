"""Forms of the regiobeeld pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regio.formvelden import keuzelijst, modelkeuze
from regio.invoer import Keuzes
from regiobeeld import importeren
from regiobeeld.models import Aggregatie, Importbestand, Indicator, Uitdaging

MARKDOWN_HULP = _(
    "Opmaak: een lege regel begint een nieuwe alinea; ## Kop, - opsomming, **vet**, *schuin*, "
    "[tekst](https://adres) voor een link."
)


class RegiobeeldNieuwForm(forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jaar"].initial = timezone.localdate().year


class DeelForm(forms.Form):
    duiding = forms.CharField(
        label=_("Duiding"), widget=forms.Textarea(attrs={"rows": 10}), required=False, help_text=MARKDOWN_HULP
    )
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class UitdagingForm(forms.ModelForm):
    class Meta:
        model = Uitdaging
        fields = ["titel", "beschrijving", "indicatoren"]
        widgets = {
            "beschrijving": forms.Textarea(attrs={"rows": 5}),
            "indicatoren": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "beschrijving": MARKDOWN_HULP,
            "indicatoren": _("De cijfers die deze uitdaging laten zien."),
        }
        field_classes = {"indicatoren": Keuzes}

    # The version the person read: a save merges with what others saved since (regiobeeld.services).
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, indicatoren: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(self, "indicatoren", Indicator.objects.filter(pk__in=[i.pk for i in indicatoren]))
        if self.instance.pk is not None and "versie" not in self.initial:
            self.initial["versie"] = self.instance.versie


class UploadForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand (CSV of Excel)"),
        help_text=_(
            "Bijvoorbeeld een export van CBS StatLine (puntkomma's, decimale komma) of een Excel-bestand (.xlsx) "
            "zonder formules of macro's. Hoogstens 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
    )
    bron = forms.CharField(
        label=_("Bron"),
        max_length=200,
        help_text=_("Waar komen de cijfers vandaan? Bijvoorbeeld: CBS StatLine 03759ned, peildatum 1 januari."),
    )
    is_illustratief = forms.BooleanField(
        label=_("Dit zijn verzonnen voorbeeldcijfers (worden als illustratief getoond)"), required=False
    )
    prognosejaar = forms.IntegerField(
        label=_("Prognose: jaar waarin de prognose is gemaakt"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_(
            "Alleen invullen bij een prognose (bijvoorbeeld de PBL/CBS-prognose van 2022). Prognosecijfers tellen "
            "nooit mee met gemeten cijfers en staan gestippeld in de grafieken."
        ),
    )


class BevestigForm(forms.Form):
    afwijzingen_begrepen = forms.BooleanField(
        label=_("Ik begrijp dat de regels die niet bruikbaar zijn niet worden opgeslagen."), required=False
    )
    lege_cellen = forms.ChoiceField(
        label=_("Wat gebeurt er met de oude waarden bij cellen die in dit bestand leeg zijn?"),
        choices=Importbestand.LegeCellen.choices,
        initial=Importbestand.LegeCellen.BEHOUDEN,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Behouden: de oude waarde blijft staan en telt mee in gemiddelden; de lijst hierboven zegt welke. "
            "Verwijderen: de gemeente heeft voor dat jaar geen waarde meer."
        ),
    )


def alleen_inleesbaar(formulier: forms.ModelForm) -> None:
    """A region's own indicator is imported: a count or a rate. Ratios (teller and noemer) are the koepel's, in
    the admin."""
    veld = cast(forms.ChoiceField, formulier.fields["aggregatie"])
    veld.choices = [("", "---------"), *((w, t) for w, t in Aggregatie.choices if w != Aggregatie.VERHOUDING)]


class IndicatorUitImportForm(forms.ModelForm):
    """A column without an indicator becomes one, without leaving the import: name, unit, count or rate, source."""

    kolom = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Indicator
        fields = ["naam", "eenheid", "aggregatie", "domein", "bron"]
        labels = {"aggregatie": _("Aantal of percentage/gemiddelde"), "domein": _("Onderwerp")}

    def __init__(self, *args: Any, kolommen: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kolommen = kolommen
        alleen_inleesbaar(self)

    def clean_kolom(self) -> str:
        kolom = str(self.cleaned_data["kolom"])
        if kolom not in self.kolommen:
            raise forms.ValidationError(_("Deze kolom staat niet in het bestand."))
        return kolom


class KoppelingForm(forms.Form):
    """Which column is what. Wide tables get one extra field per column (indicator or year)."""

    vorm = forms.ChoiceField(
        label=_("Hoe is de tabel opgebouwd?"),
        choices=[
            (importeren.Vorm.LANG.value, _("Eén rij per gemeente, jaar en indicator (lange tabel)")),
            (importeren.Vorm.BREED_INDICATOREN.value, _("Eén kolom per indicator")),
            (importeren.Vorm.BREED_JAREN.value, _("Eén kolom per jaar")),
        ],
        widget=forms.RadioSelect,
    )
    gemeente_kolom = forms.ChoiceField(label=_("Kolom met de gemeente (code of naam)"))
    jaar_kolom = forms.ChoiceField(label=_("Kolom met het jaar"), required=False)
    vaste_jaar = forms.IntegerField(
        label=_("Of: één jaar voor het hele bestand"), required=False, min_value=1900, max_value=2100
    )
    indicator_kolom = forms.ChoiceField(label=_("Kolom met de indicator"), required=False)
    vaste_indicator = forms.ChoiceField(label=_("Of: één indicator voor het hele bestand"), required=False)
    waarde_kolom = forms.ChoiceField(label=_("Kolom met de waarde"), required=False)
    optellen = forms.BooleanField(
        label=_("Rijen optellen per gemeente en jaar"),
        required=False,
        help_text=_(
            "Voor bestanden met meer rijen per gemeente en jaar, zoals Vektis (een rij per geslacht en "
            "leeftijdsgroep). Alleen aantallen worden opgeteld; bij een percentage of gemiddelde worden extra rijen "
            "afgewezen met de reden."
        ),
    )

    def __init__(self, *args: Any, kolommen: list[str], indicatoren: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kolommen = kolommen
        kolomkeuze = [(k, k) for k in kolommen]
        leeg = [("", _("— geen —"))]
        # The code only where it tells the person something the name does not ("Inwoners (inwoners)" does not).
        indicatorkeuze = [
            (code, naam if code.lower() == naam.lower() else f"{naam} ({code})")
            for code, naam in sorted(indicatoren.items(), key=lambda x: x[1])
        ]
        keuzelijst(self, "gemeente_kolom").choices = kolomkeuze
        for naam in ("jaar_kolom", "indicator_kolom", "waarde_kolom"):
            keuzelijst(self, naam).choices = [*leeg, *kolomkeuze]
        keuzelijst(self, "vaste_indicator").choices = [*leeg, *indicatorkeuze]
        self.breed_velden: list[tuple[str, str, str]] = []
        for i, kolom in enumerate(kolommen):
            ind = f"ind_{i}"
            self.fields[ind] = forms.ChoiceField(
                label=kolom, required=False, choices=[("", _("— niet inlezen —")), *indicatorkeuze]
            )
            jr = f"jaar_{i}"
            self.fields[jr] = forms.IntegerField(label=kolom, required=False, min_value=1900, max_value=2100)
            self.breed_velden.append((kolom, ind, jr))

    def vul_aan(self, koppeling: importeren.Koppeling | None) -> None:
        """Pre-fill the form with a (guessed or earlier) mapping."""
        if koppeling is None:
            return
        self.initial.update(
            {
                "vorm": koppeling.vorm.value,
                "gemeente_kolom": koppeling.gemeente_kolom,
                "jaar_kolom": koppeling.jaar_kolom or "",
                "vaste_jaar": koppeling.vaste_jaar,
                "indicator_kolom": koppeling.indicator_kolom or "",
                "vaste_indicator": koppeling.vaste_indicator or "",
                "waarde_kolom": koppeling.waarde_kolom or "",
                "optellen": koppeling.optellen,
            }
        )
        for kolom, ind, jr in self.breed_velden:
            if kolom in koppeling.indicator_kolommen:
                self.initial[ind] = koppeling.indicator_kolommen[kolom]
            if kolom in koppeling.jaar_kolommen:
                self.initial[jr] = koppeling.jaar_kolommen[kolom]

    def koppeling(self) -> importeren.Koppeling:
        d = self.cleaned_data
        return importeren.Koppeling(
            vorm=importeren.Vorm(d["vorm"]),
            gemeente_kolom=d["gemeente_kolom"],
            jaar_kolom=d.get("jaar_kolom") or None,
            vaste_jaar=d.get("vaste_jaar"),
            indicator_kolom=d.get("indicator_kolom") or None,
            vaste_indicator=d.get("vaste_indicator") or None,
            waarde_kolom=d.get("waarde_kolom") or None,
            indicator_kolommen={kolom: d[ind] for kolom, ind, _ in self.breed_velden if d.get(ind)},
            jaar_kolommen={kolom: d[jr] for kolom, _, jr in self.breed_velden if d.get(jr)},
            optellen=bool(d.get("optellen")),
        )


class LokaleIndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["naam", "code", "definitie", "eenheid", "aggregatie", "domein", "deel", "bron", "licentie"]
        widgets = {"definitie": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        alleen_inleesbaar(self)
