"""Chapter 2 of the demo's contract story (contracten/demo.py): the signed one-year contract's monitoring running
itself. Its reporting dates were made from the measuring points' frequencies when Bram and Daan signed (made again
here, which adds nothing: the chapter is idempotent); Daan imports the e-consult result from a file and Anna confirms
it; Daan disputes the zorggroep's latest figure for the elderly care, with a reason. Both show on "Mijn regio's".
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from contracten import bevestiging, rapportagemomenten, resultaatimport
from contracten.demo import ANNA, DAAN, E_CONSULT, OUDERENZORG
from contracten.models import Contract, Contractstatus, Meetresultaat, Rapportagemoment, Resultaatimport
from regio.models import Gebruiker

BESTAND = "econsult-kwartaal-3-2026.csv"
PEILDATUM = dt.date(2026, 9, 30)
REDEN = (
    "Dit percentage telt de twee praktijken die pas in september begonnen al mee; zonder hen is het 81 %. "
    "Graag de telling per praktijk erbij. (Demo.)"
)


def _meetpunt(contract: Contract, activiteit: str) -> int:
    """The measuring point of the demo activity's line (each has one)."""
    pk = contract.afspraken.filter(activiteit__titel=activiteit).values_list("meetpunten", flat=True).first()
    if pk is None:
        raise RuntimeError(f"The demo contract has no measuring point for {activiteit!r}.")
    return pk


def demo_laden(contract: Contract) -> None:
    """Made once, from the third quarter's reporting date on (before it, there is nothing to report yet)."""
    if contract.status != Contractstatus.GETEKEND or timezone.localdate() < PEILDATUM:
        return
    if Resultaatimport.objects.filter(contract=contract, bestandsnaam=BESTAND).exists():
        return
    anna, daan = Gebruiker.objects.get(email=ANNA), Gebruiker.objects.get(email=DAAN)
    rapportagemomenten.rapportagemomenten_aanmaken(contract=contract, acting_user=anna)
    # The demo's addresses reach nobody: dates made now are marked as reminded (and, when past, as reported late).
    nu = timezone.now()
    open_ = Rapportagemoment.objects.filter(contract=contract, resultaten__isnull=True, herinnerd_op__isnull=True)
    open_.filter(uiterlijk__lt=timezone.localdate()).update(aangemaand_op=nu)
    open_.update(herinnerd_op=nu)

    econsult = _meetpunt(contract, E_CONSULT.titel)
    inhoud = (f"meetpunt;periode;waarde;toelichting\n{econsult};2026-Q3;11,5;Uit het triageportaal (demo)\n").encode()
    imp = resultaatimport.resultaatimport_starten(
        contract=contract, inhoud=inhoud, bestandsnaam=BESTAND, acting_user=daan
    )
    resultaatimport.resultaatimport_bevestigen(resultaatimport=imp, afwijzingen_begrepen=True, acting_user=daan)
    for r in Meetresultaat.objects.filter(contract=contract, meetpunt_id=econsult, peildatum=PEILDATUM):
        bevestiging.resultaat_bevestigen(resultaat=r, acting_user=anna)

    ouderen = _meetpunt(contract, OUDERENZORG.titel)
    for r in Meetresultaat.objects.filter(contract=contract, meetpunt_id=ouderen, peildatum=PEILDATUM):
        bevestiging.resultaat_betwisten(resultaat=r, reden=REDEN, acting_user=daan)
