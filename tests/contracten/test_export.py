"""A contract's lines with amounts, and its practices' opt-ins, as CSV downloads: only for the two parties."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contracten import deelname as opt_in
from contracten.models import Contract
from regio.models import Auditregel, Gebruiker
from tests.contracten.werelden import EINDJAAR, STARTJAAR, afspraak_maken
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


def _client(gebruiker: Gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def _url(contract: Contract, naam: str) -> str:
    return reverse(f"contracten:{naam}", args=[contract.regio.slug, contract.pk])


def _rijen(inhoud: bytes) -> list[list[str]]:
    assert inhoud.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_a_party_downloads_each_line_per_year_of_the_term_with_its_amount(contractwereld: Wereld) -> None:
    wereld = contractwereld
    contract: Contract = wereld.contract  # type: ignore[attr-defined]
    afspraak_maken(wereld, contract, titel='=HYPERLINK("http://x","klik")', bedragen={STARTJAAR: Decimal("1234.56")})

    antwoord = _client(wereld.zorginkoper).get(_url(contract, "afspraken_csv"))

    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"] == (
        f'attachment; filename="contract-eigen-regio-{STARTJAAR}-{EINDJAAR}-afspraken.csv"'
    )
    kop, *rijen = _rijen(antwoord.content)
    assert kop[5:] == [
        "Jaar",
        "Bedrag (euro)",
        "Aandeel praktijk (%)",
        "Aandeel regio-organisatie (%)",
        "Soort geld",
        "Geïndexeerd",
        "Bedrag met bevestigde indexatie (euro)",
    ]
    jaren = [str(j) for j in contract.jaren]
    per_afspraak: dict[str, list[list[str]]] = {}
    for rij in rijen:
        per_afspraak.setdefault(rij[0], []).append(rij)
    assert set(per_afspraak) == {
        "Praktijkondersteuner ouderenzorg",
        "Innovatie: digitale triage",
        '\'=HYPERLINK("http://x","klik")',
    }
    poh = per_afspraak["Praktijkondersteuner ouderenzorg"]
    assert [r[5:] for r in poh] == [
        [j, "100000,00", "70,00", "30,00", "structureel", "nee", "100000,00"] for j in jaren
    ]
    assert poh[0][1].startswith("S2")
    triage = per_afspraak["Innovatie: digitale triage"]
    assert [r[6] for r in triage] == ["25000,00", "25000,00", "0,00", "0,00"]  # as on the page: 0 where none
    assert triage[0][2] == "Regionaal S3-pakket"
    assert [r[6] for r in per_afspraak['\'=HYPERLINK("http://x","klik")']] == ["1234,56", "0,00", "0,00", "0,00"]


def test_a_party_downloads_the_practices_decisions_with_a_hostile_explanation_neutralised(
    contractwereld: Wereld,
) -> None:
    wereld = contractwereld
    contract: Contract = wereld.contract  # type: ignore[attr-defined]
    vandaag = timezone.localdate()
    opt_in.deelname_besluiten(
        deelname=wereld.deelname,  # type: ignore[attr-defined]
        besluit="doet-niet-mee",
        besloten_op=vandaag,
        toelichting="-1+1 geen tijd",
        acting_user=wereld.praktijkhouder,
    )

    antwoord = _client(wereld.bewerker).get(_url(contract, "deelnames_csv"))

    assert antwoord.status_code == 200
    kop, *rijen = _rijen(antwoord.content)
    assert kop[:5] == ["Praktijk", "Uitgenodigd voor", "Besluit", "Toelichting", "Datum besluit"]
    assert len(rijen) == 1
    rij = rijen[0]
    assert rij[:5] == [
        "Praktijk De Linde",
        "Regionaal S3-pakket",
        "doet niet mee",
        "'-1+1 geen tijd",
        f"{vandaag:%d-%m-%Y}",
    ]
    assert rij[6] == ""  # confirming S2 subcontracting does not apply to a practice that does not join
    assert rij[7] == wereld.praktijkhouder.get_full_name()


@pytest.mark.parametrize("naam", ["afspraken_csv", "deelnames_csv"])
@pytest.mark.parametrize("persona", ["lezer", "praktijkhouder", "tweede_zorginkoper", "koepel", "buitenstaander"])
def test_the_practice_the_second_insurer_and_koepel_staff_get_404_and_nothing_is_logged(
    contractwereld: Wereld, naam: str, persona: str
) -> None:
    wereld = contractwereld

    antwoord = _client(getattr(wereld, persona)).get(_url(wereld.contract, naam))  # type: ignore[attr-defined]

    assert antwoord.status_code == 404
    assert b"100000" not in antwoord.content
    assert not Auditregel.objects.filter(soort=Auditregel.Soort.GEGEVENSEXPORT).exists()


def test_each_download_is_logged_for_the_persons_own_party(contractwereld: Wereld) -> None:
    wereld = contractwereld
    contract: Contract = wereld.contract  # type: ignore[attr-defined]

    _client(wereld.zorginkoper).get(_url(contract, "afspraken_csv"))
    _client(wereld.bewerker).get(_url(contract, "deelnames_csv"))

    regels = list(Auditregel.objects.filter(soort=Auditregel.Soort.GEGEVENSEXPORT).order_by("pk"))
    assert [(r.gebruiker, r.organisatie, r.regio) for r in regels] == [
        (wereld.zorginkoper, wereld.verzekeraar, contract.regio),
        (wereld.bewerker, wereld.zorggroep, contract.regio),
    ]
    assert regels[0].wat == (
        f"csv gedownload: afspraken en bedragen van contract '{contract.titel}' (wijziging {contract.versie}) (8 rijen)"
    )
    assert regels[1].wat.startswith("csv gedownload: deelname van praktijken van contract")


def test_the_contract_page_and_the_practices_tab_link_to_their_downloads(contractwereld: Wereld) -> None:
    wereld = contractwereld
    contract: Contract = wereld.contract  # type: ignore[attr-defined]
    client = _client(wereld.zorginkoper)

    for pagina, export in (("detail", "afspraken_csv"), ("deelnames", "deelnames_csv")):
        html = client.get(_url(contract, pagina)).content.decode()
        assert f'href="{_url(contract, export)}" download>Download als CSV (Excel)<span' in html
