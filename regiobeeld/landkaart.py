"""A map of the Netherlands with regions drawn from their gemeenten, as SVG made here (no tiles, no plotly, no
network): the koepel's national overview (contracten/landelijk.py) colours each region by its stage.

The shapes are the region map's (regiobeeld/kaart.py: CBS/PDOK simplified boundaries, outer rings). Each class has
a colour and a pattern (and the legend says both), so the map does not rest on colour alone; each region has a
<title> with its name and stage, read by screen readers and shown on hover, and a number that the table repeats.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from regiobeeld.kaart import alle_vormen, kader

BREEDTE = 560.0
RAND = 8.0
ACHTERGROND = "#e6e6e6"
GRENS = "#ffffff"


@dataclass(frozen=True)
class Klasse:
    """One class of the legend: its label, fill colour and pattern ("", "streep", "stip" or "ruit")."""

    label: str
    kleur: str
    patroon: str = ""


@dataclass(frozen=True)
class Kaartregio:
    nummer: int
    naam: str
    codes: Sequence[str]
    klasse: int  # index into the classes


_PATRONEN = {
    "streep": '<path d="M0,6 L6,0" stroke="{lijn}" stroke-width="1.4"/>',
    "stip": '<circle cx="3" cy="3" r="1.3" fill="{lijn}"/>',
    "ruit": '<path d="M0,6 L6,0 M0,0 L6,6" stroke="{lijn}" stroke-width="1"/>',
}


def _patroon_defs(klassen: Sequence[Klasse], id_voorvoegsel: str) -> list[str]:
    defs = []
    for i, klasse in enumerate(klassen):
        if klasse.patroon:
            teken = _PATRONEN[klasse.patroon].format(lijn="#1f1f1f")
            defs.append(
                f'<pattern id="{id_voorvoegsel}-{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{klasse.kleur}"/>{teken}</pattern>'
            )
    return defs


def _vulling(klassen: Sequence[Klasse], i: int, id_voorvoegsel: str) -> str:
    return f"url(#{id_voorvoegsel}-{i})" if klassen[i].patroon else klassen[i].kleur


def _legenda(klassen: Sequence[Klasse], boven: float, id_voorvoegsel: str) -> tuple[str, float]:
    """The legend rows under a picture from `boven` down, and the height they take."""
    regel = 22.0
    delen = []
    for i, klasse in enumerate(klassen):
        y = boven + i * regel
        delen.append(
            f'<rect x="{RAND}" y="{y:.1f}" width="22" height="14" fill="{_vulling(klassen, i, id_voorvoegsel)}" '
            f'stroke="#333333" stroke-width="0.6"/>'
            f'<text x="{RAND + 30}" y="{y + 11:.1f}" class="landkaart__legenda">{escape(klasse.label)}</text>'
        )
    return "".join(delen), len(klassen) * regel


def _svg(inhoud: str, hoogte: float, *, titel: str, omschrijving: str, klassen: Sequence[Klasse], id_: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREEDTE:.0f} {hoogte:.0f}" class="landkaart" '
        f'role="img" aria-labelledby="{id_}-titel {id_}-omschrijving">'
        f'<title id="{id_}-titel">{escape(titel)}</title>'
        f'<desc id="{id_}-omschrijving">{escape(omschrijving)}</desc>'
        f"<defs>{''.join(_patroon_defs(klassen, id_))}</defs>{inhoud}</svg>"
    )


def staafdiagram_svg(
    labels: Sequence[str],
    aslabels: Sequence[str],
    aantallen: Sequence[Sequence[int]],
    klassen: Sequence[Klasse],
    *,
    titel: str,
    omschrijving: str,
    id_voorvoegsel: str = "sd",
) -> str:
    """Stacked bars, one per label (a period), each split into its classes' counts (bottom: the first class), with
    the legend underneath: the national overview's trend. `aslabels`: the text under each bar ("" for none, so
    forty bars stay readable). Every label escaped; each bar has a <title>."""
    hoogte_grafiek, links, onder = 160.0, 34.0, 20.0
    hoogste = max((sum(a) for a in aantallen), default=0) or 1
    stap = (BREEDTE - links - RAND) / max(len(labels), 1)
    breedte = min(max(stap * 0.7, 1.0), 28.0)  # one quarter alone is a bar, not a wall
    y_nul = RAND + hoogte_grafiek
    delen = [
        f'<line x1="{links}" y1="{y_nul:.1f}" x2="{BREEDTE - RAND}" y2="{y_nul:.1f}" stroke="#333333"/>',
        f'<text x="{links - 4}" y="{RAND + 4:.1f}" text-anchor="end" class="landkaart__legenda">{hoogste}</text>',
        f'<text x="{links - 4}" y="{y_nul:.1f}" text-anchor="end" class="landkaart__legenda">0</text>',
    ]
    for i, (label, aslabel, rij) in enumerate(zip(labels, aslabels, aantallen, strict=True)):
        x = links + 4 + i * min(stap, 40.0)
        y = y_nul
        stukken = []
        for k, aantal in enumerate(rij):
            if not aantal:
                continue
            h = aantal / hoogste * hoogte_grafiek
            y -= h
            stukken.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{breedte:.1f}" height="{h:.1f}" '
                f'fill="{_vulling(klassen, k, id_voorvoegsel)}" stroke="#333333" stroke-width="0.4"/>'
            )
        uitleg = "; ".join(f"{klassen[k].label}: {a}" for k, a in enumerate(rij))
        delen.append(f"<g><title>{escape(f'{label}: {uitleg}')}</title>{''.join(stukken)}</g>")
        if aslabel:
            delen.append(f'<text x="{x:.1f}" y="{y_nul + 14:.1f}" class="landkaart__legenda">{escape(aslabel)}</text>')
    legenda, hoogte_legenda = _legenda(klassen, y_nul + onder + 8, id_voorvoegsel)
    return _svg(
        "".join(delen) + legenda,
        y_nul + onder + 12 + hoogte_legenda,
        titel=titel,
        omschrijving=omschrijving,
        klassen=klassen,
        id_=id_voorvoegsel,
    )


def landkaart_svg(
    regios: Sequence[Kaartregio],
    klassen: Sequence[Klasse],
    *,
    titel: str,
    omschrijving: str,
    id_voorvoegsel: str = "lk",
) -> str:
    """The whole country in grey, each region's gemeenten filled for its class, its number at its centre, and the
    legend underneath. Plain SVG text, safe to put in a page (every name escaped)."""
    alle = alle_vormen()
    grens = kader([[list(r) for r in ringen] for ringen in alle.values()])
    if grens is None:
        return ""
    lon0, lat0, lon1, lat1 = grens
    schaal_lon = math.cos(math.radians((lat0 + lat1) / 2))
    schaal = (BREEDTE - 2 * RAND) / ((lon1 - lon0) * schaal_lon)
    hoogte_kaart = (lat1 - lat0) * schaal + 2 * RAND

    def punt(lon: float, lat: float) -> tuple[float, float]:
        return (RAND + (lon - lon0) * schaal_lon * schaal, RAND + (lat1 - lat) * schaal)

    def pad(codes: Sequence[str]) -> str:
        delen = []
        for code in codes:
            for ring in alle.get(code, ()):
                if len(ring) < 3:
                    continue
                xy = [punt(lon, lat) for lon, lat in ring]
                delen.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
        return " ".join(delen)

    in_regio = {code for r in regios for code in r.codes}
    onderdelen = [
        f'<path d="{pad([c for c in alle if c not in in_regio])}" fill="{ACHTERGROND}" stroke="{GRENS}" '
        'stroke-width="0.5"/>'
    ]
    labels = []
    for regio in regios:
        codes = [c for c in regio.codes if c in alle]
        if not codes:
            continue
        klasse = klassen[regio.klasse]
        onderdelen.append(
            f"<g><title>{escape(f'{regio.nummer}. {regio.naam}: {klasse.label}')}</title>"
            f'<path d="{pad(codes)}" fill="{_vulling(klassen, regio.klasse, id_voorvoegsel)}" stroke="#333333" '
            'stroke-width="0.6"/></g>'
        )
        punten = [punt(lon, lat) for c in codes for ring in alle[c] for lon, lat in ring]
        x = sum(p[0] for p in punten) / len(punten)
        y = sum(p[1] for p in punten) / len(punten)
        labels.append(
            f'<text x="{x:.1f}" y="{y:.1f}" class="landkaart__nummer" text-anchor="middle" dominant-baseline="central"'
            f' aria-hidden="true">{regio.nummer}</text>'
        )

    legenda, hoogte_legenda = _legenda(klassen, hoogte_kaart + 8, id_voorvoegsel)
    return _svg(
        f"{''.join(onderdelen)}{''.join(labels)}{legenda}",
        hoogte_kaart + 12 + hoogte_legenda,
        titel=titel,
        omschrijving=omschrijving,
        klassen=klassen,
        id_=id_voorvoegsel,
    )
