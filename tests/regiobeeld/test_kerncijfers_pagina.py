"""The key-figures page: every indicator of the region against its province and the Netherlands, grouped by the
regiobeeld's parts, sortable without JavaScript, read by a screen reader, in a fixed number of queries; and the
indicators the regiobeeld highlights.

The personas' world: the own region has gemeenten of 60.000 and 45.000 inhabitants, the other region one of
30.000 (all in Limburg); these tests add one gemeente of 50.000 in Utrecht. 185.000 inhabitants in all.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse

from regio.models import Documentwijziging
from regiobeeld import services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Indicator, Regiobeeld, Uitgelicht
from tests.factories import GemeenteFactory
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def regiobeeld(wereld: Wereld) -> Regiobeeld:
    kernset_laden()
    return services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)


def _gemeenten(wereld: Wereld) -> tuple[str, str, str, str]:
    """The own region's two gemeenten (60.000 and 45.000), the other region's (30.000), and Utrecht's (50.000)."""
    g1, g2 = wereld.regio.gemeenten.order_by("-inwoners")
    (g3,) = wereld.andere_regio.gemeenten.all()
    utrecht = GemeenteFactory.create(inwoners=50_000, provincie="Utrecht")
    return g1.code, g2.code, g3.code, utrecht.code


def _opslaan(wereld: Wereld, rijen: list[tuple[str, str, int, float]], bron: str = "Testbron") -> None:
    services.cijfers_opslaan(
        regio=wereld.regio,
        waarden=pd.DataFrame(rijen, columns=["indicator", "gemeente", "jaar", "waarde"]),
        bron=bron,
        is_illustratief=False,
        importbestand=None,
    )


def _hand_cijfers(wereld: Wereld) -> None:
    g1, g2, g3, gu = _gemeenten(wereld)
    _opslaan(
        wereld,
        [
            ("huisartsenpraktijken", g1, 2024, 6), ("huisartsenpraktijken", g2, 2024, 3),
            ("huisartsenpraktijken", g3, 2024, 2), ("huisartsenpraktijken", gu, 2024, 10),
            ("huisartsenpraktijken", g1, 2023, 5), ("huisartsenpraktijken", g2, 2023, 3),
            ("ervaren_gezondheid_goed", g1, 2023, 80), ("ervaren_gezondheid_goed", g2, 2023, 70),
            ("ervaren_gezondheid_goed", g3, 2023, 60), ("ervaren_gezondheid_goed", gu, 2023, 90),
        ],
    )  # fmt: skip


def _url(wereld: Wereld, **query: str) -> str:
    pad = reverse("regiobeeld:kerncijfers", args=[wereld.regio.slug, 2026])
    return pad + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _pagina(wereld: Wereld, wie: str = "lezer", **query: str) -> str:
    client = Client()
    client.force_login(wereld.persona(wie))  # type: ignore[arg-type]
    antwoord = client.get(_url(wereld, **query))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def _rij(html: str, code: str) -> list[str]:
    """The cells of an indicator's row, as text."""
    rij = html.split(f'id="rij-{code}"')[1].split("</tr>")[0]
    cellen = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cellen]


def test_a_count_is_compared_per_inhabitants_with_an_index_worked_out_by_hand(wereld: Wereld, regiobeeld) -> None:
    # Region 6 + 3 = 9 practices for 105.000 inhabitants: 0,857 per 10.000. Limburg: 11 / 135.000 = 0,815.
    # Nederland: 21 / 185.000 = 1,135 (0,11 per 1.000 would be below 1, so per 10.000). Index 75,5.
    _hand_cijfers(wereld)
    cellen = _rij(_pagina(wereld), "huisartsenpraktijken")
    assert cellen[0] == "Huisartsenpraktijken"
    assert cellen[1].startswith("9 praktijken 0,9 per 10.000 inwoners")
    assert cellen[2] == "0,8 per 10.000 inwoners"
    assert cellen[3] == "1,1 per 10.000 inwoners"
    assert cellen[4].startswith("76") and "index 76 (Nederland = 100)" in cellen[4]
    assert cellen[6:8] == ["2024", "Testbron"]


def test_a_percentage_is_a_weighted_mean_compared_in_percentage_points(wereld: Wereld, regiobeeld) -> None:
    # Region (60.000 x 80 + 45.000 x 70) / 105.000 = 75,71 %; Nederland 14.250.000 / 185.000 = 77,03 %.
    _hand_cijfers(wereld)
    cellen = _rij(_pagina(wereld), "ervaren_gezondheid_goed")
    assert cellen[1] == "75,7%"
    assert cellen[3] == "77,0%"
    assert "\u22121,3 procentpunt ten opzichte van Nederland" in cellen[4]


def test_indicators_are_grouped_by_the_parts_of_the_regiobeeld_and_empty_parts_say_which_import_fills_them(
    wereld: Wereld, regiobeeld
) -> None:
    _hand_cijfers(wereld)
    html = _pagina(wereld)
    koppen = re.findall(r"<h2 id=\"kop-(\w+)\">", html)
    assert koppen == ["bevolking", "zorgvraag", "zorgaanbod", "trends", "kosten"]
    zorgvraag = html.split('id="kop-zorgvraag"')[1].split("</section>")[0]
    assert 'id="rij-ervaren_gezondheid_goed"' in zorgvraag
    kosten = html.split('id="kop-kosten"')[1].split("</section>")[0]
    assert "Nog geen cijfers over kosten." in kosten
    assert "Eigen aanlevering zorgverzekeraar" in kosten  # the source of the catalogue's cost indicator


def test_an_indicator_without_a_part_is_shown_under_other_figures(wereld: Wereld, regiobeeld) -> None:
    Indicator.objects.filter(code="huisartsenpraktijken").update(deel="")
    _hand_cijfers(wereld)
    html = _pagina(wereld)
    assert 'id="rij-huisartsenpraktijken"' in html.split('id="kop-overig"')[1]


def test_the_table_is_read_by_a_screen_reader_and_scrolls_in_its_own_labelled_region(
    wereld: Wereld, regiobeeld
) -> None:
    _hand_cijfers(wereld)
    html = " ".join(_pagina(wereld).split())  # attributes as the browser reads them, whatever the line breaks
    assert '<div class="tabel-scroll" role="region" tabindex="0" aria-label="Tabel: Zorgaanbod">' in html
    assert '<caption class="visueel-verborgen" id="bijschrift-zorgaanbod">Zorgaanbod' in html  # the h2 shows it
    assert '<th scope="row">Huisartsenpraktijken</th>' in html
    assert html.count('scope="col"') >= 8
    assert 'role="img" aria-label="Van 2023 tot 2024 gestegen van 8 praktijken naar 9 praktijken."' in html


def test_sorting_works_through_links_and_says_so_with_aria_sort(wereld: Wereld, regiobeeld) -> None:
    g1, g2, *_ = _gemeenten(wereld)
    _opslaan(wereld, [("inwoners_0_14", g1, 2024, 9000), ("inwoners_0_14", g2, 2024, 6000)])
    _opslaan(wereld, [("inwoners_80_plus", g1, 2024, 3000), ("inwoners_80_plus", g2, 2024, 1000)])
    _opslaan(wereld, [("aandeel_65_plus", g1, 2024, 20), ("aandeel_65_plus", g2, 2024, 30)])
    standaard = _pagina(wereld)
    assert 'aria-sort="none"' in standaard
    assert '<a href="?sorteer=indicator&amp;richting=op">' in standaard
    op = _pagina(wereld, sorteer="indicator", richting="op")
    af = _pagina(wereld, sorteer="indicator", richting="af")
    volgorde = ["rij-aandeel_65_plus", "rij-inwoners_0_14", "rij-inwoners_80_plus"]
    assert re.findall(r'id="(rij-[a-z0-9_]+)"', op) == volgorde
    assert re.findall(r'id="(rij-[a-z0-9_]+)"', af) == volgorde[::-1]
    assert 'aria-sort="ascending"><a href="?sorteer=indicator&amp;richting=af">' in op
    assert 'aria-sort="descending"' in af
    # Nonsense in the query string gives the catalogue's order, not an error.
    assert "rij-inwoners_0_14" in _pagina(wereld, sorteer="<script>", richting="x")


def test_an_editor_highlights_an_indicator_which_is_recorded_and_shown_at_the_top_of_the_regiobeeld(
    wereld: Wereld, regiobeeld
) -> None:
    _hand_cijfers(wereld)
    client = Client()
    client.force_login(wereld.bewerker)
    adres = reverse("regiobeeld:uitgelicht", args=[wereld.regio.slug, 2026])
    regiobeeld.refresh_from_db()
    versie = regiobeeld.versie
    antwoord = client.post(adres, {"indicator": "huisartsenpraktijken", "uitgelicht": "1", "sorteer": "jaar"})
    assert antwoord.status_code == 302
    assert antwoord["Location"].endswith("?sorteer=jaar&richting=op#rij-huisartsenpraktijken")
    assert Uitgelicht.objects.filter(regiobeeld=regiobeeld, indicator__code="huisartsenpraktijken").exists()
    wijziging = Documentwijziging.objects.filter(document_id=regiobeeld.pk).order_by("-pk").first()
    assert wijziging is not None and wijziging.wat == "Uitgelicht: Huisartsenpraktijken"
    assert wijziging.gebruiker == wereld.bewerker
    regiobeeld.refresh_from_db()
    assert regiobeeld.versie == versie  # highlighting changes no agreed figure or text
    assert 'aria-pressed="true"' in _pagina(wereld, "bewerker").split('id="rij-huisartsenpraktijken"')[1]

    lezer = Client()
    lezer.force_login(wereld.lezer)
    detail = lezer.get(reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])).content.decode()
    bovenaan = detail.split('id="kop-uitgelicht"')[1].split("</section>")[0]
    assert "Huisartsenpraktijken" in bovenaan and "0,9 per 10.000 inwoners" in bovenaan
    assert detail.index('id="kop-uitgelicht"') < detail.index('id="akkoord"')

    client.post(adres, {"indicator": "huisartsenpraktijken", "uitgelicht": "0"})
    assert not Uitgelicht.objects.filter(regiobeeld=regiobeeld).exists()
    assert Documentwijziging.objects.filter(wat="Niet meer uitgelicht: Huisartsenpraktijken").exists()


def test_highlighting_twice_changes_nothing_and_an_unknown_indicator_is_not_found(wereld: Wereld, regiobeeld) -> None:
    indicator = Indicator.objects.get(code="inwoners")
    assert services.uitgelicht_zetten(
        regiobeeld=regiobeeld, indicator=indicator, uitgelicht=True, acting_user=wereld.bewerker
    )
    assert not services.uitgelicht_zetten(
        regiobeeld=regiobeeld, indicator=indicator, uitgelicht=True, acting_user=wereld.bewerker
    )
    assert Uitgelicht.objects.count() == 1
    client = Client()
    client.force_login(wereld.bewerker)
    adres = reverse("regiobeeld:uitgelicht", args=[wereld.regio.slug, 2026])
    assert client.post(adres, {"indicator": "bestaat-niet", "uitgelicht": "1"}).status_code == 404


def test_readers_see_no_highlight_buttons(wereld: Wereld, regiobeeld) -> None:
    _hand_cijfers(wereld)
    assert "aria-pressed" not in _pagina(wereld, "lezer")
    assert "aria-pressed" in _pagina(wereld, "bewerker")


def test_each_part_of_the_regiobeeld_page_shows_its_own_key_figures_or_what_would_fill_it(
    wereld: Wereld, regiobeeld
) -> None:
    _hand_cijfers(wereld)
    client = Client()
    client.force_login(wereld.lezer)
    html = client.get(reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])).content.decode()

    def deel(soort: str) -> str:
        return html.split(f'id="deel-{soort}"')[1].split("</section>")[0]

    assert 'id="rij-huisartsenpraktijken-deel"' in deel("zorgaanbod")
    assert 'id="rij-ervaren_gezondheid_goed-deel"' in deel("zorgvraag")
    assert "Nog geen cijfers over kosten." in deel("zorgvraag")  # costs stand with care demand
    assert "Nivel beroepenregistratie" in deel("trends")  # the import that would fill the trends
    assert "Kerncijfers:" not in deel("partijen") and "Kerncijfers:" not in deel("uitdagingen")
    assert deel("zorgaanbod").index("Kerncijfers: Zorgaanbod") < deel("zorgaanbod").index("Duiding")


def test_the_page_costs_a_fixed_number_of_queries_whatever_the_indicators_and_years(
    wereld: Wereld, regiobeeld, django_assert_max_num_queries
) -> None:
    client = Client()
    client.force_login(wereld.lezer)
    g1, g2, g3, gu = _gemeenten(wereld)
    _opslaan(wereld, [("inwoners", g, 2024, 1000) for g in (g1, g2, g3, gu)])
    client.get(_url(wereld))
    with django_assert_max_num_queries(20) as weinig:
        client.get(_url(wereld))
    # Every imported indicator (a ratio is computed from two of them, never imported).
    codes = list(Indicator.objects.exclude(aggregatie="verhouding").values_list("code", flat=True))
    _opslaan(wereld, [(c, g, j, 10.0 + j % 5) for c in codes for g in (g1, g2, g3, gu) for j in range(2010, 2025)])
    with django_assert_max_num_queries(20) as veel:
        antwoord = client.get(_url(wereld))
    assert antwoord.content.decode().count('<tr id="rij-') == Indicator.objects.count()  # the ratios too
    assert len(veel.captured_queries) == len(weinig.captured_queries)


def test_the_regiobeeld_chart_compares_a_count_per_inhabitants_not_a_region_with_a_country(
    wereld: Wereld, regiobeeld
) -> None:
    from tests.regiobeeld.test_figuurcache import _tabel

    _hand_cijfers(wereld)
    client = Client()
    client.force_login(wereld.lezer)
    html = client.get(
        reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026]), {"indicator": "huisartsenpraktijken"}
    ).content.decode()
    assert "Huisartsenpraktijken (per 10.000 inwoners)" in html
    assert [r[:2] for r in _tabel(html, "vergelijking")] == [
        ["Eigen regio", "0,9"],
        ["Provincie Limburg", "0,8"],
        ["Nederland", "1,1"],
    ]


def test_the_regiobeeld_chart_compares_the_population_by_its_growth(wereld: Wereld, regiobeeld) -> None:
    from tests.regiobeeld.test_figuurcache import _tabel

    g1, g2, g3, gu = _gemeenten(wereld)
    # Region 105.000 -> 107.100 = 102,0; Limburg adds 30.000 -> 30.000: 137.100 / 135.000 = 101,6;
    # Nederland adds 50.000 -> 55.000: 192.100 / 185.000 = 103,8.
    _opslaan(
        wereld,
        [
            ("inwoners", g1, 2020, 60_000), ("inwoners", g1, 2024, 62_100),
            ("inwoners", g2, 2020, 45_000), ("inwoners", g2, 2024, 45_000),
            ("inwoners", g3, 2020, 30_000), ("inwoners", g3, 2024, 30_000),
            ("inwoners", gu, 2020, 50_000), ("inwoners", gu, 2024, 55_000),
        ],
    )  # fmt: skip
    client = Client()
    client.force_login(wereld.lezer)
    html = client.get(reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])).content.decode()
    assert "Inwoners (index, 2020 = 100)" in html
    assert [r[:2] for r in _tabel(html, "vergelijking")] == [
        ["Eigen regio", "102,0"],
        ["Provincie Limburg", "101,6"],
        ["Nederland", "103,8"],
    ]
    kern = _pagina(wereld)
    assert _rij(kern, "inwoners")[1:5] == [
        "107.100 inwoners",
        "137.100 inwoners",
        "192.100 inwoners",
        "\u2013 geen vergelijking met Nederland",
    ]
