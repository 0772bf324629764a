"""Monitoring that runs itself, in the permission matrix: making and changing reporting dates, importing results,
confirming or disputing a result (only the other party's editors: the world's result was recorded for the
zorggroep, so insurer Zuid's purchaser confirms it and the zorggroep's own members get 403), and the monitoring
page for members of the region's practices (the practice's GP and its manager; everybody else 404).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from contracten.models import Meetresultaat, Resultaatimport
from tests.contracten.matrix_hulp import POST, Url, Variant, ct, partijen, partijen_bewerken, via_eigen_regio
from tests.contracten.matrix_monitoring import NIEMAND, _moment
from tests.matrix import INLOG, alle
from tests.personas import Wereld


def _resultaat(w: Wereld) -> int:
    """A result of the world's contract, recorded by the zorggroep's editor (made here: the world has none)."""
    resultaat, _nieuw = Meetresultaat.objects.get_or_create(
        contract=w.contract,  # type: ignore[attr-defined]
        meetpunt=w.meetpunt,  # type: ignore[attr-defined]
        peildatum=timezone.localdate().replace(day=1),
        praktijk=None,
        defaults={"waarde": "50", "vastgelegd_door": w.bewerker, "namens": w.zorggroep},
    )
    return resultaat.pk


def _import(w: Wereld) -> int:
    imp, _nieuw = Resultaatimport.objects.get_or_create(
        contract=w.contract,  # type: ignore[attr-defined]
        bestandsnaam="resultaten.csv",
        defaults={"aangemaakt_door": w.bewerker},
    )
    return imp.pk


def _regio(regio: str) -> Url:
    return lambda w: reverse("contracten:praktijkmonitoring", args=[getattr(w, regio).slug])


# The other party's editors decide; the recording party's own members: 403; everybody else: 404.
ANDERE_PARTIJ = alle(404, anoniem=INLOG, bewerker=403, beheerder=403, zorginkoper=200)

MATRIX: dict[str, list[Variant]] = {
    "contracten:praktijkmonitoring": [
        ("eigen regio", _regio("regio"), alle(404, anoniem=INLOG, lezer=200, praktijkhouder=200)),
        ("andere regio", _regio("andere_regio"), alle(404, anoniem=INLOG)),
    ],
    "contracten:rapportagemomenten_aanmaken": [
        ("eigen contract", ct("rapportagemomenten_aanmaken"), partijen_bewerken(200), POST),
        ("contract van de andere regio via de eigen", via_eigen_regio("rapportagemomenten_aanmaken"), NIEMAND, POST),
    ],
    "contracten:rapportagemoment_wijzigen": [
        ("formulier", ct("rapportagemoment_wijzigen", _moment), partijen_bewerken(200)),
        ("leeg formulier", ct("rapportagemoment_wijzigen", _moment), partijen_bewerken(400), POST),
        ("onbekend moment", ct("rapportagemoment_wijzigen", 999999), partijen_bewerken(404)),
        ("contract van de andere regio via de eigen", via_eigen_regio("rapportagemoment_wijzigen", 1), NIEMAND),
    ],
    "contracten:resultaat_bevestigen": [
        ("resultaat van de zorggroep", ct("resultaat_bevestigen", _resultaat), ANDERE_PARTIJ, POST),
        ("onbekend resultaat", ct("resultaat_bevestigen", 999999), partijen(404), POST),
        ("contract van de andere regio via de eigen", via_eigen_regio("resultaat_bevestigen", 1), NIEMAND, POST),
    ],
    "contracten:resultaat_betwisten": [
        # Without a reason nothing changes; the page says why.
        ("zonder reden", ct("resultaat_betwisten", _resultaat), ANDERE_PARTIJ, POST),
        ("onbekend resultaat", ct("resultaat_betwisten", 999999), partijen(404), POST),
        ("contract van de andere regio via de eigen", via_eigen_regio("resultaat_betwisten", 1), NIEMAND, POST),
    ],
    "contracten:resultaten_importeren": [
        ("uploadpagina", ct("resultaten_importeren"), partijen_bewerken(200)),
        ("zonder bestand", ct("resultaten_importeren"), partijen_bewerken(400), POST),
        ("contract van de andere regio via de eigen", via_eigen_regio("resultaten_importeren"), NIEMAND),
    ],
    "contracten:resultaatimport": [
        ("import van het contract", ct("resultaatimport", _import), partijen_bewerken(200)),
        ("onbekende import", ct("resultaatimport", 999999), partijen_bewerken(404)),
        ("contract van de andere regio via de eigen", via_eigen_regio("resultaatimport", 1), NIEMAND),
    ],
    "contracten:resultaatimport_bevestigen": [
        ("import van het contract", ct("resultaatimport_bevestigen", _import), partijen_bewerken(200), POST),
        ("contract van de andere regio via de eigen", via_eigen_regio("resultaatimport_bevestigen", 1), NIEMAND, POST),
    ],
    "contracten:resultaatimport_annuleren": [
        ("import van het contract", ct("resultaatimport_annuleren", _import), partijen_bewerken(200), POST),
        ("contract van de andere regio via de eigen", via_eigen_regio("resultaatimport_annuleren", 1), NIEMAND, POST),
    ],
}
