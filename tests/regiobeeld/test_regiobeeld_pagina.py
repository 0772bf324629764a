"""The regiobeeld page: charts with captions, sources and data tables, in a fixed number of queries."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regio.models import Gemeente
from regiobeeld import services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Indicator
from tests.factories import GemeenteFactory
from tests.personas import Wereld
from tests.regiobeeld.test_figuurcache import _tabel
from tests.regiobeeld.werelden import figuur_op_pagina

pytestmark = pytest.mark.django_db


def _cijfers(wereld: Wereld, codes: list[str], jaren: range, illustratief: bool = False) -> None:
    gemeenten = list(Gemeente.objects.values_list("code", flat=True))
    rijen = [(code, g, jaar, 10.0 + i + jaar % 7) for code in codes for i, g in enumerate(gemeenten) for jaar in jaren]
    services.cijfers_opslaan(
        regio=wereld.regio,
        waarden=pd.DataFrame(rijen, columns=["indicator", "gemeente", "jaar", "waarde"]),
        bron="Testbron",
        is_illustratief=illustratief,
        importbestand=None,
    )


@pytest.fixture
def regiobeeld(wereld: Wereld):
    kernset_laden()
    return services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)


def _pagina(wereld: Wereld, indicator: str = "") -> str:
    client = Client()
    client.force_login(wereld.lezer)
    url = reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])
    return client.get(url, {"indicator": indicator} if indicator else {}).content.decode()


def test_without_figures_the_page_says_how_to_import_them(wereld: Wereld, regiobeeld) -> None:
    html = _pagina(wereld)
    assert "Er zijn nog geen cijfers voor deze regio ingelezen." in html
    assert "105.000" in html  # the population from the CBS gemeente register


def test_each_chart_has_a_caption_a_source_and_a_data_table(wereld: Wereld, regiobeeld) -> None:
    _cijfers(wereld, ["ervaren_gezondheid_goed"], range(2020, 2025))
    html = _pagina(wereld, "ervaren_gezondheid_goed")
    for titel in (
        "Verloop over de jaren",
        "Regio, provincie en Nederland in 2024",
        "Per gemeente in 2024",
        "Kaart van de regio in 2024",
    ):
        assert titel in html
    assert html.count("Tabel bij deze grafiek") == 4
    assert html.count('data-grafiek="fig-') == 4
    assert "Bron: Testbron" in html
    assert "Illustratief:" not in html
    assert "http" not in html.split('id="fig-kaart"')[1].split("</script>")[0]  # no tiles, no network


def test_invented_figures_are_labelled_illustrative(wereld: Wereld, regiobeeld) -> None:
    _cijfers(wereld, ["eenzaamheid_ernstig"], range(2023, 2025), illustratief=True)
    assert "Illustratief:" in _pagina(wereld, "eenzaamheid_ernstig")


def test_the_age_structure_appears_when_age_groups_have_figures(wereld: Wereld, regiobeeld) -> None:
    _cijfers(wereld, ["inwoners_0_14", "inwoners_15_64", "inwoners_65_79", "inwoners_80_plus"], range(2024, 2025))
    html = _pagina(wereld)
    assert "Leeftijdsopbouw in 2024" in html
    assert "80+ jaar" in html


def test_the_page_costs_the_same_queries_whatever_the_number_of_indicators_and_years(
    wereld: Wereld, regiobeeld
) -> None:
    client = Client()
    client.force_login(wereld.lezer)
    url = reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])
    _cijfers(wereld, ["ervaren_gezondheid_goed"], range(2023, 2025))
    client.get(url)
    with CaptureQueriesContext(connection) as weinig:
        client.get(url, {"indicator": "ervaren_gezondheid_goed"})
    # Every imported indicator (a ratio is computed from two of them, never imported).
    codes = list(Indicator.objects.exclude(aggregatie="verhouding").values_list("code", flat=True))
    for _ in range(6):
        GemeenteFactory.create()
    _cijfers(wereld, codes, range(2014, 2025))
    with CaptureQueriesContext(connection) as veel:
        client.get(url, {"indicator": "ervaren_gezondheid_goed"})
    assert len(veel.captured_queries) == len(weinig.captured_queries)
    assert len(veel.captured_queries) <= 20


def test_an_indicator_is_named_with_its_unit_only_where_the_unit_adds_something() -> None:
    from regiobeeld.models import Indicator

    assert str(Indicator(naam="Inwoners", eenheid="inwoners")) == "Inwoners"
    assert str(Indicator(naam="Rokers", eenheid="%")) == "Rokers (%)"
    assert str(Indicator(naam="Huisartsen", eenheid="")) == "Huisartsen"


def _kosten(wereld: Wereld, waarden: list[float]) -> None:
    """Care costs per inhabitant (unit "euro") for the region's gemeenten in 2024, largest gemeente first."""
    gemeenten = wereld.regio.gemeenten.order_by("-inwoners").values_list("code", flat=True)
    services.cijfers_opslaan(
        regio=wereld.regio,
        waarden=pd.DataFrame(
            [("zorgkosten_per_inwoner", g, 2024, w) for g, w in zip(gemeenten, waarden, strict=True)],
            columns=["indicator", "gemeente", "jaar", "waarde"],
        ),
        bron="Testbron",
        is_illustratief=False,
        importbestand=None,
    )


def test_euro_figures_are_whole_euros_or_cents_never_one_decimal(wereld: Wereld, regiobeeld) -> None:
    _kosten(wereld, [3100.25, 2900.75])
    html = _pagina(wereld, "zorgkosten_per_inwoner")
    # Above a thousand euros: whole euros, rounded half up (2.900,75 -> 2.901), in every table and chart.
    assert sorted(rij[1] for rij in _tabel(html, "gemeenten")) == ["2.901", "3.100"]
    assert re.fullmatch(r"3\.01\d", _tabel(html, "trend")[-1][1])  # the weighted mean, about 3.014,75
    figuur = figuur_op_pagina(html, "gemeenten")
    assert "<br>€ 2.901" in figuur["data"][0]["hovertext"][-1]  # the bar's hover text


def test_small_euro_figures_are_in_cents(wereld: Wereld, regiobeeld) -> None:
    _kosten(wereld, [12.5, 7.25])
    assert sorted(rij[1] for rij in _tabel(_pagina(wereld, "zorgkosten_per_inwoner"), "gemeenten")) == [
        "12,50",
        "7,25",
    ]


def test_the_english_interface_shows_the_figures_the_english_way(wereld: Wereld, regiobeeld) -> None:
    _kosten(wereld, [3100.25, 2900.75])
    client = Client()
    client.force_login(wereld.lezer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])
    html = client.get(url, {"indicator": "zorgkosten_per_inwoner"}).content.decode()
    assert sorted(rij[1] for rij in _tabel(html, "gemeenten")) == ["2,901", "3,100"]
    figuur = figuur_op_pagina(html, "gemeenten")
    assert "<br>€2,901" in figuur["data"][0]["hovertext"][-1]  # the bar's hover text
    assert figuur["layout"]["separators"] == ".,"  # plotly's own ticks: a decimal point, thousands commas
    assert "105,000" in html  # the inhabitants
