"""The contract's comment threads in the permission matrix (issue 16): only the members of the contract's two
parties reach them; the second insurer of the region, the practice and koepel staff get 404, as for the contract.
A party's internal notes (and the names offered in them) are its own."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from tests.contracten.matrix_hulp import ANDER, POST, Url, Variant, partijen
from tests.matrix import INLOG, alle
from tests.personas import Wereld


def _url(
    naam: str, *args: Callable[[Wereld], int], query: Callable[[Wereld], str] | str = "", contract: str = "contract"
) -> Url:
    def url(w: Wereld) -> str:
        c = getattr(w, contract)
        pad = reverse(f"contracten:{naam}", args=[c.regio.slug, c.pk, *[a(w) for a in args]])
        q = query(w) if callable(query) else query
        return f"{pad}?{q}" if q else pad

    return url


def _afspraak(w: Wereld) -> str:
    return f"afspraak={w.afspraak.pk}"  # type: ignore[attr-defined]


def _addendum(w: Wereld) -> str:
    from tests.contracten.werelden_addenda import opstellen

    return f"addendum={opstellen(w).pk}"


def _intern(w: Wereld) -> str:
    return f"intern={w.zorggroep.pk}"


# The zorggroep's internal notes: its own members only (Anna, Bram, the editor with the lapsed mandate).
ALLEEN_ZORGGROEP = alle(404, anoniem=INLOG, bewerker=200, beheerder=200)

MATRIX: dict[str, list[Variant]] = {
    "contracten:reactie_nieuw": [
        ("over een afspraak", _url("reactie_nieuw", query=_afspraak), partijen()),
        ("over een afspraak, leeg", _url("reactie_nieuw", query=_afspraak), partijen(400), POST),
        ("over een onbekende afspraak", _url("reactie_nieuw", query="afspraak=999999"), partijen(404)),
        # A thread on an addendum (shown on the addendum's page): the contract's two parties, nobody else.
        ("over een addendum", _url("reactie_nieuw", query=_addendum), partijen()),
        ("over een onbekend addendum", _url("reactie_nieuw", query="addendum=999999"), partijen(404)),
        ("interne notitie van de zorggroep", _url("reactie_nieuw", query=_intern), ALLEEN_ZORGGROEP),
        (
            "antwoord op een interne notitie",
            _url("reactie_nieuw", query=lambda w: f"antwoord={w.contract_notitie.pk}"),  # type: ignore[attr-defined]
            ALLEEN_ZORGGROEP,
        ),
        (
            "andere, interne notitie van haar zorggroep",
            _url("reactie_nieuw", query=lambda w: f"intern={w.andere_zorggroep.pk}", contract="ander_contract"),
            ANDER,
        ),
    ],
    "contracten:reactie_oplossen": [
        # Daan (insurer) wrote it; he and the editors of both parties may resolve it.
        (
            "reactie van de verzekeraar",
            _url("reactie_oplossen", lambda w: w.contract_reactie.pk),  # type: ignore[attr-defined]
            partijen(),
            POST,
        ),
        (
            "interne notitie",
            _url("reactie_oplossen", lambda w: w.contract_notitie.pk),  # type: ignore[attr-defined]
            ALLEEN_ZORGGROEP,
            POST,
        ),
    ],
    "contracten:reactie_namen": [
        ("gedeelde draad", _url("reactie_namen", query=lambda w: f"{_afspraak(w)}&q=a"), partijen()),
        ("interne notitie", _url("reactie_namen", query=lambda w: f"{_intern(w)}&q=b"), ALLEEN_ZORGGROEP),
    ],
}
