"""The yearly cycle and the end of a contract in the permission matrix (contracten/views/jaarcyclus.py).

Readers of the two parties see the years and the termination form; editors propose a year's figures; only the
party that did not propose them confirms (its own party 403); the second insurer, the practice and koepel staff get
404, as for the contract itself.
"""

from __future__ import annotations

from decimal import Decimal

from tests.contracten.matrix_hulp import ANDER, POST, Variant, ct, partijen, partijen_bewerken
from tests.matrix import INLOG, alle
from tests.personas import Wereld

JAAR = 2027


def _voorstel_van_zorggroep(w: Wereld) -> int:
    """The zorggroep proposed the figures of 2027 (made directly: the world's contract is a draft, and the matrix
    is about who reaches the URL). Returns the year."""
    from contracten.models import Jaarafspraak

    Jaarafspraak.objects.get_or_create(
        contract=w.contract,  # type: ignore[attr-defined]
        jaar=JAAR,
        defaults={"indexatie_procent": Decimal("3.1"), "opgesteld_namens": w.zorggroep, "opgesteld_door": w.bewerker},
    )
    return JAAR


# Confirming what the zorggroep proposed: insurer Zuid only (the service then asks for its mandate).
VERZEKERAAR_BEVESTIGT = alle(404, anoniem=INLOG, bewerker=403, beheerder=403, zorginkoper=200)

MATRIX: dict[str, list[Variant]] = {
    "contracten:jaren": [
        ("eigen", ct("jaren"), partijen()),
        ("andere", ct("jaren", contract="ander_contract"), ANDER),
    ],
    "contracten:jaar": [
        ("eigen", ct("jaar", JAAR), partijen()),
        ("eigen, met voorstel", ct("jaar", _voorstel_van_zorggroep), partijen()),
        ("eigen, jaar buiten de looptijd", ct("jaar", 2035), partijen(404)),
        ("andere", ct("jaar", JAAR, contract="ander_contract"), ANDER),
    ],
    "contracten:jaar_voorstellen": [
        ("eigen", ct("jaar_voorstellen", JAAR), partijen_bewerken()),
        ("eigen, leeg formulier", ct("jaar_voorstellen", JAAR), partijen_bewerken(400), POST),
        ("eigen, jaar buiten de looptijd", ct("jaar_voorstellen", 2035), partijen_bewerken(404)),
        ("andere", ct("jaar_voorstellen", JAAR, contract="ander_contract"), ANDER),
    ],
    "contracten:jaar_bevestigen": [
        ("voorstel van de zorggroep", ct("jaar_bevestigen", _voorstel_van_zorggroep), VERZEKERAAR_BEVESTIGT, POST),
        ("eigen, geen voorstel", ct("jaar_bevestigen", JAAR), partijen_bewerken(404), POST),
    ],
    "contracten:beeindigen": [
        ("eigen", ct("beeindigen"), partijen()),
        ("eigen, leeg formulier", ct("beeindigen"), partijen(400), POST),
        ("andere", ct("beeindigen", contract="ander_contract"), ANDER),
    ],
}
