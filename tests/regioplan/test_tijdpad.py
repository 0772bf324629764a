"""regioplan.tijdpad: the plan's activities over its quarters, in the regiobeeld's chart conventions."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal

import plotly.graph_objects as go
import pytest
from django.template.loader import render_to_string

from regiobeeld.charts import figuur_json
from regiobeeld.models import Regiobeeld
from regioplan import services
from regioplan.models import Activiteit
from regioplan.tijdpad import (
    LABEL_LENGTE,
    STATUSKLEUREN,
    hoogte_voor,
    inkorten,
    tijdpad_figuur,
    tijdpad_grafiek,
    tijdpad_tabel,
)
from tests.personas import Wereld
from tests.regioplan.tijdpaden import Partij, Rij


def figuur(*rijen: Rij, startjaar: int = 2026, eindjaar: int = 2029, vandaag: dt.date | None = None) -> go.Figure:
    return tijdpad_figuur(list(rijen), startjaar=startjaar, eindjaar=eindjaar, vandaag=vandaag)


def staven(fig: go.Figure) -> dict[str, tuple[float, float, str]]:
    """Per row label: (first quarter, quarters spanned, colour)."""
    labels = list(fig.layout.yaxis.ticktext)
    uitkomst = {}
    for spoor in fig.data:
        if spoor.type != "bar":
            continue
        for y, basis, breedte in zip(spoor.y, spoor.base, spoor.x, strict=True):
            uitkomst[labels[y]] = (basis, breedte, spoor.marker.color)
    return uitkomst


def hovers(fig: go.Figure) -> list[str]:
    return [h for spoor in fig.data if spoor.hovertext is not None for h in spoor.hovertext]


def contrast_met_wit(kleur: str) -> float:
    def lineair(kanaal: int) -> float:
        c = kanaal / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(kleur[i : i + 2], 16) for i in (1, 3, 5))
    return 1.05 / (0.2126 * lineair(r) + 0.7152 * lineair(g) + 0.0722 * lineair(b) + 0.05)


# --- where the bars are ---


def test_a_bar_spans_its_quarters_counted_from_the_plan_s_first_quarter() -> None:
    fig = figuur(
        Rij("Thuismeten", 2026, 2, 2027, 1),
        Rij("Evaluatie", 2029, 4, 2029, 4),
        Rij("Heel het plan", 2026, 1, 2029, 4),
    )
    assert staven(fig)["Thuismeten"][:2] == (1, 4)  # Q2, Q3, Q4 of 2026 and Q1 of 2027
    assert staven(fig)["Evaluatie"][:2] == (15, 1)  # the last quarter of the term
    assert staven(fig)["Heel het plan"][:2] == (0, 16)
    assert list(fig.layout.xaxis.range) == [0, 16]


def test_the_axis_names_every_quarter_and_each_year_above_its_first_quarter() -> None:
    as_ = figuur(Rij("A")).layout.xaxis
    assert len(as_.ticktext) == 16
    assert as_.ticktext[0] == "<b>2026</b><br>Q1" and as_.ticktext[1] == "Q2" and as_.ticktext[4] == "<b>2027</b><br>Q1"
    assert list(as_.tickvals[:2]) == [0.5, 1.5]  # in the middle of its quarter
    assert as_.side == "top" and as_.tickangle == 0 and as_.fixedrange is True


def test_a_term_longer_than_four_years_names_the_years_only() -> None:
    as_ = figuur(Rij("A"), startjaar=2024, eindjaar=2033).layout.xaxis
    assert list(as_.ticktext) == [str(j) for j in range(2024, 2034)]
    assert list(as_.range) == [0, 40]


def test_lines_separate_the_quarters_and_darker_ones_the_years() -> None:
    fig = figuur(Rij("A"))
    lijnen = {s.x0: s.line.color for s in fig.layout.shapes}
    assert sorted(lijnen) == list(range(17))
    assert lijnen[4] == lijnen[8] != lijnen[5]


def test_an_activity_partly_outside_the_term_is_cut_to_it_and_says_so() -> None:
    fig = figuur(Rij("Te vroeg", 2025, 3, 2026, 2), Rij("Te laat", 2031, 1, 2031, 2))
    assert staven(fig)["Te vroeg"][:2] == (0, 2)
    assert "Te laat" not in staven(fig)  # no bar at all, but still a row saying why
    assert "buiten de looptijd" in [t for s in fig.data if s.type == "scatter" for t in s.text]
    assert any("2025 Q3" in h and "buiten de looptijd" in h for h in hovers(fig))


# --- order and labels ---


def test_rows_go_by_priority_then_start_and_ties_keep_their_order() -> None:
    fig = figuur(
        Rij("Laag", prioriteit=3),
        Rij("Hoog later", 2027, 1, 2027, 4, prioriteit=1),
        Rij("Midden", prioriteit=2),
        Rij("Hoog eerst", 2026, 3, 2026, 4, prioriteit=1),
        Rij("Hoog later, tweede", 2027, 1, 2027, 2, prioriteit=1),
    )
    assert list(fig.layout.yaxis.ticktext) == ["Hoog eerst", "Hoog later", "Hoog later, tweede", "Midden", "Laag"]
    assert list(fig.layout.yaxis.range) == [4.5, -0.5]  # the first row on top


def test_two_activities_with_the_same_title_get_a_row_each() -> None:
    fig = figuur(Rij("Scholing", 2026, 1, 2026, 1), Rij("Scholing", 2027, 1, 2027, 1))
    bars = [(y, b) for s in fig.data if s.type == "bar" for y, b in zip(s.y, s.base, strict=True)]
    assert sorted(bars) == [(0, 0), (1, 4)]


def test_a_long_title_is_cut_next_to_its_bar_and_whole_in_the_hover_and_the_table() -> None:
    titel = "Praktijkondersteuning ouderenzorg uitbreiden in alle kernen van Parkstad, ook in de kleine dorpen"
    fig = figuur(Rij(titel))
    label = fig.layout.yaxis.ticktext[0]
    assert label.endswith("\u2026") and len(label) <= LABEL_LENGTE
    assert label == "Praktijkondersteuning ouderenzorg\u2026"  # cut between words
    assert titel in hovers(fig)[0]
    assert tijdpad_tabel([Rij(titel)])[1][0][0] == titel


def test_a_short_title_is_left_as_it_is() -> None:
    assert inkorten("E-consult") == "E-consult"
    assert inkorten("  E-consult \n voor iedereen ") == "E-consult voor iedereen"


def test_titles_and_party_names_are_shown_as_text_never_as_markup() -> None:
    fig = figuur(Rij("<b>Vet</b> & zo", verantwoordelijke=Partij("<i>Partij</i>")))
    tekst = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
    assert "<b>Vet</b>" not in tekst and "<i>Partij</i>" not in tekst
    assert "&lt;b&gt;Vet&lt;/b&gt; &amp; zo" in fig.layout.yaxis.ticktext[0]


# --- colours, legend, hover ---


def test_each_status_has_its_own_colour_and_one_legend_entry_in_dutch() -> None:
    fig = figuur(
        Rij("A", voortgang="afgerond"),
        Rij("B", voortgang="loopt"),
        Rij("C", voortgang="gepland"),
        Rij("D", voortgang="loopt"),
        Rij("E", voortgang="uitgesteld"),
        Rij("F", voortgang="gestopt"),
    )
    legenda = [s.name for s in fig.data if s.showlegend]
    assert legenda == ["Gepland", "Loopt", "Afgerond", "Uitgesteld", "Gestopt"]  # always in this order
    balken = staven(fig)
    assert balken["B"][2] == balken["D"][2] == STATUSKLEUREN["loopt"]
    assert balken["A"][2] == STATUSKLEUREN["afgerond"]
    assert len({b[2] for b in balken.values()}) == 5
    gestopt = next(s for s in fig.data if s.name == "Gestopt")
    assert gestopt.marker.pattern.shape == "/"  # hatched: not told apart from "gepland" by lightness alone


def test_the_legend_lists_only_the_statuses_the_plan_uses() -> None:
    fig = figuur(Rij("A", voortgang="loopt"), Rij("B", voortgang="loopt"))
    assert [s.name for s in fig.data if s.showlegend] == ["Loopt"]
    assert fig.layout.showlegend is True and fig.layout.legend.orientation == "h"


def test_the_status_colours_stand_out_against_white_and_from_each_other() -> None:
    assert set(STATUSKLEUREN) == set(Activiteit.Voortgang.values)
    assert len(set(STATUSKLEUREN.values())) == len(STATUSKLEUREN)
    for status, kleur in STATUSKLEUREN.items():
        assert contrast_met_wit(kleur) >= 3.0, status  # WCAG 1.4.11, graphical objects


def test_bars_of_different_statuses_are_not_shifted_sideways() -> None:
    fig = figuur(Rij("A", voortgang="loopt"), Rij("B", voortgang="gepland"))
    assert fig.layout.barmode == "overlay"
    assert {s.width for s in fig.data if s.type == "bar"} == {0.62}


def test_the_hover_gives_title_party_period_status_and_priority() -> None:
    fig = figuur(
        Rij("Thuismeten COPD", 2026, 2, 2027, 1, prioriteit=1, voortgang="loopt", verantwoordelijke=Partij("Zuid"))
    )
    (hover,) = hovers(fig)
    assert hover.startswith("<b>Thuismeten COPD</b>")
    for stuk in ("Verantwoordelijk: Zuid", "Periode: 2026 Q2 \u2013 2027 Q1", "Status: loopt", "Prioriteit: hoog"):
        assert stuk in hover
    assert all(s.hovertemplate == "%{hovertext}<extra></extra>" for s in fig.data if s.type == "bar")


def test_today_is_a_dotted_line_at_its_place_in_the_quarter_and_only_within_the_term() -> None:
    fig = figuur(Rij("A"), vandaag=dt.date(2026, 11, 16))  # halfway Q4 2026: 3 quarters and a half in
    (lijn,) = [s for s in fig.data if s.name == "Vandaag"]
    assert lijn.x[0] == lijn.x[1] == pytest.approx(3.5, abs=0.01)
    assert lijn.line.dash == "dot" and lijn.hoverinfo == "skip"
    assert not [s for s in figuur(Rij("A"), vandaag=dt.date(2031, 1, 1)).data if s.name == "Vandaag"]
    assert not [s for s in figuur(Rij("A")).data if s.name == "Vandaag"]


# --- the regiobeeld's conventions ---


def test_the_figure_looks_like_the_regiobeeld_charts() -> None:
    fig = figuur(Rij("A"))
    assert fig.layout.separators == ",."
    assert "Segoe UI" in fig.layout.font.family
    assert fig.layout.title.text is None
    assert fig.layout.autosize is True and fig.layout.dragmode is False
    assert fig.layout.yaxis.fixedrange is True and fig.layout.xaxis.fixedrange is True
    assert "colorway" not in json.loads(fig.to_json())["layout"].get("template", {}).get("layout", {})


def test_the_figure_needs_no_kaleido_and_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "kaleido", None)
    tekst = figuur_json(figuur(Rij("A", voortgang="gestopt"), vandaag=dt.date(2027, 1, 1)))
    assert json.loads(tekst)
    assert "http" not in tekst


def test_the_page_gets_a_grafiek_for_the_regiobeeld_include() -> None:
    grafiek = tijdpad_grafiek([Rij("Thuismeten", 2026, 2, 2027, 1, voortgang="loopt")], startjaar=2026, eindjaar=2029)
    assert grafiek is not None
    html = render_to_string("regiobeeld/_grafiek.html", {"g": grafiek})
    assert 'id="grafiek-tijdpad"' in html and 'data-grafiek="fig-tijdpad"' in html
    assert 'data-grafiek-label="Tijdpad van 1 activiteit in 2026\u20132029"' in html
    assert '<th scope="row">Thuismeten</th>' in html and "2026 Q2" in html and "loopt" in html
    assert json.loads(grafiek.figuur_json)["layout"]["xaxis"]["range"] == [0, 16]


# --- the table ---


def test_the_table_lists_activity_party_start_end_and_status_in_the_chart_s_order() -> None:
    koppen, rijen = tijdpad_tabel(
        [
            Rij("Later", 2027, 1, 2027, 4, voortgang="gepland", verantwoordelijke=Partij("Zuid")),
            Rij("Eerst", 2026, 3, 2028, 2, voortgang="uitgesteld"),
        ]
    )
    assert koppen == ["Activiteit", "Verantwoordelijke partij", "Start", "Einde", "Status"]
    assert rijen == [
        ["Eerst", "Zorggroep Mijnstreek", "2026 Q3", "2028 Q2", "uitgesteld"],
        ["Later", "Zuid", "2027 Q1", "2027 Q4", "gepland"],
    ]


# --- none, one and many ---


def test_a_plan_without_activities_says_so_and_the_page_gets_no_chart() -> None:
    fig = figuur()
    assert [a.text for a in fig.layout.annotations] == ["Nog geen activiteiten in dit plan"]
    assert tijdpad_grafiek([], startjaar=2026, eindjaar=2029) is None
    assert tijdpad_tabel([])[1] == []


def test_one_activity_is_a_low_chart_with_one_bar() -> None:
    fig = figuur(Rij("Alleen"))
    assert fig.layout.height == hoogte_voor(1) < 150
    assert staven(fig) == {"Alleen": (0, 4, STATUSKLEUREN["gepland"])}


def test_two_hundred_activities_each_get_a_readable_row() -> None:
    rijen = [
        Rij(
            f"Activiteit {i:03d} over de samenwerking met de wijkverpleging in Parkstad",
            2026 + i % 4,
            1 + i % 4,
            2029,
            4,
            prioriteit=1 + i % 3,
            voortgang=list(STATUSKLEUREN)[i % 5],
        )
        for i in range(200)
    ]
    fig = tijdpad_figuur(rijen, startjaar=2026, eindjaar=2029)
    assert fig.layout.height == hoogte_voor(200) >= 200 * 25  # the chart grows instead of squeezing
    assert len(fig.layout.yaxis.ticktext) == 200
    assert all(len(label) <= LABEL_LENGTE for label in fig.layout.yaxis.ticktext)
    assert sum(len(s.y) for s in fig.data if s.type == "bar") == 200
    assert len([s for s in fig.data if s.showlegend]) == 5  # one trace per status, not one per activity
    assert len(figuur_json(fig)) < 200_000


# --- with the real models ---


@pytest.mark.django_db
def test_activities_fetched_with_their_party_build_the_timeline_without_a_query(
    wereld: Wereld, django_assert_num_queries
) -> None:
    regiobeeld = Regiobeeld.objects.create(regio=wereld.regio, jaar=2026, aangemaakt_door=wereld.bewerker)
    plan = services.regioplan_aanmaken(
        regio=wereld.regio,
        regiobeeld=regiobeeld,
        titel="Plan",
        startjaar=2026,
        eindjaar=2029,
        acting_user=wereld.bewerker,
    )
    for titel, start, prioriteit in (("Tweede", 3, 2), ("Eerste", 1, 1)):
        services.activiteit_opslaan(
            activiteit=Activiteit(
                regioplan=plan,
                titel=titel,
                verantwoordelijke=wereld.verzekeraar,
                start_jaar=2026,
                start_kwartaal=start,
                eind_jaar=2027,
                eind_kwartaal=2,
                prioriteit=prioriteit,
                voortgang=Activiteit.Voortgang.LOOPT,
                begroting=Decimal("1000.00"),
            ),
            uitdagingen=[],
            gelezen_versie=None,
            acting_user=wereld.bewerker,
        )
    activiteiten = list(plan.activiteiten.select_related("verantwoordelijke"))
    with django_assert_num_queries(0):
        grafiek = tijdpad_grafiek(activiteiten, startjaar=plan.startjaar, eindjaar=plan.eindjaar)
    assert grafiek is not None
    assert [r[:3] for r in grafiek.tabel_rijen] == [
        ["Eerste", "Verzekeraar Zuid", "2026 Q1"],
        ["Tweede", "Verzekeraar Zuid", "2026 Q3"],
    ]
