"""Figures of the regiobeeld as plotly Figure objects: pure functions, no HTML, no network.

The same figures go to the page (as JSON for static/js/grafieken.js) and to the PDF (rendered to SVG), so
every text a reader sees is formatted here by regio.getallen, in the reader's language, instead of in plotly's
hover templates; plotly's own ticks use the same language's separators. The map draws polygons on plain axes:
plotly's geo and map traces fetch topojson or tiles from the internet, and the product runs offline.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from regio.getallen import GEEN, KORTE_EENHEDEN, getal, getal_met_eenheid, is_euro, met_eenheid, scheidingstekens
from regiobeeld.analysis import Spreiding

ACCENT = "#1f4e79"
INKT = "#1c2430"
INKT_ZACHT = "#4a5565"
LIJN = "#d5dbe3"
GRIJS = "#7b8794"  # other groups; 3.7:1 against white, enough for a graphical object (WCAG 1.4.11)
GEEN_GEGEVENS = "#eceff2"
ARCERING = "#9aa5b1"
CONTEXT = "#f1f3f5"
WIT = "#ffffff"
TOT = GEEN  # en dash, between the bounds of a class ("12,0 to 14,5%"); alone it means "no figure"
LETTERTYPE = 'system-ui, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif'

HOOGTE = 320
HOOGTE_KAART = 420
MAXIMUM_KLASSEN = 5
MAXIMUM_NAMEN_OP_KAART = 15

# ColorBrewer "Blues" (sequential, single hue: readable with every kind of colour blindness), per class count;
# the lightest step of the scale is skipped so a class never looks like "no data".
KLASSEKLEUREN: dict[int, tuple[str, ...]] = {
    1: ("#4292c6",),
    2: ("#9ecae1", "#2171b5"),
    3: ("#c6dbef", "#6baed6", "#2171b5"),
    4: ("#c6dbef", "#9ecae1", "#4292c6", "#08519c"),
    5: ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
}

PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "locale": "nl",
    # The axes are fixed (no zooming a bar chart by accident while scrolling a page on a phone), so the zoom,
    # pan and selection buttons would do nothing; what remains is downloading the picture.
    "modeBarButtonsToRemove": [
        "zoom2d",
        "pan2d",
        "select2d",
        "lasso2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "resetScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
        "sendChartToCloud",
    ],
    "toImageButtonOptions": {"format": "png", "filename": "regiobeeld", "scale": 2},
    # plotly.js 4 shows a "Share chart..." button by default that posts the figure's data to
    # https://cloud.plotly.com: our figures must never leave the product, and the product runs offline.
    "showSendToCloud": False,
    "plotlyServerURL": "",
    "showTips": False,
    "doubleClick": False,
    "typesetMath": False,
}


# --- numbers (written by regio.getallen) ---


def _is_getal(waarde: object) -> bool:
    return isinstance(waarde, int | float) and not isinstance(waarde, bool) and math.isfinite(waarde)


def decimalen_voor(waarden: Iterable[float | None], eenheid: str = "") -> int:
    """Decimals that suit the figures: none for counts and large numbers, two below 1, otherwise one. Euros
    are whole euros or cents, never one decimal ("€ 37.136.210", "€ 12,50")."""
    getallen = [float(w) for w in waarden if w is not None and _is_getal(float(w))]
    if not getallen:
        return 1
    grootste = max(abs(g) for g in getallen)
    if all(float(g).is_integer() for g in getallen) or grootste >= 1000:
        return 0
    if is_euro(eenheid):
        return 2
    return 2 if grootste < 1 else 1


def _waarde_tekst(waarde: float | None, eenheid: str, decimalen: int) -> str:
    if waarde is None or not _is_getal(float(waarde)):
        return _("geen gegevens")
    return getal_met_eenheid(waarde, eenheid, decimalen)


def _veilig(tekst: object) -> str:
    """Plotly reads a few HTML tags in texts; a name is shown as it is, never as markup."""
    return html.escape(str(tekst), quote=False)


def _of_none(waarde: Any) -> float | None:
    try:
        getal = float(waarde)
    except (TypeError, ValueError):
        return None
    return getal if math.isfinite(getal) else None


# --- layout ---


def _korte_eenheid(eenheid: str) -> bool:
    return eenheid.strip() in KORTE_EENHEDEN


def _waarde_as(eenheid: str, decimalen: int | None = None, **extra: Any) -> dict[str, Any]:
    """An axis of values: thousands grouped, a short unit after each tick, a long one as the axis title.

    With `decimalen` every tick gets that many decimals ("13,5%", "14,0%" instead of "14%").
    """
    eenheid = (eenheid or "").strip()
    as_: dict[str, Any] = {
        "showgrid": True,
        "gridcolor": LIJN,
        "zeroline": True,
        "zerolinecolor": "#aab3bf",
        "separatethousands": True,
        # "261.000", as regio/grafiek_svg.py draws it on paper; plotly's default would write "261k" (SI, not Dutch).
        "exponentformat": "none",
        "tickfont": {"color": INKT_ZACHT},
        "automargin": True,
        "fixedrange": True,
    }
    if decimalen:
        as_["tickformat"] = f",.{decimalen}f"
    if _korte_eenheid(eenheid):
        as_["ticksuffix"] = eenheid  # against the number, as getallen writes it
    elif eenheid:
        as_["title"] = {"text": _veilig(eenheid), "font": {"color": INKT_ZACHT, "size": 12}}
    as_.update(extra)
    return as_


def _categorie_as(**extra: Any) -> dict[str, Any]:
    as_: dict[str, Any] = {
        "type": "category",
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "tickfont": {"color": INKT},
        "automargin": True,
        "fixedrange": True,
    }
    as_.update(extra)
    return as_


def _layout(hoogte: int, **extra: Any) -> go.Layout:
    instellingen: dict[str, Any] = {
        # An empty template keeps plotly's default look (and some kilobytes of JSON) out of every figure.
        "template": go.layout.Template(),
        "separators": scheidingstekens(),
        "font": {"family": LETTERTYPE, "size": 13, "color": INKT},
        "margin": {"l": 8, "r": 16, "t": 12, "b": 8, "pad": 2},
        "autosize": True,
        "height": hoogte,
        "paper_bgcolor": WIT,
        "plot_bgcolor": WIT,
        "showlegend": False,
        "hovermode": "closest",
        "dragmode": False,
        "hoverlabel": {
            "font": {"family": LETTERTYPE, "size": 13, "color": INKT},
            "bgcolor": WIT,
            "bordercolor": ACCENT,
            "namelength": -1,
            "align": "left",
        },
    }
    instellingen.update(extra)
    return go.Layout(**instellingen)


# Under a chart width of 600 px (a phone, a narrow window) static/js/grafieken.js puts a figure's narrow variant
# over its layout, and takes it off again when the chart is wider: fewer or wrapped labels that never turn on end
# (they would run into each other), the legend under the chart instead of in a cramped row above it.
SMALLE_LEGENDA: dict[str, Any] = {"legend.yref": "container", "legend.y": 0, "legend.yanchor": "bottom"}
SMALLE_TICKS = 4  # year labels side by side on a phone


def met_smalle_variant(fig: go.Figure, opmaak: Mapping[str, Any]) -> go.Figure:
    """`fig` with its narrow variant: layout attributes by path ("xaxis.tickangle": 0), as plotly's relayout
    takes them. The PDF draws the figure as it is (layout.meta is read by the page's script only)."""
    fig.update_layout(meta={"smal": dict(opmaak)})
    return fig


def smalle_ticks(waarden: Sequence[int]) -> list[int]:
    """At most SMALLE_TICKS of `waarden` (years) at an even step, counted back from the last: the latest is named."""
    stap = max(1, math.ceil(len(waarden) / SMALLE_TICKS))
    return list(waarden)[::-1][::stap][::-1]


def leeg_figuur(hoogte: int = 160, tekst: str | None = None) -> go.Figure:
    """A low figure that says there is nothing to show, instead of an empty frame of axes."""
    return go.Figure(
        layout=_layout(
            hoogte,
            xaxis={"visible": False, "fixedrange": True},
            yaxis={"visible": False, "fixedrange": True},
            annotations=[
                {
                    "text": _veilig(tekst or _("Geen gegevens")),
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                    "showarrow": False,
                    "font": {"size": 15, "color": INKT_ZACHT},
                }
            ],
        )
    )


def _kolom(df: pd.DataFrame, naam: str) -> list[Any]:
    return list(df[naam]) if naam in df.columns else [None] * len(df)


# --- trend ---


def trendgrafiek(
    reeks: pd.DataFrame,
    *,
    eenheid: str,
    naam: str,
    decimalen: int | None = None,
    prognose: pd.DataFrame | None = None,
    prognose_naam: str = "",
) -> go.Figure:
    """The region's value per year (from analysis.aggregeren); an open marker is a year missing gemeenten. A
    forecast (analysis.prognosereeks) follows as a dashed line from the last measured year."""
    heeft_prognose = prognose is not None and not prognose.empty and "jaar" in prognose.columns
    if not heeft_prognose and (reeks is None or reeks.empty or "jaar" not in reeks.columns):
        return leeg_figuur()
    if reeks is None or "jaar" not in reeks.columns:
        reeks = pd.DataFrame({k: [] for k in ("jaar", "waarde", "gemeenten_met_data", "gemeenten_totaal", "volledig")})
    jaren = [int(j) for j in reeks["jaar"]]
    waarden = [_of_none(w) for w in _kolom(reeks, "waarde")]
    p_jaren = [int(j) for j in prognose["jaar"]] if heeft_prognose and prognose is not None else []
    p_waarden = [_of_none(w) for w in _kolom(prognose, "waarde")] if heeft_prognose and prognose is not None else []
    if all(w is None for w in [*waarden, *p_waarden]):
        return leeg_figuur()
    d = decimalen_voor([*waarden, *p_waarden], eenheid) if decimalen is None else decimalen
    # A year without a value has no marker, so it cannot be an "incomplete" one either.
    volledig = [w is None or v is None or bool(v) for w, v in zip(waarden, _kolom(reeks, "volledig"), strict=True)]
    met = _kolom(reeks, "gemeenten_met_data")
    totaal = _kolom(reeks, "gemeenten_totaal")
    teksten = []
    for jaar, waarde, vol, m, t in zip(jaren, waarden, volledig, met, totaal, strict=True):
        tekst = f"<b>{jaar}</b><br>{_veilig(naam)}: {_veilig(_waarde_tekst(waarde, eenheid, d))}"
        if not vol and m is not None and t is not None:
            tekst += "<br>" + _("onvolledig: %(met)s van %(totaal)s gemeenten") % {
                "met": int(m),
                "totaal": int(t),
            }
        teksten.append(tekst)
    markering = {"color": ACCENT, "size": 9, "line": {"color": ACCENT, "width": 2}}
    sporen = [
        go.Scatter(
            x=jaren,
            y=waarden,
            mode="lines+markers",
            name=_veilig(naam),
            line={"color": ACCENT, "width": 2.5},
            marker={**markering, "color": [ACCENT if v else WIT for v in volledig]},
            connectgaps=False,
            hovertext=teksten,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=bool(p_jaren),
        )
    ]
    if p_jaren:
        # From the last measured point on, so the line goes on where the measurements end.
        gemeten = [(j, w) for j, w in zip(jaren, waarden, strict=True) if w is not None]
        begin = [gemeten[-1]] if gemeten else []
        p_teksten = [
            f"<b>{j}</b><br>{_veilig(prognose_naam)}: {_veilig(_waarde_tekst(w, eenheid, d))}"
            for j, w in [*begin, *zip(p_jaren, p_waarden, strict=True)]
        ]
        sporen.append(
            go.Scatter(
                x=[j for j, _w in begin] + p_jaren,
                y=[w for _j, w in begin] + p_waarden,
                mode="lines+markers",
                name=_veilig(prognose_naam),
                line={"color": ACCENT, "width": 2, "dash": "dash"},
                marker={"color": WIT, "size": 8, "line": {"color": ACCENT, "width": 2}, "symbol": "diamond"},
                connectgaps=False,
                hovertext=p_teksten,
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=True,
            )
        )
        jaren = sorted({*jaren, *p_jaren})
        waarden = [*waarden, *p_waarden]
    onvolledig = not all(volledig)
    if onvolledig:
        # Legend-only entries: on paper there is no hover to explain what an open marker means.
        for tekst, kleur in ((_("alle gemeenten"), ACCENT), (_("onvolledig: niet alle gemeenten"), WIT)):
            sporen.append(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=tekst,
                    marker={**markering, "color": kleur},
                    hoverinfo="skip",
                    showlegend=True,
                )
            )
    x_as: dict[str, Any] = {
        "tickformat": "d",
        "showgrid": False,
        "zeroline": False,
        "linecolor": LIJN,
        "tickfont": {"color": INKT_ZACHT},
        "automargin": True,
        "fixedrange": True,
    }
    if len(jaren) <= 12:
        x_as["tickvals"] = jaren
    if min(jaren) == max(jaren):
        x_as["range"] = [jaren[0] - 1, jaren[0] + 1]
    y_extra: dict[str, Any] = {}
    bekend = [w for w in waarden if w is not None]
    if min(bekend) == max(bekend):
        # One value (one year, or the same every year): plotly would zoom in on a hair's breadth around it and
        # label the axis "104,999k"; from zero to a fifth above it reads as what it is.
        top = abs(bekend[0]) * 1.2 or 1
        y_extra["range"] = [min(0, bekend[0] * 1.2), top]
    fig = go.Figure(
        data=sporen,
        layout=_layout(
            HOOGTE,
            xaxis=x_as,
            yaxis=_waarde_as(eenheid, d, zeroline=False, **y_extra),
            showlegend=onvolledig or bool(p_jaren),
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
            margin={"l": 8, "r": 16, "t": 36 if onvolledig or p_jaren else 12, "b": 8, "pad": 2},
        ),
    )
    smal: dict[str, Any] = {"xaxis.tickangle": 0, "margin.t": 12, **SMALLE_LEGENDA}
    if "tickvals" in x_as:
        smal["xaxis.tickvals"] = smalle_ticks(x_as["tickvals"])
    return met_smalle_variant(fig, smal)


# --- horizontal bars ---


@dataclass(frozen=True)
class _Staaf:
    label: str
    waarde: float | None
    kleur: str
    tekst: str
    hover: str


def _staafhoogte(labels: Sequence[str]) -> int:
    """38 px a bar, more when its label runs over several lines."""
    rijen = sum(max(38, 17 * (label.count("<br>") + 1) + 12) for label in labels)
    return max(160, min(1200, 56 + rijen))


def afbreken(tekst: str, breedte: int = 16) -> str:
    """A long label over lines of about `breedte` characters (at spaces), so it leaves room for the bars."""
    regels: list[str] = []
    for woord in tekst.split():
        if regels and len(regels[-1]) + 1 + len(woord) <= breedte:
            regels[-1] += " " + woord
        else:
            regels.append(woord)
    return "<br>".join(regels) or tekst


def _staaftekst(waarde: float | None, eenheid: str, decimalen: int) -> str:
    """The figure written after a bar; a long unit is already the axis title, so only % and ‰ are repeated."""
    if waarde is None:
        return ""
    tekst = getal(waarde, decimalen)
    return met_eenheid(tekst, eenheid) if _korte_eenheid(eenheid) else tekst


def _staven(staven: Sequence[_Staaf], *, eenheid: str) -> go.Figure:
    """Horizontal bars top to bottom in the given order; a bar without a value is a gap saying so."""
    labels = [s.label for s in staven]
    waarden = [s.waarde for s in staven]
    getallen = [w for w in waarden if w is not None]
    laag, hoog = min([0.0, *getallen]), max([0.0, *getallen])
    breedte = (hoog - laag) or 1.0
    # Room for the figure written after the bar (bars start at zero, always); wider for longer figures.
    ruimte = max(0.2, 0.04 + 0.04 * max((len(s.tekst) for s in staven), default=0))
    bereik = [laag - (ruimte * breedte if laag < 0 else 0.0), hoog + (ruimte * breedte if hoog > 0 else 0.0)]
    if hoog <= 0:
        bereik[1] = 0.05 * breedte
    sporen = [
        go.Bar(
            x=waarden,
            y=labels,
            orientation="h",
            marker={"color": [s.kleur for s in staven], "line": {"width": 0}},
            text=[s.tekst for s in staven],
            textposition="outside",
            textfont={"color": INKT},
            cliponaxis=False,
            hovertext=[s.hover for s in staven],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
    ]
    ontbrekend = [s for s in staven if s.waarde is None]
    if ontbrekend:
        sporen.append(
            go.Scatter(
                x=[0.0] * len(ontbrekend),
                y=[s.label for s in ontbrekend],
                mode="text",
                text=[_("geen gegevens") for _s in ontbrekend],
                textposition="middle right",
                textfont={"color": INKT_ZACHT, "size": 12},
                hoverinfo="skip",
                showlegend=False,
                cliponaxis=False,
            )
        )
    return go.Figure(
        data=sporen,
        layout=_layout(
            _staafhoogte(labels),
            xaxis=_waarde_as(eenheid, range=bereik),
            yaxis=_categorie_as(autorange="reversed", categoryorder="array", categoryarray=labels),
            bargap=0.35,
        ),
    )


def vergelijkingsgrafiek(
    df: pd.DataFrame, *, eenheid: str, eigen: str | None = None, decimalen: int | None = None
) -> go.Figure:
    """Region, province and Nederland side by side (from analysis.vergelijken); the own region (the first
    group unless `eigen` names it) in the accent colour. A group missing gemeenten says so under its name."""
    if df is None or df.empty or "groep" not in df.columns:
        return leeg_figuur()
    waarden = [_of_none(w) for w in _kolom(df, "waarde")]
    if all(w is None for w in waarden):
        return leeg_figuur()
    d = decimalen_voor(waarden, eenheid) if decimalen is None else decimalen
    groepen = [str(g) for g in df["groep"]]
    eigen_groep = eigen if eigen is not None else groepen[0]
    staven = []
    for groep, waarde, vol, dekking in zip(
        groepen, waarden, _kolom(df, "volledig"), _kolom(df, "dekking"), strict=True
    ):
        label = afbreken(_veilig(groep))
        if waarde is not None and vol is not None and not bool(vol):
            label += "<br>" + _("(onvolledig)")
        hover = f"<b>{_veilig(groep)}</b><br>{_veilig(_waarde_tekst(waarde, eenheid, d))}"
        if (gedekt := _of_none(dekking)) is not None and waarde is not None:
            hover += "<br>" + _("dekking: %(pct)s van de inwoners") % {"pct": met_eenheid(getal(100 * gedekt, 0), "%")}
        kleur = ACCENT if groep == eigen_groep else GRIJS
        staven.append(_Staaf(label, waarde, kleur, _veilig(_staaftekst(waarde, eenheid, d)), hover))
    return _staven(staven, eenheid=eenheid)


def gemeentegrafiek(df: pd.DataFrame, *, eenheid: str, decimalen: int | None = None) -> go.Figure:
    """Each gemeente of the region (from analysis.per_gemeente), highest value on top, missing ones last."""
    if df is None or df.empty or "naam" not in df.columns:
        return leeg_figuur()
    rijen = [(str(n), _of_none(w)) for n, w in zip(df["naam"], _kolom(df, "waarde"), strict=True)]
    if all(w is None for _n, w in rijen):
        return leeg_figuur()
    d = decimalen_voor([w for _n, w in rijen], eenheid) if decimalen is None else decimalen
    met_waarde = sorted((r for r in rijen if r[1] is not None), key=lambda r: -(r[1] or 0.0))
    zonder = [r for r in rijen if r[1] is None]
    staven = [
        _Staaf(
            _veilig(naam),
            waarde,
            ACCENT,
            _veilig(_staaftekst(waarde, eenheid, d)),
            f"<b>{_veilig(naam)}</b><br>{_veilig(_waarde_tekst(waarde, eenheid, d))}",
        )
        for naam, waarde in [*met_waarde, *zonder]
    ]
    return _staven(staven, eenheid=eenheid)


# --- spread over the other regions ---


def rangtekst(rang: int, aantal: int) -> str:
    return _("%(rang)se van %(aantal)s") % {"rang": rang, "aantal": aantal}


def spreidingsgrafiek(
    spreiding: Spreiding | None, *, eenheid: str, regionaam: str, decimalen: int | None = None
) -> go.Figure:
    """The other regions as an anonymous range (lowest, median, highest) and the own region's value on it."""
    if spreiding is None:
        return leeg_figuur()
    punten = [spreiding.laagste, spreiding.mediaan, spreiding.hoogste, spreiding.eigen_waarde]
    if any(_of_none(p) is None for p in punten):
        return leeg_figuur()
    d = decimalen_voor(punten, eenheid) if decimalen is None else decimalen
    anderen = afbreken(_("Andere regio's"), 12)
    eigen = afbreken(_veilig(regionaam), 12)

    def tekst(w: float) -> str:
        return _veilig(getal_met_eenheid(w, eenheid, d))

    laag, hoog = min(punten), max(punten)
    breedte = (hoog - laag) or max(1.0, abs(hoog))
    sporen = [
        go.Scatter(
            x=[spreiding.laagste, spreiding.hoogste],
            y=[anderen, anderen],
            mode="lines",
            line={"color": LIJN, "width": 10},
            hoverinfo="skip",
            showlegend=False,
        ),
        go.Scatter(
            x=[spreiding.laagste, spreiding.mediaan, spreiding.hoogste],
            y=[anderen] * 3,
            mode="markers+text",
            marker={"color": GRIJS, "size": 12, "symbol": "line-ns", "line": {"color": GRIJS, "width": 3}},
            text=[
                _("laagste") + f"<br>{tekst(spreiding.laagste)}",
                _("mediaan") + f"<br>{tekst(spreiding.mediaan)}",
                _("hoogste") + f"<br>{tekst(spreiding.hoogste)}",
            ],
            textposition=["bottom center", "top center", "bottom center"],
            textfont={"color": INKT_ZACHT, "size": 12},
            hovertext=[
                _("laagste van de andere regio's: %(w)s") % {"w": tekst(spreiding.laagste)},
                _("mediaan van de andere regio's: %(w)s") % {"w": tekst(spreiding.mediaan)},
                _("hoogste van de andere regio's: %(w)s") % {"w": tekst(spreiding.hoogste)},
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            cliponaxis=False,
            showlegend=False,
        ),
        go.Scatter(
            x=[spreiding.eigen_waarde],
            y=[eigen],
            mode="markers+text",
            marker={"color": ACCENT, "size": 15, "symbol": "diamond", "line": {"color": WIT, "width": 1}},
            text=[f"{tekst(spreiding.eigen_waarde)} · {rangtekst(spreiding.rang, spreiding.aantal)}"],
            textposition="middle right" if spreiding.eigen_waarde <= (laag + hoog) / 2 else "middle left",
            textfont={"color": INKT},
            hovertext=[
                f"<b>{eigen}</b><br>{tekst(spreiding.eigen_waarde)}<br>"
                + rangtekst(spreiding.rang, spreiding.aantal)
                + " "
                + _("(1 = hoogste)")
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            cliponaxis=False,
            showlegend=False,
        ),
    ]
    return go.Figure(
        data=sporen,
        layout=_layout(
            220,
            xaxis=_waarde_as(eenheid, zeroline=False, range=[laag - 0.12 * breedte, hoog + 0.12 * breedte]),
            yaxis=_categorie_as(categoryorder="array", categoryarray=[eigen, anderen], range=[-0.6, 1.9]),
            shapes=[
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": spreiding.eigen_waarde,
                    "x1": spreiding.eigen_waarde,
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": ACCENT, "width": 1, "dash": "dot"},
                    "layer": "below",
                }
            ],
        ),
    )


# --- age groups ---


def leeftijdsgrafiek(df: pd.DataFrame) -> go.Figure:
    """Share of the inhabitants per age group (from analysis.leeftijdsopbouw), youngest first."""
    if df is None or df.empty or "label" not in df.columns:
        return leeg_figuur()
    labels = [_veilig(lab) for lab in df["label"]]
    aandelen = [_of_none(a) for a in _kolom(df, "aandeel")]
    aantallen = [_of_none(w) for w in _kolom(df, "waarde")]
    if all(a is None for a in aandelen):
        return leeg_figuur()
    procenten = [None if a is None else 100 * a for a in aandelen]
    hoogste = max(p for p in procenten if p is not None)
    teksten = [met_eenheid(getal(p, 1), "%") if p is not None else "" for p in procenten]
    hover = [
        f"<b>{lab}</b><br>"
        + (
            _("%(aantal)s inwoners (%(pct)s)") % {"aantal": getal(n, 0), "pct": met_eenheid(getal(p, 1), "%")}
            if p is not None and n is not None
            else _("geen gegevens")
        )
        for lab, p, n in zip(labels, procenten, aantallen, strict=True)
    ]
    sporen = [
        go.Bar(
            x=labels,
            y=procenten,
            marker={"color": ACCENT, "line": {"width": 0}},
            text=teksten,
            textposition="outside",
            textfont={"color": INKT},
            cliponaxis=False,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
    ]
    ontbrekend = [lab for lab, p in zip(labels, procenten, strict=True) if p is None]
    if ontbrekend:
        sporen.append(
            go.Scatter(
                x=ontbrekend,
                y=[0.0] * len(ontbrekend),
                mode="text",
                text=[_("geen gegevens")] * len(ontbrekend),
                textposition="top center",
                textfont={"color": INKT_ZACHT, "size": 12},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig = go.Figure(
        data=sporen,
        layout=_layout(
            HOOGTE,
            xaxis=_categorie_as(categoryorder="array", categoryarray=labels, linecolor=LIJN),
            yaxis=_waarde_as("%", range=[0, hoogste * 1.18], rangemode="tozero"),
            bargap=0.3,
        ),
    )
    # On a phone each group's name over short lines ("15-64<br>jaar") under its bar, instead of turned on end.
    smal = {"xaxis.tickmode": "array", "xaxis.tickvals": labels, "xaxis.ticktext": [afbreken(lab, 6) for lab in labels]}
    return met_smalle_variant(fig, {**smal, "xaxis.tickangle": 0})


# --- map ---

Ring = Sequence[tuple[float, float]]


@dataclass(frozen=True)
class Klasse:
    ondergrens: float
    bovengrens: float
    kleur: str
    label: str


def klassen_indelen(waarden: Sequence[float], *, eenheid: str = "", maximum: int = MAXIMUM_KLASSEN) -> list[Klasse]:
    """Up to `maximum` classes of equal width with round boundaries that cover all values.

    Equal, round steps ("10 to 12%", "12 to 14%") read more easily than quantiles, and a colour then means
    the same distance everywhere on the map. A value on a boundary goes to the upper class; the top class
    includes its upper boundary.
    """
    getallen = sorted(float(w) for w in waarden if _is_getal(float(w)))
    if not getallen:
        return []
    laag, hoog = getallen[0], getallen[-1]
    if math.isclose(laag, hoog, rel_tol=1e-12, abs_tol=1e-12):
        d = decimalen_voor([laag], eenheid)
        return [Klasse(laag, hoog, KLASSEKLEUREN[1][0], met_eenheid(getal(laag, d), eenheid))]
    stap, begin, aantal = _ronde_stap(laag, hoog, maximum)
    decimalen = _decimalen_van_stap(stap)
    if is_euro(eenheid) and decimalen == 1:
        decimalen = 2  # euros: whole or in cents
    kleuren = KLASSEKLEUREN[aantal]
    klassen = []
    for i in range(aantal):
        onder = round(begin + i * stap, 10)
        boven = round(begin + (i + 1) * stap, 10)
        label = met_eenheid(f"{getal(onder, decimalen)} {TOT} {getal(boven, decimalen)}", eenheid)
        klassen.append(Klasse(onder, boven, kleuren[i], label))
    return klassen


def _ronde_stap(laag: float, hoog: float, maximum: int) -> tuple[float, float, int]:
    exponent = math.floor(math.log10((hoog - laag) / maximum))
    kandidaten = sorted(m * 10.0**e for e in range(exponent - 1, exponent + 3) for m in (1.0, 2.0, 2.5, 3.0, 4.0, 5.0))
    for stap in kandidaten:
        begin = math.floor(laag / stap + 1e-9) * stap
        aantal = max(1, math.ceil((hoog - begin) / stap - 1e-9))
        if aantal <= maximum:
            return stap, begin, aantal
    stap = kandidaten[-1]  # not reached: the largest candidate is wider than the whole range
    return stap, math.floor(laag / stap) * stap, 1


def _decimalen_van_stap(stap: float) -> int:
    exponent = math.floor(math.log10(stap) + 1e-9)
    mantisse = round(stap / 10.0**exponent, 6)
    return max(0, -exponent + (1 if mantisse == 2.5 else 0))


def klasse_van(waarde: float, klassen: Sequence[Klasse]) -> int:
    for i, klasse in enumerate(klassen):
        marge = 1e-9 * max(1.0, abs(klasse.bovengrens))
        if waarde < klasse.bovengrens - marge:
            return i
    return len(klassen) - 1


def _tekstkleur(achtergrond: str) -> str:
    """Dark text on light fills, white on dark ones: whichever has the higher contrast."""

    def lineair(kanaal: int) -> float:
        c = kanaal / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(achtergrond[i : i + 2], 16) for i in (1, 3, 5))
    helderheid = 0.2126 * lineair(r) + 0.7152 * lineair(g) + 0.0722 * lineair(b)
    contrast_wit = 1.05 / (helderheid + 0.05)
    contrast_inkt = (helderheid + 0.05) / (0.0168 + 0.05)  # relative luminance of INKT #1c2430 is about 0.017
    return WIT if contrast_wit > contrast_inkt else INKT


def _pad(ringen: Sequence[Ring]) -> tuple[list[float | None], list[float | None]]:
    """Rings as one path, separated by gaps: plotly fills each closed piece of a fill="toself" trace."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in ringen:
        if xs:
            xs.append(None)
            ys.append(None)
        xs.extend(p[0] for p in ring)
        ys.extend(p[1] for p in ring)
    return xs, ys


def _oppervlak_en_zwaartepunt(ring: Ring) -> tuple[float, tuple[float, float]]:
    oppervlak = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        kruis = x0 * y1 - x1 * y0
        oppervlak += kruis
        cx += (x0 + x1) * kruis
        cy += (y0 + y1) * kruis
    oppervlak /= 2
    if abs(oppervlak) < 1e-15:
        return 0.0, (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return abs(oppervlak), (cx / (6 * oppervlak), cy / (6 * oppervlak))


def zwaartepunt(ringen: Sequence[Ring]) -> tuple[float, float]:
    """The centroid of the largest ring: where the gemeente's name goes."""
    grootste = max((_oppervlak_en_zwaartepunt(r) for r in ringen if r), key=lambda t: t[0])
    return grootste[1]


def kaart(
    vormen: Mapping[str, Sequence[Ring]],
    waarden: Mapping[str, float | None],
    namen: Mapping[str, str],
    *,
    eenheid: str,
    context: Mapping[str, Sequence[Ring]] | None = None,
    decimalen: int | None = None,
) -> go.Figure:
    """The region's gemeenten coloured by value class, as polygons on plain axes: no tiles, no geo traces.

    Longitude is stretched by 1/cos(latitude) through the axis ratio, so shapes keep their true proportions.
    """
    codes = [c for c, ringen in vormen.items() if any(len(r) >= 3 for r in ringen)]
    if not codes:
        return leeg_figuur()
    per_code = {c: _of_none(waarden.get(c)) for c in codes}
    gevuld = {c: w for c, w in per_code.items() if w is not None}
    d = decimalen_voor(gevuld.values(), eenheid) if decimalen is None else decimalen
    klassen = klassen_indelen(list(gevuld.values()), eenheid=eenheid)

    punten = [p for c in codes for r in vormen[c] for p in r]
    lon0, lon1 = min(p[0] for p in punten), max(p[0] for p in punten)
    lat0, lat1 = min(p[1] for p in punten), max(p[1] for p in punten)
    schaal = 1 / math.cos(math.radians((lat0 + lat1) / 2))
    marge_lon = 0.05 * max(lon1 - lon0, 0.01)
    marge_lat = 0.05 * max(lat1 - lat0, 0.01)

    sporen: list[Any] = []
    if context:
        xs, ys = _pad([r for c, ringen in context.items() if c not in per_code for r in ringen if len(r) >= 3])
        if xs:
            sporen.append(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    fill="toself",
                    fillcolor=CONTEXT,
                    line={"color": WIT, "width": 1},
                    hoverinfo="skip",
                    showlegend=False,
                    name=_("omliggende gemeenten"),
                )
            )
    geen_gegevens = {"shape": "/", "bgcolor": GEEN_GEGEVENS, "fgcolor": ARCERING, "size": 7, "solidity": 0.15}
    # Legend first (legend-only traces; empty classes too, so the scale reads without gaps), lowest first.
    for i, klasse in enumerate(klassen):
        sporen.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                fill="toself",
                fillcolor=klasse.kleur,
                line={"color": klasse.kleur, "width": 1},
                name=_veilig(klasse.label),
                legendgroup=f"klasse-{i}",
                legendrank=100 + i,
                hoverinfo="skip",
                showlegend=True,
            )
        )
    if len(gevuld) < len(codes):
        sporen.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                fill="toself",
                fillcolor=GEEN_GEGEVENS,
                fillpattern=geen_gegevens,
                line={"color": ARCERING, "width": 1},
                name=_("geen gegevens"),
                legendgroup="geen-gegevens",
                legendrank=100 + MAXIMUM_KLASSEN + 1,
                hoverinfo="skip",
                showlegend=True,
            )
        )
    labels: list[tuple[float, float, str, str]] = []
    for code in codes:
        waarde = per_code[code]
        naam = _veilig(namen.get(code, code))
        xs, ys = _pad([r for r in vormen[code] if len(r) >= 3])
        spoor: dict[str, Any] = {
            "x": xs,
            "y": ys,
            "mode": "lines",
            "fill": "toself",
            "line": {"color": WIT, "width": 1.2},
            # Hovering a fill shows the trace name (a hover template is not used for fills).
            "name": f"{naam}: {_veilig(_waarde_tekst(waarde, eenheid, d))}",
            "hoveron": "fills",
            "hoverinfo": "name",
            "showlegend": False,
            "meta": {"gemeente": code},
        }
        if waarde is None:
            kleur = GEEN_GEGEVENS
            spoor.update(fillcolor=GEEN_GEGEVENS, fillpattern=geen_gegevens, legendgroup="geen-gegevens")
        else:
            i = klasse_van(waarde, klassen)
            kleur = klassen[i].kleur
            spoor.update(fillcolor=kleur, legendgroup=f"klasse-{i}")
        sporen.append(go.Scatter(**spoor))
        if len(codes) <= MAXIMUM_NAMEN_OP_KAART:
            x, y = zwaartepunt([r for r in vormen[code] if len(r) >= 3])
            labels.append((x, y, naam, _tekstkleur(kleur)))
    if labels:
        sporen.append(
            go.Scatter(
                x=[lab[0] for lab in labels],
                y=[lab[1] for lab in labels],
                mode="text",
                text=[lab[2] for lab in labels],
                textfont={"size": 11, "color": [lab[3] for lab in labels]},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    verborgen = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    return go.Figure(
        data=sporen,
        layout=_layout(
            HOOGTE_KAART,
            xaxis={**verborgen, "range": [lon0 - marge_lon, lon1 + marge_lon]},
            yaxis={
                **verborgen,
                "range": [lat0 - marge_lat, lat1 + marge_lat],
                "scaleanchor": "x",
                "scaleratio": schaal,
            },
            showlegend=True,
            # Below the map: on a phone a legend beside it would leave the map a strip.
            legend={
                "orientation": "h",
                "x": 0.0,
                "xanchor": "left",
                "y": 0.0,
                "yanchor": "top",
                "font": {"size": 12},
                "itemclick": False,
                "itemdoubleclick": False,
            },
            margin={"l": 4, "r": 4, "t": 4, "b": 4, "pad": 0},
        ),
    )


# --- to the page ---


def figuur_json(fig: go.Figure) -> str:
    """Compact JSON of the figure, safe to put as is inside <script type="application/json">.

    <, > and & are written as \\u escapes (as Django's json_script does), so a "</script>" in some text cannot
    end the element; JSON.parse gives the same strings back.
    """
    tekst: str = fig.to_json(pretty=False)
    return tekst.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
