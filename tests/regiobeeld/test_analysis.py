"""regiobeeld.analysis: hand-calculated sums, weighted averages, coverage, comparison and spread."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from regio.gemeenten import gemeenten_lezen
from regiobeeld.analysis import (
    KOLOMMEN,
    LEEFTIJD_KOLOMMEN,
    PER_GEMEENTE_KOLOMMEN,
    REEKS_KOLOMMEN,
    VERGELIJKING_KOLOMMEN,
    Reekspunt,
    Spreiding,
    aggregeren,
    laatste_jaar,
    leeftijdsopbouw,
    per_gemeente,
    reekspunten,
    spreiding,
    vergelijken,
    waarden_frame,
)

OZL = ["GM0917", "GM0928", "GM0882", "GM0899", "GM0965", "GM0986", "GM1954"]
LEEG = waarden_frame([])


def frame(*rijen: tuple[str, str, int, float | Decimal | None]) -> pd.DataFrame:
    return waarden_frame(rijen)


# --- waarden_frame ---


def test_rows_become_a_frame_with_float_values_and_int_years() -> None:
    df = frame(("inw", "GM0917", 2024, Decimal("87461")), ("pct", "GM0917", 2024, 12.5))
    assert tuple(df.columns) == KOLOMMEN
    assert df["waarde"].dtype == "float64"
    assert df["jaar"].dtype == "int64"
    assert df["waarde"].tolist() == [87461.0, 12.5]


def test_no_rows_give_an_empty_frame_with_the_columns() -> None:
    assert LEEG.empty
    assert tuple(LEEG.columns) == KOLOMMEN


def test_a_missing_value_becomes_nan_and_counts_as_missing() -> None:
    df = frame(("inw", "A", 2024, None), ("inw", "B", 2024, 5))
    reeks = aggregeren(df, indicator="inw", gemeenten=["A", "B"], aggregatie="som", gewichten={})
    assert reeks["waarde"].tolist() == [5.0]
    assert reeks["gemeenten_met_data"].tolist() == [1]
    assert not reeks["volledig"].iloc[0]


# --- aggregeren ---


def test_a_count_is_the_sum_over_the_gemeenten_per_year() -> None:
    df = frame(
        ("inw", "A", 2023, 100),
        ("inw", "B", 2023, 50),
        ("inw", "A", 2024, 110),
        ("inw", "B", 2024, 55),
        ("inw", "C", 2024, 1000),  # not in the region
        ("ander", "A", 2024, 7),  # another indicator
    )
    reeks = aggregeren(df, indicator="inw", gemeenten=["A", "B"], aggregatie="som", gewichten={"A": 1.0, "B": 1.0})
    assert tuple(reeks.columns) == REEKS_KOLOMMEN
    assert reeks["jaar"].tolist() == [2023, 2024]
    assert reeks["waarde"].tolist() == [150.0, 165.0]
    assert reeks["volledig"].tolist() == [True, True]
    assert reeks["dekking"].tolist() == [1.0, 1.0]
    assert reeks["gemeenten_totaal"].tolist() == [2, 2]


def test_the_real_population_of_oostelijk_zuid_limburg_adds_up() -> None:
    gemeenten = {g.code: g for g in gemeenten_lezen()}
    df = waarden_frame(("inwoners", code, 2024, g.inwoners) for code, g in gemeenten.items())
    gewichten = {code: float(g.inwoners) for code, g in gemeenten.items()}
    reeks = aggregeren(df, indicator="inwoners", gemeenten=OZL, aggregatie="som", gewichten=gewichten)
    # 87,461 + 45,311 + 37,112 + 27,770 + 10,255 + 12,375 + 35,896 (CBS, 1 January 2024)
    assert reeks["waarde"].tolist() == [256_180.0]
    nederland = aggregeren(df, indicator="inwoners", gemeenten=list(gemeenten), aggregatie="som", gewichten=gewichten)
    assert nederland["waarde"].tolist() == [17_942_942.0]


def test_a_missing_gemeente_makes_the_sum_incomplete_and_lowers_the_coverage() -> None:
    df = frame(("inw", "A", 2024, 100_000), ("inw", "B", 2024, 50_000))
    gewichten = {"A": 100_000.0, "B": 50_000.0, "C": 50_000.0}
    reeks = aggregeren(df, indicator="inw", gemeenten=["A", "B", "C"], aggregatie="som", gewichten=gewichten)
    rij = reeks.iloc[0]
    assert rij["waarde"] == 150_000.0  # still given: the page says "onvolledig: 2 van 3 gemeenten"
    assert not rij["volledig"]
    assert (rij["gemeenten_met_data"], rij["gemeenten_totaal"]) == (2, 3)
    assert rij["dekking"] == pytest.approx(150_000 / 200_000)


def test_a_rate_is_weighted_by_inhabitants() -> None:
    df = frame(("pct", "A", 2024, 10.0), ("pct", "B", 2024, 20.0))
    reeks = aggregeren(
        df, indicator="pct", gemeenten=["A", "B"], aggregatie="gewogen", gewichten={"A": 100_000, "B": 50_000}
    )
    # (10 x 100,000 + 20 x 50,000) / 150,000
    assert reeks["waarde"].iloc[0] == pytest.approx(13.333333333)
    assert reeks["volledig"].iloc[0]
    assert reeks["dekking"].iloc[0] == 1.0


def test_a_rate_leaves_out_the_gemeente_without_a_value() -> None:
    df = frame(("pct", "A", 2024, 10.0), ("pct", "B", 2024, 20.0))
    gewichten = {"A": 100_000.0, "B": 50_000.0, "C": 50_000.0}
    rij = aggregeren(df, indicator="pct", gemeenten=["A", "B", "C"], aggregatie="gewogen", gewichten=gewichten).iloc[0]
    assert rij["waarde"] == pytest.approx(40 / 3)
    assert not rij["volledig"]
    assert rij["dekking"] == pytest.approx(0.75)


def test_a_gemeente_without_a_weight_is_ignored_in_a_rate_and_lowers_the_coverage() -> None:
    df = frame(("pct", "A", 2024, 10.0), ("pct", "B", 2024, 20.0), ("pct", "C", 2024, 90.0))
    rij = aggregeren(
        df,
        indicator="pct",
        gemeenten=["A", "B", "C"],
        aggregatie="gewogen",
        gewichten={"A": 100_000, "B": 50_000},
    ).iloc[0]
    assert rij["waarde"] == pytest.approx(40 / 3)  # C's 90 % does not count
    assert rij["gemeenten_met_data"] == 2
    assert not rij["volledig"]
    assert rij["dekking"] < 1


def test_a_rate_without_any_weight_has_no_value_but_does_not_fail() -> None:
    df = frame(("pct", "A", 2024, 10.0))
    rij = aggregeren(df, indicator="pct", gemeenten=["A"], aggregatie="gewogen", gewichten={}).iloc[0]
    assert math.isnan(rij["waarde"])
    assert rij["dekking"] == 0.0


def test_a_figure_read_twice_is_counted_once() -> None:
    df = frame(("inw", "A", 2024, 100), ("inw", "A", 2024, 100), ("inw", "B", 2024, 50))
    reeks = aggregeren(df, indicator="inw", gemeenten=["A", "B"], aggregatie="som", gewichten={})
    assert reeks["waarde"].tolist() == [150.0]


def test_an_unknown_aggregation_is_refused_even_without_data() -> None:
    with pytest.raises(ValueError, match="gemiddeld"):
        aggregeren(LEEG, indicator="x", gemeenten=["A"], aggregatie="gemiddeld", gewichten={})
    with pytest.raises(ValueError):
        vergelijken(LEEG, indicator="x", groepen={"R": ["A"]}, aggregatie="max", gewichten={}, jaar=2024)


def test_empty_input_gives_an_empty_series() -> None:
    reeks = aggregeren(LEEG, indicator="x", gemeenten=OZL, aggregatie="som", gewichten={})
    assert reeks.empty
    assert tuple(reeks.columns) == REEKS_KOLOMMEN
    assert aggregeren(frame(("x", "A", 2024, 1)), indicator="x", gemeenten=[], aggregatie="gewogen", gewichten={}).empty


def test_series_points_are_plain_values_for_templates() -> None:
    df = frame(("inw", "A", 2023, 100), ("inw", "A", 2024, 110), ("inw", "B", 2024, 50))
    punten = reekspunten(aggregeren(df, indicator="inw", gemeenten=["A", "B"], aggregatie="som", gewichten={}))
    assert punten == [
        Reekspunt(jaar=2023, waarde=100.0, gemeenten_met_data=1, gemeenten_totaal=2, volledig=False),
        Reekspunt(jaar=2024, waarde=160.0, gemeenten_met_data=2, gemeenten_totaal=2, volledig=True),
    ]


@given(
    st.lists(
        st.tuples(st.floats(0, 100, allow_nan=False), st.floats(1, 1_000_000, allow_nan=False)),
        min_size=1,
        max_size=8,
    )
)
def test_a_weighted_average_lies_between_the_lowest_and_highest_value(
    paren: list[tuple[float, float]],
) -> None:
    df = waarden_frame(("pct", f"G{i}", 2024, waarde) for i, (waarde, _) in enumerate(paren))
    gewichten = {f"G{i}": gewicht for i, (_, gewicht) in enumerate(paren)}
    rij = aggregeren(df, indicator="pct", gemeenten=list(gewichten), aggregatie="gewogen", gewichten=gewichten).iloc[0]
    waarden = [w for w, _ in paren]
    assert min(waarden) - 1e-9 <= rij["waarde"] <= max(waarden) + 1e-9
    assert rij["dekking"] == pytest.approx(1.0)


# --- vergelijken ---


def test_region_province_and_country_are_compared_in_the_given_order() -> None:
    df = frame(
        ("pct", "A", 2024, 10.0),
        ("pct", "B", 2024, 20.0),
        ("pct", "C", 2024, 30.0),
        ("pct", "D", 2024, 40.0),
        ("pct", "A", 2023, 99.0),
    )
    gewichten = {"A": 1.0, "B": 1.0, "C": 1.0, "D": 1.0}
    groepen = {"Regio": ["A", "B"], "Provincie": ["A", "B", "C"], "Nederland": ["A", "B", "C", "D"]}
    df_v = vergelijken(df, indicator="pct", groepen=groepen, aggregatie="gewogen", gewichten=gewichten, jaar=2024)
    assert tuple(df_v.columns) == VERGELIJKING_KOLOMMEN
    assert df_v["groep"].tolist() == ["Regio", "Provincie", "Nederland"]
    assert df_v["waarde"].tolist() == pytest.approx([15.0, 20.0, 25.0])
    assert df_v["volledig"].tolist() == [True, True, True]


def test_a_group_without_figures_in_that_year_has_no_value() -> None:
    df = frame(("inw", "A", 2024, 5))
    df_v = vergelijken(
        df,
        indicator="inw",
        groepen={"Regio": ["A"], "Elders": ["Z"]},
        aggregatie="som",
        gewichten={},
        jaar=2024,
    )
    assert df_v["waarde"].iloc[0] == 5.0
    assert math.isnan(df_v["waarde"].iloc[1])
    assert df_v["dekking"].iloc[1] == 0.0
    assert not df_v["volledig"].iloc[1]


def test_comparing_without_data_or_groups_does_not_fail() -> None:
    leeg = vergelijken(LEEG, indicator="x", groepen={"Regio": OZL}, aggregatie="som", gewichten={}, jaar=2024)
    assert leeg["waarde"].isna().all()
    assert vergelijken(LEEG, indicator="x", groepen={}, aggregatie="som", gewichten={}, jaar=2024).empty


# --- spreiding ---


def _regio_frame(waarden: dict[str, float]) -> pd.DataFrame:
    return waarden_frame(("pct", code, 2024, waarde) for code, waarde in waarden.items())


def test_the_spread_gives_lowest_median_highest_of_the_others_and_the_rank() -> None:
    df = _regio_frame({"E": 14.0, "A": 10.0, "B": 12.0, "C": 15.0, "D": 20.0})
    uitkomst = spreiding(
        df,
        indicator="pct",
        eigen=["E"],
        andere=[["A"], ["B"], ["C"], ["D"]],
        aggregatie="gewogen",
        gewichten=dict.fromkeys("ABCDE", 1.0),
        jaar=2024,
    )
    assert uitkomst == Spreiding(
        eigen_waarde=14.0, laagste=10.0, mediaan=13.5, hoogste=20.0, rang=3, aantal=5, eigen_volledig=True
    )


def test_the_rank_counts_from_the_highest_and_ties_share_the_better_place() -> None:
    df = _regio_frame({"E": 15.0, "A": 15.0, "B": 20.0, "C": 5.0})
    uitkomst = spreiding(
        df,
        indicator="pct",
        eigen=["E"],
        andere=[["A"], ["B"], ["C"]],
        aggregatie="som",
        gewichten={},
        jaar=2024,
    )
    assert uitkomst is not None
    assert (uitkomst.rang, uitkomst.aantal, uitkomst.mediaan) == (2, 4, 15.0)


def test_regions_without_a_value_do_not_count() -> None:
    df = _regio_frame({"E": 1.0, "A": 2.0, "B": 3.0, "C": 4.0})
    uitkomst = spreiding(
        df,
        indicator="pct",
        eigen=["E"],
        andere=[["A"], ["B"], ["C"], ["X"], ["Y"]],
        aggregatie="som",
        gewichten={},
        jaar=2024,
    )
    assert uitkomst is not None
    assert (uitkomst.rang, uitkomst.aantal) == (4, 4)


def _som_spreiding(
    df: pd.DataFrame, eigen: list[str], andere: list[list[str]], **opties: int | bool
) -> Spreiding | None:
    return spreiding(
        df,
        indicator="pct",
        eigen=eigen,
        andere=andere,
        aggregatie="som",
        gewichten={},
        jaar=2024,
        alleen_volledig=bool(opties.get("alleen_volledig", False)),
        minimum_andere=int(opties.get("minimum_andere", 3)),
    )


def test_the_spread_needs_the_own_value_and_enough_other_regions() -> None:
    df = _regio_frame({"E": 1.0, "A": 2.0, "B": 3.0})
    assert _som_spreiding(df, ["X"], [["A"], ["B"], ["E"]]) is None
    # Two others: "lowest" and "highest" would each be one recognisable region.
    assert _som_spreiding(df, ["E"], [["A"], ["B"]]) is None
    assert _som_spreiding(df, ["E"], [["A"], ["B"]], minimum_andere=1) is not None
    assert _som_spreiding(LEEG, ["E"], []) is None


def test_incomplete_other_regions_can_be_left_out_of_a_spread_of_counts() -> None:
    df = _regio_frame({"E": 10.0, "A": 5.0, "B": 6.0, "C": 7.0, "D": 1.0})
    andere = [["A"], ["B"], ["C"], ["D", "ONTBREEKT"]]
    alle = _som_spreiding(df, ["E"], andere)
    volledig = _som_spreiding(df, ["E"], andere, alleen_volledig=True)
    assert alle is not None and volledig is not None
    assert (alle.aantal, alle.laagste) == (5, 1.0)
    assert (volledig.aantal, volledig.laagste) == (4, 5.0)


def test_the_spread_carries_numbers_only_never_a_name() -> None:
    velden = {f.name: f.type for f in dataclasses.fields(Spreiding)}
    assert set(velden) == {
        "eigen_waarde",
        "laagste",
        "mediaan",
        "hoogste",
        "rang",
        "aantal",
        "eigen_volledig",
    }
    assert not any("str" in str(t) for t in velden.values())


# --- per_gemeente ---


def test_each_gemeente_of_the_region_in_dutch_alphabetical_order() -> None:
    df = frame(("pct", "GM0796", 2024, 3.0), ("pct", "GM1900", 2024, 2.0), ("pct", "GM0363", 2023, 9.0))
    namen = {
        "GM1900": "Súdwest-Fryslân",
        "GM0796": "'s-Hertogenbosch",
        "GM0363": "Amsterdam",
        "GM0034": "almere",
    }
    df_g = per_gemeente(df, indicator="pct", gemeenten=namen, jaar=2024)
    assert tuple(df_g.columns) == PER_GEMEENTE_KOLOMMEN
    assert df_g["naam"].tolist() == ["almere", "Amsterdam", "'s-Hertogenbosch", "Súdwest-Fryslân"]
    assert df_g["gemeente"].tolist() == ["GM0034", "GM0363", "GM0796", "GM1900"]
    waarden = df_g["waarde"].tolist()
    assert math.isnan(waarden[0]) and math.isnan(waarden[1])  # Amsterdam only has 2023
    assert waarden[2:] == [3.0, 2.0]


def test_per_gemeente_without_data_lists_the_gemeenten_without_values() -> None:
    df_g = per_gemeente(LEEG, indicator="x", gemeenten={"GM0917": "Heerlen"}, jaar=2024)
    assert df_g["naam"].tolist() == ["Heerlen"]
    assert df_g["waarde"].isna().all()
    assert per_gemeente(LEEG, indicator="x", gemeenten={}, jaar=2024).empty


# --- laatste_jaar ---


def test_the_latest_year_is_the_most_recent_one_with_a_value() -> None:
    df = frame(("x", "A", 2021, 1), ("x", "B", 2023, 1), ("x", "A", 2025, None), ("y", "A", 2030, 1))
    assert laatste_jaar(df, indicator="x") == 2023
    assert laatste_jaar(df, indicator="x", gemeenten=["A"]) == 2021
    assert laatste_jaar(df, indicator="onbekend") is None
    assert laatste_jaar(LEEG, indicator="x") is None


# --- leeftijdsopbouw ---


def test_the_age_structure_sums_the_groups_and_gives_their_shares() -> None:
    df = frame(
        ("l0", "A", 2024, 100),
        ("l0", "B", 2024, 50),
        ("l15", "A", 2024, 200),
        ("l15", "B", 2024, 150),
        ("l65", "A", 2024, 300),
        ("l65", "B", 2024, 200),
        ("l65", "A", 2023, 999),
    )
    opbouw = leeftijdsopbouw(
        df,
        indicatoren=[("l0", "0-14 jaar"), ("l15", "15-64 jaar"), ("l65", "65+")],
        gemeenten=["A", "B"],
        jaar=2024,
    )
    assert tuple(opbouw.columns) == LEEFTIJD_KOLOMMEN
    assert opbouw["label"].tolist() == ["0-14 jaar", "15-64 jaar", "65+"]
    assert opbouw["waarde"].tolist() == [150.0, 350.0, 500.0]
    assert opbouw["aandeel"].tolist() == pytest.approx([0.15, 0.35, 0.5])


def test_an_age_group_without_figures_keeps_its_place() -> None:
    df = frame(("l0", "A", 2024, 100), ("l65", "A", 2024, 300))
    opbouw = leeftijdsopbouw(
        df, indicatoren=[("l0", "jong"), ("l15", "midden"), ("l65", "oud")], gemeenten=["A"], jaar=2024
    )
    assert opbouw["label"].tolist() == ["jong", "midden", "oud"]
    assert math.isnan(opbouw["waarde"].iloc[1])
    assert opbouw["aandeel"].iloc[2] == pytest.approx(0.75)


def test_no_age_figures_give_an_empty_frame() -> None:
    opbouw = leeftijdsopbouw(LEEG, indicatoren=[("l0", "jong")], gemeenten=OZL, jaar=2024)
    assert opbouw.empty
    assert tuple(opbouw.columns) == LEEFTIJD_KOLOMMEN
    assert leeftijdsopbouw(LEEG, indicatoren=[], gemeenten=[], jaar=2024).empty
