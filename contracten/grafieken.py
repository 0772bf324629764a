"""Figures of the contracts' money as plotly Figure objects: pure functions on the results of financiering.py.

They share the look of regiobeeld.charts (its layout, axes, colours and Dutch numbers). Amounts stay Decimal up
to here; only the numbers handed to plotly become floats, the texts a reader sees are formatted from Decimal.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from contracten.financiering import Overzicht, Verdeling
from regio.getallen import euro
from regiobeeld.charts import (
    ACCENT,
    GRIJS,
    HOOGTE,
    INKT_ZACHT,
    SMALLE_LEGENDA,
    WIT,
    _categorie_as,
    _layout,
    _veilig,
    _waarde_as,
    afbreken,
    leeg_figuur,
    met_smalle_variant,
)

# Okabe-Ito hues next to the accent blue (apart for every kind of colour blindness, each at least 3:1 against
# white); stacked segments are also separated by a white line.
SEGMENTKLEUREN: dict[str, str] = {"S1": ACCENT, "S2": "#009e73", "S3": "#d55e00"}
KOP = 76  # px above the plot: the title and, under it, the legend
RIJ_PER_AANBIEDER = 64  # px: two bars and a name of up to three lines
# On a phone the legend goes under the chart (above it, its items wrap into the plot) and labels stay level.
SMAL: dict[str, Any] = {**SMALLE_LEGENDA, "margin.t": 12, "xaxis.tickangle": 0}


def _as_titel(tekst: str) -> dict[str, Any]:
    return {"text": _veilig(tekst), "font": {"color": INKT_ZACHT, "size": 12}}


def _bedrag_as(**extra: Any) -> dict[str, Any]:
    return _waarde_as(_("Bedrag (€)"), rangemode="tozero", tickformat=",.0f", **extra)


def _opmaak(x_titel: str, x_waarden: list[Any], **extra: Any) -> go.Layout:
    """No title inside the chart: the page's card and the PDF's caption name it (once). Whole euros on the axis,
    "800.000" rather than plotly's "800k", which is no Dutch."""
    return _layout(
        HOOGTE + KOP // 2,
        xaxis=_categorie_as(title=_as_titel(x_titel), categoryorder="array", categoryarray=x_waarden),
        yaxis=_bedrag_as(),
        showlegend=True,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        margin={"l": 8, "r": 16, "t": KOP // 2, "b": 8, "pad": 2},
        **extra,
    )


def financiering_figuur(overzicht: Overzicht) -> go.Figure:
    """The contracted amounts per year as bars stacked by segment (S1, S2, S3), in euros."""
    if not overzicht.jaren:
        return leeg_figuur(tekst=_("Nog geen bedragen in de contractafspraken"))
    jaren = list(overzicht.jaren)
    sporen = []
    for segment in overzicht.segmenten:
        bedragen = [overzicht.per_jaar_segment[(jaar, segment)] for jaar in jaren]
        sporen.append(
            go.Bar(
                x=jaren,
                y=[float(b) for b in bedragen],
                name=segment,
                marker={"color": SEGMENTKLEUREN.get(segment, GRIJS), "line": {"color": WIT, "width": 1}},
                hovertext=[
                    f"<b>{jaar} · {_veilig(segment)}</b><br>{euro(b)}<br>"
                    + _("totaal %(jaar)s: %(totaal)s") % {"jaar": jaar, "totaal": euro(overzicht.per_jaar[jaar])}
                    for jaar, b in zip(jaren, bedragen, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return met_smalle_variant(
        go.Figure(data=sporen, layout=_opmaak(_("Jaar"), jaren, barmode="stack", bargap=0.35)), SMAL
    )


def verdeling_figuur(verdeling: Verdeling) -> go.Figure:
    """Per provider its current income next to its new amount under the verdeelmodel, in euros: horizontal bars,
    so a provider's name reads level beside them however many providers there are and however narrow the screen."""
    if not verdeling.regels:
        return leeg_figuur()
    namen = [_veilig(r.naam) for r in verdeling.regels]
    labels = [afbreken(naam) for naam in namen]
    huidig_hover = [
        f"<b>{naam}</b><br>" + _("huidig: %(bedrag)s") % {"bedrag": euro(r.huidig)}
        for naam, r in zip(namen, verdeling.regels, strict=True)
    ]
    nieuw_hover = [
        f"<b>{naam}</b><br>"
        + _("nieuw: %(bedrag)s") % {"bedrag": euro(r.bedrag)}
        + "<br>"
        + _("mutatie: %(bedrag)s") % {"bedrag": euro(r.mutatie)}
        + "<br>"
        + _("status: %(status)s") % {"status": _veilig(r.status.label)}
        for naam, r in zip(namen, verdeling.regels, strict=True)
    ]
    sporen = [
        go.Bar(
            y=labels,
            x=[float(r.huidig) for r in verdeling.regels],
            orientation="h",
            name=_("Huidig inkomen"),
            marker={"color": GRIJS, "line": {"width": 0}},
            hovertext=huidig_hover,
            hovertemplate="%{hovertext}<extra></extra>",
        ),
        go.Bar(
            y=labels,
            x=[float(r.bedrag) for r in verdeling.regels],
            orientation="h",
            name=_("Nieuw bedrag"),
            marker={"color": ACCENT, "line": {"width": 0}},
            hovertext=nieuw_hover,
            hovertemplate="%{hovertext}<extra></extra>",
        ),
    ]
    layout = _layout(
        KOP // 2 + 56 + RIJ_PER_AANBIEDER * len(labels),
        # The first provider on top, its current income above its new amount (as the legend reads).
        yaxis=_categorie_as(categoryorder="array", categoryarray=labels, autorange="reversed"),
        xaxis=_bedrag_as(),
        barmode="group",
        bargap=0.3,
        bargroupgap=0.08,
        showlegend=True,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom", "traceorder": "normal"},
        margin={"l": 8, "r": 16, "t": KOP // 2, "b": 8, "pad": 2},
    )
    # Three amounts on a phone's axis: "100.000" takes room, and level labels must not run into each other.
    return met_smalle_variant(go.Figure(data=sporen, layout=layout), {**SMAL, "xaxis.nticks": 3})
