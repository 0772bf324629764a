"""The verdeelmodel of a contract: saving its inputs, and reading the stored model back as a result to show.

The arithmetic is `financiering.verdeel_budget` (pure, tested to the cent). This module stores its inputs
(`verdeelmodel_opslaan`), turns the stored rows into its input (`verdeel_invoer`) and prepares what a page and
the PDF show: the table with Dutch amounts, the four steps in plain words with the model's own numbers, and
warnings the parties must act on.

Known gap in verdeel_budget (step 4 is not repeated): with a negative saldo the deduction can bring a
"verrekend" provider below its own safety-net floor, or even below zero. Here a provider below its floor is
flagged on the page, and a model whose result has a negative amount is refused when saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracten import services
from contracten.financiering import (
    CENT,
    HONDERD,
    NUL,
    Aanbieder,
    Verdeelregel,
    Verdeelstatus,
    Verdeling,
    verdeel_budget,
)
from contracten.models import Contract, Verdeelaanbieder, Verdeelmodel
from regio.gelijktijdig import Bewerkingsconflict
from regio.getallen import euro, getal, procent
from regio.historie import door
from regio.models import Deelname, Organisatie
from regiobeeld.pagina import Grafiek

if TYPE_CHECKING:
    from regio.models import Gebruiker

# The model's own fields a save may set (the rest, contract and versie, belong to the bookkeeping).
VELDEN: tuple[str, ...] = ("budget", "grondslag", "drempel_procent", "vangnet_procent", "toelichting")


# --- input -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Aanbiederinvoer:
    """One provider as a person entered it: its name, current income and hours or costs in the new situation."""

    naam: str
    huidig: Decimal
    grondslag: Decimal
    organisatie: Organisatie | None = None


def verdeelmodel_van(contract: Contract) -> Verdeelmodel | None:
    """The contract's model with its providers (two queries), or None when the parties have not started one."""
    return (
        Verdeelmodel.objects.filter(contract=contract)
        .prefetch_related(
            Prefetch(
                "aanbieders", queryset=Verdeelaanbieder.objects.select_related("organisatie").order_by("volgorde", "pk")
            )
        )
        .first()
    )


def verdeel_invoer(model: Verdeelmodel) -> dict[str, Any]:
    """The stored model as the keyword arguments of `financiering.verdeel_budget`."""
    return {
        "budget": model.budget,
        "aanbieders": [Aanbieder(a.naam, a.huidig, a.grondslag) for a in model.aanbieders.all()],
        "drempel_procent": model.drempel_procent,
        "vangnet_procent": model.vangnet_procent,
    }


def vloer(huidig: Decimal, vangnet_procent: Decimal | None) -> Decimal | None:
    """The safety net's floor of a provider, rounded half up to cents as verdeel_budget does (None: no net)."""
    if vangnet_procent is None:
        return None
    return (huidig * (HONDERD - vangnet_procent) / HONDERD).quantize(CENT, rounding=ROUND_HALF_UP)


# --- the result, for a page and the PDF -----------------------------------------------------------------


@dataclass(frozen=True)
class Verdeelrij:
    """One provider's line of the result, with the texts the table shows."""

    regel: Verdeelregel
    organisatie: Organisatie | None
    vloer: Decimal | None
    uren: bool

    @property
    def status_label(self) -> str:
        return str(self.regel.status.label)

    @property
    def grondslag_tekst(self) -> str:
        return getal(self.regel.grondslag) if self.uren else euro(self.regel.grondslag)

    @property
    def huidig_tekst(self) -> str:
        return euro(self.regel.huidig)

    @property
    def aandeel_tekst(self) -> str:
        return procent(self.regel.aandeel_procent)

    @property
    def model_tekst(self) -> str:
        return euro(self.regel.model)

    @property
    def verschil_tekst(self) -> str:
        return euro(self.regel.verschil, teken=True)

    @property
    def verschil_procent_tekst(self) -> str:
        return procent(self.regel.verschil_procent, 1, teken=True)

    @property
    def vangnet_tekst(self) -> str:
        return euro(self.regel.vangnet, teken=True) if self.regel.vangnet else "\u2013"

    @property
    def bijstelling_tekst(self) -> str:
        return euro(self.regel.bijstelling, teken=True) if self.regel.bijstelling else "\u2013"

    @property
    def bedrag_tekst(self) -> str:
        return euro(self.regel.bedrag)

    @property
    def mutatie_tekst(self) -> str:
        return euro(self.regel.mutatie, teken=True)

    @property
    def vloer_tekst(self) -> str:
        return euro(self.vloer) if self.vloer is not None else "\u2013"


@dataclass(frozen=True)
class Verdeelbeeld:
    """The stored model and its result: table rows, totals, the four steps in words and what needs a decision."""

    model: Verdeelmodel
    verdeling: Verdeling
    rijen: list[Verdeelrij]

    @property
    def uren(self) -> bool:
        return self.model.grondslag == Verdeelmodel.Grondslag.UREN

    @property
    def grondslag_totaal(self) -> Decimal:
        return sum((r.regel.grondslag for r in self.rijen), NUL)

    @property
    def grondslag_totaal_tekst(self) -> str:
        return getal(self.grondslag_totaal) if self.uren else euro(self.grondslag_totaal)

    @property
    def saldo(self) -> Decimal:
        """What steps 2 and 3 left over (+) or overspent (-) against the budget: step 4's amount."""
        return sum((r.regel.bijstelling for r in self.rijen), NUL) + self.verdeling.onverdeeld

    @property
    def totaal_model(self) -> Decimal:
        return sum((r.regel.model for r in self.rijen), NUL)

    @property
    def totaal_mutatie(self) -> Decimal:
        return sum((r.regel.mutatie for r in self.rijen), NUL)

    @property
    def totaal_bijstelling(self) -> Decimal:
        return sum((r.regel.bijstelling for r in self.rijen), NUL)

    @property
    def totaal_verschil(self) -> Decimal:
        return sum((r.regel.verschil for r in self.rijen), NUL)

    @property
    def totalen(self) -> dict[str, str]:
        v = self.verdeling
        return {
            "huidig": euro(v.totaal_huidig),
            "model": euro(self.totaal_model),
            "verschil": euro(self.totaal_verschil, teken=True),
            "vangnet": euro(v.totaal_vangnet, teken=True) if v.totaal_vangnet else "\u2013",
            "bijstelling": euro(self.totaal_bijstelling, teken=True) if self.totaal_bijstelling else "\u2013",
            "bedrag": euro(v.totaal_bedrag),
            "mutatie": euro(self.totaal_mutatie, teken=True),
            "budget": euro(v.budget),
            "onverdeeld": euro(v.onverdeeld),
        }

    @property
    def invoer(self) -> list[tuple[str, str]]:
        """The model's inputs as (label, value) for a definition list."""
        m = self.model
        return [
            (_("Integraal budget"), euro(m.budget)),
            (_("Verdelen naar"), str(m.get_grondslag_display())),
            (_("Drempel"), procent(m.drempel_procent)),
            (_("Vangnet"), procent(m.vangnet_procent) if m.vangnet_procent is not None else _("geen vangnet")),
        ]

    def _aantal(self, status: Verdeelstatus) -> int:
        return sum(1 for r in self.rijen if r.regel.status is status)

    @property
    def stappen(self) -> list[tuple[str, str]]:
        """The four steps of verdeel_budget in plain Dutch, with this model's numbers: (heading, text)."""
        m, v = self.model, self.verdeling
        grondslag = _("uren") if self.uren else _("kosten")
        stap1 = _(
            "Het budget van %(budget)s wordt verdeeld naar verhouding van de %(grondslag)s van elke aanbieder in "
            "de nieuwe situatie (samen %(totaal)s). Dat geeft per aanbieder een modelbedrag; de modelbedragen "
            "tellen precies op tot het budget."
        ) % {"budget": euro(v.budget), "grondslag": grondslag, "totaal": self.grondslag_totaal_tekst}

        onder = self._aantal(Verdeelstatus.ONDER_DREMPEL)
        drempel = procent(m.drempel_procent)
        stap2 = _(
            "Wijkt het modelbedrag hoogstens %(drempel)s af van het huidige inkomen, dan wordt dat verschil niet "
            "verrekend: de aanbieder houdt zijn huidige inkomen. Is de verandering groter, dan geldt het "
            "modelbedrag."
        ) % {"drempel": drempel}
        stap2 += " " + ngettext(
            "Hier blijft %(n)s aanbieder onder de drempel.", "Hier blijven %(n)s aanbieders onder de drempel.", onder
        ) % {"n": onder}

        if m.vangnet_procent is None:
            stap3 = _(
                "Er is geen vangnet afgesproken: een aanbieder kan het hele verschil met zijn huidige inkomen "
                "verliezen."
            )
        else:
            opgehoogd = self._aantal(Verdeelstatus.VANGNET)
            stap3 = _(
                "Geen aanbieder krijgt minder dan %(rest)s van zijn huidige inkomen: het verlies is begrensd op "
                "%(vangnet)s."
            ) % {"rest": procent(HONDERD - m.vangnet_procent), "vangnet": procent(m.vangnet_procent)}
            stap3 += " " + (
                ngettext(
                    "%(n)s aanbieder wordt opgehoogd tot die ondergrens, samen %(bedrag)s.",
                    "%(n)s aanbieders worden opgehoogd tot die ondergrens, samen %(bedrag)s.",
                    opgehoogd,
                )
                % {"n": opgehoogd, "bedrag": euro(v.totaal_vangnet)}
                if opgehoogd
                else _("Niemand komt onder die ondergrens.")
            )

        saldo = self.saldo
        if saldo == 0:
            stap4 = _("Na stap 2 en 3 is het budget precies verdeeld: er valt niets bij te stellen.")
        else:
            wat = (
                _("blijft %(bedrag)s van het budget over")
                if saldo > 0
                else _("is %(bedrag)s meer uitgedeeld dan het budget")
            ) % {"bedrag": euro(abs(saldo))}
            stap4 = _("Na stap 2 en 3 %(wat)s.") % {"wat": wat} + " "
            if v.onverdeeld and saldo > 0:
                stap4 += _(
                    "Dat zou naar verhouding van de %(grondslag)s worden verdeeld over de aanbieders die verrekend "
                    "worden, maar die zijn er niet: het bedrag blijft onverdeeld."
                ) % {"grondslag": grondslag}
            elif v.onverdeeld:
                stap4 += _(
                    "Dat wordt naar verhouding van de %(grondslag)s ingehouden op de aanbieders die verrekend "
                    "worden, maar nooit onder de ondergrens van hun vangnet: %(bedrag)s kan op niemand meer worden "
                    "ingehouden."
                ) % {"grondslag": grondslag, "bedrag": euro(abs(v.onverdeeld))}
            else:
                stap4 += (
                    _(
                        "Dat wordt naar verhouding van de %(grondslag)s verdeeld over de aanbieders die verrekend "
                        "worden (kolom bijstelling)."
                    )
                    if saldo > 0
                    else _(
                        "Dat wordt naar verhouding van de %(grondslag)s ingehouden op de aanbieders die verrekend "
                        "worden, maar nooit onder de ondergrens van hun vangnet (kolom bijstelling)."
                    )
                ) % {"grondslag": grondslag}
        return [
            (_("Stap 1: het model"), stap1),
            (_("Stap 2: de drempel van %(drempel)s") % {"drempel": drempel}, stap2),
            (
                _("Stap 3: het vangnet")
                if m.vangnet_procent is None
                else _("Stap 3: het vangnet van %(vangnet)s") % {"vangnet": procent(m.vangnet_procent)},
                stap3,
            ),
            (_("Stap 4: de balans"), stap4),
        ]

    @property
    def balans_melding(self) -> str:
        """Why the budget is not in balance and what the parties must decide; empty when it is."""
        v = self.verdeling
        if v.in_balans:
            return ""
        if v.onverdeeld > 0:
            return _(
                "Het budget is niet in balans: %(bedrag)s blijft onverdeeld, omdat geen enkele aanbieder boven de "
                "drempel verandert en er dus niemand is over wie het kan worden verdeeld. De partijen moeten "
                "besluiten wat ermee gebeurt: bijvoorbeeld de drempel verlagen, het bedrag apart bestemmen of het "
                "budget verlagen."
            ) % {"bedrag": euro(v.onverdeeld)}
        return _(
            "Het budget is niet in balans: er is %(bedrag)s te weinig om elke aanbieder het berekende bedrag te "
            "geven, en wie verrekend wordt zit al op de ondergrens van het vangnet (of er is niemand die verrekend "
            "wordt). De partijen moeten besluiten: bijvoorbeeld het budget verhogen, de drempel verlagen of het "
            "vangnet beperken."
        ) % {"bedrag": euro(abs(v.onverdeeld))}


def verdeelbeeld_van(model: Verdeelmodel) -> Verdeelbeeld:
    """The model's result (no queries if the providers are prefetched, as `verdeelmodel_van` does)."""
    aanbieders = list(model.aanbieders.all())
    verdeling = verdeel_budget(**verdeel_invoer(model))
    uren = model.grondslag == Verdeelmodel.Grondslag.UREN
    rijen = [
        Verdeelrij(regel=r, organisatie=a.organisatie, vloer=vloer(r.huidig, model.vangnet_procent), uren=uren)
        for r, a in zip(verdeling.regels, aanbieders, strict=True)
    ]
    return Verdeelbeeld(model=model, verdeling=verdeling, rijen=rijen)


def verdeelbeeld(contract: Contract) -> Verdeelbeeld | None:
    """The contract's model and its result; None without a model. A stored model the calculation refuses (it was
    not saved through `verdeelmodel_opslaan`) raises its ValidationError."""
    model = verdeelmodel_van(contract)
    return verdeelbeeld_van(model) if model is not None else None


# --- saving --------------------------------------------------------------------------------------------


def _fouten_samen(*fouten: ValidationError) -> ValidationError:
    samen: dict[str, list[str]] = {}
    for fout in fouten:
        for veld, meldingen in fout.message_dict.items():
            samen.setdefault("aanbieders" if veld == "__all__" else veld, []).extend(meldingen)
    return ValidationError(samen)


def _controleren(contract: Contract, model: Verdeelmodel, rijen: Sequence[Verdeelaanbieder]) -> Verdeling:
    """Every check before anything is written: the calculation itself first (its messages are the ones a person
    understands), then the stored fields' limits, the providers' organisations and no negative result."""
    if model.budget is None:
        raise ValidationError({"budget": _("Geef het integrale budget op dat wordt verdeeld.")})
    fouten: list[ValidationError] = []
    verdeling: Verdeling | None = None
    try:
        verdeling = verdeel_budget(
            budget=model.budget,
            aanbieders=[Aanbieder(r.naam, r.huidig, r.grondslag) for r in rijen],
            drempel_procent=model.drempel_procent,
            vangnet_procent=model.vangnet_procent,
        )
    except ValidationError as fout:
        fouten.append(fout)
    # The stored fields' own limits (digits, lengths) for what the calculation did not already report.
    gemeld = {veld for fout in fouten for veld in fout.message_dict}
    try:
        model.full_clean(exclude=["contract", "versie", *gemeld], validate_unique=False, validate_constraints=False)
    except ValidationError as fout:
        fouten.append(fout)
    if "aanbieders" not in gemeld:
        for rij in rijen:
            try:
                rij.full_clean(exclude=["verdeelmodel", "volgorde"], validate_unique=False, validate_constraints=False)
            except ValidationError as fout:
                meldingen = [f"{rij.naam}: {m}" for m in fout.messages]
                fouten.append(ValidationError({"aanbieders": meldingen}))
    organisaties = {r.organisatie_id for r in rijen if r.organisatie_id is not None}
    if organisaties:
        in_regio = set(
            Deelname.objects.filter(regio=contract.regio, organisatie__in=organisaties).values_list(
                "organisatie_id", flat=True
            )
        )
        for rij in rijen:
            if rij.organisatie_id is not None and rij.organisatie_id not in in_regio:
                fouten.append(
                    ValidationError(
                        {
                            "aanbieders": _("%(naam)s: deze organisatie neemt geen deel aan de regio %(regio)s.")
                            % {"naam": rij.naam, "regio": contract.regio.naam}
                        }
                    )
                )
    if fouten:
        raise _fouten_samen(*fouten)
    assert verdeling is not None  # noqa: S101 - no errors means verdeel_budget gave a result
    return verdeling


def _zelfde(model: Verdeelmodel, rijen: Sequence[Verdeelaanbieder], velden: Mapping[str, Any]) -> bool:
    """Whether the input equals what is stored (saving it again would withdraw signatures for nothing)."""
    if any(getattr(model, veld) != waarde for veld, waarde in velden.items()):
        return False
    opgeslagen = [
        (a.naam, a.huidig, a.grondslag, a.organisatie_id) for a in model.aanbieders.order_by("volgorde", "pk")
    ]
    return opgeslagen == [(r.naam, r.huidig, r.grondslag, r.organisatie_id) for r in rijen]


@transaction.atomic
def verdeelmodel_opslaan(
    *,
    contract: Contract,
    gelezen_versie: int | None,
    velden: Mapping[str, Any],
    aanbieders: Sequence[Aanbiederinvoer],
    acting_user: Gebruiker,
) -> Verdeelmodel:
    """Save the contract's verdeelmodel: its fields (`VELDEN`) and its providers, in the order given.

    `gelezen_versie` is the model's version the person started from (None: they started a new model). If somebody
    saved in between, Bewerkingsconflict with the stored model and nothing is written. The input is checked by
    running the calculation first (ValidationError per field: budget, drempel_procent, vangnet_procent,
    aanbieders); a result with a negative amount is refused. The model is part of the contract's terms: a real
    change raises the contract's version and withdraws its signatures; a signed contract is not changed at all.
    """
    onbekend = set(velden) - set(VELDEN)
    if onbekend:
        raise TypeError(f"unknown verdeelmodel fields: {sorted(onbekend)}")
    huidig_contract = services.vergrendeld(contract)
    services.LEVENSLOOP.niet_bevroren(huidig_contract)
    bestaand = Verdeelmodel.objects.filter(contract=huidig_contract).first()
    if bestaand is not None and bestaand.versie != gelezen_versie:
        raise Bewerkingsconflict(bestaand)

    waarden = {veld: waarde.strip() if isinstance(waarde, str) else waarde for veld, waarde in velden.items()}
    rijen = [
        Verdeelaanbieder(
            naam=a.naam.strip(), huidig=a.huidig, grondslag=a.grondslag, organisatie=a.organisatie, volgorde=i
        )
        for i, a in enumerate(aanbieders, start=1)
    ]
    zelfde = bestaand is not None and _zelfde(bestaand, rijen, waarden)
    model = bestaand or Verdeelmodel(contract=huidig_contract)
    for veld, waarde in waarden.items():
        setattr(model, veld, waarde)
    _controleren(huidig_contract, model, rijen)
    if bestaand is not None:
        if zelfde:
            return bestaand
        # The version check is in the UPDATE itself, so two saves at the same moment cannot both win.
        if not Verdeelmodel.objects.filter(pk=bestaand.pk, versie=bestaand.versie).update(versie=F("versie") + 1):
            raise Bewerkingsconflict(Verdeelmodel.objects.get(pk=bestaand.pk))
        model.versie = bestaand.versie + 1
    door(model, acting_user)
    try:
        with transaction.atomic():
            model.save()
    except IntegrityError as exc:  # somebody started the model at the same moment
        raise Bewerkingsconflict(Verdeelmodel.objects.get(contract=huidig_contract)) from exc
    _aanbieders_opslaan(model, rijen, acting_user)
    services.LEVENSLOOP.gewijzigd(huidig_contract, acting_user, _("Verdeelmodel gewijzigd"))
    return model


def _aanbieders_opslaan(model: Verdeelmodel, rijen: Sequence[Verdeelaanbieder], acting_user: Gebruiker) -> None:
    """Providers are matched by name: a kept name keeps its row (and its history), a dropped one is deleted."""
    oud = {a.naam: a for a in Verdeelaanbieder.objects.filter(verdeelmodel=model)}
    namen = {r.naam for r in rijen}
    for naam, rij in oud.items():
        if naam not in namen:
            door(rij, acting_user)
            rij.delete()
    for nieuw in rijen:
        rij = oud.get(nieuw.naam) or Verdeelaanbieder(verdeelmodel=model, naam=nieuw.naam)
        waarden = (nieuw.huidig, nieuw.grondslag, nieuw.organisatie_id, nieuw.volgorde)
        if rij.pk is not None and (rij.huidig, rij.grondslag, rij.organisatie_id, rij.volgorde) == waarden:
            continue
        rij.huidig, rij.grondslag, rij.organisatie, rij.volgorde = (
            nieuw.huidig,
            nieuw.grondslag,
            nieuw.organisatie,
            nieuw.volgorde,
        )
        door(rij, acting_user)
        rij.save()


# --- the chart, for the page ---------------------------------------------------------------------------


def verdeel_grafiek(beeld: Verdeelbeeld) -> Grafiek:
    """The chart of templates/regiobeeld/_grafiek.html: current income next to the new amount, with its table."""
    from contracten.grafieken import verdeling_figuur
    from regiobeeld.charts import figuur_json

    return Grafiek(
        id="verdeelmodel",
        titel=_("Huidig inkomen en nieuw bedrag per aanbieder"),
        bijschrift=_("Per aanbieder het inkomen nu (grijs) en het bedrag volgens het verdeelmodel (blauw), in euro's."),
        figuur_json=figuur_json(verdeling_figuur(beeld.verdeling)),
        tabel_koppen=[_("Aanbieder"), _("Huidig inkomen"), _("Nieuw bedrag"), _("Mutatie")],
        tabel_rijen=[[r.regel.naam, r.huidig_tekst, r.bedrag_tekst, r.mutatie_tekst] for r in beeld.rijen],
        label=ngettext(
            "Staafdiagram van het huidige inkomen en het nieuwe bedrag van %(n)s aanbieder",
            "Staafdiagram van het huidige inkomen en het nieuwe bedrag van %(n)s aanbieders",
            len(beeld.rijen),
        )
        % {"n": len(beeld.rijen)},
    )
