"""analysis.gebiedsreeksen, the areas of the CSV export, with worked examples by hand."""

from __future__ import annotations

import math

from regiobeeld import analysis

WAARDEN = analysis.waarden_frame(
    [
        # A count, in three gemeenten (A and B in the region, C elsewhere), two years; C has no 2023 figure.
        ("praktijken", "A", 2023, 10),
        ("praktijken", "B", 2023, 5),
        ("praktijken", "A", 2024, 12),
        ("praktijken", "B", 2024, 6),
        ("praktijken", "C", 2024, 9),
        # A cost per insured year: weighted by inhabitants, never a plain mean of the gemeenten.
        ("kosten", "A", 2024, 200),
        ("kosten", "B", 2024, 300),
        ("kosten", "C", 2024, 500),
    ]
)
INWONERS = {"A": 30_000.0, "B": 10_000.0, "C": 60_000.0}
INDICATOREN = [analysis.Kernindicator("praktijken", analysis.SOM), analysis.Kernindicator("kosten", analysis.GEWOGEN)]


def _per_gebied() -> dict[tuple[str, str, int], tuple[float, int, int]]:
    frame = analysis.gebiedsreeksen(
        WAARDEN,
        indicatoren=INDICATOREN,
        gebieden={"Regio": ["A", "B"], "Nederland": ["A", "B", "C"]},
        inwoners=INWONERS,
    )
    return {(g, i, j): (w, m, t) for g, i, j, w, m, t in frame.itertuples(index=False, name=None)}


def test_a_count_is_the_sum_over_the_gemeenten_with_a_value_and_says_how_many_have_one() -> None:
    uit = _per_gebied()
    assert uit[("Regio", "praktijken", 2023)] == (15.0, 2, 2)  # 10 + 5
    assert uit[("Regio", "praktijken", 2024)] == (18.0, 2, 2)  # 12 + 6
    assert uit[("Nederland", "praktijken", 2023)] == (15.0, 2, 3)  # C has no figure: 2 of 3
    assert uit[("Nederland", "praktijken", 2024)] == (27.0, 3, 3)  # 12 + 6 + 9


def test_a_rate_is_the_population_weighted_mean() -> None:
    uit = _per_gebied()
    # Region: (200 x 30.000 + 300 x 10.000) / 40.000 = 9.000.000 / 40.000 = 225 (the plain mean would be 250).
    assert math.isclose(uit[("Regio", "kosten", 2024)][0], 225.0)
    # Netherlands: (6.000.000 + 3.000.000 + 500 x 60.000) / 100.000 = 39.000.000 / 100.000 = 390.
    assert math.isclose(uit[("Nederland", "kosten", 2024)][0], 390.0)


def test_no_figures_give_an_empty_frame_with_the_columns() -> None:
    frame = analysis.gebiedsreeksen(
        analysis.waarden_frame([]), indicatoren=INDICATOREN, gebieden={"Regio": ["A"]}, inwoners=INWONERS
    )
    assert frame.empty and list(frame.columns) == list(analysis.GEBIEDSREEKS_KOLOMMEN)
