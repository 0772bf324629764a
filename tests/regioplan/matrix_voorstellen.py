"""The permission matrix's rows for proposals on a plan (issue 16). The matrix world's plan has an open proposal of
the insurer (Verzekeraar Zuid) on its first part: the zorggroep's editors decide it, the insurer withdraws it, the
participants read it, koepel staff and outsiders do not learn it exists."""

from __future__ import annotations

from tests.matrix import INLOG, Url, alle, rp
from tests.personas import Wereld


def _voorstel(w: Wereld) -> int:
    return w.plan_voorstel.pk  # type: ignore[attr-defined]


# Members of a participating party read proposals; koepel staff read the plan but not the parties' talks.
ZIEN = alle(200, anoniem=INLOG, buitenstaander=404, koepel=404)
ANDER_ZIEN = alle(404, anoniem=INLOG, buitenstaander=200)
# The insurer proposed: the zorggroep's editors decide (an empty form returns to the proposal's page).
BESLISSEN = alle(403, anoniem=INLOG, buitenstaander=404, koepel=404, bewerker=200, beheerder=200)
INTREKKEN = alle(403, anoniem=INLOG, buitenstaander=404, koepel=404, zorginkoper=200)

MATRIX: dict[str, list[tuple[str, Url, dict[str, int | str]] | tuple[str, Url, dict[str, int | str], str]]] = {
    "regioplan:voorstellen": [
        ("eigen", rp("voorstellen"), ZIEN),
        ("eigen, besloten", rp("voorstellen", query="toon=besloten"), ZIEN),
        ("andere", rp("voorstellen", plan="ander_plan"), ANDER_ZIEN),
    ],
    "regioplan:voorstel": [
        ("eigen", rp("voorstel", _voorstel), ZIEN),
        ("eigen, onbekend", rp("voorstel", 999999), alle(404, anoniem=INLOG)),
        (
            "voorstel van de eigen regio via het andere plan",
            rp("voorstel", _voorstel, plan="ander_plan"),
            alle(404, anoniem=INLOG),
        ),
    ],
    "regioplan:voorstel_beslissen": [("eigen, leeg formulier", rp("voorstel_beslissen", _voorstel), BESLISSEN, "POST")],
    "regioplan:voorstel_intrekken": [("eigen", rp("voorstel_intrekken", _voorstel), INTREKKEN, "POST")],
}

# A counter-proposal is made on the part's own edit form (?tegen=): editors of the other party only.
TEGENVOORSTEL = (
    "eigen, tegenvoorstel",
    rp("deel_bewerken", "missie-visie", query=lambda w: f"tegen={_voorstel(w)}"),
    alle(403, anoniem=INLOG, buitenstaander=404, bewerker=200, beheerder=200),
)
