"""Practices' opt-in in the permission matrix: the contract's Praktijken tab and inviting (the two parties), and
the practice's own pages (its members; only its managers decide).

The contract's parties see each practice's decision on the Praktijken tab, not on the practice's own page: for
them (and everyone else outside the practice) the practice's page does not exist (404).
"""

from __future__ import annotations

from django.urls import reverse

from tests.contracten.matrix_hulp import ANDER, POST, Url, Variant, ct, partijen, partijen_bewerken, via_eigen_regio
from tests.matrix import INLOG, alle
from tests.personas import Wereld


def _deelname(w: Wereld) -> int:
    return w.deelname.pk  # type: ignore[attr-defined]


def _praktijkpagina(naam: str, andere_regio: bool = False, pk: int | None = None) -> Url:
    """A practice's page of the world's invitation (or of `pk`), under the own or the other region's address."""

    def url(w: Wereld) -> str:
        regio = w.andere_regio if andere_regio else w.regio
        return reverse(f"contracten:{naam}", args=[regio.slug, pk if pk is not None else _deelname(w)])

    return url


def _uitnodigingen(andere_regio: bool = False) -> Url:
    return lambda w: reverse("contracten:mijn_uitnodigingen", args=[(w.andere_regio if andere_regio else w.regio).slug])


# The practice's members see its invitation; the GP reader may not decide (403), its manager may.
PRAKTIJK = alle(404, anoniem=INLOG, lezer=200, praktijkhouder=200)
BESLUITEN_LEEG = alle(404, anoniem=INLOG, lezer=403, praktijkhouder=400)
NIEMAND = alle(404, anoniem=INLOG)

MATRIX: dict[str, list[Variant]] = {
    "contracten:deelnames": [
        ("eigen", ct("deelnames"), partijen()),
        ("andere", ct("deelnames", contract="ander_contract"), ANDER),
        ("contract van de andere regio via de eigen", via_eigen_regio("deelnames"), NIEMAND),
    ],
    "contracten:deelnames_csv": [
        ("eigen", ct("deelnames_csv"), partijen()),
        ("andere", ct("deelnames_csv", contract="ander_contract"), ANDER),
        ("contract van de andere regio via de eigen", via_eigen_regio("deelnames_csv"), NIEMAND),
    ],
    "contracten:uitnodigen": [
        ("eigen, leeg formulier", ct("uitnodigen"), partijen_bewerken(400), POST),
        ("contract van de andere regio via de eigen", via_eigen_regio("uitnodigen"), NIEMAND, POST),
    ],
    "contracten:uitnodiging_intrekken": [
        # The world's invitation has no decision yet, so it can be withdrawn (then back to the tab: 200).
        ("eigen, zonder besluit", ct("uitnodiging_intrekken", _deelname), partijen_bewerken(), POST),
        ("eigen, onbekend", ct("uitnodiging_intrekken", 999999), partijen_bewerken(404), POST),
        (
            "uitnodiging via het contract van de andere regio",
            lambda w: reverse(
                "contracten:uitnodiging_intrekken",
                args=[w.andere_regio.slug, w.ander_contract.pk, _deelname(w)],  # type: ignore[attr-defined]
            ),
            alle(404, anoniem=INLOG, buitenstaander=404),
            POST,
        ),
    ],
    "contracten:mijn_uitnodigingen": [
        # Every member of the region: the practice's members see its invitations, the others an empty page.
        ("eigen regio", _uitnodigingen(), alle(200, anoniem=INLOG, buitenstaander=404)),
        ("andere regio", _uitnodigingen(andere_regio=True), alle(404, anoniem=INLOG, buitenstaander=200, koepel=200)),
    ],
    "contracten:uitnodiging": [
        ("eigen praktijk", _praktijkpagina("uitnodiging"), PRAKTIJK),
        ("onbekend", _praktijkpagina("uitnodiging", pk=999999), NIEMAND),
        ("via de andere regio", _praktijkpagina("uitnodiging", andere_regio=True), NIEMAND),
    ],
    "contracten:uitnodiging_besluiten": [
        ("eigen praktijk, leeg formulier", _praktijkpagina("uitnodiging_besluiten"), BESLUITEN_LEEG, POST),
        ("onbekend", _praktijkpagina("uitnodiging_besluiten", pk=999999), NIEMAND, POST),
        ("via de andere regio", _praktijkpagina("uitnodiging_besluiten", andere_regio=True), NIEMAND, POST),
    ],
}
