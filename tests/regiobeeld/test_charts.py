"""regiobeeld.charts: Dutch figures, an offline map, empty input that says so, and JSON safe for a page."""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

from regio.gemeenten import gemeenten_lezen
from regio.getallen import MINTEKEN, getal
from regiobeeld import analysis, charts, kaart
from regiobeeld.analysis import Spreiding, waarden_frame
from regiobeeld.charts import (
    ACCENT,
    GRIJS,
    PLOTLY_CONFIG,
    TOT,
    figuur_json,
    gemeentegrafiek,
    klasse_van,
    klassen_indelen,
    leeftijdsgrafiek,
    spreidingsgrafiek,
    trendgrafiek,
    vergelijkingsgrafiek,
)

PROJECT = Path(__file__).resolve().parents[2]
OZL = ["GM0917", "GM0928", "GM0882", "GM0899", "GM0965", "GM0986", "GM1954"]
GEMEENTEN = {g.code: g for g in gemeenten_lezen()}
NAMEN = {code: GEMEENTEN[code].naam for code in OZL}


def reeks(*punten: tuple[int, float | None, int, int]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "jaar": jaar,
                "waarde": math.nan if waarde is None else waarde,
                "gemeenten_met_data": met,
                "gemeenten_totaal": totaal,
                "dekking": met / totaal,
                "volledig": met == totaal,
            }
            for jaar, waarde, met, totaal in punten
        ]
    )


def spreiding_voorbeeld() -> Spreiding:
    return Spreiding(
        eigen_waarde=13.3, laagste=6.5, mediaan=11.7, hoogste=15.26, rang=3, aantal=80, eigen_volledig=True
    )


def alle_figuren() -> dict[str, go.Figure]:
    per_gemeente = pd.DataFrame({"gemeente": OZL, "naam": [NAMEN[c] for c in OZL], "waarde": range(7)})
    return {
        "trend": trendgrafiek(reeks((2023, 12.0, 7, 7), (2024, 13.0, 5, 7)), eenheid="%", naam="Rokers"),
        "vergelijking": vergelijkingsgrafiek(
            pd.DataFrame(
                {
                    "groep": ["Regio", "Nederland"],
                    "waarde": [1.0, 2.0],
                    "dekking": [1.0, 1.0],
                    "volledig": [True, True],
                }
            ),
            eenheid="%",
        ),
        "spreiding": spreidingsgrafiek(spreiding_voorbeeld(), eenheid="%", regionaam="Oostelijk Zuid-Limburg"),
        "gemeenten": gemeentegrafiek(per_gemeente, eenheid="%"),
        "leeftijd": leeftijdsgrafiek(
            pd.DataFrame({"label": ["jong", "oud"], "waarde": [10.0, 30.0], "aandeel": [0.25, 0.75]})
        ),
        "kaart": charts.kaart(kaart.vormen(OZL), {c: float(i) for i, c in enumerate(OZL)}, NAMEN, eenheid="%"),
    }


def teksten(fig: go.Figure) -> str:
    """Everything a reader can see or hover, as one string."""
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False)


def annotaties(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


# --- Dutch numbers and the common look ---


@pytest.mark.parametrize(
    ("waarde", "decimalen", "verwacht"),
    [
        (12345.678, 1, "12.345,7"),
        (1234567, 0, "1.234.567"),
        (13.333333, 1, "13,3"),
        (0.5, 2, "0,50"),
        (-1.25, 1, MINTEKEN + "1,3"),  # half up, away from zero (it was 1,2)
        (-0.04, 1, "0,0"),
        (None, 1, TOT),
        (math.nan, 1, TOT),
    ],
)
def test_numbers_are_written_the_dutch_way(waarde: float | None, decimalen: int, verwacht: str) -> None:
    assert getal(waarde, decimalen) == verwacht


def test_every_figure_uses_dutch_separators_the_site_font_and_no_title() -> None:
    for naam, fig in alle_figuren().items():
        assert fig.layout.separators == ",.", naam
        assert "Segoe UI" in fig.layout.font.family and "Liberation Sans" in fig.layout.font.family, naam
        assert fig.layout.title.text is None, naam
        assert fig.layout.autosize is True, naam
        assert 150 <= fig.layout.height <= 450, naam
        for as_ in (fig.layout.xaxis, fig.layout.yaxis):
            if as_.separatethousands:  # a value axis: "261.000", never plotly's "261k"
                assert as_.exponentformat == "none", naam


def test_no_figure_needs_plotly_s_default_template() -> None:
    for naam, fig in alle_figuren().items():
        assert "colorway" not in json.loads(fig.to_json())["layout"].get("template", {}).get("layout", {}), naam


# --- trend ---


def test_a_trend_of_one_year_runs_its_axis_from_zero_instead_of_zooming_in_on_a_hair() -> None:
    fig = trendgrafiek(reeks((2024, 105000.0, 7, 7)), eenheid="inwoners", naam="Inwoners")
    assert tuple(fig.layout.yaxis.range) == (0, 126000.0)
    meer = trendgrafiek(reeks((2023, 12.0, 7, 7), (2024, 13.0, 7, 7)), eenheid="%", naam="Rokers")
    assert meer.layout.yaxis.range is None  # more than one value: plotly chooses


def test_the_trend_is_a_line_with_open_markers_for_incomplete_years() -> None:
    fig = trendgrafiek(reeks((2022, 12.0, 7, 7), (2023, 12.5, 5, 7), (2024, 13.26, 7, 7)), eenheid="%", naam="Rokers")
    lijn = fig.data[0]
    assert lijn.type == "scatter" and lijn.mode == "lines+markers"
    assert list(lijn.x) == [2022, 2023, 2024]
    assert list(lijn.marker.color) == [ACCENT, "#ffffff", ACCENT]
    assert "onvolledig: 5 van 7 gemeenten" in lijn.hovertext[1]
    assert "onvolledig" not in lijn.hovertext[0]
    assert "Rokers: 13,3%" in lijn.hovertext[2]
    # the legend explains the open marker, because paper has no hover
    assert [t.name for t in fig.data if t.showlegend] == ["alle gemeenten", "onvolledig: niet alle gemeenten"]
    assert fig.layout.xaxis.tickformat == "d"  # 2024, not 2.024


def test_a_complete_trend_has_no_legend_and_years_without_value_are_gaps() -> None:
    fig = trendgrafiek(
        reeks((2022, 100.0, 2, 2), (2023, None, 0, 2), (2024, 12345.0, 2, 2)),
        eenheid="inwoners",
        naam="Inwoners",
    )
    assert len(fig.data) == 1
    assert fig.layout.showlegend is False
    assert list(fig.data[0].y) == [100.0, None, 12345.0]
    assert fig.data[0].connectgaps is False
    assert "Inwoners: 12.345 inwoners" in fig.data[0].hovertext[2]
    assert fig.layout.yaxis.title.text == "inwoners"


def test_on_a_phone_a_trend_names_at_most_four_years_level_and_the_age_groups_over_short_lines() -> None:
    """The narrow variant that static/js/grafieken.js puts over the layout under 600 px: labels that would turn
    on end and run into each other are fewer (the latest year always named) or wrapped."""
    jaren = [(j, 100.0 + j, 7, 7) for j in range(2013, 2025)]
    smal = trendgrafiek(reeks(*jaren), eenheid="inwoners", naam="Inwoners").layout.meta["smal"]
    assert smal["xaxis.tickvals"] == [2015, 2018, 2021, 2024] and smal["xaxis.tickangle"] == 0
    assert smal["legend.yanchor"] == "bottom"  # under the chart, not in a row above it
    df = pd.DataFrame({"label": ["0-14 jaar", "80+ jaar"], "aandeel": [0.2, 0.1], "waarde": [20.0, 10.0]})
    smal = leeftijdsgrafiek(df).layout.meta["smal"]
    assert smal["xaxis.ticktext"] == ["0-14<br>jaar", "80+<br>jaar"] and smal["xaxis.tickangle"] == 0


# --- bars ---


def test_the_comparison_highlights_the_own_region_and_keeps_the_order() -> None:
    df = pd.DataFrame(
        {
            "groep": ["Oostelijk Zuid-Limburg", "Provincie Limburg", "Nederland"],
            "waarde": [13.3, 11.0, math.nan],
            "dekking": [0.9, 1.0, 0.0],
            "volledig": [False, True, False],
        }
    )
    fig = vergelijkingsgrafiek(df, eenheid="%")
    staven = fig.data[0]
    assert staven.type == "bar" and staven.orientation == "h"
    assert [y.replace("<br>", " ") for y in staven.y] == [
        "Oostelijk Zuid-Limburg (onvolledig)",
        "Provincie Limburg",
        "Nederland",
    ]
    assert list(staven.marker.color) == [ACCENT, GRIJS, GRIJS]
    assert list(staven.text)[:2] == ["13,3%", "11,0%"]
    assert "dekking: 90% van de inwoners" in staven.hovertext[0]
    # the group without a value is a gap that says so
    assert fig.data[1].mode == "text" and list(fig.data[1].text) == ["geen gegevens"]
    assert fig.layout.yaxis.autorange == "reversed"


def test_the_comparison_can_highlight_a_named_group() -> None:
    df = pd.DataFrame({"groep": ["Nederland", "Regio"], "waarde": [1.0, 2.0], "dekking": [1, 1], "volledig": [1, 1]})
    assert list(vergelijkingsgrafiek(df, eenheid="%", eigen="Regio").data[0].marker.color) == [GRIJS, ACCENT]


def test_gemeenten_are_sorted_by_value_with_the_missing_ones_last() -> None:
    df = pd.DataFrame(
        {
            "gemeente": ["GM1954", "GM0899", "GM0917", "GM0965"],
            "naam": ["Beekdaelen", "Brunssum", "Heerlen", "Simpelveld"],
            "waarde": [10.0, 12.3, 16.5, math.nan],
        }
    )
    fig = gemeentegrafiek(df, eenheid="%")
    assert list(fig.data[0].y) == ["Heerlen", "Brunssum", "Beekdaelen", "Simpelveld"]
    assert list(fig.data[0].x) == [16.5, 12.3, 10.0, None]
    assert list(fig.data[1].y) == ["Simpelveld"] and list(fig.data[1].text) == ["geen gegevens"]


def test_a_long_unit_is_the_axis_title_and_not_repeated_after_every_bar() -> None:
    df = pd.DataFrame({"gemeente": ["A"], "naam": ["Heerlen"], "waarde": [87461.0]})
    fig = gemeentegrafiek(df, eenheid="inwoners")
    assert list(fig.data[0].text) == ["87.461"]
    assert fig.layout.xaxis.title.text == "inwoners"
    assert "87.461 inwoners" in fig.data[0].hovertext[0]


def test_the_age_structure_shows_shares_in_age_order() -> None:
    df = pd.DataFrame(
        {
            "label": ["0-14 jaar", "15-64 jaar", "65+"],
            "waarde": [150.0, math.nan, 500.0],
            "aandeel": [0.15 / 0.65, math.nan, 0.5 / 0.65],
        }
    )
    fig = leeftijdsgrafiek(df)
    assert list(fig.data[0].x) == ["0-14 jaar", "15-64 jaar", "65+"]
    assert fig.data[0].y[0] == pytest.approx(100 * 0.15 / 0.65)
    assert list(fig.data[0].text) == ["23,1%", "", "76,9%"]
    assert "150 inwoners (23,1%)" in fig.data[0].hovertext[0]
    assert list(fig.data[1].x) == ["15-64 jaar"]


# --- spread ---


def test_the_spread_shows_the_others_anonymously_and_the_own_rank() -> None:
    fig = spreidingsgrafiek(spreiding_voorbeeld(), eenheid="%", regionaam="Oostelijk Zuid-Limburg")
    tekst = teksten(fig)
    for verwacht in ("laagste", "mediaan", "hoogste", "6,5%", "11,7%", "15,3%", "13,3%", "3e van 80"):
        assert verwacht in tekst
    anderen, punten, eigen = fig.data[0], fig.data[1], fig.data[2]
    assert list(anderen.x) == [6.5, 15.26]
    assert list(punten.x) == [6.5, 11.7, 15.26]
    assert list(eigen.x) == [13.3] and eigen.marker.color == ACCENT
    # the only names in the figure are the own region's and the generic row label
    assert set(anderen.y) | set(punten.y) == {"Andere<br>regio's"}
    assert set(eigen.y) == {"Oostelijk<br>Zuid-Limburg"}


# --- the map ---


def kaart_ozl(waarden: Mapping[str, float | None], **opties: Any) -> go.Figure:
    return charts.kaart(kaart.vormen(OZL), waarden, NAMEN, eenheid="%", **opties)


def test_the_map_uses_no_geo_or_tile_traces_and_no_urls() -> None:
    fig = kaart_ozl({c: 10.0 + i for i, c in enumerate(OZL)}, context=kaart.vormen(kaart.buren(OZL)))
    assert {t.type for t in fig.data} == {"scatter"}
    layout = fig.to_plotly_json()["layout"]
    assert not {"geo", "mapbox", "map"} & set(layout)
    json_tekst = fig.to_json()
    assert "http" not in json_tekst
    assert not re.search(r'"type":\s*"(choropleth|scattergeo|choroplethmap|choroplethmapbox|scattermap)', json_tekst)


def test_the_map_has_one_polygon_per_gemeente_with_its_name_and_value_on_hover() -> None:
    fig = kaart_ozl(
        {
            "GM0917": 16.5,
            "GM0928": 11.1,
            "GM0882": 14.1,
            "GM0899": 12.3,
            "GM0965": None,
            "GM0986": 8.5,
            "GM1954": 10.0,
        }
    )
    veelhoeken = [t for t in fig.data if t.meta and "gemeente" in t.meta]
    assert [t.meta["gemeente"] for t in veelhoeken] == OZL
    assert all(t.fill == "toself" and t.hoveron == "fills" for t in veelhoeken)
    hover = {t.meta["gemeente"]: t.name for t in veelhoeken}
    assert hover["GM0917"] == "Heerlen: 16,5%"
    assert hover["GM0965"] == "Simpelveld: geen gegevens"
    # the gemeente without a value is hatched grey and listed as such in the legend
    simpelveld = next(t for t in veelhoeken if t.meta["gemeente"] == "GM0965")
    assert simpelveld.fillpattern.shape == "/"
    assert "geen gegevens" in [t.name for t in fig.data if t.showlegend]
    # names on the map, at most one label per gemeente
    labels = [t for t in fig.data if t.mode == "text"]
    assert len(labels) == 1 and sorted(labels[0].text) == sorted(NAMEN.values())


def test_the_colour_classes_cover_the_value_range_and_are_listed_in_dutch() -> None:
    waarden = {
        "GM0917": 16.5,
        "GM0928": 11.1,
        "GM0882": 14.1,
        "GM0899": 12.3,
        "GM0965": 13.0,
        "GM0986": 8.5,
        "GM1954": 10.0,
    }
    fig = kaart_ozl(waarden)
    legenda = [t.name.replace(TOT, "-") for t in fig.data if t.showlegend]  # TOT is an en dash
    assert legenda == ["8 - 10%", "10 - 12%", "12 - 14%", "14 - 16%", "16 - 18%"]
    veelhoeken = {t.meta["gemeente"]: t for t in fig.data if t.meta and "gemeente" in t.meta}
    klassen = {t.legendgroup: t.fillcolor for t in fig.data if t.showlegend}
    for code, spoor in veelhoeken.items():
        assert klassen[spoor.legendgroup] == spoor.fillcolor, code
    assert veelhoeken["GM0917"].legendgroup == "klasse-4" and veelhoeken["GM0986"].legendgroup == "klasse-0"


@pytest.mark.parametrize(
    "waarden",
    [
        [8.5, 16.5],
        [0.0, 100.0],
        [12.0, 12.0],
        [-3.2, 4.1],
        [0.013, 0.052],
        [10_255.0, 87_461.0],
        [1.0, 2.0, 1e6],
    ],
)
def test_classes_are_contiguous_and_hold_every_value(waarden: list[float]) -> None:
    klassen = klassen_indelen(waarden, eenheid="%")
    assert 1 <= len(klassen) <= 5
    assert klassen[0].ondergrens <= min(waarden) and klassen[-1].bovengrens >= max(waarden)
    for links, rechts in itertools.pairwise(klassen):
        assert links.bovengrens == pytest.approx(rechts.ondergrens)
    for waarde in waarden:
        klasse = klassen[klasse_van(waarde, klassen)]
        assert klasse.ondergrens - 1e-9 <= waarde <= klasse.bovengrens + 1e-9
    assert all(k.label.endswith("%") and not k.label.endswith(" %") for k in klassen)
    assert len({k.kleur for k in klassen}) == len(klassen)


def test_class_labels_use_round_dutch_numbers() -> None:
    assert [k.label.replace(TOT, "-") for k in klassen_indelen([10_255, 87_461], eenheid="inwoners")] == [
        "0 - 20.000 inwoners",
        "20.000 - 40.000 inwoners",
        "40.000 - 60.000 inwoners",
        "60.000 - 80.000 inwoners",
        "80.000 - 100.000 inwoners",
    ]
    assert klassen_indelen([12.1, 14.4], eenheid="%")[0].label == f"12,0 {TOT} 12,5%"
    assert klassen_indelen([], eenheid="%") == []


def test_context_gemeenten_are_light_grey_without_hover_and_the_map_keeps_its_proportions() -> None:
    fig = kaart_ozl(dict.fromkeys(OZL, 1.0), context=kaart.vormen(kaart.buren(OZL)))
    context = fig.data[0]
    assert context.hoverinfo == "skip" and context.fillcolor == charts.CONTEXT and not context.showlegend
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(50.9)), rel=0.01)
    assert fig.layout.height == 420


def test_a_large_region_gets_no_name_labels() -> None:
    limburg = [code for code, g in GEMEENTEN.items() if g.provincie == "Limburg"]
    fig = charts.kaart(kaart.vormen(limburg), {}, {c: GEMEENTEN[c].naam for c in limburg}, eenheid="%")
    assert not [t for t in fig.data if t.mode == "text"]
    assert [t.name for t in fig.data if t.showlegend] == ["geen gegevens"]


def test_a_name_is_shown_as_text_never_as_markup() -> None:
    fig = charts.kaart(kaart.vormen(["GM0917"]), {"GM0917": 1.0}, {"GM0917": "<b>Heer</b>len"}, eenheid="%")
    assert "<b>" not in teksten(fig)


# --- empty and odd input ---


def test_every_builder_says_geen_gegevens_on_empty_input() -> None:
    leeg_frame = pd.DataFrame()
    figuren = [
        trendgrafiek(leeg_frame, eenheid="%", naam="x"),
        trendgrafiek(reeks((2024, None, 0, 7)), eenheid="%", naam="x"),
        vergelijkingsgrafiek(leeg_frame, eenheid="%"),
        gemeentegrafiek(leeg_frame, eenheid="%"),
        spreidingsgrafiek(None, eenheid="%", regionaam="Regio"),
        leeftijdsgrafiek(leeg_frame),
        charts.kaart({}, {}, {}, eenheid="%"),
    ]
    for fig in figuren:
        assert annotaties(fig) == ["Geen gegevens"]
        assert fig.layout.separators == ",."
        assert json.loads(figuur_json(fig))


def test_the_builders_take_what_analysis_gives_for_empty_input() -> None:
    leeg = waarden_frame([])
    trend = analysis.aggregeren(leeg, indicator="x", gemeenten=OZL, aggregatie="som", gewichten={})
    vergelijking = analysis.vergelijken(leeg, indicator="x", groepen={"R": OZL}, aggregatie="som", gewichten={}, jaar=1)
    per_gemeente = analysis.per_gemeente(leeg, indicator="x", gemeenten=NAMEN, jaar=2024)
    opbouw = analysis.leeftijdsopbouw(leeg, indicatoren=[("x", "jong")], gemeenten=OZL, jaar=2024)
    assert annotaties(trendgrafiek(trend, eenheid="%", naam="x")) == ["Geen gegevens"]
    assert annotaties(vergelijkingsgrafiek(vergelijking, eenheid="%")) == ["Geen gegevens"]
    assert annotaties(gemeentegrafiek(per_gemeente, eenheid="%")) == ["Geen gegevens"]
    assert annotaties(leeftijdsgrafiek(opbouw)) == ["Geen gegevens"]
    per_code = dict(zip(per_gemeente["gemeente"].tolist(), per_gemeente["waarde"].tolist(), strict=True))
    kaart_zonder_waarden = charts.kaart(kaart.vormen(OZL), per_code, NAMEN, eenheid="%")
    assert [t.name for t in kaart_zonder_waarden.data if t.showlegend] == ["geen gegevens"]


def test_nan_and_infinity_never_break_a_figure() -> None:
    df = pd.DataFrame({"gemeente": ["A", "B"], "naam": ["Aa", "Bb"], "waarde": [math.nan, math.inf]})
    assert annotaties(gemeentegrafiek(df, eenheid="%")) == ["Geen gegevens"]
    spreiding = Spreiding(
        eigen_waarde=math.nan, laagste=1.0, mediaan=2.0, hoogste=3.0, rang=1, aantal=4, eigen_volledig=True
    )
    assert annotaties(spreidingsgrafiek(spreiding, eenheid="%", regionaam="R")) == ["Geen gegevens"]
    fig = charts.kaart(kaart.vormen(["GM0917", "GM0928"]), {"GM0917": math.nan, "GM0928": 3.0}, NAMEN, eenheid="%")
    assert json.loads(figuur_json(fig))


# --- to the page ---


def test_figure_json_is_compact_strict_json_that_cannot_end_a_script_element() -> None:
    fig = gemeentegrafiek(
        pd.DataFrame(
            {
                "gemeente": ["A", "B"],
                "naam": ["</script><script>alert(1)</script>", "B & C"],
                "waarde": [1.0, math.nan],
            }
        ),
        eenheid="%",
    )
    tekst = figuur_json(fig)
    assert "<" not in tekst and ">" not in tekst and "&" not in tekst
    assert "\n" not in tekst
    data = json.loads(tekst, parse_constant=lambda c: pytest.fail(f"not strict JSON: {c}"))
    assert data == json.loads(fig.to_json())
    assert None in data["data"][0]["x"]  # NaN became null


def test_the_plotly_config_is_dutch_and_never_shares_to_the_cloud() -> None:
    assert PLOTLY_CONFIG["displaylogo"] is False
    assert PLOTLY_CONFIG["responsive"] is True
    assert PLOTLY_CONFIG["locale"] == "nl"
    assert PLOTLY_CONFIG["showSendToCloud"] is False
    assert PLOTLY_CONFIG["plotlyServerURL"] == ""
    assert {"lasso2d", "select2d", "autoScale2d", "sendChartToCloud"} <= set(PLOTLY_CONFIG["modeBarButtonsToRemove"])


def test_the_page_script_uses_the_same_config() -> None:
    script = (PROJECT / "static" / "js" / "grafieken.js").read_text(encoding="utf-8")
    for knop in PLOTLY_CONFIG["modeBarButtonsToRemove"]:
        assert f'"{knop}"' in script, knop
    assert "showSendToCloud: false" in script
    assert "htmx:afterSettle" in script
    assert "Plotly.register(" in script


def test_the_vendored_plotly_js_is_the_basic_bundle_of_the_version_the_python_package_expects() -> None:
    map_ = PROJECT / "static" / "vendor" / "plotly"
    kop = (map_ / "plotly-basic.min.js").read_text(encoding="utf-8")[:200]
    assert f"plotly.js (basic - minified) v{get_plotlyjs_version()}" in kop
    assert f"plotly.js {get_plotlyjs_version()}" in (map_ / "VERSION").read_text(encoding="utf-8")
    assert "MIT License" in (map_ / "LICENSE").read_text(encoding="utf-8")
    assert not (map_ / "plotly.min.js").exists(), "the full bundle (4.8 MB) is no longer served"


def _sporen_in_de_code() -> set[str]:
    """The trace types the product's code builds (go.Scatter(...) -> "scatter"), in every app."""
    klassen = {
        naam
        for app in ("regio", "regiobeeld", "regioplan", "contracten")
        for bestand in (PROJECT / app).rglob("*.py")
        for naam in re.findall(r"\bgo\.([A-Z][A-Za-z]+)\(", bestand.read_text(encoding="utf-8"))
    }
    return {
        getattr(go, naam)().type
        for naam in klassen
        if isinstance(getattr(go, naam), type) and issubclass(getattr(go, naam), BaseTraceType)
    }


def test_every_trace_type_the_product_draws_is_in_the_vendored_bundle() -> None:
    bundel = (PROJECT / "static" / "vendor" / "plotly" / "plotly-basic.min.js").read_text(encoding="utf-8")
    in_bundel = set(re.findall(r'moduleType:"trace",name:"([a-z0-9]+)"', bundel))
    gebruikt = _sporen_in_de_code() | {spoor.type for fig in alle_figuren().values() for spoor in fig.data}
    assert {"scatter", "bar"} <= gebruikt  # the check looks at real code
    assert gebruikt <= in_bundel, f"not in plotly's basic bundle: {gebruikt - in_bundel}"


def test_building_and_serialising_figures_does_not_need_kaleido(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes every "import kaleido" fail, as on a machine without it.
    monkeypatch.setitem(sys.modules, "kaleido", None)
    for fig in alle_figuren().values():
        assert figuur_json(fig)
