"""Charts for paper: the product's plotly figures drawn as SVG here in Python, without a browser.

The pages and the PDFs share one figure definition per chart (regiobeeld.charts, contracten.grafieken,
contracten.monitoring): the page hands it to plotly.js, a print template gets it from `figuur_svg`, so both show
the same numbers, formatted once by the builder. This module draws the part of plotly's figure language those
builders use: scatter traces (lines, markers, text, dashes, gaps, fills with a hatch pattern), bars (vertical and
horizontal, grouped, stacked, overlaid, with their figures outside or inside), linear, category and date axes
(ranges, ticks in Dutch numbers, titles, reversed), a legend above or below the plot, a title, annotations and
line/rect shapes, and an axis pinned to another's scale (the map). Whatever else a figure names is ignored.

Text is measured with the metrics of the shipped font (the one WeasyPrint draws the SVG's text with), so labels
get the room they need; plotly's pseudo-HTML in texts (<b>, <br>, escaped entities) is read and written as SVG,
so a name a person typed ("A & B <x>") prints as typed and never as markup. The SVG names itself (<title>) and
describes its data in words (<desc>, from the hover texts the page shows). A chart takes milliseconds.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from regio import getallen

if TYPE_CHECKING:
    import plotly.graph_objects as go

LETTERTYPEN = Path(__file__).resolve().parent.parent / "static" / "fonts"
REGELHOOGTE = 1.25  # of the font size, between the lines of a label
TICKRUIMTE = 6  # px between a tick label and its axis
LEGENDA_SYMBOOL = 14  # px of a legend entry's swatch
INKT = "#1c2430"
PLOTLY_KLEUREN = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


# --- text ---


@lru_cache(maxsize=2)
def _breedtes(vet: bool) -> tuple[dict[int, int], int, float]:
    """Advance widths of the shipped font per character (fontTools reads the file WeasyPrint draws with)."""
    from fontTools.ttLib import TTFont

    font = TTFont(LETTERTYPEN / f"LiberationSans-{'Bold' if vet else 'Regular'}.ttf", lazy=True)
    breedtes = font["hmtx"].metrics
    per_teken = {code: breedtes[naam][0] for code, naam in font.getBestCmap().items()}
    return per_teken, breedtes[".notdef"][0], float(font["head"].unitsPerEm)


def tekstbreedte(tekst: str, grootte: float, *, vet: bool = False) -> float:
    """The width in px of `tekst` at `grootte` px in the shipped font (no kerning: a hair wide, never narrow)."""
    per_teken, standaard, em = _breedtes(vet)
    return sum(per_teken.get(ord(t), standaard) for t in tekst) * grootte / em


def getal(waarde: float) -> str:
    """A coordinate for SVG: one decimal at most, no trailing zeros."""
    tekst = f"{waarde:.1f}".rstrip("0").rstrip(".")
    return "0" if tekst == "-0" else tekst


Regel = list[tuple[str, bool]]  # runs of (text, bold) on one line

_BREEK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MARKUP = re.compile(r"(<[^>]*>)")


def regels(tekst: object) -> list[Regel]:
    """Plotly's pseudo-HTML as lines of runs: <br> breaks, <b> is bold, other tags are dropped, entities read."""
    uit: list[Regel] = []
    vet = False
    for regel in _BREEK.split("" if tekst is None else str(tekst)):
        runs: Regel = []
        for deel in _MARKUP.split(regel):
            if deel.startswith("<") and deel.endswith(">"):
                naam = deel.strip("</> ").split(" ")[0].lower()
                if naam == "b":
                    vet = not deel.startswith("</")
                continue
            if deel:
                runs.append((html.unescape(deel), vet))
        uit.append(runs)
    return uit


def platte_tekst(tekst: object, scheiding: str = " ") -> str:
    return scheiding.join("".join(t for t, _v in regel) for regel in regels(tekst)).strip()


def regelbreedte(regel: Regel, grootte: float) -> float:
    return sum(tekstbreedte(t, grootte, vet=v) for t, v in regel)


def blokmaat(tekst: object, grootte: float) -> tuple[float, float]:
    """Width and height in px of a (multi-line) label."""
    lijnen = regels(tekst)
    return max((regelbreedte(r, grootte) for r in lijnen), default=0.0), len(lijnen) * grootte * REGELHOOGTE


def tekst_svg(
    x: float,
    y: float,
    tekst: object,
    *,
    grootte: float,
    kleur: str = INKT,
    anker: str = "start",
    verticaal: str = "middle",
    draai: float = 0,
) -> str:
    """A label at (x, y): `anker` start/middle/end horizontally, `verticaal` top/middle/bottom for its block of
    lines. Escaped for XML: the text is whatever a person typed."""
    lijnen = regels(tekst)
    if not any(lijnen):
        return ""
    hoogte = len(lijnen) * grootte * REGELHOOGTE
    boven = {"top": y, "bottom": y - hoogte}.get(verticaal, y - hoogte / 2)
    # A line's baseline sits about 0.8 em under its top in this font (ascender 0.905, descender 0.212 em).
    basis = boven + grootte * (REGELHOOGTE - 1) / 2 + grootte * 0.86
    kenmerken = f'x="{getal(x)}" y="{getal(basis)}" font-size="{getal(grootte)}" fill="{kleur}"'
    if anker != "start":
        kenmerken += f' text-anchor="{anker}"'
    if draai:
        kenmerken += f' transform="rotate({getal(draai)} {getal(x)} {getal(y)})"'
    delen = []
    for i, regel in enumerate(lijnen):
        runs = "".join(f'<tspan font-weight="bold">{escape(t)}</tspan>' if vet else escape(t) for t, vet in regel if t)
        if i == 0:
            delen.append(f"<tspan>{runs}</tspan>" if len(lijnen) > 1 else runs)
        else:
            delen.append(f'<tspan x="{getal(x)}" dy="{getal(grootte * REGELHOOGTE)}">{runs}</tspan>')
    return f"<text {kenmerken}>{''.join(delen)}</text>"


def afbreken_op(tekst: str, breedte: float, grootte: float) -> str:
    """A label over lines at spaces so that each fits `breedte` px where it can (a single long word cannot)."""
    uit: list[str] = []
    for regel in _BREEK.split(tekst):
        huidig = ""
        for woord in regel.split(" "):
            kandidaat = f"{huidig} {woord}" if huidig else woord
            if huidig and tekstbreedte(platte_tekst(kandidaat), grootte) > breedte:
                uit.append(huidig)
                huidig = woord
            else:
                huidig = kandidaat
        uit.append(huidig)
    return "<br>".join(uit)


# --- numbers ---


def tick_getal(waarde: float, decimalen: int, *, duizendtallen: bool = True) -> str:
    """A tick's number through the product's formatter (regio.getallen: "12.345,6" in Dutch, a real minus sign);
    without `duizendtallen` a whole number as is ("2024", a year)."""
    if not duizendtallen and decimalen == 0:
        heel = round(waarde)
        return f"{getallen.MINTEKEN if heel < 0 else ''}{abs(heel)}"
    return getallen.getal(Decimal(f"{waarde:.{decimalen}f}"), decimalen)


def _decimalen_van_format(formaat: str) -> int | None:
    gevonden = re.search(r"\.(\d+)f", formaat)
    return int(gevonden.group(1)) if gevonden else (0 if formaat.endswith("d") else None)


def mooie_stap(ruw: float) -> float:
    """plotly's tick step: 1, 2 or 5 times a power of ten, the first at least `ruw`."""
    if ruw <= 0 or not math.isfinite(ruw):
        return 1.0
    macht = 10 ** math.floor(math.log10(ruw))
    for factor in (1, 2, 5, 10):
        if factor * macht >= ruw * (1 - 1e-9):
            return factor * macht
    return 10 * macht


def _decimalen_van_stap(stap: float) -> int:
    return max(0, -math.floor(math.log10(stap) + 1e-9)) if stap < 1 else 0


# --- reading a figure ---


def _get(d: Mapping[str, Any] | None, pad: str, standaard: Any = None) -> Any:
    """figure["layout"]["xaxis"]["title"]["text"] as _get(layout, "xaxis.title.text"), None-safe."""
    waarde: Any = d
    for sleutel in pad.split("."):
        if not isinstance(waarde, Mapping) or sleutel not in waarde:
            return standaard
        waarde = waarde[sleutel]
    return standaard if waarde is None else waarde


def _reeks(waarde: Any, lengte: int, standaard: Any = None) -> list[Any]:
    """A per-point property (a list, or one value for all)."""
    if isinstance(waarde, list | tuple):
        return [waarde[i] if i < len(waarde) else standaard for i in range(lengte)]
    return [standaard if waarde is None else waarde] * lengte


def _is_getal(waarde: Any) -> bool:
    return isinstance(waarde, int | float) and not isinstance(waarde, bool) and math.isfinite(waarde)


def _als_datum(waarde: Any) -> float | None:
    """An ISO date (as plotly takes it) as days since 1970; None when it is none."""
    if isinstance(waarde, dt.datetime | dt.date):
        datum = waarde if isinstance(waarde, dt.date) and not isinstance(waarde, dt.datetime) else waarde.date()
    elif isinstance(waarde, str):
        try:
            datum = dt.date.fromisoformat(waarde[:10])
        except ValueError:
            return None
    else:
        return None
    return float((datum - dt.date(1970, 1, 1)).days)


def _sleutel(waarde: Any) -> str:
    """A category as its label (plotly's pseudo-HTML kept: it is drawn as the tick's text)."""
    return str(waarde)


# --- axes ---


@dataclass
class As:
    """One axis: how data values map to px, and what it writes beside the plot."""

    letter: str  # "x" or "y"
    opmaak: Mapping[str, Any]
    soort: str = "linear"  # linear, category or date
    categorieen: list[str] = field(default_factory=list)
    laag: float = 0.0
    hoog: float = 1.0
    begin: float = 0.0  # px of the plot area's edge where the axis starts (left for x, bottom for y)
    lengte: float = 1.0  # px
    omgekeerd: bool = False
    ticks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def zichtbaar(self) -> bool:
        return bool(_get(self.opmaak, "visible", True))

    def waarde(self, w: Any) -> float | None:
        """A data value as a number on this axis (category index, days, or the number)."""
        if w is None:
            return None
        if self.soort == "category":
            sleutel = _sleutel(w)
            return float(self.categorieen.index(sleutel)) if sleutel in self.categorieen else None
        if self.soort == "date":
            return _als_datum(w)
        try:
            getal_ = float(w)
        except (TypeError, ValueError):
            return None
        return getal_ if math.isfinite(getal_) else None

    def px(self, w: float) -> float:
        deel = (w - self.laag) / ((self.hoog - self.laag) or 1.0)
        if self.omgekeerd:
            deel = 1 - deel
        return self.begin + deel * self.lengte if self.letter == "x" else self.begin - deel * self.lengte

    def schaal(self) -> float:
        """px per data unit."""
        return self.lengte / ((self.hoog - self.laag) or 1.0)


def _as_soort(opmaak: Mapping[str, Any], waarden: Iterable[Any]) -> str:
    soort = _get(opmaak, "type", "-")
    if soort in {"linear", "category", "date"}:
        return str(soort)
    if soort == "log":
        return "linear"
    for w in waarden:
        if w is None:
            continue
        if _is_getal(w):
            return "linear"
        if isinstance(w, str):
            try:
                float(w)
            except ValueError:
                return "date" if _als_datum(w) is not None else "category"
            return "linear"
        if isinstance(w, dt.date):
            return "date"
    return "linear"


# plotly's (d3's) date directives as Django's date format characters, so month names come out in Dutch
_STRFTIME = {"%b": "b", "%B": "F", "%Y": "Y", "%y": "y", "%d": "d", "%e": "j", "%-d": "j", "%m": "m"}


def _tick_tekst(as_: As, waarde: float, stap: float) -> str:
    opmaak = as_.opmaak
    formaat = str(_get(opmaak, "tickformat", ""))
    if as_.soort == "date":
        from django.utils.dateformat import format as datumformaat

        datum = dt.date(1970, 1, 1) + dt.timedelta(days=round(waarde))
        patroon = "M Y" if stap < 360 else "Y"
        if formaat:
            patroon = "".join(_STRFTIME.get(d, d) for d in re.split(r"(%-?\w)", formaat))
        tekst = datumformaat(datum, patroon)
    else:
        decimalen = _decimalen_van_format(formaat)
        if decimalen is None:
            decimalen = _decimalen_van_stap(stap)
        duizendtallen = formaat.startswith(",") or (not formaat and bool(_get(opmaak, "separatethousands", False)))
        if not formaat and abs(waarde) >= 10000:
            duizendtallen = True  # plotly would write "10k": no Dutch
        tekst = tick_getal(waarde, decimalen, duizendtallen=duizendtallen)
    return f"{_get(opmaak, 'tickprefix', '')}{tekst}{_get(opmaak, 'ticksuffix', '')}"


def _datum_ticks(laag: float, hoog: float, aantal: int) -> tuple[list[float], float]:
    """First days of months, every 1, 2, 3, 6 or 12 months (or every n years), about `aantal` of them."""
    begin = dt.date(1970, 1, 1) + dt.timedelta(days=math.floor(laag))
    maanden_totaal = max(1.0, (hoog - laag) / 30.4)
    stap = next((m for m in (1, 2, 3, 6, 12, 24, 60, 120) if maanden_totaal / m <= aantal), 240)
    maand = (begin.year * 12 + begin.month - 1) // stap * stap
    ticks = []
    while True:
        datum = dt.date(maand // 12, maand % 12 + 1, 1)
        dag = _als_datum(datum) or 0.0
        if dag > hoog:
            break
        if dag >= laag:
            ticks.append(dag)
        maand += stap
    return ticks, stap * 30.4


def _ticks_maken(as_: As) -> None:
    opmaak = as_.opmaak
    if not as_.zichtbaar or _get(opmaak, "showticklabels", True) is False:
        return
    laag, hoog = sorted((as_.laag, as_.hoog))
    tickvals = _get(opmaak, "tickvals")
    if as_.soort == "category" and tickvals is None:
        as_.ticks = [(float(i), c) for i, c in enumerate(as_.categorieen) if laag - 1e-9 <= i <= hoog + 1e-9]
        return
    if tickvals is not None:
        teksten = _get(opmaak, "ticktext")
        waarden = [as_.waarde(v) for v in tickvals]
        stap = min(
            (abs(b - a) for a, b in itertools.pairwise(waarden) if a is not None and b is not None),
            default=1.0,
        )
        for i, w in enumerate(waarden):
            if w is None or not laag - 1e-9 <= w <= hoog + 1e-9:
                continue
            tekst = teksten[i] if teksten and i < len(teksten) else _tick_tekst(as_, w, stap or 1.0)
            as_.ticks.append((w, str(tekst)))
        return
    # plotly: about one tick per 80 px across, 40 px up, four to nine of them
    aantal = min(9, max(4, as_.lengte / (80 if as_.letter == "x" else 40))) + 1
    if _get(opmaak, "nticks"):
        aantal = int(_get(opmaak, "nticks"))
    if as_.soort == "date":
        dagen, stap = _datum_ticks(laag, hoog, int(aantal))
        as_.ticks = [(d, _tick_tekst(as_, d, stap)) for d in dagen]
        return
    stap = float(_get(opmaak, "dtick", 0) or 0) or mooie_stap((hoog - laag) / aantal)
    if str(_get(opmaak, "tickformat", "")) == "d":
        stap = max(1.0, round(stap))
    eerste = math.ceil(laag / stap - 1e-9) * stap
    k = 0
    while (w := eerste + k * stap) <= hoog + stap * 1e-9 and k < 100:
        as_.ticks.append((w, _tick_tekst(as_, w, stap)))
        k += 1


# --- the figure ---


@dataclass
class Vlak:
    """The plot area in px."""

    links: float
    boven: float
    rechts: float
    onder: float

    @property
    def breedte(self) -> float:
        return self.rechts - self.links

    @property
    def hoogte(self) -> float:
        return self.onder - self.boven


@dataclass
class Legendapost:
    naam: str
    spoor: Mapping[str, Any]
    breedte: float


class Tekening:
    """Draws one figure; `svg()` gives the document."""

    def __init__(self, figuur: Mapping[str, Any], breedte: int, hoogte: int, titel: str) -> None:
        self.data: list[Mapping[str, Any]] = [s for s in figuur.get("data") or [] if s.get("visible", True) is True]
        self.layout: Mapping[str, Any] = figuur.get("layout") or {}
        self.breedte, self.hoogte = breedte, hoogte
        self.titel = titel or platte_tekst(_get(self.layout, "title.text", ""))
        self.grootte = float(_get(self.layout, "font.size", 12))
        self.kleur = str(_get(self.layout, "font.color", INKT))
        self.lettertype = str(_get(self.layout, "font.family", '"Open Sans", Arial, sans-serif'))
        self.defs: list[str] = []
        self._stapels: dict[tuple[str, str, bool], float] = {}
        self.patronen: dict[tuple[Any, ...], str] = {}
        self.x = As("x", _get(self.layout, "xaxis", {}))
        self.y = As("y", _get(self.layout, "yaxis", {}))

    # --- which traces are bars, and how wide

    def _bars(self) -> list[Mapping[str, Any]]:
        return [s for s in self.data if s.get("type") == "bar"]

    def _horizontaal(self, spoor: Mapping[str, Any]) -> bool:
        return spoor.get("orientation") == "h"

    def _posities(self, spoor: Mapping[str, Any]) -> tuple[list[Any], list[Any]]:
        """(positions along the category axis, values) of a bar; (x, y) of a scatter."""
        if spoor.get("type") == "bar" and self._horizontaal(spoor):
            return list(spoor.get("y") or []), list(spoor.get("x") or [])
        return list(spoor.get("x") or []), list(spoor.get("y") or [])

    def _barmode(self) -> str:
        return str(self.layout.get("barmode") or "group")

    # --- ranges

    def _assen_indelen(self) -> None:
        xs: list[Any] = []
        ys: list[Any] = []
        for spoor in self.data:
            xs += list(spoor.get("x") or [])
            ys += list(spoor.get("y") or [])
        for as_, waarden in ((self.x, xs), (self.y, ys)):
            as_.soort = _as_soort(as_.opmaak, waarden)
            if as_.soort == "category":
                volgorde = _get(as_.opmaak, "categoryarray")
                if _get(as_.opmaak, "categoryorder") == "array" and volgorde:
                    as_.categorieen = [_sleutel(c) for c in volgorde]
                for w in waarden:
                    if w is not None and _sleutel(w) not in as_.categorieen:
                        as_.categorieen.append(_sleutel(w))
            bereik = _get(as_.opmaak, "range")
            autorange = _get(as_.opmaak, "autorange", True)
            if isinstance(bereik, list | tuple) and len(bereik) == 2 and autorange in {True, False, None}:
                laag, hoog = (as_.waarde(bereik[0]), as_.waarde(bereik[1]))
                if as_.soort == "category":
                    laag, hoog = float(bereik[0]), float(bereik[1])
                if laag is not None and hoog is not None:
                    as_.laag, as_.hoog = laag, hoog
                    if hoog < laag:
                        as_.laag, as_.hoog, as_.omgekeerd = hoog, laag, True
                    continue
            as_.omgekeerd = autorange == "reversed"
            if as_.soort == "category":
                as_.laag, as_.hoog = -0.5, max(0, len(as_.categorieen) - 1) + 0.5
            else:
                as_.laag, as_.hoog = self._autobereik(as_)

    def _autobereik(self, as_: As) -> tuple[float, float]:
        """Data extent, bars from their base (stacked bars as their sums), 5 % room where the data is not zero."""
        waarden: list[float] = []
        heeft_staven = False
        stapels: dict[tuple[str, bool], float] = {}
        for spoor in self.data:
            if spoor.get("type") == "bar":
                waarde_as = "x" if self._horizontaal(spoor) else "y"
                if as_.letter != waarde_as:
                    waarden += [v for p in self._posities(spoor)[0] if (v := as_.waarde(p)) is not None]
                    continue
                heeft_staven = True
                posities, vals = self._posities(spoor)
                basis = _reeks(spoor.get("base"), len(vals), 0)
                for i, (p, v) in enumerate(zip(posities, vals, strict=False)):
                    w = as_.waarde(v)
                    if w is None:
                        continue
                    b = float(basis[i] or 0)
                    if self._barmode() in {"stack", "relative"}:
                        sleutel = (_sleutel(p), w >= 0)
                        b = stapels.get(sleutel, b)
                        stapels[sleutel] = b + w
                    waarden += [b, b + w]
            else:
                waarden += [w for v in spoor.get(as_.letter) or [] if (w := as_.waarde(v)) is not None]
        if not waarden:
            return (-1.0, 6.0) if as_.soort != "date" else (0.0, 365.0)
        laag, hoog = min(waarden), max(waarden)
        vanaf_nul = heeft_staven or _get(as_.opmaak, "rangemode") == "tozero"
        if vanaf_nul:
            laag, hoog = min(laag, 0.0), max(hoog, 0.0)
        marge = 0.05 * ((hoog - laag) or abs(hoog) or 1.0)
        # plotly's room around the data, except on the side where bars (or the range) start at zero
        if not (vanaf_nul and laag == 0):
            laag -= marge
        if not (vanaf_nul and hoog == 0):
            hoog += marge
        return laag, hoog

    # --- layout of the page around the plot

    def _legenda_items(self) -> list[Legendapost]:
        standaard = self.layout.get("showlegend")
        if standaard is False:
            return []
        items = []
        volgorde = sorted(enumerate(self.data), key=lambda t: (t[1].get("legendrank", 1000), t[0]))
        grootte = self._legendagrootte()
        for _i, spoor in volgorde:
            toon = spoor.get("showlegend")
            if toon is False or (toon is None and standaard is None and len(self.data) < 2):
                continue
            naam = str(spoor.get("name") or "")
            if not naam:
                continue
            breedte = LEGENDA_SYMBOOL + 6 + blokmaat(naam, grootte)[0] + 16
            items.append(Legendapost(naam, spoor, breedte))
        return items

    def _legendagrootte(self) -> float:
        return float(_get(self.layout, "legend.font.size", self.grootte))

    def _legenda_rijen(self, items: Sequence[Legendapost], breedte: float) -> list[list[Legendapost]]:
        if _get(self.layout, "legend.orientation", "v") != "h":
            return [[item] for item in items]
        rijen: list[list[Legendapost]] = [[]]
        gebruikt = 0.0
        for item in items:
            if rijen[-1] and gebruikt + item.breedte > breedte:
                rijen.append([])
                gebruikt = 0.0
            rijen[-1].append(item)
            gebruikt += item.breedte
        return [r for r in rijen if r]

    def _rijhoogte(self, rij: Sequence[Legendapost]) -> float:
        grootte = self._legendagrootte()
        return max([grootte * 1.5, *(blokmaat(i.naam, grootte)[1] + 4 for i in rij)])

    def _marges(self) -> tuple[Vlak, list[list[Legendapost]], str]:
        marge = _get(self.layout, "margin", {})
        links = float(marge.get("l", 80))
        rechts = float(marge.get("r", 80))
        boven = float(marge.get("t", 100))
        onder = float(marge.get("b", 80))
        pad = float(marge.get("pad", 0))
        if self.titel and _get(self.layout, "title.text"):
            boven = max(boven, self.grootte * 1.4 * 2 + 8)
        # the legend: above the plot (y >= 1), below it (y <= 0) or to the right (plotly's default)
        items = self._legenda_items()
        plek = "rechts"
        if _get(self.layout, "legend.orientation", "v") == "h":
            plek = "onder" if float(_get(self.layout, "legend.y", -0.1)) <= 0 else "boven"
        rijen = self._legenda_rijen(items, self.breedte - links - rechts)
        legenda_hoogte = sum(self._rijhoogte(r) for r in rijen)
        if items and plek == "rechts":
            rechts += max(i.breedte for i in items) + 8
        elif items and plek == "boven":
            boven = max(boven, legenda_hoogte + 6)
        elif items:
            onder += legenda_hoogte + 8
        # tick labels and titles beside the axes
        vlak = Vlak(links, boven, self.breedte - rechts, self.hoogte - onder)
        self.x.begin, self.x.lengte = vlak.links, vlak.breedte
        self.y.begin, self.y.lengte = vlak.onder, vlak.hoogte
        self._ticks()
        y_label = max((blokmaat(t, self.grootte)[0] for _w, t in self.y.ticks), default=0.0)
        if self.y.zichtbaar and self.y.ticks:
            vlak.links += min(y_label + TICKRUIMTE + pad, 0.45 * self.breedte)
        if self.y.zichtbaar and (titel := _get(self.y.opmaak, "title.text")):
            vlak.links += blokmaat(titel, self._titelgrootte(self.y))[1] + 6
        if self.x.zichtbaar and self.x.ticks:
            vlak.onder -= self._x_labels_hoogte(vlak) + TICKRUIMTE + pad
        if self.x.zichtbaar and (titel := _get(self.x.opmaak, "title.text")):
            vlak.onder -= blokmaat(titel, self._titelgrootte(self.x))[1] + 6
        teksten, draai = self._x_label_vorm(vlak)
        if self.x.zichtbaar and draai:
            # turned labels hang to the left of their tick: the first one must stay on the paper
            eerste = blokmaat(teksten[0], self.grootte)[0] * math.cos(math.radians(draai)) + 4
            vak = vlak.breedte / max(1, len(teksten))
            vlak.links = max(vlak.links, eerste - vak / 2)
        if self.x.zichtbaar and self.x.ticks and self.x.soort != "category":
            # the last tick label is centred on the plot's edge: half of it must fit in the margin
            laatste = blokmaat(self.x.ticks[-1][1], self.grootte)[0] / 2
            vlak.rechts = min(vlak.rechts, self.breedte - laatste - 2)
        self._schaal_vastzetten(vlak)
        self.x.begin, self.x.lengte = vlak.links, vlak.breedte
        self.y.begin, self.y.lengte = vlak.onder, vlak.hoogte
        self.x.ticks, self.y.ticks = [], []
        self._ticks()
        return vlak, rijen, plek

    def _titelgrootte(self, as_: As) -> float:
        return float(_get(as_.opmaak, "title.font.size", self.grootte))

    def _ticks(self) -> None:
        for as_ in (self.x, self.y):
            _ticks_maken(as_)

    def _x_label_vorm(self, vlak: Vlak) -> tuple[list[str], float]:
        """The x tick labels as drawn: wrapped at spaces to their slot on a category axis, else turned 30
        degrees (as plotly turns labels that would overlap)."""
        teksten = [t for _w, t in self.x.ticks]
        if not teksten:
            return [], 0.0
        vak = vlak.breedte / max(1, len(teksten)) - 4
        if self.x.soort == "category":
            teksten = [afbreken_op(t, vak, self.grootte) for t in teksten]
        if max(blokmaat(t, self.grootte)[0] for t in teksten) > vak:
            return [t for _w, t in self.x.ticks], -30.0
        return teksten, 0.0

    def _x_labels_hoogte(self, vlak: Vlak) -> float:
        teksten, draai = self._x_label_vorm(vlak)
        if not teksten:
            return 0.0
        if draai:
            return max(blokmaat(t, self.grootte)[0] * 0.5 + blokmaat(t, self.grootte)[1] * 0.87 for t in teksten)
        return max(blokmaat(t, self.grootte)[1] for t in teksten)

    def _schaal_vastzetten(self, vlak: Vlak) -> None:
        """scaleanchor: y's px per unit is x's times scaleratio; the range with room to spare is widened
        (plotly's constrain="range"), around its middle."""
        if _get(self.y.opmaak, "scaleanchor") != "x":
            return
        ratio = float(_get(self.y.opmaak, "scaleratio", 1.0))
        x_span, y_span = self.x.hoog - self.x.laag, self.y.hoog - self.y.laag
        if x_span <= 0 or y_span <= 0:
            return
        per_eenheid = min(vlak.breedte / x_span, vlak.hoogte / (y_span * ratio))
        for as_, px, eenheid in ((self.x, vlak.breedte, per_eenheid), (self.y, vlak.hoogte, per_eenheid * ratio)):
            midden = (as_.laag + as_.hoog) / 2
            half = px / eenheid / 2
            as_.laag, as_.hoog = midden - half, midden + half

    # --- drawing

    def svg(self) -> bytes:
        self._assen_indelen()
        vlak, rijen, plek = self._marges()
        delen: list[str] = [f'<rect width="{self.breedte}" height="{self.hoogte}" fill="{self._achtergrond()}"/>']
        plot_bg = str(_get(self.layout, "plot_bgcolor", "#ffffff"))
        delen.append(
            f'<rect x="{getal(vlak.links)}" y="{getal(vlak.boven)}" width="{getal(vlak.breedte)}" '
            f'height="{getal(vlak.hoogte)}" fill="{plot_bg}"/>'
        )
        delen += self._raster(vlak)
        delen += self._vormen(vlak, "below")
        knip = "plotvlak"
        self.defs.append(
            f'<clipPath id="{knip}"><rect x="{getal(vlak.links - 1)}" y="{getal(vlak.boven - 1)}" '
            f'width="{getal(vlak.breedte + 2)}" height="{getal(vlak.hoogte + 2)}"/></clipPath>'
        )
        teksten: list[str] = []
        for nummer, spoor in enumerate(self.data):
            if spoor.get("type") == "bar":
                vormen, labels = self._staven(spoor)
            else:
                vormen, labels = self._spreiding(spoor, nummer)
            geknipt = spoor.get("cliponaxis", True) is not False and spoor.get("type") != "bar"
            delen.append(f'<g clip-path="url(#{knip})">' + "".join(vormen) + "</g>" if geknipt else "".join(vormen))
            teksten += labels
        delen += self._aslijnen(vlak)
        delen += self._tick_labels(vlak)
        delen += teksten
        delen += self._vormen(vlak, "above")
        delen += self._annotaties(vlak)
        delen += self._legenda(vlak, rijen, plek)
        if self.titel and _get(self.layout, "title.text"):
            delen.append(
                tekst_svg(
                    float(_get(self.layout, "margin.l", 8)),
                    8,
                    _get(self.layout, "title.text"),
                    grootte=float(_get(self.layout, "title.font.size", self.grootte * 1.3)),
                    verticaal="top",
                )
            )
        kop = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.breedte}" height="{self.hoogte}" '
            f'viewBox="0 0 {self.breedte} {self.hoogte}" role="img" aria-labelledby="titel beschrijving">',
            f'<title id="titel">{escape(self.titel)}</title>',
            f'<desc id="beschrijving">{escape(self.beschrijving())}</desc>',
            f"<defs>{''.join(self.defs)}</defs>",
            f'<g font-family={quoteattr(self.lettertype)} font-size="{getal(self.grootte)}" fill="{self.kleur}">',
        ]
        return "\n".join([*kop, *(d for d in delen if d), "</g>", "</svg>"]).encode()

    def _achtergrond(self) -> str:
        return str(_get(self.layout, "paper_bgcolor", "#ffffff"))

    def beschrijving(self) -> str:
        """The chart's data in words, from the texts the page shows on hover (or the figures on the bars)."""
        zinnen: list[str] = []
        for spoor in self.data:
            if spoor.get("hoverinfo") == "skip":
                continue
            teksten = spoor.get("hovertext") or spoor.get("text")
            if isinstance(teksten, list | tuple):
                zinnen += [platte_tekst(t, ", ") for t in teksten if t]
            elif spoor.get("name") and not spoor.get("legendgroup", "").startswith("klasse"):
                zinnen.append(platte_tekst(spoor.get("name"), ", "))
        for annotatie in _get(self.layout, "annotations", []):
            zinnen.append(platte_tekst(annotatie.get("text"), ", "))
        return "; ".join(z for z in zinnen if z)

    def _raster(self, vlak: Vlak) -> list[str]:
        delen = []
        for as_ in (self.x, self.y):
            if not as_.zichtbaar:
                continue
            kleur = _get(as_.opmaak, "gridcolor", "#eeeeee")
            toon = _get(as_.opmaak, "showgrid", as_.soort != "category")
            if toon:
                for w, _t in as_.ticks:
                    delen.append(self._lijn_over(as_, w, vlak, kleur, 1))
            if as_.soort != "category" and _get(as_.opmaak, "zeroline", True) and as_.laag <= 0 <= as_.hoog:
                delen.append(self._lijn_over(as_, 0.0, vlak, _get(as_.opmaak, "zerolinecolor", "#444444"), 1))
        return delen

    def _lijn_over(self, as_: As, w: float, vlak: Vlak, kleur: str, dikte: float) -> str:
        p = as_.px(w)
        if as_.letter == "x":
            return lijn_svg(p, vlak.boven, p, vlak.onder, kleur, dikte)
        return lijn_svg(vlak.links, p, vlak.rechts, p, kleur, dikte)

    def _aslijnen(self, vlak: Vlak) -> list[str]:
        delen = []
        for as_ in (self.x, self.y):
            kleur = _get(as_.opmaak, "linecolor")
            if not as_.zichtbaar or not kleur or _get(as_.opmaak, "showline") is False:
                continue
            if as_.letter == "x":
                delen.append(lijn_svg(vlak.links, vlak.onder, vlak.rechts, vlak.onder, kleur))
            else:
                delen.append(lijn_svg(vlak.links, vlak.boven, vlak.links, vlak.onder, kleur))
        return delen

    def _tick_labels(self, vlak: Vlak) -> list[str]:
        delen = []
        pad = float(_get(self.layout, "margin.pad", 0))
        if self.y.zichtbaar:
            kleur = _get(self.y.opmaak, "tickfont.color", self.kleur)
            grootte = float(_get(self.y.opmaak, "tickfont.size", self.grootte))
            for w, t in self.y.ticks:
                delen.append(
                    tekst_svg(vlak.links - TICKRUIMTE - pad, self.y.px(w), t, grootte=grootte, kleur=kleur, anker="end")
                )
            if titel := _get(self.y.opmaak, "title.text"):
                breedste = max((blokmaat(t, grootte)[0] for _w, t in self.y.ticks), default=0.0)
                x = max(2.0, vlak.links - TICKRUIMTE - pad - breedste - 6)
                delen.append(
                    tekst_svg(
                        x,
                        vlak.boven + vlak.hoogte / 2,
                        titel,
                        grootte=self._titelgrootte(self.y),
                        kleur=_get(self.y.opmaak, "title.font.color", self.kleur),
                        anker="middle",
                        verticaal="bottom",
                        draai=-90,
                    )
                )
        if self.x.zichtbaar:
            kleur = _get(self.x.opmaak, "tickfont.color", self.kleur)
            grootte = float(_get(self.x.opmaak, "tickfont.size", self.grootte))
            teksten, draai = self._x_label_vorm(vlak)
            y = vlak.onder + TICKRUIMTE + pad
            for (w, _t), tekst in zip(self.x.ticks, teksten, strict=True):
                if draai:
                    delen.append(
                        tekst_svg(self.x.px(w), y, tekst, grootte=grootte, kleur=kleur, anker="end", draai=draai)
                    )
                else:
                    delen.append(
                        tekst_svg(self.x.px(w), y, tekst, grootte=grootte, kleur=kleur, anker="middle", verticaal="top")
                    )
            if titel := _get(self.x.opmaak, "title.text"):
                delen.append(
                    tekst_svg(
                        vlak.links + vlak.breedte / 2,
                        y + self._x_labels_hoogte(vlak) + 6,
                        titel,
                        grootte=self._titelgrootte(self.x),
                        kleur=_get(self.x.opmaak, "title.font.color", self.kleur),
                        anker="middle",
                        verticaal="top",
                    )
                )
        return delen

    # --- bars

    def _staafbreedte(self, spoor: Mapping[str, Any]) -> tuple[float, float]:
        """(width, offset from the category's middle) in category units."""
        gap = float(self.layout.get("bargap", 0.2))
        groep_gap = float(self.layout.get("bargroupgap", 0.0))
        if spoor.get("width") is not None and not isinstance(spoor.get("width"), list):
            return float(spoor["width"]), 0.0
        if self._barmode() != "group":
            return 1 - gap, 0.0
        staven = self._bars()
        n = len(staven)
        vak = (1 - gap) / max(1, n)
        i = next(k for k, s in enumerate(staven) if s is spoor)
        return vak * (1 - groep_gap), -(1 - gap) / 2 + vak * (i + 0.5)

    def _staven(self, spoor: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        horizontaal = self._horizontaal(spoor)
        cat_as, val_as = (self.y, self.x) if horizontaal else (self.x, self.y)
        posities, waarden = self._posities(spoor)
        n = len(waarden)
        marker = spoor.get("marker") or {}
        kleuren = _reeks(marker.get("color"), n, PLOTLY_KLEUREN[self.data.index(spoor) % len(PLOTLY_KLEUREN)])
        lijn = marker.get("line") or {}
        lijndikte = float(lijn.get("width", 0) or 0)
        teksten = _reeks(spoor.get("text"), n, "")
        basis = _reeks(spoor.get("base"), n, 0)
        breedte, verschuiving = self._staafbreedte(spoor)
        textpositie = spoor.get("textposition", "auto")
        tekstkleuren = _reeks(_get(spoor, "textfont.color"), n, self.kleur)
        tekstgrootte = float(_get(spoor, "textfont.size", self.grootte))
        vormen: list[str] = []
        labels: list[str] = []
        for i in range(n):
            pos = cat_as.waarde(posities[i]) if i < len(posities) else float(i)
            w = val_as.waarde(waarden[i])
            if pos is None or w is None:
                continue
            b = float(basis[i] or 0)
            if self._barmode() in {"stack", "relative"}:
                sleutel = (cat_as.letter, _sleutel(posities[i]), w >= 0)
                b = self._stapels.get(sleutel, b)
                self._stapels[sleutel] = b + w
            midden = pos + verschuiving
            c0, c1 = cat_as.px(midden - breedte / 2), cat_as.px(midden + breedte / 2)
            v0, v1 = val_as.px(b), val_as.px(b + w)
            if horizontaal:
                x, y, bw, bh = min(v0, v1), min(c0, c1), abs(v1 - v0), abs(c1 - c0)
            else:
                x, y, bw, bh = min(c0, c1), min(v0, v1), abs(c1 - c0), abs(v1 - v0)
            rand = f' stroke="{lijn.get("color")}" stroke-width="{getal(lijndikte)}"' if lijndikte else ""
            vormen.append(
                f'<rect x="{getal(x)}" y="{getal(y)}" width="{getal(bw)}" height="{getal(bh)}" '
                f'fill="{kleuren[i]}"{rand} class="staaf"/>'
            )
            tekst = teksten[i]
            if tekst in (None, "") or textpositie == "none":
                continue
            tw, th = blokmaat(tekst, tekstgrootte)
            past = (bw >= tw + 6 and bh >= th + 2) if horizontaal else (bw >= tw + 4 and bh >= th + 4)
            positie = textpositie if textpositie != "auto" else ("inside" if past else "outside")
            binnen = positie == "inside"
            kleur = tekstkleuren[i]
            if binnen:
                kleur = _get(spoor, "insidetextfont.color") or _get(spoor, "textfont.color") or "#ffffff"
            # outside: past the bar's end, the way it grows; inside: back into the bar from its end
            richting = (-1 if w < 0 else 1) * (-1 if binnen else 1)
            eind = val_as.px(b + w)
            if horizontaal:
                anker = "start" if richting > 0 else "end"
                labels.append(
                    tekst_svg(eind + 4 * richting, y + bh / 2, tekst, grootte=tekstgrootte, kleur=kleur, anker=anker)
                )
            else:
                verticaal = "bottom" if richting > 0 else "top"
                labels.append(
                    tekst_svg(
                        x + bw / 2,
                        eind - 3 * richting,
                        tekst,
                        grootte=tekstgrootte,
                        kleur=kleur,
                        anker="middle",
                        verticaal=verticaal,
                    )
                )
        return vormen, labels

    # --- scatter: lines, markers, text, fills

    def _punten(self, spoor: Mapping[str, Any]) -> list[tuple[float, float] | None]:
        xs = list(spoor.get("x") or [])
        ys = list(spoor.get("y") or [])
        punten: list[tuple[float, float] | None] = []
        for xw, yw in zip(xs, ys, strict=False):
            x, y = self.x.waarde(xw), self.y.waarde(yw)
            punten.append(None if x is None or y is None else (self.x.px(x), self.y.px(y)))
        return punten

    def _spreiding(self, spoor: Mapping[str, Any], nummer: int) -> tuple[list[str], list[str]]:
        modus = str(spoor.get("mode") or "lines+markers")
        punten = self._punten(spoor)
        kleur = PLOTLY_KLEUREN[nummer % len(PLOTLY_KLEUREN)]
        lijn = spoor.get("line") or {}
        vormen: list[str] = []
        if spoor.get("fill") == "toself":
            vormen += self._vulling(spoor, punten)
        if "lines" in modus and float(lijn.get("width", 2) or 0) > 0:
            vormen += self._lijnen(spoor, punten, lijn.get("color", kleur))
        if "markers" in modus:
            vormen += self._markers(spoor, punten, kleur)
        labels = self._scatterteksten(spoor, punten) if "text" in modus else []
        return vormen, labels

    def _stukken(self, punten: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
        stukken: list[list[tuple[float, float]]] = [[]]
        for p in punten:
            if p is None:
                stukken.append([])
            else:
                stukken[-1].append(p)
        return [s for s in stukken if s]

    def _pad(self, stukken: Sequence[Sequence[tuple[float, float]]], *, sluiten: bool) -> str:
        delen = []
        for stuk in stukken:
            delen.append("M" + " L".join(f"{getal(x)},{getal(y)}" for x, y in stuk) + (" Z" if sluiten else ""))
        return " ".join(delen)

    def _vulling(self, spoor: Mapping[str, Any], punten: Sequence[tuple[float, float] | None]) -> list[str]:
        stukken = [s for s in self._stukken(punten) if len(s) >= 3]
        if not stukken:
            return []
        lijn = spoor.get("line") or {}
        dikte = float(lijn.get("width", 0) or 0)
        rand = f' stroke="{lijn.get("color")}" stroke-width="{getal(dikte)}" stroke-linejoin="round"' if dikte else ""
        return [f'<path d="{self._pad(stukken, sluiten=True)}" fill="{self._vulkleur(spoor)}"{rand}/>']

    def _vulkleur(self, spoor: Mapping[str, Any]) -> str:
        kleur = str(spoor.get("fillcolor") or _get(spoor, "line.color", "#7b8794"))
        patroon = spoor.get("fillpattern") or {}
        if not patroon.get("shape"):
            return kleur
        sleutel = (
            patroon.get("shape"),
            patroon.get("bgcolor", kleur),
            patroon.get("fgcolor"),
            patroon.get("size"),
            patroon.get("solidity"),
        )
        if sleutel not in self.patronen:
            naam = f"patroon-{len(self.patronen)}"
            self.patronen[sleutel] = naam
            maat = float(patroon.get("size", 8) or 8)
            dikte = max(0.5, maat * float(patroon.get("solidity", 0.3) or 0.3))
            voor = patroon.get("fgcolor") or "#444444"
            lijnen = {
                "/": f"M0,{getal(maat)} L{getal(maat)},0 M-1,1 L1,-1 M{getal(maat - 1)},{getal(maat + 1)} "
                f"L{getal(maat + 1)},{getal(maat - 1)}",
                "\\": f"M0,0 L{getal(maat)},{getal(maat)} M-1,{getal(maat - 1)} L1,{getal(maat + 1)} "
                f"M{getal(maat - 1)},-1 L{getal(maat + 1)},1",
                "-": f"M0,{getal(maat / 2)} L{getal(maat)},{getal(maat / 2)}",
                "|": f"M{getal(maat / 2)},0 L{getal(maat / 2)},{getal(maat)}",
            }.get(str(patroon.get("shape")), f"M0,{getal(maat)} L{getal(maat)},0")
            self.defs.append(
                f'<pattern id="{naam}" patternUnits="userSpaceOnUse" width="{getal(maat)}" height="{getal(maat)}">'
                f'<rect width="{getal(maat)}" height="{getal(maat)}" fill="{patroon.get("bgcolor") or kleur}"/>'
                f'<path d="{lijnen}" stroke="{voor}" stroke-width="{getal(dikte)}"/></pattern>'
            )
        return f"url(#{self.patronen[sleutel]})"

    def _lijnen(self, spoor: Mapping[str, Any], punten: Sequence[tuple[float, float] | None], kleur: str) -> list[str]:
        lijn = spoor.get("line") or {}
        if spoor.get("connectgaps"):
            punten = [p for p in punten if p is not None]
        stukken = [s for s in self._stukken(punten) if len(s) >= 2]
        if not stukken:
            return []
        dikte = float(lijn.get("width", 2) or 2)
        return [
            f'<path d="{self._pad(stukken, sluiten=False)}" fill="none" stroke="{kleur}" '
            f'stroke-width="{getal(dikte)}" stroke-linejoin="round"{streepjes(lijn.get("dash"), dikte)}/>'
        ]

    def _markers(self, spoor: Mapping[str, Any], punten: Sequence[tuple[float, float] | None], kleur: str) -> list[str]:
        marker = spoor.get("marker") or {}
        n = len(punten)
        kleuren = _reeks(marker.get("color"), n, kleur)
        maten = _reeks(marker.get("size"), n, 6)
        symbolen = _reeks(marker.get("symbol"), n, "circle")
        rand = marker.get("line") or {}
        randkleuren = _reeks(rand.get("color"), n, None)
        randdikte = float(rand.get("width", 0) or 0)
        vormen = []
        for i, p in enumerate(punten):
            if p is None or not maten[i]:
                continue
            vormen.append(symbool(str(symbolen[i]), p[0], p[1], float(maten[i]), kleuren[i], randkleuren[i], randdikte))
        return vormen

    def _scatterteksten(self, spoor: Mapping[str, Any], punten: Sequence[tuple[float, float] | None]) -> list[str]:
        n = len(punten)
        teksten = _reeks(spoor.get("text"), n, "")
        posities = _reeks(spoor.get("textposition"), n, "middle center")
        kleuren = _reeks(_get(spoor, "textfont.color"), n, self.kleur)
        grootte = float(_get(spoor, "textfont.size", self.grootte))
        modus = str(spoor.get("mode") or "")
        maten = _reeks(_get(spoor, "marker.size"), n, 6)
        labels = []
        for i, p in enumerate(punten):
            if p is None or teksten[i] in (None, ""):
                continue
            verticaal, _spatie, horizontaal = str(posities[i]).partition(" ")
            afstand = (float(maten[i] or 0) / 2 if "markers" in modus else 0.0) + 3
            x, y = p
            anker = {"left": "end", "right": "start"}.get(horizontaal, "middle")
            x += {"left": -afstand, "right": afstand}.get(horizontaal, 0.0)
            blok = {"top": "bottom", "bottom": "top"}.get(verticaal, "middle")
            y += {"top": -afstand, "bottom": afstand}.get(verticaal, 0.0)
            labels.append(tekst_svg(x, y, teksten[i], grootte=grootte, kleur=kleuren[i], anker=anker, verticaal=blok))
        return labels

    # --- shapes, annotations, legend

    def _plek(self, ref: str, waarde: Any, vlak: Vlak, letter: str) -> float | None:
        if ref == "paper":
            w = float(waarde)
            return vlak.links + w * vlak.breedte if letter == "x" else vlak.onder - w * vlak.hoogte
        as_ = self.x if letter == "x" else self.y
        getal_ = as_.waarde(waarde)
        return None if getal_ is None else as_.px(getal_)

    def _vormen(self, vlak: Vlak, laag: str) -> list[str]:
        delen = []
        for vorm in _get(self.layout, "shapes", []):
            if vorm.get("layer", "above") != laag:
                continue
            x0 = self._plek(vorm.get("xref", "x"), vorm.get("x0", 0), vlak, "x")
            x1 = self._plek(vorm.get("xref", "x"), vorm.get("x1", 0), vlak, "x")
            y0 = self._plek(vorm.get("yref", "y"), vorm.get("y0", 0), vlak, "y")
            y1 = self._plek(vorm.get("yref", "y"), vorm.get("y1", 0), vlak, "y")
            if None in (x0, x1, y0, y1):
                continue
            assert x0 is not None and x1 is not None and y0 is not None and y1 is not None  # noqa: S101 - for mypy
            lijn = vorm.get("line") or {}
            dikte = float(lijn.get("width", 2) or 0)
            kleur = lijn.get("color", "#444444")
            streep = streepjes(lijn.get("dash"), dikte)
            if vorm.get("type") == "rect":
                delen.append(
                    f'<rect x="{getal(min(x0, x1))}" y="{getal(min(y0, y1))}" width="{getal(abs(x1 - x0))}" '
                    f'height="{getal(abs(y1 - y0))}" fill="{vorm.get("fillcolor", "none")}" '
                    f'stroke="{kleur if dikte else "none"}" stroke-width="{getal(dikte)}"{streep}/>'
                )
            elif vorm.get("type", "line") == "line":
                delen.append(lijn_svg(x0, y0, x1, y1, kleur, dikte, streep))
        return delen

    def _annotaties(self, vlak: Vlak) -> list[str]:
        delen = []
        for annotatie in _get(self.layout, "annotations", []):
            x = self._plek(annotatie.get("xref", "x"), annotatie.get("x", 0.5), vlak, "x")
            y = self._plek(annotatie.get("yref", "y"), annotatie.get("y", 0.5), vlak, "y")
            if x is None or y is None:
                continue
            anker = {"left": "start", "right": "end"}.get(annotatie.get("xanchor", "auto"), "middle")
            verticaal = {"top": "top", "bottom": "bottom"}.get(annotatie.get("yanchor", "auto"), "middle")
            delen.append(
                tekst_svg(
                    x,
                    y,
                    annotatie.get("text", ""),
                    grootte=float(_get(annotatie, "font.size", self.grootte)),
                    kleur=_get(annotatie, "font.color", self.kleur),
                    anker=anker,
                    verticaal=verticaal,
                )
            )
        return delen

    def _legenda(self, vlak: Vlak, rijen: Sequence[Sequence[Legendapost]], plek: str) -> list[str]:
        if not rijen:
            return []
        grootte = self._legendagrootte()
        kleur = _get(self.layout, "legend.font.color", self.kleur)
        totaal = sum(self._rijhoogte(r) for r in rijen)
        if plek == "boven":
            y = max(2.0, vlak.boven - 4 - totaal)
        elif plek == "onder":
            y = self.hoogte - float(_get(self.layout, "margin.b", 8)) - totaal
        else:
            y = vlak.boven
        delen = []
        for rij in rijen:
            hoogte = self._rijhoogte(rij)
            x = vlak.links if plek != "rechts" else vlak.rechts + 10
            if plek == "onder":
                x = float(_get(self.layout, "margin.l", 8))
            midden = y + hoogte / 2
            for item in rij:
                delen.append(self._legenda_symbool(item.spoor, x, midden))
                delen.append(tekst_svg(x + LEGENDA_SYMBOOL + 6, midden, item.naam, grootte=grootte, kleur=kleur))
                x += item.breedte
            y += hoogte
        return delen

    def _legenda_symbool(self, spoor: Mapping[str, Any], x: float, midden: float) -> str:
        maat = LEGENDA_SYMBOOL
        if spoor.get("type") == "bar":
            kleur = _get(spoor, "marker.color", PLOTLY_KLEUREN[0])
            if isinstance(kleur, list | tuple):
                kleur = kleur[0] if kleur else PLOTLY_KLEUREN[0]
            return (
                f'<rect x="{getal(x)}" y="{getal(midden - maat / 2 + 1)}" width="{maat}" height="{maat - 2}" '
                f'fill="{kleur}"/>'
            )
        if spoor.get("fill") == "toself":
            rand = _get(spoor, "line.color", "none")
            return (
                f'<rect x="{getal(x)}" y="{getal(midden - maat / 2 + 1)}" width="{maat}" height="{maat - 2}" '
                f'fill="{self._vulkleur(spoor)}" stroke="{rand}" stroke-width="1"/>'
            )
        modus = str(spoor.get("mode") or "lines+markers")
        delen = []
        if "lines" in modus:
            lijn = spoor.get("line") or {}
            dikte = float(lijn.get("width", 2) or 2)
            delen.append(
                f'<line x1="{getal(x)}" y1="{getal(midden)}" x2="{getal(x + maat + 4)}" y2="{getal(midden)}" '
                f'stroke="{lijn.get("color", PLOTLY_KLEUREN[0])}" stroke-width="{getal(dikte)}"'
                f"{streepjes(lijn.get('dash'), dikte)}/>"
            )
        if "markers" in modus:
            marker = spoor.get("marker") or {}
            kleur = marker.get("color", PLOTLY_KLEUREN[0])
            maten = marker.get("size", 8)
            grootte = max(
                (m for m in _reeks(maten, max(1, len(maten) if isinstance(maten, list) else 1), 8) if m), default=8
            )
            symbolen = marker.get("symbol", "circle")
            delen.append(
                symbool(
                    str(_reeks(symbolen, 2, "circle")[-1]),
                    x + maat / 2 + 2,
                    midden,
                    min(float(grootte), 12.0),
                    _reeks(kleur, 1, PLOTLY_KLEUREN[0])[0],
                    _get(marker, "line.color"),
                    float(_get(marker, "line.width", 0) or 0),
                )
            )
        return "".join(delen)


# --- shapes of markers and lines ---


def lijn_svg(x1: float, y1: float, x2: float, y2: float, kleur: str, dikte: float = 1, extra: str = "") -> str:
    return (
        f'<line x1="{getal(x1)}" y1="{getal(y1)}" x2="{getal(x2)}" y2="{getal(y2)}" stroke="{kleur}" '
        f'stroke-width="{getal(dikte)}"{extra}/>'
    )


def streepjes(dash: Any, dikte: float) -> str:
    """plotly's dash names as an SVG dash array, scaled to the line as plotly does."""
    if not dash or dash == "solid":
        return ""
    d = max(dikte, 3.0)
    patronen = {
        "dot": (d, d),
        "dash": (3 * d, 3 * d),
        "longdash": (5 * d, 5 * d),
        "dashdot": (3 * d, d, d, d),
        "longdashdot": (5 * d, 2 * d, d, 2 * d),
    }
    if dash in patronen:
        reeks = patronen[dash]
    else:
        try:
            reeks = tuple(float(p.strip().removesuffix("px")) for p in str(dash).split(","))
        except ValueError:
            return ""
    return f' stroke-dasharray="{",".join(getal(p) for p in reeks)}"'


def symbool(naam: str, x: float, y: float, maat: float, kleur: str, rand: str | None, randdikte: float) -> str:
    """A marker as plotly draws it (`maat` is its diameter in px)."""
    r = maat / 2
    open_ = naam.endswith("-open")
    naam = naam.removesuffix("-open")
    vulling = "none" if open_ else kleur
    lijn = f' stroke="{rand or kleur}" stroke-width="{getal(randdikte or (1 if open_ else 0))}"'
    if not randdikte and not open_:
        lijn = ""
    if naam == "line-ns":
        return lijn_svg(x, y - r, x, y + r, rand or kleur, randdikte or 1)
    if naam == "line-ew":
        return lijn_svg(x - r, y, x + r, y, rand or kleur, randdikte or 1)
    if naam == "square":
        return (
            f'<rect x="{getal(x - r)}" y="{getal(y - r)}" width="{getal(maat)}" height="{getal(maat)}" '
            f'fill="{vulling}"{lijn}/>'
        )
    if naam == "diamond":
        r *= 1.3
        punten = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    elif naam == "star":
        r *= 1.4
        punten = [
            (
                x + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5),
                y - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5),
            )
            for k in range(10)
        ]
    elif naam == "triangle-up":
        r *= 1.2
        punten = [(x, y - r), (x + r, y + r * 0.6), (x - r, y + r * 0.6)]
    elif naam == "triangle-down":
        r *= 1.2
        punten = [(x, y + r), (x + r, y - r * 0.6), (x - r, y - r * 0.6)]
    else:
        return f'<circle cx="{getal(x)}" cy="{getal(y)}" r="{getal(r)}" fill="{vulling}"{lijn}/>'
    pad = "M" + " L".join(f"{getal(px)},{getal(py)}" for px, py in punten) + " Z"
    return f'<path d="{pad}" fill="{vulling}"{lijn}/>'


def figuur_svg(
    figuur: go.Figure | Mapping[str, Any], *, breedte: int, hoogte: int | None = None, titel: str = ""
) -> bytes:
    """The figure as an SVG document of `breedte` x `hoogte` px (the figure's own height by default).

    `titel` names the picture (its <title>); without it the figure's title, if any."""
    gegevens: Mapping[str, Any] = figuur if isinstance(figuur, Mapping) else figuur.to_dict()
    hoogte = hoogte or int(_get(gegevens, "layout.height", 400))
    return Tekening(gegevens, breedte, hoogte, titel).svg()
