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


def test_a_reader_downloads_the_regions_gemeenten_and_the_comparison_areas_with_decimal_commas(
    wereld: Wereld,
) -> None:
    regiobeeld = _met_cijfers(wereld)
    eerste, tweede = wereld.regio.gemeenten.order_by("naam")
    ander = wereld.andere_regio.gemeenten.get()
    # A figure of a gemeente outside the region, imported by this region (a CBS file holds every gemeente): it
    # counts in the Netherlands' figure, it is not a row of its own.
    Cijfer.objects.create(
        regio=wereld.regio,
        indicator=Indicator.objects.get(code="groei"),
        gemeente=ander,
        jaar=2024,
        waarde=Decimal("3"),
        bron="CBS",
    )

    antwoord = _client(wereld.lezer).get(_url(regiobeeld))

    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"] == 'attachment; filename="regiobeeld-eigen-regio-2026-cijfers.csv"'
    assert antwoord.content.startswith(b"\xef\xbb\xbfIndicator;Code;Eenheid;")
    kop, *rijen = csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig"), newline=""), delimiter=";")
    assert kop == [
        "Indicator",
        "Code",
        "Eenheid",
        "Soort gebied",
        "CBS-code",
        "Gebied",
        "Jaar",
        "Waarde",
        "Gemeenten met gegevens",
        "Bron",
        "Illustratief (verzonnen)",
        "Soort cijfer",
        "Prognose gemaakt in",
    ]
    bron = "'" + VIJANDIGE_BRON
    gemeenten = [r for r in rijen if r[3] == "gemeente"]
    voor = ["Bevolkingsgroei", "groei", "%", "gemeente"]
    assert gemeenten == sorted(
        [
            [*voor, eerste.code, eerste.naam, "2023", "2", "", bron, "nee", "gemeten", ""],
            [*voor, eerste.code, eerste.naam, "2024", "1,25", "", bron, "nee", "gemeten", ""],
            [*voor, tweede.code, tweede.naam, "2024", "-0,5", "", bron, "nee", "gemeten", ""],
        ],
        key=lambda r: (r[5], r[6]),
    )
    assert ander.code not in {r[4] for r in rijen}  # no gemeente outside the region
    gebieden = {(r[3], r[5], r[6]): (r[7], r[8]) for r in rijen if r[3] != "gemeente"}
    # Weighted by inhabitants (60.000 and 45.000; the other region's gemeente 30.000), worked by hand:
    # region 2024 = (1,25 x 60.000 - 0,5 x 45.000) / 105.000 = 52.500 / 105.000 = 0,5;
    # Netherlands 2024 = (52.500 + 3 x 30.000) / 135.000 = 142.500 / 135.000 = 1,0556 (four decimals).
    assert gebieden[("regio", "Eigen regio", "2024")] == ("0,5", "2 / 2")
    assert gebieden[("regio", "Eigen regio", "2023")] == ("2", "1 / 2")
    nederland = gebieden[("Nederland (vergelijking)", "Nederland", "2024")]
    assert nederland[0] == "1,0556"
    assert nederland[1].startswith("3 / ")
    assert any(soort == "provincie (vergelijking)" for soort, _g, _j in gebieden)
    assert len(rijen) < 20  # the region and its comparisons, not every gemeente


def test_the_download_is_logged_for_the_region_and_the_persons_party(wereld: Wereld) -> None:
    regiobeeld = _met_cijfers(wereld)

    _client(wereld.bewerker).get(_url(regiobeeld))

    regel = Auditregel.objects.get(soort=Auditregel.Soort.GEGEVENSEXPORT)
    assert (regel.gebruiker, regel.organisatie, regel.regio) == (wereld.bewerker, wereld.zorggroep, wereld.regio)
    assert regel.wat.startswith("csv gedownload: cijfers van regiobeeld 2026 van regio 'Eigen regio' (")


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
        '<span class="visueel-verborgen">: cijfers van de gemeenten van de regio, de regio, de provincie en '
        "Nederland</span></a>"
    ) in html


def test_forecasts_follow_the_measured_figures_marked_with_their_source_and_the_year_they_were_made(
    wereld: Wereld,
) -> None:
    regiobeeld = _met_cijfers(wereld)
    eerste, tweede = wereld.regio.gemeenten.order_by("naam")
    groei = Indicator.objects.get(code="groei")
    for gemeente, waarde in ((eerste, "3"), (tweede, "1")):
        Cijfer.objects.create(
            regio=wereld.regio,
            indicator=groei,
            gemeente=gemeente,
            jaar=2030,
            waarde=Decimal(waarde),
            bron="PBL/CBS prognose",
            prognosejaar=2025,
        )

    antwoord = _client(wereld.lezer).get(_url(regiobeeld))

    _kop, *rijen = csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig"), newline=""), delimiter=";")
    prognoses = [r for r in rijen if r[11] == "prognose"]
    assert [r[11] for r in rijen] == ["gemeten"] * (len(rijen) - len(prognoses)) + ["prognose"] * len(prognoses)
    assert [(r[3], r[6], r[9], r[12]) for r in prognoses if r[3] == "gemeente"] == [
        ("gemeente", "2030", "PBL/CBS prognose", "2025"),
        ("gemeente", "2030", "PBL/CBS prognose", "2025"),
    ]
    # The region's forecast on its own: (3 x 60.000 + 1 x 45.000) / 105.000 = 2,1429; the measured 2024 stays 0,5.
    regio = {(r[6], r[11]): r[7] for r in rijen if r[3] == "regio"}
    assert regio[("2030", "prognose")] == "2,1429"
    assert regio[("2024", "gemeten")] == "0,5"
    assert ("2030", "gemeten") not in regio
