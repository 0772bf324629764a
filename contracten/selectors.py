"""Reads of a contract that take more than one line: its lines with money, its finance, where signing stands.

Each costs a fixed number of queries whatever the number of lines, years or signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from contracten.financiering import Overzicht, Regelbedrag, financieel_overzicht, verdeel_bedrag
from contracten.models import Afspraakbedrag, Contract, Contractafspraak, Ondertekening
from regio import goedkeuring
from regio import wijzigingen as regio_wijzigingen
from regio.goedkeuring import Partijstand
from regio.models import Documentwijziging, Mandaat, Onderwerp
from regioplan.models import Meetpunt


@dataclass(frozen=True)
class Afspraakregel:
    afspraak: Contractafspraak
    bedragen: dict[int, Decimal]  # per year of the term (0.00 where none)
    totaal: Decimal
    praktijk: Decimal
    regio: Decimal
    meetpunten: list[Meetpunt]


def afspraken(contract: Contract) -> list[Afspraakregel]:
    rijen = (
        Contractafspraak.objects.filter(contract=contract)
        .select_related("activiteit", "doel", "pakket")
        .prefetch_related(
            Prefetch("bedragen", queryset=Afspraakbedrag.objects.order_by("jaar")),
            Prefetch("meetpunten", queryset=Meetpunt.objects.select_related("activiteit", "eigenaar")),
        )
    )
    regels = []
    for a in rijen:
        per_jaar = {j: Decimal("0.00") for j in contract.jaren}
        for b in a.bedragen.all():
            per_jaar[b.jaar] = b.bedrag
        totaal = sum(per_jaar.values(), Decimal("0.00"))
        praktijk = sum((verdeel_bedrag(b, a.aandeel_praktijk)[0] for b in per_jaar.values()), Decimal("0.00"))
        regels.append(
            Afspraakregel(
                afspraak=a,
                bedragen=per_jaar,
                totaal=totaal,
                praktijk=praktijk,
                regio=totaal - praktijk,
                meetpunten=list(a.meetpunten.all()),
            )
        )
    return regels


def overzicht_van(regels: list[Afspraakregel]) -> Overzicht:
    return financieel_overzicht(
        Regelbedrag(
            afspraak=r.afspraak.titel,
            segment=r.afspraak.segment,
            jaar=jaar,
            bedrag=bedrag,
            aandeel_praktijk=r.afspraak.aandeel_praktijk,
        )
        for r in regels
        for jaar, bedrag in r.bedragen.items()
    )


def ondertekening(contract: Contract) -> list[Partijstand]:
    """Per party: its signature of the current version (if any), its last withdrawn one, who may sign today."""
    return goedkeuring.stand(
        partijen=contract.partijen,
        goedkeuringen=Ondertekening.objects.filter(contract=contract).select_related("gebruiker", "organisatie"),
        versie=contract.versie,
        mandaten=Mandaat.objects.geldig_op(timezone.localdate())
        .filter(regio=contract.regio, onderwerp=Onderwerp.CONTRACT, organisatie__in=contract.partijen)
        .select_related("gebruiker", "organisatie"),
    )


def wijzigingen(contract: Contract, aantal: int | None = None) -> list[Documentwijziging]:
    qs = regio_wijzigingen.van(contract)
    return list(qs[:aantal] if aantal else qs)
