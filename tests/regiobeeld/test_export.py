"""The region's figures as a CSV download from the regiobeeld page: content, Excel format, access and the log."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from regio.models import Auditregel, Gebruiker
from regiobeeld import services
from regiobeeld.models import Cijfer, Indicator, Regiobeeld
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

VIJANDIGE_BRON = "=cmd|' /C calc'!A0"


def _client(gebruiker: Gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def _url(regiobeeld: Regiobeeld) -> str:
    return reverse("regiobeeld:cijfers_csv", args=[regiobeeld.regio.slug, regiobeeld.jaar])


def _met_cijfers(wereld: Wereld) -> Regiobeeld:
    """A 2026 regiobeeld; the region has a percentage per gemeente (one negative) from a hostile source, and the
    other region a figure of its own."""
    regiobeeld = services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)
    indicator = Indicator.objects.create(
        code="groei", naam="Bevolkingsgroei", eenheid="%", aggregatie="gewogen", domein="bevolking", bron="CBS"
    )
    eerste, tweede = wereld.regio.gemeenten.order_by("naam")
    for gemeente, jaar, waarde in ((eerste, 2024, "1.250000"), (tweede, 2024, "-0.500000"), (eerste, 2023, "2")):
        Cijfer.objects.create(
            regio=wereld.regio,
            indicator=indicator,
            gemeente=gemeente,
            jaar=jaar,
            waarde=Decimal(waarde),
            bron=VIJANDIGE_BRON,
        )
    Cijfer.objects.create(
        regio=wereld.andere_regio,
        indicator=indicator,
        gemeente=wereld.andere_regio.gemeenten.get(),
        jaar=2024,
        waarde=Decimal("9"),
        bron="Andere bron",
    )
    return regiobeeld


def test_a_reader_downloads_every_figure_of_the_region_with_decimal_commas_and_neutralised_sources(
    wereld: Wereld,
) -> None:
    regiobeeld = _met_cijfers(wereld)
    eerste, tweede = wereld.regio.gemeenten.order_by("naam")

    antwoord = _client(wereld.lezer).get(_url(regiobeeld))

    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"] == 'attachment; filename="regiobeeld-eigen-regio-2026-cijfers.csv"'
    assert antwoord.content.startswith(b"\xef\xbb\xbfIndicator;Code;Eenheid;")
    kop, *rijen = csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig"), newline=""), delimiter=";")
    assert kop == [
        "Indicator",
        "Code",
        "Eenheid",
        "CBS-code gemeente",
        "Gemeente",
        "Jaar",
        "Waarde",
        "Bron",
        "Illustratief (verzonnen)",
    ]
    bron = "'" + VIJANDIGE_BRON
    verwacht = sorted(
        [
            ["Bevolkingsgroei", "groei", "%", eerste.code, eerste.naam, "2023", "2", bron, "nee"],
            ["Bevolkingsgroei", "groei", "%", eerste.code, eerste.naam, "2024", "1,25", bron, "nee"],
            ["Bevolkingsgroei", "groei", "%", tweede.code, tweede.naam, "2024", "-0,5", bron, "nee"],
        ],
        key=lambda r: (r[4], r[5]),
    )
    assert rijen == verwacht  # nothing of the other region


def test_the_download_is_logged_for_the_region_and_the_persons_party(wereld: Wereld) -> None:
    regiobeeld = _met_cijfers(wereld)

    _client(wereld.bewerker).get(_url(regiobeeld))

    regel = Auditregel.objects.get(soort=Auditregel.Soort.GEGEVENSEXPORT)
    assert (regel.gebruiker, regel.organisatie, regel.regio) == (wereld.bewerker, wereld.zorggroep, wereld.regio)
    assert regel.wat == "csv gedownload: cijfers van regiobeeld 2026 van regio 'Eigen regio' (3 rijen)"


def test_koepel_staff_download_too_and_are_logged_without_a_party(wereld: Wereld) -> None:
    regiobeeld = _met_cijfers(wereld)

    assert _client(wereld.koepel).get(_url(regiobeeld)).status_code == 200

    regel = Auditregel.objects.get(soort=Auditregel.Soort.GEGEVENSEXPORT)
    assert (regel.gebruiker, regel.organisatie) == (wereld.koepel, None)


def test_a_member_of_another_region_gets_404_and_nothing_is_logged(wereld: Wereld) -> None:
    regiobeeld = _met_cijfers(wereld)

    assert _client(wereld.buitenstaander).get(_url(regiobeeld)).status_code == 404
    assert not Auditregel.objects.filter(soort=Auditregel.Soort.GEGEVENSEXPORT).exists()


def test_the_regiobeeld_page_links_to_the_download_with_a_name_that_says_what_it_holds(wereld: Wereld) -> None:
    regiobeeld = _met_cijfers(wereld)

    html = _client(wereld.lezer).get(reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])).content.decode()

    assert (
        f'<a href="{_url(regiobeeld)}" download>Download als CSV (Excel)'
        '<span class="visueel-verborgen">: alle cijfers van de regio</span></a>'
    ) in html
