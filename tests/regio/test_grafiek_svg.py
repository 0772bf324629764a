"""Charts for paper (regio.grafiek_svg): the pages' plotly figures drawn as SVG in Python.

Read as a person reads the printed chart: the figures on the bars and the axes in Dutch, names as they were typed,
negative values to the left of zero, forecasts dashed, an empty chart that says so, and everything on the paper.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace as _Namespace
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from defusedxml.ElementTree import fromstring

from contracten.grafieken import financiering_figuur, verdeling_figuur
from contracten.monitoring import trend_figuur
from regio import pdf
from regio.grafiek_svg import figuur_svg, tekstbreedte
from regiobeeld import charts, kaart
from regiobeeld.pdf import GRAFIEKBREEDTE, voor_druk
from tests.regio.pdf_proef import zonder_browser

SVG = "{http://www.w3.org/2000/svg}"


def ns(**velden: Any) -> Any:
    """A stand-in for a result object of contracten (the builders read only these attributes)."""
    return _Namespace(**velden)


def tekenen(figuur: go.Figure, breedte: int = GRAFIEKBREEDTE, **extra: Any) -> ET.Element:
    """The SVG as parsed XML (so it must be well-formed, whatever the figure's texts hold)."""
    return fromstring(figuur_svg(voor_druk(figuur), breedte=breedte, **extra))


def teksten(svg: ET.Element) -> list[str]:
    """Every label as one line (a label over several lines joined with spaces)."""
    uit = []
    for tekst in svg.iter(f"{SVG}text"):
        delen = [tekst.text or ""]
        for deel in tekst:
            delen += [" " if deel.get("dy") else "", "".join(deel.itertext()), deel.tail or ""]
        uit.append("".join(delen))
    return uit


def staven(svg: ET.Element) -> list[dict[str, float]]:
    return [
        {k: float(r.get(k, 0)) for k in ("x", "y", "width", "height")}
        for r in svg.iter(f"{SVG}rect")
        if r.get("class") == "staaf"
    ]


def gemeenten(*rijen: tuple[str, float | None]) -> go.Figure:
    return charts.gemeentegrafiek(
        pd.DataFrame({"naam": [n for n, _w in rijen], "waarde": [w for _n, w in rijen]}), eenheid=""
    )


def test_the_figures_on_the_bars_and_the_ticks_are_dutch_numbers() -> None:
    svg = tekenen(gemeenten(("Utrecht", 361742), ("Zeist", 66000.0), ("Bunnik", 15500)))

    woorden = teksten(svg)
    assert {"361.742", "66.000", "15.500"} <= set(woorden)  # written after each bar, as on the page
    assert "100.000" in woorden and "0" in woorden  # the axis
    assert woorden.index("Utrecht") < woorden.index("Zeist") < woorden.index("Bunnik")


def test_a_percentage_keeps_its_decimal_comma_and_unit_on_bars_and_ticks() -> None:
    figuur = charts.vergelijkingsgrafiek(
        pd.DataFrame({"groep": ["Eigen regio", "Provincie", "Nederland"], "waarde": [12.34, 13.9, 11.2]}),
        eenheid="%",
    )

    woorden = teksten(tekenen(figuur))

    assert {"12,3%", "13,9%", "11,2%"} <= set(woorden)
    assert "10%" in woorden


def test_a_name_a_person_typed_prints_as_typed_and_never_as_markup() -> None:
    naam = 'Praktijk "De Linde" & Zn <script>alert(1)</script>'
    figuur = verdeling_figuur(
        ns(
            regels=[
                ns(
                    naam=naam,
                    huidig=Decimal(1000),
                    bedrag=Decimal(1200),
                    mutatie=Decimal(200),
                    status=ns(label="verrekend"),
                )
            ]
        )
    )

    svg = tekenen(figuur, titel="Verdeling <b>&</b>")

    assert not list(svg.iter(f"{SVG}script")) and not list(svg.iter("script"))
    assert naam in teksten(svg)
    assert svg.find(f"{SVG}title").text == "Verdeling <b>&</b>"  # type: ignore[union-attr]
    assert naam in (svg.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def test_a_negative_value_is_a_bar_to_the_left_of_zero_with_a_real_minus_sign() -> None:
    figuur = charts.vergelijkingsgrafiek(
        pd.DataFrame({"groep": ["Regio", "Provincie"], "waarde": [-3.5, 1.2]}), eenheid="per 1.000 inwoners"
    )

    svg = tekenen(figuur)

    negatief, positief = staven(svg)
    assert negatief["x"] + negatief["width"] == pytest.approx(positief["x"], abs=0.2)  # both start at zero
    assert negatief["width"] > positief["width"]
    assert "\u22123,5" in teksten(svg) and "per 1.000 inwoners" in teksten(svg)


def test_stacked_segments_sit_on_each_other_and_the_legend_names_them() -> None:
    jaren = [2026, 2027]
    bedragen = {(j, s): Decimal(b) for j in jaren for s, b in (("S1", 400000), ("S2", 200000))}
    figuur = financiering_figuur(
        ns(
            jaren=jaren,
            segmenten=["S1", "S2"],
            per_jaar_segment=bedragen,
            per_jaar={j: Decimal(600000) for j in jaren},
        )
    )

    svg = tekenen(figuur)

    s1_2026, s1_2027, s2_2026, _s2_2027 = staven(svg)
    assert s2_2026["y"] + s2_2026["height"] == pytest.approx(s1_2026["y"], abs=0.2)  # S2 on top of S1
    assert s1_2026["height"] == pytest.approx(2 * s2_2026["height"], abs=0.2)
    assert s1_2026["x"] == s2_2026["x"] and s1_2027["x"] > s1_2026["x"]
    woorden = teksten(svg)
    assert {"S1", "S2", "2026", "2027", "Bedrag (€)", "600.000"} <= set(woorden)


def test_forecasts_and_targets_are_dashed_and_results_are_solid() -> None:
    meetpunt = ns(
        eenheid="%",
        streefwaarde=Decimal(75),
        streefdatum=dt.date(2028, 12, 31),
        nulmeting=Decimal("52.5"),
        nulmeting_datum=dt.date(2025, 1, 1),
    )
    resultaten = [
        ns(peildatum=dt.date(2025, 7, 1), waarde=Decimal("55.1")),
        ns(peildatum=dt.date(2026, 1, 1), waarde=Decimal("58.9")),
    ]
    prognose = go.Scatter(x=[2026, 2027], y=[1, 2], mode="lines", line={"dash": "dash"}, name="Prognose")

    svg = tekenen(trend_figuur(meetpunt, resultaten))
    lijnen = [p for p in svg.iter(f"{SVG}path") if p.get("fill") == "none"]
    eigen = fromstring(figuur_svg(go.Figure([prognose]), breedte=400, hoogte=200))

    assert len([p for p in lijnen if p.get("stroke-dasharray")]) == 2  # "op koers" dotted, the target dashed
    assert [p for p in lijnen if not p.get("stroke-dasharray")]  # the results
    assert "Streefwaarde 75% op 31-12-2028" in teksten(svg)
    assert next(eigen.iter(f"{SVG}path")).get("stroke-dasharray") == "9,9"


def test_a_chart_without_figures_says_so() -> None:
    assert "Geen gegevens" in teksten(tekenen(charts.leeg_figuur()))
    assert "Geen gegevens" in teksten(tekenen(gemeenten(("Bunnik", None))))
    leeg = fromstring(figuur_svg(go.Figure(), breedte=300, hoogte=100))
    assert leeg.get("width") == "300"


def test_a_gemeente_without_figures_is_named_on_its_row() -> None:
    svg = tekenen(gemeenten(("Utrecht", 12.5), ("Bunnik", None)))

    woorden = teksten(svg)
    assert woorden.index("Bunnik") < woorden.index("geen gegevens")
    assert len(staven(svg)) == 1


def test_the_map_colours_gemeenten_by_class_names_them_and_hatches_missing_ones() -> None:
    codes = ["GM0344", "GM0307", "GM0312"]
    figuur = charts.kaart(
        kaart.vormen(codes),
        {"GM0344": 12.1, "GM0307": 15.8, "GM0312": None},
        {"GM0344": "Utrecht", "GM0307": "Amersfoort", "GM0312": "Bunnik"},
        eenheid="%",
    )

    svg = tekenen(figuur)

    woorden = teksten(svg)
    assert {"Utrecht", "Amersfoort", "Bunnik", "geen gegevens"} <= set(woorden)
    assert any("%" in w and "\u2013" in w for w in woorden)  # the classes in the legend
    vlakken = [p for p in svg.iter(f"{SVG}path") if p.get("fill", "none") != "none"]
    assert any(p.get("fill", "").startswith("url(#patroon") for p in vlakken)
    assert len({p.get("fill") for p in vlakken}) == 3


def test_long_names_under_the_bars_stay_on_the_paper() -> None:
    namen = ["Huisartsenpraktijk De Linde en Zonen", "Gezondheidscentrum Overvecht-Noord", "Praktijk Bunnik"]
    figuur = verdeling_figuur(
        ns(
            regels=[
                ns(
                    naam=n,
                    huidig=Decimal(1000 * i),
                    bedrag=Decimal(1100 * i),
                    mutatie=Decimal(100 * i),
                    status=ns(label="verrekend"),
                )
                for i, n in enumerate(namen, start=1)
            ]
        )
    )

    svg = tekenen(figuur)

    assert set(namen) <= set(teksten(svg))
    for tekst in svg.iter(f"{SVG}text"):
        x, inhoud = float(tekst.get("x", 0)), "".join(tekst.itertext())
        if "rotate(-30" in tekst.get("transform", ""):  # turned, hanging left of its tick
            assert x - tekstbreedte(inhoud, 13) * 0.87 >= -1, inhoud
        elif tekst.get("text-anchor") is None:
            assert x >= 0 and x + tekstbreedte(inhoud, 13) <= GRAFIEKBREEDTE + 1, inhoud


def test_the_svg_describes_its_data_in_words_from_the_pages_hover_texts() -> None:
    figuur = charts.trendgrafiek(
        pd.DataFrame({"jaar": [2023, 2024], "waarde": [104500, 105200]}), eenheid="", naam="Inwoners"
    )

    svg = tekenen(figuur, titel="Inwoners: verloop over de jaren")

    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Inwoners: verloop over de jaren"  # type: ignore[union-attr]
    assert "2024, Inwoners: 105.200" in (svg.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def test_a_chart_is_drawn_without_a_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    zonder_browser(monkeypatch)

    uri = pdf.svg_van(gemeenten(("Utrecht", 1.5)), breedte=GRAFIEKBREEDTE)

    assert uri.startswith("data:image/svg+xml;base64,")
