"""regiobeeld.analysis key figures, worked out by hand: ratios of sums, population-weighted means, index and points.

The world: a region of gemeenten A (10.000 inhabitants) and B (30.000); its province adds C (60.000); the
Netherlands adds D (100.000). 200.000 inhabitants in all.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from regiobeeld.analysis import (
    INDEX,
    PUNTEN,
    Kernindicator,
    is_bevolkingsaantal,
    kerncijfers,
    regioreeksen,
    schaal_kiezen,
    vergelijken_geindexeerd,
    vergelijken_per_inwoners,
    verschil,
    waarden_frame,
)

INWONERS = {"A": 10_000.0, "B": 30_000.0, "C": 60_000.0, "D": 100_000.0}
REGIO, PROVINCIE, NEDERLAND = ["A", "B"], ["A", "B", "C"], ["A", "B", "C", "D"]
PRAKTIJKEN = Kernindicator("praktijken", "som")
ROKERS = Kernindicator("rokers", "gewogen", procent=True)
KOSTEN = Kernindicator("kosten", "gewogen")


def _cijfers(*rijen: tuple[str, str, int, float | None]) -> dict[str, dict[str, Any]]:
    frame = kerncijfers(
        waarden_frame(rijen),
        indicatoren=[PRAKTIJKEN, ROKERS, KOSTEN],
        regio=REGIO,
        provincie=PROVINCIE,
        nederland=NEDERLAND,
        inwoners=INWONERS,
    )
    return {str(r["indicator"]): {str(k): v for k, v in r.items()} for r in frame.to_dict("records")}


def test_a_count_is_compared_per_inhabitants_as_a_ratio_of_sums_not_an_average_of_ratios() -> None:
    # Region: 2 + 4 = 6 practices for 40.000 inhabitants = 1,5 per 10.000 (the gemeenten's own ratios, 2,0 and
    # 1,33, would average to 1,67). Province: 15 / 100.000 = 1,5. Nederland: 25 / 200.000 = 1,25 per 10.000.
    rij = _cijfers(
        ("praktijken", "A", 2024, 2), ("praktijken", "B", 2024, 4),
        ("praktijken", "C", 2024, 9), ("praktijken", "D", 2024, 10),
    )["praktijken"]  # fmt: skip
    assert rij["jaar"] == 2024
    assert rij["regio"] == 6
    assert rij["per"] == 10_000  # 0,125 per 1.000 would be below 1
    assert rij["regio_vergelijkbaar"] == pytest.approx(1.5)
    assert rij["provincie"] == pytest.approx(1.5)
    assert rij["nederland"] == pytest.approx(1.25)
    assert rij["verschil"] == pytest.approx(120.0)  # 1,5 / 1,25 x 100
    assert rij["verschil_soort"] == INDEX
    assert rij["regio_volledig"]


def test_a_percentage_is_the_population_weighted_mean_compared_in_percentage_points() -> None:
    # Region: (10.000 x 20 + 30.000 x 10) / 40.000 = 12,5 %, not the plain mean 15 %.
    # Nederland: (200.000 + 300.000 + 60.000 x 15 + 100.000 x 25) / 200.000 = 3.900.000 / 200.000 = 19,5 %.
    rij = _cijfers(
        ("rokers", "A", 2023, 20), ("rokers", "B", 2023, 10),
        ("rokers", "C", 2023, 15), ("rokers", "D", 2023, 25),
    )["rokers"]  # fmt: skip
    assert rij["regio"] == pytest.approx(12.5)
    assert rij["provincie"] == pytest.approx((200_000 + 300_000 + 900_000) / 100_000)  # 14,0
    assert rij["nederland"] == pytest.approx(19.5)
    assert rij["verschil"] == pytest.approx(-7.0)  # 12,5 - 19,5 points
    assert rij["verschil_soort"] == PUNTEN
    assert rij["per"] == 0


def test_an_amount_per_inhabitant_is_indexed_against_the_netherlands() -> None:
    # Region: (10.000 x 3.000 + 30.000 x 2.000) / 40.000 = 2.250; Nederland with D at 2.500 and C at 2.000:
    # (30 + 60 + 120 + 250) million / 200.000 = 2.300. Index 2.250 / 2.300 x 100 = 97,83.
    rij = _cijfers(
        ("kosten", "A", 2024, 3000), ("kosten", "B", 2024, 2000),
        ("kosten", "C", 2024, 2000), ("kosten", "D", 2024, 2500),
    )["kosten"]  # fmt: skip
    assert rij["regio"] == pytest.approx(2250)
    assert rij["nederland"] == pytest.approx(2300)
    assert rij["verschil"] == pytest.approx(2250 / 2300 * 100)


def test_province_and_netherlands_are_taken_in_the_regions_latest_year() -> None:
    # The region's latest year is 2023; Nederland has a newer figure for D (2024) that must not be used.
    rij = _cijfers(
        ("praktijken", "A", 2022, 1), ("praktijken", "A", 2023, 2), ("praktijken", "B", 2023, 4),
        ("praktijken", "D", 2023, 14), ("praktijken", "D", 2024, 99),
    )["praktijken"]  # fmt: skip
    assert rij["jaar"] == 2023
    # Nederland 2023: A, B and D have a value: 20 / 140.000 inhabitants (C has none and is not in the denominator).
    assert rij["nederland"] == pytest.approx(20 / 140_000 * 10_000)


def test_a_region_missing_a_gemeente_is_marked_incomplete_and_its_ratio_uses_only_the_gemeenten_with_data() -> None:
    rij = _cijfers(("praktijken", "B", 2024, 6), ("praktijken", "D", 2024, 10))["praktijken"]
    assert rij["regio"] == 6
    assert not rij["regio_volledig"]
    assert rij["regio_vergelijkbaar"] == pytest.approx(6 / 30_000 * 10_000)  # 2,0: B's inhabitants only
    assert math.isnan(rij["provincie"]) is False  # the province has B


def test_indicators_without_a_figure_in_the_region_are_left_out_and_empty_input_gives_no_rows() -> None:
    assert set(_cijfers(("rokers", "D", 2024, 20), ("kosten", "A", 2024, 1))) == {"kosten"}
    assert _cijfers() == {}


def test_the_scale_is_the_smallest_at_which_the_figure_is_at_least_one() -> None:
    assert schaal_kiezen(0.17) == 100  # inhabitants of an age group: 17 per 100
    assert schaal_kiezen(0.004) == 1_000  # 4 per 1.000
    assert schaal_kiezen(0.000125) == 10_000  # 1,25 per 10.000
    assert schaal_kiezen(0.0) == 1_000  # nothing to go by: per 1.000


def test_the_difference_is_missing_without_both_figures_or_against_zero() -> None:
    assert math.isnan(verschil(math.nan, 2.0, procent=False))
    assert math.isnan(verschil(1.0, 0.0, procent=False))
    assert verschil(1.0, 0.0, procent=True) == 1.0


def test_region_series_are_sums_or_weighted_means_per_year_in_year_order() -> None:
    reeksen = regioreeksen(
        waarden_frame(
            [
                ("praktijken", "A", 2024, 2),
                ("praktijken", "B", 2024, 4),
                ("praktijken", "A", 2023, 3),
                ("rokers", "A", 2024, 20),
                ("rokers", "B", 2024, 10),
                ("rokers", "C", 2024, 99),
            ]
        ),
        indicatoren=[PRAKTIJKEN, ROKERS],
        gemeenten=REGIO,
        inwoners=INWONERS,
    )
    assert reeksen == {"praktijken": [(2023, 3.0), (2024, 6.0)], "rokers": [(2024, pytest.approx(12.5))]}


def test_the_comparison_chart_puts_a_count_per_inhabitants_at_the_scale_the_netherlands_reads_best_at() -> None:
    # The same practices as above: region 6 / 40.000, province 15 / 100.000, Nederland 25 / 200.000 inhabitants.
    # Not 6 against 25 (a region against a country), but 1,5, 1,5 and 1,25 per 10.000.
    waarden = waarden_frame([("praktijken", g, 2024, w) for g, w in (("A", 2), ("B", 4), ("C", 9), ("D", 10))])
    frame, schaal = vergelijken_per_inwoners(
        waarden,
        indicator="praktijken",
        groepen={"Regio": REGIO, "Provincie": PROVINCIE, "Nederland": NEDERLAND},
        gewichten=INWONERS,
        jaar=2024,
    )
    assert schaal == 10_000
    assert list(frame["waarde"]) == pytest.approx([1.5, 1.5, 1.25])
    assert list(frame["volledig"]) == [True, True, True]


def test_the_number_of_inhabitants_is_compared_as_it_grew_not_per_inhabitant() -> None:
    # 2015 -> 2024: region A 10.000 -> 11.000 and B 30.000 -> 30.000: 41.000 / 40.000 = 102,5; Nederland adds
    # D 100.000 -> 110.000 (C has no 2015 figure and is left out of both years): 151.000 / 140.000 = 107,86.
    waarden = waarden_frame(
        [
            ("inwoners", "A", 2015, 10_000), ("inwoners", "A", 2024, 11_000),
            ("inwoners", "B", 2015, 30_000), ("inwoners", "B", 2024, 30_000),
            ("inwoners", "C", 2024, 60_000),
            ("inwoners", "D", 2015, 100_000), ("inwoners", "D", 2024, 110_000),
        ]
    )  # fmt: skip
    frame = vergelijken_geindexeerd(
        waarden, indicator="inwoners", groepen={"Regio": REGIO, "Nederland": NEDERLAND}, jaar=2024, basisjaar=2015
    )
    assert list(frame["waarde"]) == pytest.approx([102.5, 151_000 / 140_000 * 100])
    assert list(frame["gemeenten_met_data"]) == [2, 3]
    assert is_bevolkingsaantal(eenheid="inwoners", aggregatie="som")
    assert not is_bevolkingsaantal(eenheid="inwoners", aggregatie="som", leeftijdsgroep="0-14 jaar")
    # In the key figures the population is its own total in every area, with no index against a country.
    rij = kerncijfers(
        waarden,
        indicatoren=[Kernindicator("inwoners", "som", bevolking=True)],
        regio=REGIO,
        provincie=PROVINCIE,
        nederland=NEDERLAND,
        inwoners=INWONERS,
    ).iloc[0]
    assert (rij["regio"], rij["nederland"], rij["per"]) == (41_000, 211_000, 0)
    assert math.isnan(rij["verschil"])


def test_a_row_names_one_kept_value_in_words_and_counts_several_which_are_listed_under_the_tables() -> None:
    from regiobeeld.kerncijfers import behouden_kort
    from regiobeeld.selectors import Behouden

    def oud(gemeente: str) -> Behouden:
        return Behouden(1, "Inwoners", gemeente, 2024, 1.0, "CBS", None, "nieuw.csv", "Eigen")

    assert behouden_kort([]) == ""
    assert behouden_kort([oud("Heerlen")]) == "Heerlen 2024: oude waarde uit CBS, behouden bij nieuw.csv"
    assert behouden_kort([oud("Heerlen"), oud("Kerkrade")]) == (
        "2 gemeenten; zie de lijst van oude waarden onder de tabellen"
    )
