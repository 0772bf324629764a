"""The plan's timeline (tijdpad): its activities as horizontal bars over the plan's quarters.

Pure functions, like regiobeeld.charts: they take activities already fetched (model instances with
`verantwoordelijke` selected, or anything shaped like them) and never query. The same figure goes to the page
(as JSON for static/js/grafieken.js, through templates/regiobeeld/_grafiek.html) and to the PDF (to SVG).

The x axis counts quarters from the first quarter of the plan's first year: quarter k is the span [k, k + 1),
so a bar from 2026 Q2 up to and including 2026 Q4 runs from 1 to 4. Numbers instead of dates keep every bar
exactly one quarter wide whatever the month lengths, and the y axis is numbered too, so two activities with the
same title still get a row each (a category axis would draw them on one row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import plotly.graph_objects as go
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regiobeeld.charts import ACCENT, INKT, INKT_ZACHT, LIJN, WIT, _layout, _veilig, figuur_json, leeg_figuur
from regiobeeld.pagina import Grafiek
from regioplan.models import Activiteit

Voortgang = Activiteit.Voortgang

# Okabe-Ito hues (made to stay apart for every kind of colour blindness), each at least 3:1 against white
# (WCAG 1.4.11 for graphical objects). "Gestopt" is also hatched, so it differs from "gepland" in more than
# lightness; the hover, the legend and the table say the status in words.
STATUSKLEUREN: dict[str, str] = {
    Voortgang.GEPLAND: "#7b8794",  # grey: not started
    Voortgang.LOOPT: "#0072b2",  # blue
    Voortgang.AFGEROND: "#009e73",  # bluish green
    Voortgang.UITGESTELD: "#d55e00",  # vermillion
    Voortgang.GESTOPT: "#4a5565",  # dark slate, hatched
}
ONBEKENDE_STATUS_KLEUR = "#7b8794"
ARCERING: dict[str, dict[str, Any]] = {Voortgang.GESTOPT: {"shape": "/", "fgcolor": WIT, "size": 6, "solidity": 0.3}}
KWARTAALLIJN = "#eceff2"

LABEL_LENGTE = 36  # characters of a title next to its bar; the hover and the table have the whole title
RIJHOOGTE = 28  # px per activity: the chart grows with the plan instead of squeezing 200 bars into a frame
KOP = 44  # px above the bars: the quarters and years of the x axis
VOET = 40  # px below them: the legend
BALKDIKTE = 0.62  # of a row
MAXIMUM_KWARTALEN_MET_NAAM = 16  # up to four years every quarter is named; a longer term names the years


class Partij(Protocol):
    @property
    def naam(self) -> str: ...


class ActiviteitRij(Protocol):
    """What the timeline reads of an activity (an Activiteit with its verantwoordelijke selected)."""

    @property
    def titel(self) -> str: ...
    @property
    def verantwoordelijke(self) -> Partij: ...
    @property
    def start_jaar(self) -> int: ...
    @property
    def start_kwartaal(self) -> int: ...
    @property
    def eind_jaar(self) -> int: ...
    @property
    def eind_kwartaal(self) -> int: ...
    @property
    def prioriteit(self) -> int: ...
    @property
    def voortgang(self) -> str: ...


# --- words and order ---


def kwartaal_tekst(jaar: int, kwartaal: int) -> str:
    """2026, 1 -> "2026 Q1", as Activiteit.start writes it."""
    return f"{jaar} Q{kwartaal}"


def status_tekst(voortgang: str) -> str:
    try:
        return str(Voortgang(voortgang).label)
    except ValueError:
        return str(voortgang)


def prioriteit_tekst(prioriteit: int) -> str:
    try:
        return str(Activiteit.Prioriteit(prioriteit).label)
    except ValueError:
        return str(prioriteit)


def statuskleur(voortgang: str) -> str:
    return STATUSKLEUREN.get(voortgang, ONBEKENDE_STATUS_KLEUR)


def inkorten(tekst: str, lengte: int = LABEL_LENGTE) -> str:
    """A title cut to about `lengte` characters, at a space where one is near, with an ellipsis."""
    tekst = " ".join(tekst.split())
    if len(tekst) <= lengte:
        return tekst
    kort = tekst[: lengte - 1]
    spatie = kort.rfind(" ")
    if spatie >= lengte // 2:
        kort = kort[:spatie]
    return kort.rstrip(" ,.;:\u2013-") + "\u2026"


def geordend(activiteiten: Sequence[ActiviteitRij]) -> list[ActiviteitRij]:
    """Highest priority first, then the earliest start; ties keep the given order (Activiteit's volgorde)."""
    return sorted(activiteiten, key=lambda a: (a.prioriteit, a.start_jaar, a.start_kwartaal))


def _kwartaalnummer(jaar: int, kwartaal: int, startjaar: int) -> int:
    return (jaar - startjaar) * 4 + (kwartaal - 1)


def _positie_van_datum(datum: dt.date, startjaar: int) -> float:
    """Where a day falls on the quarter axis: its quarter's number plus the part of that quarter gone by."""
    kwartaal = (datum.month - 1) // 3 + 1
    begin = dt.date(datum.year, 3 * kwartaal - 2, 1)
    einde = dt.date(datum.year + 1, 1, 1) if kwartaal == 4 else dt.date(datum.year, 3 * kwartaal + 1, 1)
    return _kwartaalnummer(datum.year, kwartaal, startjaar) + (datum - begin).days / (einde - begin).days


# --- the bars ---


@dataclass(frozen=True)
class Balk:
    """One activity on the timeline: its row, where its bar starts and how many quarters it spans (clipped
    to the plan's term; 0 when it lies wholly outside it)."""

    rij: int
    begin: int
    kwartalen: int
    label: str
    hover: str
    voortgang: str


def balken(activiteiten: Sequence[ActiviteitRij], *, startjaar: int, eindjaar: int) -> list[Balk]:
    """The bars in display order (row 0 on top)."""
    totaal = 4 * (eindjaar - startjaar + 1)
    uitkomst = []
    for rij, a in enumerate(geordend(activiteiten)):
        van = _kwartaalnummer(a.start_jaar, a.start_kwartaal, startjaar)
        tot = _kwartaalnummer(a.eind_jaar, a.eind_kwartaal, startjaar) + 1  # the end quarter is included
        begin, einde = max(0, van), min(totaal, max(tot, van + 1))
        periode = (
            f"{kwartaal_tekst(a.start_jaar, a.start_kwartaal)} \u2013 {kwartaal_tekst(a.eind_jaar, a.eind_kwartaal)}"
        )
        regels = [
            f"<b>{_veilig(a.titel)}</b>",
            _("Verantwoordelijk: %(partij)s") % {"partij": _veilig(a.verantwoordelijke.naam)},
            _("Periode: %(periode)s") % {"periode": periode},
            _("Status: %(status)s") % {"status": _veilig(status_tekst(a.voortgang))},
            _("Prioriteit: %(prioriteit)s") % {"prioriteit": prioriteit_tekst(a.prioriteit)},
        ]
        if van < 0 or tot > totaal:
            regels.append(_("(valt deels buiten de looptijd van het plan)"))
        uitkomst.append(
            Balk(
                rij=rij,
                begin=begin,
                kwartalen=max(0, einde - begin),
                label=_veilig(inkorten(a.titel)),
                hover="<br>".join(regels),
                voortgang=a.voortgang,
            )
        )
    return uitkomst


def hoogte_voor(aantal: int) -> int:
    """The same height per row whatever the number: one activity is not a fat block, 200 are not slivers."""
    return KOP + VOET + RIJHOOGTE * max(1, aantal)


def _x_as(startjaar: int, eindjaar: int) -> dict[str, Any]:
    """Quarters (with the year above each Q1) up to four years; over a longer term, the years alone."""
    totaal = 4 * (eindjaar - startjaar + 1)
    if totaal <= MAXIMUM_KWARTALEN_MET_NAAM:
        waarden = [k + 0.5 for k in range(totaal)]
        # Side "top" lines labels up at their last line: the year goes above its Q1, on a line of its own.
        teksten = [f"<b>{startjaar + k // 4}</b><br>Q1" if k % 4 == 0 else f"Q{k % 4 + 1}" for k in range(totaal)]
    else:
        waarden = [4 * j + 2.0 for j in range(totaal // 4)]
        teksten = [str(startjaar + j) for j in range(totaal // 4)]
    return {
        "type": "linear",
        "range": [0, totaal],
        "side": "top",
        "tickmode": "array",
        "tickvals": waarden,
        "ticktext": teksten,
        "ticks": "",
        # Never turned on end: the year above each Q1 is on a line of its own, so "Q1 Q2 Q3 Q4" fit side by
        # side down to about 20 px a quarter (a tablet); plotly would otherwise turn them all for the wide years.
        "tickangle": 0,
        "showgrid": False,  # the grid is drawn as shapes: lines between quarters, not through their middles
        "zeroline": False,
        "showline": False,
        "tickfont": {"color": INKT_ZACHT, "size": 12},
        "automargin": True,
        "fixedrange": True,
    }


def _rasterlijnen(totaal: int) -> list[dict[str, Any]]:
    """A light line between quarters, a darker one between years (and around the term)."""
    return [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": k,
            "x1": k,
            "y0": 0,
            "y1": 1,
            "line": {"color": LIJN if k % 4 == 0 else KWARTAALLIJN, "width": 1},
            "layer": "below",
        }
        for k in range(totaal + 1)
    ]


def tijdpad_figuur(
    activiteiten: Sequence[ActiviteitRij], *, startjaar: int, eindjaar: int, vandaag: dt.date | None = None
) -> go.Figure:
    """The timeline of the plan's term, one row per activity, coloured by status, with a legend in Dutch.

    Without activities it is a low figure that says so (as every regiobeeld builder does on empty input);
    a page that would rather show its own text uses `tijdpad_grafiek`, which gives None then. `vandaag` (the
    page's date, or the print date of a PDF) is drawn as a dotted line when it falls within the term.
    """
    if eindjaar < startjaar:
        raise ValueError("eindjaar before startjaar")
    if not activiteiten:
        return leeg_figuur(tekst=_("Nog geen activiteiten in dit plan"))
    totaal = 4 * (eindjaar - startjaar + 1)
    alle = balken(activiteiten, startjaar=startjaar, eindjaar=eindjaar)
    aantal = len(alle)

    sporen: list[Any] = []
    # One trace per status, in the fixed order of the statuses, so the legend reads the same in every plan.
    statussen = [s for s in STATUSKLEUREN if any(b.voortgang == s for b in alle)]
    statussen += sorted({b.voortgang for b in alle} - set(statussen))
    for status in statussen:
        eigen = [b for b in alle if b.voortgang == status and b.kwartalen > 0]
        if not eigen:
            continue
        marker: dict[str, Any] = {"color": statuskleur(status), "line": {"color": WIT, "width": 1}}
        if status in ARCERING:
            marker["pattern"] = {**ARCERING[status], "bgcolor": statuskleur(status), "fillmode": "replace"}
        sporen.append(
            go.Bar(
                orientation="h",
                y=[b.rij for b in eigen],
                x=[b.kwartalen for b in eigen],
                base=[b.begin for b in eigen],
                width=BALKDIKTE,
                marker=marker,
                name=_veilig(capfirst(status_tekst(status))),
                legendgroup=f"status-{status}",
                hovertext=[b.hover for b in eigen],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=True,
            )
        )
    buiten = [b for b in alle if b.kwartalen == 0]
    if buiten:
        sporen.append(
            go.Scatter(
                x=[0.1] * len(buiten),
                y=[b.rij for b in buiten],
                mode="text",
                text=[_("buiten de looptijd") for _b in buiten],
                textposition="middle right",
                textfont={"color": INKT_ZACHT, "size": 12},
                hovertext=[b.hover for b in buiten],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    if vandaag is not None and 0 <= (plek := _positie_van_datum(vandaag, startjaar)) <= totaal:
        sporen.append(
            go.Scatter(
                x=[plek, plek],
                y=[-0.5, aantal - 0.5],
                mode="lines",
                line={"color": ACCENT, "width": 1.5, "dash": "dot"},
                name=_("Vandaag"),
                hoverinfo="skip",
                showlegend=True,
            )
        )
    return go.Figure(
        data=sporen,
        layout=_layout(
            hoogte_voor(aantal),
            # The bars of different statuses sit on different rows: overlay keeps plotly from shifting them
            # sideways per trace, as it does for grouped bars.
            barmode="overlay",
            xaxis=_x_as(startjaar, eindjaar),
            yaxis={
                "type": "linear",
                "range": [aantal - 0.5, -0.5],  # first row on top
                "tickmode": "array",
                "tickvals": list(range(aantal)),
                "ticktext": [b.label for b in alle],
                "ticks": "",
                "showgrid": False,
                "zeroline": False,
                "tickfont": {"color": INKT},
                "automargin": True,
                "fixedrange": True,
            },
            shapes=_rasterlijnen(totaal),
            showlegend=True,
            # Under the bars, outside the plot area, so plotly makes room for it however many rows it wraps
            # into on a narrow screen (above them it would run into the quarters of the x axis).
            legend={
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yanchor": "top",
                "font": {"size": 12},
                "itemclick": False,
                "itemdoubleclick": False,
                "traceorder": "normal",
            },
            margin={"l": 8, "r": 16, "t": KOP, "b": VOET, "pad": 2},
        ),
    )


# --- the table and the page ---


def tijdpad_tabel(activiteiten: Sequence[ActiviteitRij]) -> tuple[list[str], list[list[str]]]:
    """The timeline as a table (headings, rows), in the chart's order and with the full titles."""
    koppen = [_("Activiteit"), _("Verantwoordelijke partij"), _("Start"), _("Einde"), _("Status")]
    rijen = [
        [
            a.titel,
            a.verantwoordelijke.naam,
            kwartaal_tekst(a.start_jaar, a.start_kwartaal),
            kwartaal_tekst(a.eind_jaar, a.eind_kwartaal),
            status_tekst(a.voortgang),
        ]
        for a in geordend(activiteiten)
    ]
    return koppen, rijen


def tijdpad_grafiek(
    activiteiten: Sequence[ActiviteitRij], *, startjaar: int, eindjaar: int, vandaag: dt.date | None = None
) -> Grafiek | None:
    """The timeline for templates/regiobeeld/_grafiek.html, or None when the plan has no activities yet (the
    page then says so in its own words instead of showing an empty chart and an empty table)."""
    if not activiteiten:
        return None
    koppen, rijen = tijdpad_tabel(activiteiten)
    looptijd = str(startjaar) if startjaar == eindjaar else f"{startjaar}\u2013{eindjaar}"
    return Grafiek(
        id="tijdpad",
        titel=_("Tijdpad"),
        bijschrift=_(
            "De activiteiten per kwartaal over de looptijd %(looptijd)s, de hoogste prioriteit bovenaan; "
            "de kleur geeft de status."
        )
        % {"looptijd": looptijd},
        figuur_json=figuur_json(tijdpad_figuur(activiteiten, startjaar=startjaar, eindjaar=eindjaar, vandaag=vandaag)),
        tabel_koppen=koppen,
        tabel_rijen=rijen,
        label=ngettext(
            "Tijdpad van %(aantal)s activiteit in %(looptijd)s",
            "Tijdpad van %(aantal)s activiteiten in %(looptijd)s",
            len(activiteiten),
        )
        % {"aantal": len(activiteiten), "looptijd": looptijd},
        getallen=False,
        smal_als_tabel=True,
    )
