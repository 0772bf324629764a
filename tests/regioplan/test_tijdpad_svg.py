"""The timeline for paper (regioplan.tijdpad_svg): SVG drawn in Python, with what the page's chart shows."""

from __future__ import annotations

import datetime as dt
import sys
import xml.etree.ElementTree as ET

import pytest

from regioplan.tijdpad import KOP, RIJHOOGTE, STATUSKLEUREN, hoogte_voor
from regioplan.tijdpad_svg import tekstbreedte, tijdpad_svg
from tests.regioplan.tijdpaden import Rij

SVG = "{http://www.w3.org/2000/svg}"


def tekenen(rijen: list[Rij], **extra: object) -> ET.Element:
    opties: dict[str, object] = {"startjaar": 2026, "eindjaar": 2029, "titel": "Tijdpad van de proef"}
    opties.update(extra)
    return ET.fromstring(tijdpad_svg(rijen, **opties))  # type: ignore[arg-type]  # noqa: S314 - our own SVG


def teksten(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def balken(svg: ET.Element) -> list[ET.Element]:
    """The bars: the rectangles placed on a row (not the background, the hatching's tile or the legend's keys)."""
    return [r for r in svg.iter(f"{SVG}rect") if r.get("y") is not None and r.get("height") != "12"]


def test_every_activity_has_its_row_label_and_bar_in_the_order_of_priority_and_start() -> None:
    rijen = [
        Rij("2. Later", 2027, 1, 2027, 4, prioriteit=1),
        Rij("1. Eerst", 2026, 1, 2026, 2, prioriteit=1),
        Rij("3. Minder belangrijk", 2026, 1, 2029, 4, prioriteit=3, voortgang="loopt"),
    ]

    svg = tekenen(rijen)

    labels = [t for t in teksten(svg) if t[:1].isdigit() and ". " in t]
    assert labels == ["1. Eerst", "2. Later", "3. Minder belangrijk"]
    staven = balken(svg)
    assert len(staven) == 3
    # One quarter is the plot's width / 16; the bars span 2, 4 and 16 quarters.
    breedtes = [float(b.get("width", 0)) for b in staven]
    assert breedtes[1] == pytest.approx(2 * breedtes[0], abs=0.2) and breedtes[2] == pytest.approx(
        8 * breedtes[0], abs=0.2
    )
    assert staven[2].get("fill") == STATUSKLEUREN["loopt"]
    assert int(svg.get("height", 0)) == hoogte_voor(3)
    ys = [float(b.get("y", 0)) for b in staven]
    assert ys == sorted(ys) and ys[1] - ys[0] == pytest.approx(RIJHOOGTE) and ys[0] > KOP - RIJHOOGTE


def test_every_quarter_and_year_of_the_term_is_named() -> None:
    svg = tekenen([Rij("1. Iets", 2026, 1, 2026, 1)])

    woorden = teksten(svg)
    assert woorden.count("Q1") == woorden.count("Q2") == woorden.count("Q3") == woorden.count("Q4") == 4
    assert all(str(jaar) in woorden for jaar in range(2026, 2030))


def test_a_long_term_names_the_years_only() -> None:
    svg = tekenen([Rij("1. Iets", 2026, 1, 2026, 1)], startjaar=2026, eindjaar=2031)

    woorden = teksten(svg)
    assert "Q1" not in woorden and all(str(jaar) in woorden for jaar in range(2026, 2032))


def test_it_names_itself_and_says_every_row_in_words() -> None:
    svg = tekenen([Rij("1. Regionale pool & <waarnemers>", 2026, 2, 2027, 3, voortgang="uitgesteld")])

    assert svg.get("role") == "img"
    assert svg.findtext(f"{SVG}title") == "Tijdpad van de proef"
    beschrijving = svg.findtext(f"{SVG}desc") or ""
    assert "1. Regionale pool & <waarnemers>: 2026 Q2 \u2013 2027 Q3, uitgesteld" in beschrijving
    assert "1. Regionale pool & <waarnemers>" in teksten(svg)  # escaped in the XML, whole again when read


def test_the_legend_names_the_statuses_shown_and_stopped_work_is_hatched() -> None:
    svg = tekenen(
        [Rij("1. A", 2026, 1, 2026, 4, voortgang="gestopt"), Rij("2. B", 2026, 1, 2026, 4, voortgang="afgerond")]
    )

    woorden = teksten(svg)
    assert "Gestopt" in woorden and "Afgerond" in woorden and "Gepland" not in woorden
    assert balken(svg)[0].get("fill") == "url(#arcering-gestopt)"
    assert svg.find(f".//{SVG}pattern[@id='arcering-gestopt']") is not None


def test_today_is_a_dotted_line_within_the_term_only() -> None:
    rijen = [Rij("1. A", 2026, 1, 2026, 4)]

    binnen = tekenen(rijen, vandaag=dt.date(2026, 5, 15))
    buiten = tekenen(rijen, vandaag=dt.date(2031, 1, 1))

    assert "Vandaag" in teksten(binnen) and "Vandaag" not in teksten(buiten)
    assert [lijn for lijn in binnen.iter(f"{SVG}line") if lijn.get("stroke-dasharray")]


def test_an_activity_outside_the_term_says_so_instead_of_a_bar() -> None:
    svg = tekenen([Rij("1. Te laat", 2031, 1, 2031, 4)])

    assert "buiten de looptijd" in teksten(svg)
    assert balken(svg) == []


def test_labels_fit_left_of_the_bars_in_the_shipped_font() -> None:
    lang = "1. " + "Regionale samenwerking rond de avond- en weekendzorg voor kwetsbare ouderen"
    svg = tekenen([Rij(lang, 2026, 1, 2026, 4)])

    label = next(t for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end")
    assert (label.text or "").endswith("\u2026")  # cut as on the page
    assert float(label.get("x", 0)) - tekstbreedte(label.text or "", 12) >= 0
    assert tekstbreedte("Wat", 12) > tekstbreedte("iii", 12) > 0


def test_no_plotly_and_no_kaleido_are_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "kaleido", None)

    assert tijdpad_svg([Rij("1. A", 2026, 1, 2026, 4)], startjaar=2026, eindjaar=2026, titel="T").startswith(b"<svg")
