"""Reads of a contract that take more than one line: its lines with money, its finance, where signing stands.

Each costs a fixed number of queries whatever the number of lines, years or signatures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from contracten.financiering import Overzicht, Regelbedrag, financieel_overzicht, verdeel_bedrag
from contracten.models import Afspraakbedrag, Contract, Contractafspraak, Ondertekening, Regelvoorstel
from regio import goedkeuring
from regio import wijzigingen as regio_wijzigingen
from regio.getallen import euro, procent
from regio.goedkeuring import Partijstand
from regio.models import Documentwijziging, Mandaat, Onderwerp
from regio.voorstellen import Voorstelbasis
from regioplan.models import Meetpunt


@dataclass(frozen=True)
class Afspraakregel:
    afspraak: Contractafspraak
    bedragen: dict[int, Decimal]  # per year of the term (0.00 where none)
    totaal: Decimal
    praktijk: Decimal
    regio: Decimal
    meetpunten: list[Meetpunt]
    # The line's proposals, newest first (only where asked for: the contract page).
    voorstellen: list[Regelvoorstel] = field(default_factory=list)

    @property
    def open_voorstellen(self) -> list[Regelvoorstel]:
        return [v for v in self.voorstellen if v.is_open]

    @cached_property  # read twice per line on the contract page (open proposals, then the trail)
    def spoor(self) -> list[Spoorstap]:
        return spoor(self.voorstellen)

    @property
    def akkoord(self) -> bool:
        """Agreed by both: nothing open, and the other party accepted the current content."""
        return self.afspraak.akkoord_van_beide and not self.open_voorstellen


def _voorstellen() -> Any:
    return Regelvoorstel.objects.select_related("namens", "ingediend_door", "besloten_door", "besloten_namens")


def afspraken(contract: Contract, *, met_voorstellen: bool = False) -> list[Afspraakregel]:
    rijen = (
        Contractafspraak.objects.filter(contract=contract)
        .select_related("activiteit", "doel", "pakket", "opgesteld_namens", "akkoord_namens", "akkoord_door")
        .prefetch_related(
            Prefetch("bedragen", queryset=Afspraakbedrag.objects.order_by("jaar")),
            Prefetch("meetpunten", queryset=Meetpunt.objects.select_related("activiteit", "eigenaar")),
            *([Prefetch("voorstellen", queryset=_voorstellen())] if met_voorstellen else []),
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
                voorstellen=list(a.voorstellen.all()) if met_voorstellen else [],
            )
        )
    return regels


def nieuwe_regelvoorstellen(contract: Contract) -> list[Regelvoorstel]:
    """Proposals for a line that does not exist yet, open ones first, then the decided ones (the trail)."""
    return sorted(_voorstellen().filter(contract=contract, afspraak__isnull=True), key=lambda v: (not v.is_open, -v.pk))


def niet_akkoord(contract: Contract) -> list[str]:
    """What stands in the way of signing: the lines not agreed by both (or with an open proposal), and open
    proposals for new lines, in the contract's order. Two queries."""
    open_per_regel = set(Regelvoorstel.objects.open().filter(contract=contract).values_list("afspraak_id", flat=True))
    uit = [
        a.titel
        for a in Contractafspraak.objects.filter(contract=contract).only(
            "titel", "versie", "opgesteld_namens", "akkoord_namens", "akkoord_versie", "volgorde"
        )
        if a.pk in open_per_regel or not a.akkoord_van_beide
    ]
    if None in open_per_regel:
        nieuw = Regelvoorstel.objects.open().filter(contract=contract, afspraak__isnull=True)
        uit += [_("nieuwe afspraak %(t)s (voorgesteld)") % {"t": v.wijziging.get("titel", "")} for v in nieuw]
    return uit


@dataclass(frozen=True)
class Voorstelveld:
    """One field a proposal changes, as a person reads it: what it was when proposed, what is proposed."""

    veld: str
    oud: str
    nieuw: str


def _weergave(sleutel: str, waarde: Any) -> str:
    if waarde in (None, ""):
        return "—"
    if sleutel.startswith("bedrag_"):
        return euro(Decimal(waarde))
    if sleutel.startswith("aandeel_"):
        return procent(Decimal(waarde))
    return str(waarde)


@dataclass(frozen=True)
class Spoorstap:
    """One proposal in a line's trail, with the fields it changes."""

    voorstel: Voorstelbasis  # a Regelvoorstel, or an Addendumvoorstel on a line of an addendum
    velden: list[Voorstelveld]


def spoor(voorstellen: Sequence[Voorstelbasis]) -> list[Spoorstap]:
    return [Spoorstap(v, voorstelvelden(v)) for v in voorstellen]


def voorstelvelden(voorstel: Voorstelbasis) -> list[Voorstelveld]:
    """The fields `voorstel` changes, in the order of the line form (amounts per year first)."""
    namen = {
        "aandeel_praktijk": _("aandeel praktijk"),
        "aandeel_regio": _("aandeel regio-organisatie"),
        "voorwaarden": _("voorwaarden"),
        "titel": _("afspraak"),
        "segment": _("segment"),
    }
    velden = sorted(voorstel.wijziging, key=lambda k: (not k.startswith("bedrag_"), k))
    return [
        Voorstelveld(
            veld=_("bedrag %(jaar)s") % {"jaar": k.removeprefix("bedrag_")}
            if k.startswith("bedrag_")
            else namen.get(k, k),
            oud=_weergave(k, voorstel.basis.get(k)),
            nieuw=_weergave(k, voorstel.wijziging[k]),
        )
        for k in velden
        if k in namen or k.startswith("bedrag_")
    ]


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
