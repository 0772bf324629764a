"""contracten.grafieken: the funding per year and segment, and the verdeelmodel per provider, in Dutch."""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
import pytest
from django.utils import translation

from contracten.financiering import Aanbieder, Regelbedrag, financieel_overzicht, verdeel_budget
from contracten.grafieken import financiering_figuur, verdeling_figuur
from regiobeeld.charts import ACCENT, GRIJS

D = Decimal


@pytest.fixture(autouse=True)
def _nederlands():
    with translation.override("nl"):
        yield


def overzicht():
    return financieel_overzicht(
        [
            Regelbedrag("Inschrijftarief", "S1", 2026, D("1000.01"), D("33.33")),
            Regelbedrag("Ketenzorg", "S2", 2026, D("500.00"), D("100")),
            Regelbedrag("Ketenzorg", "S2", 2025, D("400.00"), D("50")),
            Regelbedrag("Innovatie", "S3", 2025, D("250.50"), D("0")),
        ]
    )


def test_de_financiering_staat_per_jaar_gestapeld_per_segment():
    fig = financiering_figuur(overzicht())
    assert isinstance(fig, go.Figure)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["S1", "S2", "S3"]
    assert all(t.type == "bar" for t in fig.data)
    assert [list(t.x) for t in fig.data] == [[2025, 2026]] * 3
    assert [list(t.y) for t in fig.data] == [[0.0, 1000.01], [400.0, 500.0], [250.5, 0.0]]


def test_de_financieringsgrafiek_heeft_nederlandse_titels():
    fig = financiering_figuur(overzicht())
    assert fig.layout.title.text is None  # the card or caption around it names the chart, once
    assert fig.layout.yaxis.tickformat == ",.0f"  # "800.000", not "800k"
    assert fig.layout.xaxis.title.text == "Jaar"
    assert fig.layout.yaxis.title.text == "Bedrag (€)"
    assert fig.layout.separators == ",."


def test_de_hover_noemt_het_bedrag_in_euro_met_een_komma():
    fig = financiering_figuur(overzicht())
    assert fig.data[0].hovertext[1] == "<b>2026 · S1</b><br>€ 1.000,01<br>totaal 2026: € 1.500,01"


def test_zonder_bedragen_zegt_de_grafiek_dat_er_niets_is():
    fig = financiering_figuur(financieel_overzicht([]))
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "Nog geen bedragen in de contractafspraken"


def test_de_verdeling_zet_huidig_inkomen_naast_het_nieuwe_bedrag():
    verdeling = verdeel_budget(
        budget=D("1000000"),
        aanbieders=[
            Aanbieder("Verloskundigen", D("400000"), D("4200")),
            Aanbieder("Kraamzorg", D("350000"), D("3000")),
            Aanbieder("Ziekenhuis", D("250000"), D("2800")),
        ],
        drempel_procent=D("10"),
        vangnet_procent=D("10"),
    )
    fig = verdeling_figuur(verdeling)
    assert fig.layout.barmode == "group"
    assert [t.name for t in fig.data] == ["Huidig inkomen", "Nieuw bedrag"]
    assert [t.marker.color for t in fig.data] == [GRIJS, ACCENT]
    # Horizontal bars: a provider's name reads level beside its bars, on a phone too.
    assert [t.orientation for t in fig.data] == ["h", "h"]
    assert list(fig.data[0].y) == list(fig.data[1].y) == ["Verloskundigen", "Kraamzorg", "Ziekenhuis"]
    assert list(fig.data[0].x) == [400000.0, 350000.0, 250000.0]
    assert list(fig.data[1].x) == [400000.0, 315000.0, 285000.0]
    assert fig.layout.title.text is None
    assert fig.layout.xaxis.title.text == "Bedrag (€)"
    # On a phone: the legend under the chart, three level amounts on the axis (static/js/grafieken.js).
    assert fig.layout.meta["smal"] == {
        "legend.yref": "container",
        "legend.y": 0,
        "legend.yanchor": "bottom",
        "margin.t": 12,
        "xaxis.tickangle": 0,
        "xaxis.nticks": 3,
    }
    assert fig.data[1].hovertext[1] == (
        "<b>Kraamzorg</b><br>nieuw: € 315.000,00<br>mutatie: \u2212€ 35.000,00<br>status: vangnet"
    )


def test_een_naam_wordt_als_tekst_getoond_niet_als_opmaak():
    verdeling = verdeel_budget(
        budget=D("100"), aanbieders=[Aanbieder("<b>Zorg & Co</b>", D("100"), D("1"))], drempel_procent=D("0")
    )
    (label,) = verdeling_figuur(verdeling).data[0].y  # wrapped over lines beside its bars
    assert label.replace("<br>", " ") == "&lt;b&gt;Zorg &amp; Co&lt;/b&gt;"
