"""The contract itself in the permission matrix: list, start, lines, packages, finance, signing, history."""

from __future__ import annotations

from django.urls import reverse

from contracten.models import Ondertekening
from regio.models import Mandaat, Onderwerp
from tests.contracten.matrix_hulp import ANDER, POST, Variant, ct, partijen, partijen_bewerken, via_eigen_regio
from tests.matrix import INLOG, alle
from tests.personas import Wereld


def _afspraak(w: Wereld) -> int:
    return w.afspraak.pk  # type: ignore[attr-defined]


def _voorstel_van_verzekeraar(w: Wereld) -> int:
    """An open proposal of insurer Zuid on the world's S2 line: the zorggroep decides it, the insurer withdraws it."""
    from contracten import regelvoorstellen
    from contracten.models import Contract, Contractafspraak

    return regelvoorstellen.regelvoorstel_doen(
        contract=Contract.objects.get(pk=w.contract.pk),  # type: ignore[attr-defined]
        afspraak=Contractafspraak.objects.get(pk=_afspraak(w)),
        waarden={"bedrag_2026": "95000.00", "aandeel_praktijk": "70", "aandeel_regio": "30"},
        toelichting="Matrix.",
        acting_user=w.zorginkoper,
    ).pk


def _pakket(w: Wereld) -> int:
    return w.pakket.pk  # type: ignore[attr-defined]


def _ondertekening(w: Wereld) -> int:
    """A signature of the own contract by the zorggroep's manager under his contract mandate."""
    contract = w.contract  # type: ignore[attr-defined]
    mandaat = Mandaat.objects.get(gebruiker=w.beheerder, onderwerp=Onderwerp.CONTRACT)
    ondertekening, _ = Ondertekening.objects.get_or_create(
        contract=contract, organisatie=w.zorggroep, gebruiker=w.beheerder, mandaat=mandaat, versie=contract.versie
    )
    return ondertekening.pk


def _regio(naam: str, andere: bool = False) -> object:
    return lambda w: reverse(f"contracten:{naam}", args=[(w.andere_regio if andere else w.regio).slug])


# Negotiating a line (contracten/regelvoorstellen.py): the other party decides, one's own party does not (403).
ZORGGROEP_BESLIST = alle(404, anoniem=INLOG, bewerker=200, beheerder=200, zorginkoper=403)
VERZEKERAAR_BESLIST = alle(404, anoniem=INLOG, bewerker=403, beheerder=403, zorginkoper=200)

# Start a contract: editors of the region's contracting parties (as for the plan); other members 403.
MAKEN = alle(403, anoniem=INLOG, buitenstaander=404, bewerker=200, beheerder=200, zorginkoper=200)
MAKEN_LEEG = alle(403, anoniem=INLOG, buitenstaander=404, bewerker=400, beheerder=400, zorginkoper=400)

MATRIX: dict[str, list[Variant]] = {
    "contracten:lijst": [
        ("eigen regio", _regio("lijst"), alle(200, anoniem=INLOG, buitenstaander=404)),  # type: ignore[list-item]
        ("andere regio", _regio("lijst", andere=True), alle(404, anoniem=INLOG, buitenstaander=200, koepel=200)),  # type: ignore[list-item]
    ],
    "contracten:nieuw": [
        ("eigen regio", _regio("nieuw"), MAKEN),  # type: ignore[list-item]
        (
            "eigen regio, leeg formulier",
            _regio("nieuw"),
            MAKEN_LEEG,
            POST,
        ),  # type: ignore[list-item]
    ],
    "contracten:detail": [
        ("eigen", ct("detail"), partijen()),
        ("andere", ct("detail", contract="ander_contract"), ANDER),
        ("contract van de andere regio via de eigen", via_eigen_regio("detail"), alle(404, anoniem=INLOG)),
    ],
    "contracten:gegevens_bewerken": [
        ("eigen", ct("gegevens_bewerken"), partijen_bewerken()),
        ("eigen, leeg formulier", ct("gegevens_bewerken"), partijen_bewerken(400), POST),
    ],
    "contracten:afspraak_nieuw": [
        ("eigen", ct("afspraak_nieuw"), partijen_bewerken()),
        ("eigen, leeg formulier", ct("afspraak_nieuw"), partijen_bewerken(400), POST),
    ],
    "contracten:afspraak_bewerken": [
        ("eigen", ct("afspraak_bewerken", _afspraak), partijen_bewerken()),
        ("eigen, onbekend", ct("afspraak_bewerken", 999999), partijen_bewerken(404)),
    ],
    # Presence (regio/aanwezigheid.py): the contract's editors; the second insurer does not learn the line exists.
    "contracten:afspraak_aanwezig": [
        ("eigen", ct("afspraak_aanwezig", _afspraak), partijen_bewerken()),
        ("eigen, onbekend", ct("afspraak_aanwezig", 999999), partijen_bewerken(404)),
    ],
    "contracten:afspraak_verwijderen": [
        ("eigen", ct("afspraak_verwijderen", _afspraak), partijen_bewerken(), POST),
        ("eigen, eerst vragen", ct("afspraak_verwijderen", _afspraak), partijen_bewerken()),
        ("eigen, onbekend", ct("afspraak_verwijderen", 999999), partijen_bewerken(404)),
    ],
    "contracten:pakket_nieuw": [
        ("eigen", ct("pakket_nieuw"), partijen_bewerken()),
        ("eigen, leeg formulier", ct("pakket_nieuw"), partijen_bewerken(400), POST),
    ],
    "contracten:pakket_bewerken": [("eigen", ct("pakket_bewerken", _pakket), partijen_bewerken())],
    "contracten:financien": [
        ("eigen", ct("financien"), partijen()),
        ("andere", ct("financien", contract="ander_contract"), ANDER),
    ],
    "contracten:aanbieden": [("eigen, zonder versie", ct("aanbieden"), partijen_bewerken(), POST)],
    "contracten:terugnemen": [("eigen, concept", ct("terugnemen"), partijen_bewerken(), POST)],
    "contracten:ondertekenen": [("eigen, concept", ct("ondertekenen"), partijen(), POST)],
    "contracten:historie": [("eigen", ct("historie"), partijen())],
    "contracten:sinds_ondertekening": [
        ("eigen", ct("sinds_ondertekening", _ondertekening), partijen()),
        ("eigen, onbekende handtekening", ct("sinds_ondertekening", 999999), partijen(404)),
        (
            "handtekening onder een ander contract",
            ct("sinds_ondertekening", _ondertekening, contract="ander_contract"),
            alle(404, anoniem=INLOG),
        ),
    ],
    # The redline of two versions: the contract's readers; a wrong version number is a 400 with the choices.
    "contracten:vergelijken": [
        ("eigen", ct("vergelijken"), partijen()),
        ("eigen, onbekende versie", ct("vergelijken", query="van=999"), partijen(400)),
        ("andere", ct("vergelijken", contract="ander_contract"), ANDER),
        ("contract van de andere regio via de eigen", via_eigen_regio("vergelijken"), alle(404, anoniem=INLOG)),
    ],
    "contracten:regelvoorstel_nieuwe_afspraak": [
        ("eigen", ct("regelvoorstel_nieuwe_afspraak"), partijen_bewerken()),
        ("eigen, leeg formulier", ct("regelvoorstel_nieuwe_afspraak"), partijen_bewerken(400), POST),
    ],
    "contracten:regelvoorstel_nieuw": [
        ("eigen", ct("regelvoorstel_nieuw", _afspraak), partijen_bewerken()),
        ("eigen, leeg formulier", ct("regelvoorstel_nieuw", _afspraak), partijen_bewerken(400), POST),
        ("eigen, onbekende afspraak", ct("regelvoorstel_nieuw", 999999), partijen_bewerken(404)),
    ],
    # The world's lines were written by the zorggroep and agreed by the insurer: only the insurer may agree (and
    # is told it already did).
    "contracten:afspraak_akkoord": [("eigen", ct("afspraak_akkoord", _afspraak), VERZEKERAAR_BESLIST, POST)],
    "contracten:regelvoorstel_tegenvoorstel": [
        (
            "voorstel van de verzekeraar",
            ct("regelvoorstel_tegenvoorstel", _voorstel_van_verzekeraar),
            ZORGGROEP_BESLIST,
        ),
        ("eigen, onbekend voorstel", ct("regelvoorstel_tegenvoorstel", 999999), partijen_bewerken(404)),
    ],
    "contracten:regelvoorstel_aanvaarden": [
        (
            "voorstel van de verzekeraar",
            ct("regelvoorstel_aanvaarden", _voorstel_van_verzekeraar),
            ZORGGROEP_BESLIST,
            POST,
        )
    ],
    "contracten:regelvoorstel_afwijzen": [
        (
            "voorstel van de verzekeraar",
            ct("regelvoorstel_afwijzen", _voorstel_van_verzekeraar),
            ZORGGROEP_BESLIST,
            POST,
        )
    ],
    "contracten:regelvoorstel_intrekken": [
        (
            "voorstel van de verzekeraar",
            ct("regelvoorstel_intrekken", _voorstel_van_verzekeraar),
            VERZEKERAAR_BESLIST,
            POST,
        )
    ],
    # CSV exports (issue 7): exactly the contract page's readers; the practice and insurer Noord get 404.
    "contracten:afspraken_csv": [
        ("eigen", ct("afspraken_csv"), partijen()),
        ("andere", ct("afspraken_csv", contract="ander_contract"), ANDER),
        ("contract van de andere regio via de eigen", via_eigen_regio("afspraken_csv"), alle(404, anoniem=INLOG)),
    ],
}
