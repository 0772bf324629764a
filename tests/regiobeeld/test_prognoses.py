"""Forecasts: values for future years, marked with their source and the year the forecast was made, drawn dashed
after the measured years, and never mixed with measured figures (sums, averages, key figures)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from regiobeeld import analysis, kerncijfers, pagina, services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Cijfer
from tests.personas import Wereld

WEGING = {"A": 30_000.0, "B": 10_000.0}


def _reeks(rijen: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return analysis.aggregeren(
        analysis.waarden_frame(rijen), indicator="x", gemeenten=["A", "B"], aggregatie="gewogen", gewichten=WEGING
    )


def test_the_forecast_follows_the_last_measured_year_and_a_year_that_was_measured_keeps_its_measured_value() -> None:
    gemeten = _reeks([("x", "A", 2023, 10.0), ("x", "B", 2023, 20.0), ("x", "A", 2024, 12.0), ("x", "B", 2024, 16.0)])
    prognose = _reeks([("x", "A", 2024, 99.0), ("x", "B", 2024, 99.0), ("x", "A", 2030, 14.0), ("x", "B", 2030, 22.0)])

    deel = analysis.prognosereeks(gemeten, prognose)

    # Measured 2024, weighted by hand: (12 x 30.000 + 16 x 10.000) / 40.000 = 520.000 / 40.000 = 13.
    assert math.isclose(float(gemeten.loc[gemeten["jaar"] == 2024, "waarde"].iloc[0]), 13.0)
    # The forecast for 2024 (99) is dropped; 2030: (14 x 30.000 + 22 x 10.000) / 40.000 = 640.000 / 40.000 = 16.
    assert deel["jaar"].tolist() == [2030]
    assert math.isclose(float(deel["waarde"].iloc[0]), 16.0)


def test_without_measured_figures_the_whole_forecast_is_the_forecast_part() -> None:
    prognose = _reeks([("x", "A", 2030, 14.0), ("x", "B", 2030, 22.0)])
    assert analysis.prognosereeks(_reeks([]), prognose)["jaar"].tolist() == [2030]
    assert analysis.prognosereeks(_reeks([]), _reeks([])).empty


def _opslaan(wereld: Wereld, rijen: list[tuple[str, str, int, float]], **extra: object) -> None:
    services.cijfers_opslaan(
        regio=wereld.regio,
        waarden=pd.DataFrame(rijen, columns=["indicator", "gemeente", "jaar", "waarde"]),
        bron=str(extra.pop("bron", "CBS")),
        is_illustratief=False,
        importbestand=None,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.django_db
def test_a_forecast_is_drawn_dashed_listed_with_its_year_and_kept_out_of_the_key_figures(wereld: Wereld) -> None:
    kernset_laden()
    g1, g2 = wereld.regio.gemeenten.order_by("code").values_list("code", flat=True)
    _opslaan(wereld, [("inwoners", g1, 2024, 60_000), ("inwoners", g2, 2024, 45_000)])
    _opslaan(
        wereld,
        [("inwoners", g1, 2024, 1), ("inwoners", g1, 2030, 63_000), ("inwoners", g2, 2030, 44_000)],
        bron="PBL/CBS prognose 2022",
        prognosejaar=2022,
    )

    # A forecast never replaces a measured figure.
    assert Cijfer.objects.get(indicator__code="inwoners", gemeente__code=g1, jaar=2024).prognosejaar is None
    kern = kerncijfers.opbouwen(wereld.regio)
    inwoners = next(r for g in kern.groepen for r in g.rijen if r.indicator.code == "inwoners")
    assert (inwoners.jaar, inwoners.regio) == (2024, "105.000 inwoners")  # the measured year, not 2030
    beeld = pagina.cijferbeeld(wereld.regio, "inwoners")
    trend = next(g for g in beeld.grafieken if g.id == "trend")
    assert trend.tabel_rijen[-1] == ["2030 (prognose (gemaakt in 2022))", "107.000", "2 / 2"]
    assert "Gestippeld: prognose (gemaakt in 2022), bron PBL/CBS prognose 2022" in trend.bijschrift
    assert "PBL/CBS prognose 2022 (prognose)" in beeld.bronnen
    figuur = json.loads(trend.figuur_json)
    gestippeld = [s for s in figuur["data"] if s.get("line", {}).get("dash") == "dash"]
    assert len(gestippeld) == 1 and gestippeld[0]["x"] == [2024, 2030]
