"""What one practice receives from the lines it is invited to (its own share per year), and nothing else.

The practices' part of a line is the line's amount times its practice share (financiering.verdeel_bedrag); within
the invitation's scope (a package's lines, or the contract's lines outside packages) that part is divided equally
over the practices that take part, this practice counted as one of them whether or not it decided yet. The page
shows only the result per year: never the line's amount, the practice percentage, the number of practices or
another practice's share, from which the region's amounts could be worked back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from contracten.financiering import Regelbedrag, _afgerond, verdeel_bedrag
from contracten.models import Afspraakbedrag, Praktijkdeelname

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
    """The invited practice's own share per year of the lines in its invitation's scope: two queries."""
    bedragen = Afspraakbedrag.objects.filter(
        afspraak__contract_id=deelname.contract_id, afspraak__pakket=deelname.pakket
    ).select_related("afspraak")
    regels = [
        Regelbedrag(b.afspraak.titel, b.afspraak.segment, b.jaar, b.bedrag, b.afspraak.aandeel_praktijk)
        for b in bedragen
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
