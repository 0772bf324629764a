"""A contract's agreement lines (with their amounts) and its practices' opt-ins as CSV files for Excel.

Access exactly as for the contract page (`contract_vereist`): members of the contract's two parties; everybody
else, practices and the region's other insurer included, gets 404. A practice sees its own invitation on its own
page, without amounts; it never gets these files.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from contracten import addenda, jaarcyclus
from contracten import deelname as opt_in
from contracten.access import ContractActie, contract_vereist, eigen_partijen
from contracten.financiering import indexeren
from contracten.models import Contract, Praktijkdeelname
from contracten.views.paden import C
from regio import csvexport
from regio.verzoek import IngelogdVerzoek


def _vastleggen(request: IngelogdVerzoek, contract: Contract, wat: str, aantal_rijen: int) -> None:
    partijen = eigen_partijen(request.user, contract)
    csvexport.export_vastleggen(
        request,
        wat=f"{wat} van contract '{contract.titel}' (wijziging {contract.versie})",
        regio=contract.regio,
        organisatie=partijen[0] if partijen else None,
        aantal_rijen=aantal_rijen,
        vertrouwelijk=True,
    )


def _naam(contract: Contract, wat: str) -> list[object]:
    return ["contract", contract.regio.slug, f"{contract.startjaar}-{contract.eindjaar}", wat]


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def afspraken_csv(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    """One row per agreement line and year of the term (0,00 in a year without an amount, as on the page): of a
    signed contract the lines as its signed addenda amend them (what the Financiën tab and the PDF count), with the
    kind of money, whether the line is indexed and its amount with the indexation both parties confirmed."""
    regels = addenda.wat_geldt(contract)
    procenten = jaarcyclus.bevestigde_procenten(jaarcyclus.jaarstanden(contract))
    koppen = [
        _("Afspraak"),
        _("Segment"),
        _("Pakket"),
        _("Activiteit uit het regioplan"),
        _("Doel"),
        _("Jaar"),
        _("Bedrag (euro)"),
        _("Aandeel praktijk (%)"),
        _("Aandeel regio-organisatie (%)"),
        _("Soort geld"),
        _("Geïndexeerd"),
        _("Bedrag met bevestigde indexatie (euro)"),
    ]
    rijen: list[list[csvexport.Cel]] = [
        [
            r.afspraak.titel,
            r.afspraak.get_segment_display(),
            r.afspraak.pakket.naam if r.afspraak.pakket else "",
            r.afspraak.activiteit.titel if r.afspraak.activiteit else "",
            r.afspraak.doel.naam if r.afspraak.doel else "",
            jaar,
            bedrag,
            r.afspraak.aandeel_praktijk,
            r.afspraak.aandeel_regio,
            r.afspraak.get_geldsoort_display(),
            r.afspraak.geindexeerd,
            indexeren(jaarcyclus.jaarbedrag(r, jaar), procenten).totaal,
        ]
        for r in regels
        for jaar, bedrag in r.bedragen.items()
    ]
    _vastleggen(request, contract, "afspraken en bedragen", len(rijen))
    return csvexport.csv_antwoord(_naam(contract, "afspraken"), koppen, rijen)


def _onderaannemer(deelname: Praktijkdeelname, gevraagd: bool) -> csvexport.Cel:
    # As on the Praktijken tab: only a practice that joined a scope with S2 care confirms it (else empty).
    return deelname.onderaannemer_bevestigd if gevraagd and deelname.besluit == deelname.Besluit.DOET_MEE else None


@require_GET
@contract_vereist(ContractActie.BEKIJKEN)
def deelnames_csv(request: IngelogdVerzoek, contract: Contract) -> HttpResponse:
    """One row per invitation: the practice, what it is invited to, its decision (the Praktijken tab's table)."""
    koppen = [
        _("Praktijk"),
        _("Uitgenodigd voor"),
        _("Besluit"),
        _("Toelichting"),
        _("Datum besluit"),
        _("Gekozen doel"),
        _("Onderaannemer (S2) bevestigd"),
        _("Besloten door"),
        _("Uitgenodigd op"),
    ]
    rijen: list[list[csvexport.Cel]] = [
        [
            d.praktijk.naam,
            o.pakket.naam if o.pakket else _("het hele contract"),
            d.get_besluit_display(),
            d.toelichting,
            d.besloten_op,
            d.doel.naam if d.doel else "",
            _onderaannemer(d, o.onderaannemer),
            d.besloten_door.get_full_name() if d.besloten_door else "",
            timezone.localdate(d.uitgenodigd_op),
        ]
        for o in opt_in.praktijken_overzicht(contract)
        for d in o.deelnames
    ]
    _vastleggen(request, contract, "deelname van praktijken", len(rijen))
    return csvexport.csv_antwoord(_naam(contract, "praktijken"), koppen, rijen)


urlpatterns = [
    path(C + "csv/", afspraken_csv, name="afspraken_csv"),
    path(C + "praktijken/csv/", deelnames_csv, name="deelnames_csv"),
]
