"""A small trend line drawn on the server as inline SVG: no JavaScript, no chart library, a text alternative."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString

BREEDTE, HOOGTE, MARGE = 96, 28, 3


def punten(
    reeks: Sequence[tuple[int, float]], breedte: int = BREEDTE, hoogte: int = HOOGTE
) -> list[tuple[float, float]]:
    """The series' (year, value) as x, y in the drawing: years spread evenly over the width (a missing year
    leaves its gap), the lowest value at the bottom, a flat line in the middle."""
    if not reeks:
        return []
    jaren = [j for j, _w in reeks]
    waarden = [w for _j, w in reeks]
    eerste, laatste = min(jaren), max(jaren)
    laag, hoog = min(waarden), max(waarden)
    binnen_b, binnen_h = breedte - 2 * MARGE, hoogte - 2 * MARGE

    def x(jaar: int) -> float:
        return MARGE + (binnen_b * (jaar - eerste) / (laatste - eerste) if laatste > eerste else binnen_b / 2)

    def y(waarde: float) -> float:
        return MARGE + (binnen_h * (hoog - waarde) / (hoog - laag) if hoog > laag else binnen_h / 2)

    return [(round(x(j), 1), round(y(w), 1)) for j, w in reeks]


def svg(reeks: Sequence[tuple[int, float]], tekst: str) -> SafeString:
    """The trend as an image with `tekst` as its accessible name; an empty string without two points."""
    xy = punten(reeks)
    if len(xy) < 2:
        return SafeString("")
    lijn = " ".join(f"{x},{y}" for x, y in xy)
    lx, ly = xy[-1]
    return format_html(
        '<svg class="sparklijn" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}" '
        'focusable="false"><title>{}</title><polyline points="{}" fill="none" stroke="currentColor" '
        'stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>'
        '<circle cx="{}" cy="{}" r="2.5" fill="currentColor"/></svg>',
        tekst,
        BREEDTE,
        HOOGTE,
        BREEDTE,
        HOOGTE,
        tekst,
        lijn,
        lx,
        ly,
    )
