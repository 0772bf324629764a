"""Gemeente shapes for the region map, read once from the CBS/PDOK simplified boundaries (WGS84 lon/lat).

Only outer rings are kept: the 2023 simplified file has no holes, and a map at region scale would not show an
enclave anyway. A MultiPolygon (islands, exclaves) gives several rings for one gemeente.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Any

GRENZENBESTAND = Path(__file__).resolve().parent.parent / "regio" / "data" / "gemeenten_2023_simplified.geojson"

Ring = list[tuple[float, float]]
Kader = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


def _ring(coordinaten: list[list[float]]) -> Ring:
    return [(float(punt[0]), float(punt[1])) for punt in coordinaten]


def _buitenringen(geometrie: dict[str, Any]) -> list[Ring]:
    soort = geometrie.get("type")
    coordinaten = geometrie.get("coordinates") or []
    if soort == "Polygon":
        return [_ring(coordinaten[0])] if coordinaten else []
    if soort == "MultiPolygon":
        return [_ring(veelhoek[0]) for veelhoek in coordinaten if veelhoek]
    return []


@lru_cache(maxsize=1)
def _alle_vormen() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """All gemeenten, code -> outer rings; immutable, as the cache hands the same object to every caller."""
    with GRENZENBESTAND.open(encoding="utf-8") as f:
        data = json.load(f)
    vormen: dict[str, tuple[tuple[tuple[float, float], ...], ...]] = {}
    for feature in data.get("features", []):
        code = str((feature.get("properties") or {}).get("statcode", "")).strip()
        ringen = _buitenringen(feature.get("geometry") or {})
        if code and ringen:
            vormen[code] = tuple(tuple(r) for r in ringen)
    return vormen


def alle_vormen() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """Every gemeente, code -> outer rings (the national map): the cached object, not to be changed."""
    return _alle_vormen()


def vormen(codes: Collection[str]) -> dict[str, list[Ring]]:
    """code -> list of rings, each a list of (lon, lat); codes without a shape are left out."""
    alle = _alle_vormen()
    return {code: [list(r) for r in alle[code]] for code in dict.fromkeys(codes) if code in alle}


def kader(ringen_per_code: Collection[list[Ring]]) -> Kader | None:
    """The bounding box around all given shapes, or None when there are none."""
    punten = [p for ringen in ringen_per_code for ring in ringen for p in ring]
    if not punten:
        return None
    lons = [p[0] for p in punten]
    lats = [p[1] for p in punten]
    return (min(lons), min(lats), max(lons), max(lats))


@lru_cache(maxsize=1)
def _kaders() -> dict[str, Kader]:
    return {code: k for code, ringen in _alle_vormen().items() if (k := kader([[list(r) for r in ringen]]))}


def buren(codes: Collection[str], *, marge: float = 0.0) -> set[str]:
    """Gemeenten outside `codes` whose bounding box touches the region's (widened by `marge` degrees).

    Meant as grey context around the region on the map; a bounding box is generous, which suits that purpose.
    """
    eigen = set(codes)
    regio = kader([[list(r) for r in _alle_vormen()[c]] for c in eigen if c in _alle_vormen()])
    if regio is None:
        return set()
    x0, y0, x1, y1 = regio[0] - marge, regio[1] - marge, regio[2] + marge, regio[3] + marge
    return {
        code
        for code, (a0, b0, a1, b1) in _kaders().items()
        if code not in eigen and a0 <= x1 and a1 >= x0 and b0 <= y1 and b1 >= y0
    }
