"""Forms of the contract pages: they parse input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracten.models import Contract, Contractafspraak, Geldsoort, Pakket
from regio.formvelden import modelkeuze
from regio.invoer import Getalveld
from regio.models import Organisatie
from regioplan.models import Doel, Meetpunt, Regioplan


def _planlabel(plan: Regioplan) -> str:
    return _("%(titel)s (planversie %(n)s, vastgesteld)") % {"titel": plan.titel, "n": plan.volgnummer}


def bedragveld(jaar: int, *, eerste: bool = False, initial: Decimal | None = None) -> Getalveld:
    """The amount of one year of an agreement line, in euro; `eerste`: the contract's first year, which says that an
    empty field means no money that year."""
    return Getalveld(
        label=_("Bedrag %(jaar)s (€)") % {"jaar": jaar},
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        initial=initial,
        help_text=_("Leeg laten als er dat jaar geen geld bij deze afspraak hoort.") if eerste else "",
    )


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["titel", "regioplan", "zorgverzekeraar", "huisartsenorganisatie", "startjaar", "eindjaar"]
        fields += ["toelichting", "doel_kiezen"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "startjaar": _(
                "Een jaarcontract: twee keer hetzelfde jaar. Een meerjarig contract: bijvoorbeeld 2026 tot 2029."
            ),
        }

    def __init__(
        self,
        *args: Any,
        plannen: list[Regioplan],
        verzekeraars: list[Organisatie],
        zorgaanbieders: list[Organisatie],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        modelkeuze(
            self, "regioplan", Regioplan.objects.filter(pk__in=[p.pk for p in plannen]), label=_planlabel
        ).empty_label = None
        for naam, keuzes in (("zorgverzekeraar", verzekeraars), ("huisartsenorganisatie", zorgaanbieders)):
            veld = modelkeuze(self, naam, Organisatie.objects.filter(pk__in=[o.pk for o in keuzes]).order_by("naam"))
            if len(keuzes) == 1:
                veld.empty_label = None
        if plannen:
            self.fields["startjaar"].initial = max(plannen[0].startjaar, timezone.localdate().year)
            self.fields["eindjaar"].initial = plannen[0].eindjaar


class ContractgegevensForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Contract
        fields = ["titel", "startjaar", "eindjaar", "toelichting", "doel_kiezen"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 4})}


# Structural or project money, indexed or not (contracten/jaarcyclus.py): set on the line, not proposed separately.
GELDVELDEN = ["geldsoort", "geindexeerd"]


class GeldveldenMixin(forms.ModelForm):
    """The kind of money of a line form (a contract line's, an addendum line's): optional in a post, so posts from
    before the field existed (and scripts) keep the default, structural money."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "geldsoort" in self.fields:
            self.fields["geldsoort"].required = False

    def clean_geldsoort(self) -> str:
        return self.cleaned_data.get("geldsoort") or Geldsoort.STRUCTUREEL


class AfspraakForm(GeldveldenMixin):
    """An agreement line; the amounts per year are extra fields `bedrag_<jaar>`, one per year of the term."""

    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Contractafspraak
        fields = ["titel", "activiteit", "doel", "segment", "pakket", "aandeel_praktijk", "aandeel_regio"]
        fields += ["voorwaarden", "meetpunten", *GELDVELDEN]
        widgets = {
            "voorwaarden": forms.Textarea(attrs={"rows": 4}),
            "meetpunten": forms.CheckboxSelectMultiple,
        }
        field_classes = {"aandeel_praktijk": Getalveld, "aandeel_regio": Getalveld}
        help_texts = {
            "aandeel_praktijk": _(
                "Welk deel van het bedrag naar de praktijken gaat; samen met de regio-organisatie 100%."
            ),
            "activiteit": _("De activiteit uit het vastgestelde regioplan die deze afspraak vastlegt."),
            "doel": _("Of het doel uit de doelenlijst, als de afspraak geen enkele activiteit betreft."),
        }

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contract = contract
        modelkeuze(self, "activiteit", contract.regioplan.activiteiten.order_by("volgorde", "pk"))
        modelkeuze(self, "doel", Doel.objects.filter(actief=True))
        pakket = modelkeuze(self, "pakket", Pakket.objects.filter(contract=contract))
        pakket.empty_label = _("geen pakket: het hele contract")
        meetpunten = modelkeuze(
            self,
            "meetpunten",
            Meetpunt.objects.filter(activiteit__regioplan=contract.regioplan).select_related("activiteit"),
            label=lambda m: f"{m.omschrijving} ({m.activiteit.titel})",
        )
        meetpunten.help_text = _("De meetpunten uit het plan die laten zien dat de afspraak is nagekomen.")
        if not self.instance.pk:
            self.fields["aandeel_praktijk"].initial = Decimal("100")
            self.fields["aandeel_regio"].initial = Decimal("0")
        bestaand = {b.jaar: b.bedrag for b in self.instance.bedragen.all()} if self.instance.pk else {}
        for jaar in contract.jaren:
            self.fields[f"bedrag_{jaar}"] = bedragveld(
                jaar, eerste=jaar == contract.startjaar, initial=bestaand.get(jaar)
            )

    @property
    def bedragvelden(self) -> list[forms.BoundField]:
        return [self[f"bedrag_{j}"] for j in self.contract.jaren]

    @property
    def overige_velden(self) -> list[forms.BoundField]:
        return [v for v in self.visible_fields() if not v.name.startswith("bedrag_")]

    def bedragen(self) -> dict[int, Decimal]:
        return {
            j: self.cleaned_data[f"bedrag_{j}"]
            for j in self.contract.jaren
            if self.cleaned_data.get(f"bedrag_{j}") is not None
        }


class PakketForm(forms.ModelForm):
    class Meta:
        model = Pakket
        fields = ["naam", "segment", "omschrijving", "doel_kiezen"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"naam": _("Bijvoorbeeld: Regionaal S3-pakket innovatie.")}


class RegelvoorstelForm(forms.Form):
    """A proposal (or counter-proposal) on a line: the amount per year, the split, the conditions, and why.
    Prefilled with the line as it is, or with the proposal being answered."""

    aandeel_praktijk = Getalveld(label=_("Aandeel praktijk (%)"), max_digits=5, decimal_places=2, min_value=0)
    aandeel_regio = Getalveld(label=_("Aandeel regio-organisatie (%)"), max_digits=5, decimal_places=2, min_value=0)
    voorwaarden = forms.CharField(
        label=_("Voorwaarden"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    toelichting = forms.CharField(
        label=_("Waarom dit voorstel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("De andere partij leest dit bij uw voorstel, en het blijft in het spoor van de afspraak staan."),
    )

    def __init__(
        self, *args: Any, contract: Contract, waarden: dict[str, Any], jaren: list[int] | None = None, **kwargs: Any
    ) -> None:
        """`jaren`: the years with an amount field (default the contract's; an addendum may extend them)."""
        getallen = {
            k: Decimal(v) for k, v in waarden.items() if v is not None and k.startswith(("bedrag_", "aandeel_"))
        }
        kwargs.setdefault("initial", {**waarden, **getallen})
        super().__init__(*args, **kwargs)
        self.contract = contract
        self.jaren = jaren or contract.jaren
        for jaar in self.jaren:
            self.fields[f"bedrag_{jaar}"] = bedragveld(jaar, eerste=jaar == contract.startjaar)

    @property
    def bedragvelden(self) -> list[forms.BoundField]:
        return [self[f"bedrag_{j}"] for j in self.jaren]

    def waarden(self) -> dict[str, Any]:
        """The proposed values, as the service takes them (Decimals as exact strings)."""
        uit: dict[str, Any] = {k: v for k, v in self.cleaned_data.items() if k != "toelichting"}
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in uit.items()}


class NieuweAfspraakvoorstelForm(AfspraakForm):
    """A proposal for a new line: the line's fields as when adding one, and why."""

    class Meta(AfspraakForm.Meta):
        fields = [f for f in AfspraakForm.Meta.fields if f not in GELDVELDEN]

    toelichting = forms.CharField(
        label=_("Waarom dit voorstel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("De andere partij leest dit bij uw voorstel, en het blijft in het spoor van de afspraak staan."),
    )

    def waarden(self) -> dict[str, Any]:
        """The proposed line, as the service takes it (primary keys, Decimals as exact strings)."""
        d = self.cleaned_data
        return {
            "titel": d["titel"],
            "segment": d["segment"],
            **{veld: d[veld].pk if d.get(veld) else None for veld in ("activiteit", "doel", "pakket")},
            "meetpunten": [m.pk for m in d.get("meetpunten") or []],
            "aandeel_praktijk": str(d["aandeel_praktijk"]),
            "aandeel_regio": str(d["aandeel_regio"]),
            "voorwaarden": d.get("voorwaarden") or "",
            **{f"bedrag_{j}": str(b) for j, b in self.bedragen().items()},
        }
