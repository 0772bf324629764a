"""What one practice receives from the lines it is invited to (its own share per year), and nothing else.

The practices' part of a line is the line's amount times its practice share (financiering.verdeel_bedrag); within
the invitation's scope (a package's lines, or the contract's lines outside packages) that part is divided equally
over the practices that take part, this practice counted as one of them whether or not it decided yet. The lines
are those that hold (a signed contract's as its signed addenda amend them), each year's amount with the indexation
both parties confirmed (the amounts the Financiën tab counts). The page
shows only the result per year: never the line's amount, the practice percentage, the number of practices or
another practice's share, from which the region's amounts could be worked back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from contracten import addenda, jaarcyclus
from contracten.financiering import Regelbedrag, _afgerond, indexeren, verdeel_bedrag
from contracten.models import Praktijkdeelname

NUL = Decimal("0.00")


def aandeel_per_jaar(regels: Iterable[Regelbedrag], aantal_praktijken: int) -> dict[int, Decimal]:
    """Per year: the practices' part of `regels` divided by `aantal_praktijken` (at least 1), rounded half up to
    the cent once per year (so a year's share does not depend on how many lines it is spread over)."""
    praktijkdeel: dict[int, Decimal] = {}
    for regel in regels:
        deel, _regio = verdeel_bedrag(regel.bedrag, regel.aandeel_praktijk)
        praktijkdeel[regel.jaar] = praktijkdeel.get(regel.jaar, NUL) + deel
    n = max(1, aantal_praktijken)
    return {jaar: _afgerond(Fraction(bedrag) / n, 2) for jaar, bedrag in sorted(praktijkdeel.items())}


@dataclass(frozen=True)
class EigenAandeel:
    per_jaar: dict[int, Decimal]

    @property
    def totaal(self) -> Decimal:
        return sum(self.per_jaar.values(), NUL)


def eigen_aandeel(deelname: Praktijkdeelname) -> EigenAandeel:
    """The invited practice's own share per year of the lines in its invitation's scope that hold, indexed."""
    contract = deelname.contract
    procenten = jaarcyclus.bevestigde_procenten(jaarcyclus.jaarstanden(contract))
    regels = [
        Regelbedrag(r.afspraak.titel, r.afspraak.segment, jaar, bedrag, r.afspraak.aandeel_praktijk)
        for r in addenda.wat_geldt(contract)
        if r.afspraak.pakket_id == deelname.pakket_id
        for jaar in r.bedragen
        # A year without money is no year of the share (as before: the line has no amount that year).
        if (bedrag := indexeren(jaarcyclus.jaarbedrag(r, jaar), procenten).totaal)
    ]
    anderen = (
        Praktijkdeelname.objects.filter(
            contract_id=deelname.contract_id,
            pakket=deelname.pakket,
            besluit=Praktijkdeelname.Besluit.DOET_MEE,
        )
        .exclude(praktijk_id=deelname.praktijk_id)
        .count()
    )
    return EigenAandeel(aandeel_per_jaar(regels, anderen + 1))
