"""regiobeeld.analysis ratio indicators ("verhouding"), worked out by hand: an area's figure is the sum of the
numerators over the sum of the denominators of the gemeenten that have both, never a sum or mean of ratios.

The world (as test_kerncijfers_analysis): a region of gemeenten A and B; its province adds C; the Netherlands
adds D. Costs (euro) and insured years per gemeente:

    gemeente  kosten 2024  verzekerdejaren 2024  own ratio
    A             300.000                 1.000      300
    B           1.200.000                 3.000      400
    C           1.500.000                 6.000      250
    D           2.000.000                10.000      200

Region: 1.500.000 / 4.000 = 375 (the mean of the ratios would be 350, their sum 700).
Province: 3.000.000 / 10.000 = 300. Nederland: 5.000.000 / 20.000 = 250. Index region: 375 / 250 x 100 = 150.
"""

from __future__ import annotations

import pytest

from regiobeeld.analysis import (
    VERHOUDING,
    Kernindicator,
    Verhouding,
    aggregeren,
    gebiedsreeksen,
    kerncijfers,
    regioreeksen,
    spreiding,
    vergelijken,
    verhoudingswaarden,
    waarden_frame,
)

INWONERS = {"A": 10_000.0, "B": 30_000.0, "C": 60_000.0, "D": 100_000.0}
REGIO, PROVINCIE, NEDERLAND = ["A", "B"], ["A", "B", "C"], ["A", "B", "C", "D"]
PER_JAAR = Verhouding("kosten", "verzekerdejaren")
KOSTEN_PER_JAAR = Kernindicator("kosten_per_jaar", VERHOUDING, verhouding=PER_JAAR)
RIJEN_2024 = [
    ("kosten", "A", 2024, 300_000.0),
    ("kosten", "B", 2024, 1_200_000.0),
    ("kosten", "C", 2024, 1_500_000.0),
    ("kosten", "D", 2024, 2_000_000.0),
    ("verzekerdejaren", "A", 2024, 1_000.0),
    ("verzekerdejaren", "B", 2024, 3_000.0),
    ("verzekerdejaren", "C", 2024, 6_000.0),
    ("verzekerdejaren", "D", 2024, 10_000.0),
]


def test_the_key_figure_of_a_ratio_is_a_ratio_of_sums_in_every_area() -> None:
    frame = kerncijfers(
        waarden_frame(RIJEN_2024),
        indicatoren=[KOSTEN_PER_JAAR],
        regio=REGIO,
        provincie=PROVINCIE,
        nederland=NEDERLAND,
        inwoners=INWONERS,
    )
    rij = frame.to_dict("records")[0]
    assert rij["indicator"] == "kosten_per_jaar"
    assert rij["regio"] == pytest.approx(375.0)  # not (300 + 400) / 2 = 350, not 700
    assert rij["regio_vergelijkbaar"] == pytest.approx(375.0)
    assert rij["provincie"] == pytest.approx(300.0)  # not (300 + 400 + 250) / 3 = 316,7
    assert rij["nederland"] == pytest.approx(250.0)
    assert rij["per"] == 0  # never per inhabitants
    assert rij["verschil"] == pytest.approx(150.0)
    assert rij["regio_volledig"]


def test_only_gemeenten_with_both_numerator_and_denominator_count_and_the_factor_scales() -> None:
    # GPs per 10.000 inhabitants: A 3 GPs / 10.000; B has GPs but no inhabitants figure, so it is left out of both
    # sums (counting its 12 GPs over A's inhabitants would give 15 per 10.000).
    huisartsen = Verhouding("huisartsen", "inwoners", factor=10_000)
    waarden = waarden_frame(
        [
            ("huisartsen", "A", 2024, 3.0),
            ("huisartsen", "B", 2024, 12.0),
            ("inwoners", "A", 2024, 10_000.0),
            ("inwoners", "C", 2024, 60_000.0),
        ]
    )
    frame = vergelijken(
        waarden,
        indicator="huisartsen_per_10000",
        groepen={"regio": REGIO, "provincie": PROVINCIE},
        aggregatie=VERHOUDING,
        gewichten=INWONERS,
        jaar=2024,
        verhouding=huisartsen,
    )
    regio, provincie = frame.to_dict("records")
    assert regio["waarde"] == pytest.approx(3.0)  # 3 / 10.000 x 10.000
    assert regio["gemeenten_met_data"] == 1
    assert not regio["volledig"]
    assert regio["dekking"] == pytest.approx(0.25)  # A's 10.000 of the region's 40.000 inhabitants
    assert provincie["waarde"] == pytest.approx(3.0)  # C has inhabitants but no GPs: left out too


def test_the_series_of_a_ratio_divides_each_years_sums() -> None:
    # 2023: A 200.000 / 1.000, B 600.000 / 2.000: 800.000 / 3.000 = 266,67. 2024 as in the table: 375.
    waarden = waarden_frame(
        [
            *RIJEN_2024,
            ("kosten", "A", 2023, 200_000.0),
            ("kosten", "B", 2023, 600_000.0),
            ("verzekerdejaren", "A", 2023, 1_000.0),
            ("verzekerdejaren", "B", 2023, 2_000.0),
        ]
    )
    reeks = aggregeren(
        waarden,
        indicator="kosten_per_jaar",
        gemeenten=REGIO,
        aggregatie=VERHOUDING,
        gewichten=INWONERS,
        verhouding=PER_JAAR,
    )
    assert reeks["jaar"].tolist() == [2023, 2024]
    assert reeks["waarde"].tolist() == pytest.approx([800_000 / 3_000, 375.0])
    assert reeks["volledig"].tolist() == [True, True]
    reeksen = regioreeksen(waarden, indicatoren=[KOSTEN_PER_JAAR], gemeenten=REGIO, inwoners=INWONERS)
    assert reeksen["kosten_per_jaar"] == [(2023, pytest.approx(800_000 / 3_000)), (2024, pytest.approx(375.0))]


def test_each_gemeentes_own_ratio_is_kept_for_views_per_gemeente_and_a_zero_denominator_gives_none() -> None:
    waarden = waarden_frame([*RIJEN_2024, ("kosten", "E", 2024, 10.0), ("verzekerdejaren", "E", 2024, 0.0)])
    eigen = verhoudingswaarden(waarden, indicator="kosten_per_jaar", verhouding=PER_JAAR)
    per_gemeente = {r["gemeente"]: r["waarde"] for r in eigen.to_dict("records")}
    assert per_gemeente == {"A": 300.0, "B": 400.0, "C": 250.0, "D": 200.0}
    assert set(eigen["indicator"]) == {"kosten_per_jaar"}


def test_areas_for_the_export_and_the_spread_among_regions_use_the_same_ratio_of_sums() -> None:
    waarden = waarden_frame(RIJEN_2024)
    frame = gebiedsreeksen(
        waarden,
        indicatoren=[KOSTEN_PER_JAAR],
        gebieden={"regio": REGIO, "Nederland": NEDERLAND},
        inwoners=INWONERS,
    )
    assert frame["waarde"].tolist() == pytest.approx([375.0, 250.0])
    assert frame["gemeenten_met_data"].tolist() == [2, 4]
    uitslag = spreiding(
        waarden,
        indicator="kosten_per_jaar",
        eigen=REGIO,
        andere=[["C"], ["D"], ["C", "D"]],
        aggregatie=VERHOUDING,
        gewichten=INWONERS,
        jaar=2024,
        verhouding=PER_JAAR,
    )
    assert uitslag is not None
    assert uitslag.eigen_waarde == pytest.approx(375.0)
    assert (uitslag.laagste, uitslag.hoogste) == (pytest.approx(200.0), pytest.approx(250.0))
    assert uitslag.mediaan == pytest.approx(3_500_000 / 16_000)  # C + D together: 218,75
    assert uitslag.rang == 1


def test_a_ratio_without_its_numerator_and_denominator_is_refused() -> None:
    with pytest.raises(ValueError, match="teller en een noemer"):
        aggregeren(waarden_frame(RIJEN_2024), indicator="x", gemeenten=REGIO, aggregatie=VERHOUDING, gewichten=INWONERS)
