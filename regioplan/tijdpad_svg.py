"""The plan's timeline for paper: an SVG drawn here in Python, without plotly.

The page's chart (regioplan.tijdpad, plotly in the browser) stays as it is; the PDF draws the same rows from the
same helpers (order, bars clipped to the term, status colours and hatching, quarter and year axis, today's line,
legend), so both say the same. It has its own layout rather than going through regio.grafiek_svg: on paper a long
plan is cut into parts of a page each, and the axis of quarters sits above the bars.

The SVG names itself (`<title>`, `<desc>` with every activity, its period and its status in words); the print
template gives the image its text alternative, and the overview table above it has every figure in text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from regio.grafiek_svg import getal as _getal
from regio.grafiek_svg import tekstbreedte
from regiobeeld.charts import ACCENT, INKT, INKT_ZACHT, LIJN, WIT
from regiobeeld.pdf import GRAFIEKBREEDTE, LETTERTYPE
from regioplan.tijdpad import (
    ARCERING,
    BALKDIKTE,
    KOP,
    KWARTAALLIJN,
    MAXIMUM_KWARTALEN_MET_NAAM,
    RIJHOOGTE,
    STATUSKLEUREN,
    ActiviteitRij,
    _positie_van_datum,
    balken,
    geordend,
    hoogte_voor,
    inkorten,
    kwartaal_tekst,
    status_tekst,
    statuskleur,
)

LABELGROOTTE = 12  # px, the bars' labels (as the page's ticks)
ASGROOTTE = 11.5  # px, the quarters and years
LEGENDAGROOTTE = 12
RECHTS = 16  # px right of the bars (the page's margin)
LABELRUIMTE = 8  # px between a label and the first quarter
MAXIMALE_LABELKOLOM = 0.46  # of the width: the bars keep more than half


def _tekst(x: float, y: float, tekst: str, **kenmerken: str) -> str:
    extra = "".join(f" {naam.replace('_', '-')}={quoteattr(waarde)}" for naam, waarde in kenmerken.items())
    return f'<text x="{_getal(x)}" y="{_getal(y)}"{extra}>{escape(tekst)}</text>'


def _as(startjaar: int, totaal: int, links: float, kwartaal: float) -> list[str]:
    """The quarters with the year above each Q1 (up to four years), or the years alone, above the bars."""
    delen = []
    if totaal <= MAXIMUM_KWARTALEN_MET_NAAM:
        for k in range(totaal):
            midden = links + (k + 0.5) * kwartaal
            if k % 4 == 0:
                delen.append(_tekst(midden, KOP - 24, str(startjaar + k // 4), font_weight="bold", fill=INKT))
            delen.append(_tekst(midden, KOP - 8, f"Q{k % 4 + 1}"))
    else:
        for j in range(totaal // 4):
            delen.append(_tekst(links + (4 * j + 2) * kwartaal, KOP - 8, str(startjaar + j)))
    return [f'<g text-anchor="middle" font-size="{ASGROOTTE}" fill="{INKT_ZACHT}">', *delen, "</g>"]


def _raster(totaal: int, links: float, kwartaal: float, onder: float) -> list[str]:
    """A light line between quarters, a darker one between years (and around the term)."""
    return [
        f'<line x1="{_getal(links + k * kwartaal)}" y1="{KOP}" x2="{_getal(links + k * kwartaal)}" '
        f'y2="{_getal(onder)}" stroke="{LIJN if k % 4 == 0 else KWARTAALLIJN}" stroke-width="1"/>'
        for k in range(totaal + 1)
    ]


def _arcering(status: str) -> str:
    """The pattern of a hatched status (gestopt): white diagonal lines on its colour, as on the page."""
    maat = ARCERING[status].get("size", 6)
    return (
        f'<pattern id="arcering-{status}" patternUnits="userSpaceOnUse" width="{maat}" height="{maat}">'
        f'<rect width="{maat}" height="{maat}" fill="{statuskleur(status)}"/>'
        f'<path d="M0,{maat} L{maat},0 M-1,1 L1,-1 M{maat - 1},{maat + 1} L{maat + 1},{maat - 1}" '
        f'stroke="{WIT}" stroke-width="{_getal(maat * ARCERING[status].get("solidity", 0.3))}"/></pattern>'
    )


def _vulling(status: str) -> str:
    return f"url(#arcering-{status})" if status in ARCERING else statuskleur(status)


def _legenda(statussen: Sequence[str], met_vandaag: bool, y: float, links: float) -> list[str]:
    delen = [f'<g font-size="{LEGENDAGROOTTE}" fill="{INKT}">']
    x = links
    for status in statussen:
        naam = capfirst(status_tekst(status))
        delen.append(
            f'<rect x="{_getal(x)}" y="{_getal(y - 10)}" width="12" height="12" fill="{_vulling(status)}" '
            f'stroke="{WIT}" stroke-width="1"/>'
        )
        delen.append(_tekst(x + 17, y, naam))
        x += 17 + tekstbreedte(naam, LEGENDAGROOTTE) + 16
    if met_vandaag:
        naam = _("Vandaag")
        delen.append(
            f'<line x1="{_getal(x)}" y1="{_getal(y - 4)}" x2="{_getal(x + 14)}" y2="{_getal(y - 4)}" '
            f'stroke="{ACCENT}" stroke-width="1.5" stroke-dasharray="2,2"/>'
        )
        delen.append(_tekst(x + 19, y, naam))
    delen.append("</g>")
    return delen


def beschrijving(activiteiten: Sequence[ActiviteitRij]) -> str:
    """Every row in words, in the chart's order: "3. Regionale pool: 2026 Q1 - 2027 Q2, gepland"."""
    return "; ".join(
        f"{a.titel}: {kwartaal_tekst(a.start_jaar, a.start_kwartaal)} \u2013 "
        f"{kwartaal_tekst(a.eind_jaar, a.eind_kwartaal)}, {status_tekst(a.voortgang)}"
        for a in geordend(activiteiten)
    )


def tijdpad_svg(
    activiteiten: Sequence[ActiviteitRij],
    *,
    startjaar: int,
    eindjaar: int,
    titel: str,
    vandaag: dt.date | None = None,
    breedte: int = GRAFIEKBREEDTE,
) -> bytes:
    """The timeline of the plan's term as SVG: one row per activity (highest priority on top, the label its
    title cut as on the page), coloured by status, the quarters and years above, a legend below, and `vandaag`
    as a dotted line when it falls within the term. `titel` names the picture (its <title>)."""
    if eindjaar < startjaar:
        raise ValueError("eindjaar before startjaar")
    totaal = 4 * (eindjaar - startjaar + 1)
    alle = balken(activiteiten, startjaar=startjaar, eindjaar=eindjaar)
    labels = [inkorten(a.titel) for a in geordend(activiteiten)]
    aantal = max(1, len(alle))
    hoogte = hoogte_voor(len(alle))
    kolom = max((tekstbreedte(label, LABELGROOTTE) for label in labels), default=0.0) + LABELRUIMTE
    links = min(kolom, breedte * MAXIMALE_LABELKOLOM)
    kwartaal = (breedte - RECHTS - links) / totaal
    onder = KOP + RIJHOOGTE * aantal

    statussen = [s for s in STATUSKLEUREN if any(b.voortgang == s for b in alle)]
    statussen += sorted({b.voortgang for b in alle} - set(statussen))
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{breedte}" height="{hoogte}" '
        f'viewBox="0 0 {breedte} {hoogte}" role="img" aria-labelledby="titel beschrijving">',
        f'<title id="titel">{escape(titel)}</title>',
        f'<desc id="beschrijving">{escape(beschrijving(activiteiten))}</desc>',
        f"<defs>{''.join(_arcering(s) for s in statussen if s in ARCERING)}</defs>",
        f'<g font-family={quoteattr(LETTERTYPE)} fill="{INKT}">',
        f'<rect width="{breedte}" height="{hoogte}" fill="{WIT}"/>',
        *_raster(totaal, links, kwartaal, onder),
        *_as(startjaar, totaal, links, kwartaal),
    ]
    if not alle:
        delen.append(
            _tekst(
                breedte / 2,
                KOP + RIJHOOGTE / 2 + 4,
                _("Nog geen activiteiten in dit plan"),
                text_anchor="middle",
                fill=INKT_ZACHT,
            )
        )
    dikte = BALKDIKTE * RIJHOOGTE
    delen.append(f'<g font-size="{LABELGROOTTE}">')
    for balk, label in zip(alle, labels, strict=True):
        midden = KOP + RIJHOOGTE * (balk.rij + 0.5)
        delen.append(_tekst(links - LABELRUIMTE + 2, midden + 4, label, text_anchor="end"))
        if balk.kwartalen:
            delen.append(
                f'<rect x="{_getal(links + balk.begin * kwartaal)}" y="{_getal(midden - dikte / 2)}" '
                f'width="{_getal(balk.kwartalen * kwartaal)}" height="{_getal(dikte)}" '
                f'fill="{_vulling(balk.voortgang)}" stroke="{WIT}" stroke-width="1"/>'
            )
        else:
            delen.append(_tekst(links + 0.1 * kwartaal + 4, midden + 4, _("buiten de looptijd"), fill=INKT_ZACHT))
    delen.append("</g>")
    met_vandaag = False
    if vandaag is not None and alle and 0 <= (plek := _positie_van_datum(vandaag, startjaar)) <= totaal:
        met_vandaag = True
        x = _getal(links + plek * kwartaal)
        delen.append(
            f'<line x1="{x}" y1="{KOP}" x2="{x}" y2="{_getal(onder)}" stroke="{ACCENT}" stroke-width="1.5" '
            'stroke-dasharray="2,2"/>'
        )
    delen += _legenda(statussen, met_vandaag, onder + 24, 8)
    delen += ["</g>", "</svg>"]
    return "\n".join(delen).encode()
