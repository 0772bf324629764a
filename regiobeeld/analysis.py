"""Figures of a region as DataFrames: pure functions, no database, no HTTP.

A selector gives long-format rows (indicator, gemeente, jaar, waarde); the functions here add them up over
the gemeenten of a region ("som" for counts), average them weighted by inhabitants ("gewogen" for rates), or
divide the sum of one indicator by the sum of another ("verhouding": costs per insured year), and say how
complete the result is. Missing data is never an error: a region with 5 of its 7 gemeenten gets
a figure marked as incomplete, and empty input gives an empty frame.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

import numpy as np
import pandas as pd

KOLOMMEN = ("indicator", "gemeente", "jaar", "waarde")
SOM = "som"
GEWOGEN = "gewogen"
VERHOUDING = "verhouding"
AGGREGATIES = (SOM, GEWOGEN, VERHOUDING)

REEKS_KOLOMMEN = ("jaar", "waarde", "gemeenten_met_data", "gemeenten_totaal", "dekking", "volledig")
VERGELIJKING_KOLOMMEN = ("groep", "waarde", "gemeenten_met_data", "gemeenten_totaal", "dekking", "volledig")
PER_GEMEENTE_KOLOMMEN = ("gemeente", "naam", "waarde")
LEEFTIJD_KOLOMMEN = (
    "indicator",
    "label",
    "waarde",
    "aandeel",
    "gemeenten_met_data",
    "gemeenten_totaal",
    "volledig",
)

# Fewer other regions than this and "lowest" or "highest" would simply be one identifiable region's figure.
MINIMUM_ANDERE_REGIOS = 3


@dataclass(frozen=True)
class Verhouding:
    """A ratio indicator: `teller` / `noemer` x `factor` (codes of two counted indicators). For any area it is the
    sum of the numerators over the sum of the denominators of the gemeenten that have both in that year: a ratio of
    sums, never a sum or a mean of the gemeenten's ratios."""

    teller: str
    noemer: str
    factor: float = 1.0


@dataclass(frozen=True)
class Reekspunt:
    jaar: int
    waarde: float | None
    gemeenten_met_data: int
    gemeenten_totaal: int
    volledig: bool


@dataclass(frozen=True)
class Spreiding:
    """Where a region stands among the other regions; the others are only numbers, never names."""

    eigen_waarde: float
    laagste: float
    mediaan: float
    hoogste: float
    rang: int  # 1 = highest value; ties share the better place
    aantal: int  # regions with a value, the own region included
    eigen_volledig: bool


def waarden_frame(rijen: Iterable[tuple[str, str, int, float | Decimal | None]]) -> pd.DataFrame:
    """Rows from a selector -> a frame with columns KOLOMMEN (waarde float, NaN when missing; jaar int)."""
    lijst = [
        (str(indicator), str(gemeente), int(jaar), _als_float(waarde)) for indicator, gemeente, jaar, waarde in rijen
    ]
    frame = pd.DataFrame(lijst, columns=list(KOLOMMEN))
    return frame.astype({"indicator": object, "gemeente": object, "jaar": "int64", "waarde": "float64"})


def _als_float(waarde: float | Decimal | None) -> float:
    if waarde is None:
        return math.nan
    getal = float(waarde)
    return getal if math.isfinite(getal) else math.nan


def _uniek(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(str(c) for c in codes))


def _controleer_aggregatie(aggregatie: str, verhouding: Verhouding | None = None) -> None:
    if aggregatie not in AGGREGATIES:
        raise ValueError(f"Onbekende aggregatie {aggregatie!r}; kies uit {', '.join(AGGREGATIES)}.")
    if aggregatie == VERHOUDING and verhouding is None:
        raise ValueError("Een verhouding heeft een teller en een noemer nodig.")


_PAAR_KOLOMMEN = ("gemeente", "jaar", "teller", "noemer")


def _paren(
    waarden: pd.DataFrame, verhouding: Verhouding, gemeenten: Sequence[str] | None, jaar: int | None = None
) -> pd.DataFrame:
    """Per (gemeente, jaar) where both the numerator and the denominator have a value: both (columns _PAAR_KOLOMMEN).
    A repeated row counts once, the last one wins (as `_tabel`)."""
    if waarden.empty or (gemeenten is not None and not gemeenten):
        return pd.DataFrame(
            {k: pd.Series(dtype="float64" if k in ("teller", "noemer") else object) for k in _PAAR_KOLOMMEN}
        )
    masker = waarden["waarde"].notna()
    if gemeenten is not None:
        masker &= waarden["gemeente"].isin(gemeenten)
    if jaar is not None:
        masker &= waarden["jaar"] == jaar

    def deel(code: str, naam: str) -> pd.DataFrame:
        rijen = waarden.loc[masker & (waarden["indicator"] == code), ["gemeente", "jaar", "waarde"]]
        return rijen.drop_duplicates(["gemeente", "jaar"], keep="last").rename(columns={"waarde": naam})

    paren = deel(verhouding.teller, "teller").merge(deel(verhouding.noemer, "noemer"), on=["gemeente", "jaar"])
    return paren.loc[:, list(_PAAR_KOLOMMEN)].reset_index(drop=True)


def verhoudingswaarden(waarden: pd.DataFrame, *, indicator: str, verhouding: Verhouding) -> pd.DataFrame:
    """Each gemeente's own ratio per year, as rows of `indicator` (columns KOLOMMEN): numerator / denominator x
    factor where both are known and the denominator is above zero. For views per gemeente (a table, a map); an
    area's figure comes from the sums (`aggregeren`, `vergelijken` with VERHOUDING), not from these."""
    paren = _paren(waarden, verhouding, None)
    paren = paren.loc[paren["noemer"] > 0]
    frame = pd.DataFrame(
        {
            "indicator": pd.Series([indicator] * len(paren), dtype=object),
            "gemeente": paren["gemeente"].to_numpy(dtype=object),
            "jaar": paren["jaar"].to_numpy(dtype="int64"),
            "waarde": (paren["teller"] / paren["noemer"] * verhouding.factor).to_numpy(dtype="float64"),
        },
        columns=list(KOLOMMEN),
    )
    return frame


def _verhouding_samenvatten(
    waarden: pd.DataFrame, verhouding: Verhouding, gemeenten: Sequence[str], gewicht: pd.Series, jaar: int | None = None
) -> pd.DataFrame:
    """As `_samenvatten`, for a ratio: per year the sum of the numerators over the sum of the denominators of the
    gemeenten that have both (NaN when that sum is not above zero). Empty when no gemeente has both."""
    paren = _paren(waarden, verhouding, gemeenten, jaar)
    if paren.empty:
        return pd.DataFrame()
    sommen = paren.groupby("jaar")[["teller", "noemer"]].sum().sort_index()
    telt = (
        paren.assign(telt=True)
        .pivot(index="jaar", columns="gemeente", values="telt")
        .reindex(index=sommen.index, columns=list(gemeenten))
        .notna()
    )
    met_data = telt.sum(axis=1).astype("int64")
    totaal = len(gemeenten)
    noemer = sommen["noemer"].where(sommen["noemer"] > 0)
    uitkomst = pd.DataFrame(
        {
            "waarde": (sommen["teller"] / noemer * verhouding.factor).astype("float64"),
            "gemeenten_met_data": met_data,
            "gemeenten_totaal": np.full(len(sommen), totaal, dtype="int64"),
            "dekking": _dekking(telt, gewicht),
            "volledig": (met_data == totaal) & (totaal > 0),
        },
        index=sommen.index,
    )
    uitkomst.index = uitkomst.index.astype("int64")
    uitkomst.index.name = "jaar"
    return uitkomst


def _tabel(waarden: pd.DataFrame, indicator: str, gemeenten: Sequence[str], jaar: int | None = None) -> pd.DataFrame:
    """Years x gemeenten (columns in the given order), NaN where a gemeente has no value.

    A repeated (indicator, gemeente, jaar) row counts once, the last one wins: an import that is read twice
    must not double a count.
    """
    if waarden.empty or not gemeenten:
        return pd.DataFrame(index=pd.Index([], dtype="int64", name="jaar"), columns=list(gemeenten), dtype="float64")
    masker = (waarden["indicator"] == indicator) & waarden["gemeente"].isin(gemeenten) & waarden["waarde"].notna()
    if jaar is not None:
        masker &= waarden["jaar"] == jaar
    deel = waarden.loc[masker, ["jaar", "gemeente", "waarde"]].drop_duplicates(["jaar", "gemeente"], keep="last")
    tabel = deel.pivot(index="jaar", columns="gemeente", values="waarde")
    tabel = tabel.reindex(columns=list(gemeenten)).sort_index().astype("float64")
    tabel.index = tabel.index.astype("int64")
    tabel.index.name = "jaar"
    return tabel


def _gewichten(gemeenten: Sequence[str], gewichten: Mapping[str, float]) -> pd.Series:
    """Weight per gemeente; NaN when unknown (also negative or infinite weights, which are data errors)."""
    reeks = pd.Series([_als_float(gewichten.get(g)) for g in gemeenten], index=list(gemeenten), dtype="float64")
    return reeks.where(reeks >= 0)


def _samenvatten(tabel: pd.DataFrame, aggregatie: str, gewicht: pd.Series, per: int | None = None) -> pd.DataFrame:
    """One row per row of `tabel` (years, or one year): value, coverage and completeness. With `per`, a count is
    given per that many inhabitants: the sum over the gemeenten with a value and known inhabitants, divided by
    the sum of their inhabitants (a ratio of sums)."""
    totaal = len(tabel.columns)
    heeft = tabel.notna()
    if aggregatie == SOM and per:
        telt = heeft & gewicht.notna()
        noemer = tabel.where(telt).notna().mul(gewicht.fillna(0.0), axis=1).sum(axis=1)
        waarde = (tabel.where(telt).sum(axis=1) / noemer.where(noemer > 0) * per).where(telt.any(axis=1))
    elif aggregatie == SOM:
        telt = heeft
        waarde = tabel.sum(axis=1, min_count=1)
    else:
        telt = heeft & gewicht.notna()
        w = tabel.where(telt).notna().mul(gewicht.fillna(0.0), axis=1)
        noemer = w.sum(axis=1)
        teller = tabel.where(telt).fillna(0.0).mul(gewicht.fillna(0.0), axis=1).sum(axis=1)
        waarde = (teller / noemer.where(noemer > 0)).where(telt.any(axis=1))
    met_data = telt.sum(axis=1).astype("int64")
    uitkomst = pd.DataFrame(
        {
            "waarde": waarde.astype("float64"),
            "gemeenten_met_data": met_data,
            "gemeenten_totaal": np.full(len(tabel), totaal, dtype="int64"),
            "dekking": _dekking(telt, gewicht),
            "volledig": (met_data == totaal) & (totaal > 0),
        },
        index=tabel.index,
    )
    return uitkomst


def _dekking(telt: pd.DataFrame, gewicht: pd.Series) -> pd.Series:
    """Share of the region's weight (inhabitants) that the figure covers, 0..1.

    A gemeente without a known weight counts in the total as an average gemeente of the region, so leaving it
    out lowers the coverage instead of being invisible. Without any weight the share of gemeenten is used.
    """
    totaal = len(telt.columns)
    if totaal == 0:
        return pd.Series(0.0, index=telt.index, dtype="float64")
    bekend = gewicht.notna()
    som_bekend = float(gewicht[bekend].sum())
    if som_bekend <= 0:
        return (telt.sum(axis=1) / totaal).astype("float64")
    gemiddeld = som_bekend / int(bekend.sum())
    ingevuld = gewicht.fillna(gemiddeld)
    gedekt = telt.mul(ingevuld, axis=1).sum(axis=1)
    return (gedekt / float(ingevuld.sum())).clip(0.0, 1.0).astype("float64")


def _leeg(kolommen: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(dtype=_DTYPES[k]) for k in kolommen})


_DTYPES = {
    "jaar": "int64",
    "waarde": "float64",
    "gemeenten_met_data": "int64",
    "gemeenten_totaal": "int64",
    "dekking": "float64",
    "volledig": "bool",
    "groep": "object",
    "gemeente": "object",
    "naam": "object",
    "indicator": "object",
    "label": "object",
    "aandeel": "float64",
}


def aggregeren(
    waarden: pd.DataFrame,
    *,
    indicator: str,
    gemeenten: Collection[str],
    aggregatie: str,
    gewichten: Mapping[str, float],
    verhouding: Verhouding | None = None,
) -> pd.DataFrame:
    """The region's series: one row per year in which at least one of its gemeenten has a value.

    Columns REEKS_KOLOMMEN. "som" adds the gemeenten that have a value; "gewogen" averages them weighted by
    `gewichten` (a gemeente without a weight does not count); "verhouding" divides the sums of `verhouding`'s
    numerator and denominator over the gemeenten with both. `volledig` only when every gemeente counted.
    """
    _controleer_aggregatie(aggregatie, verhouding)
    codes = _uniek(gemeenten)
    if aggregatie == VERHOUDING and verhouding is not None:
        uitkomst = _verhouding_samenvatten(waarden, verhouding, codes, _gewichten(codes, gewichten))
        if uitkomst.empty:
            return _leeg(REEKS_KOLOMMEN)
        return uitkomst.reset_index().loc[:, list(REEKS_KOLOMMEN)]
    tabel = _tabel(waarden, indicator, codes)
    if tabel.empty:
        return _leeg(REEKS_KOLOMMEN)
    uitkomst = _samenvatten(tabel, aggregatie, _gewichten(codes, gewichten))
    return uitkomst.reset_index().loc[:, list(REEKS_KOLOMMEN)]


def reekspunten(reeks: pd.DataFrame) -> list[Reekspunt]:
    """A frame from `aggregeren` as plain objects, for templates and the PDF."""
    return [
        Reekspunt(
            jaar=int(r["jaar"]),
            waarde=None if pd.isna(r["waarde"]) else float(r["waarde"]),
            gemeenten_met_data=int(r["gemeenten_met_data"]),
            gemeenten_totaal=int(r["gemeenten_totaal"]),
            volledig=bool(r["volledig"]),
        )
        for r in reeks.to_dict("records")
    ]


def _in_jaar(
    waarden: pd.DataFrame,
    indicator: str,
    codes: Sequence[str],
    aggregatie: str,
    gewichten: Mapping[str, float],
    jaar: int,
    per: int | None = None,
    verhouding: Verhouding | None = None,
) -> tuple[float, int, int, float, bool]:
    if aggregatie == VERHOUDING and verhouding is not None:
        samen = _verhouding_samenvatten(waarden, verhouding, codes, _gewichten(codes, gewichten), jaar)
    else:
        tabel = _tabel(waarden, indicator, codes, jaar=jaar)
        samen = pd.DataFrame() if tabel.empty else _samenvatten(tabel, aggregatie, _gewichten(codes, gewichten), per)
    if samen.empty:
        return (math.nan, 0, len(codes), 0.0, False)
    rij = samen.iloc[0]
    return (
        float(rij["waarde"]),
        int(rij["gemeenten_met_data"]),
        int(rij["gemeenten_totaal"]),
        float(rij["dekking"]),
        bool(rij["volledig"]),
    )


def vergelijken(
    waarden: pd.DataFrame,
    *,
    indicator: str,
    groepen: Mapping[str, Collection[str]],
    aggregatie: str,
    gewichten: Mapping[str, float],
    jaar: int,
    per: int | None = None,
    verhouding: Verhouding | None = None,
) -> pd.DataFrame:
    """One row per group (region, province, Nederland ...) in the given order; NaN where it has no data. With
    `per`, counts per that many inhabitants (`gewichten`), as ratios of sums: areas of any size side by side.
    A ratio indicator (VERHOUDING) is the sum of its numerator over the sum of its denominator in each group."""
    _controleer_aggregatie(aggregatie, verhouding)
    if not groepen:
        return _leeg(VERGELIJKING_KOLOMMEN)
    rijen = [
        (str(groep), *_in_jaar(waarden, indicator, _uniek(codes), aggregatie, gewichten, jaar, per, verhouding))
        for groep, codes in groepen.items()
    ]
    frame = pd.DataFrame(rijen, columns=list(VERGELIJKING_KOLOMMEN))
    return frame.astype({k: _DTYPES[k] for k in VERGELIJKING_KOLOMMEN})


def _met_waarde(waarden: pd.DataFrame, indicator: str, jaar: int) -> set[str]:
    """The gemeenten with a figure for the indicator in the year (the rows `_tabel` would keep)."""
    if waarden.empty:
        return set()
    masker = (waarden["indicator"] == indicator) & (waarden["jaar"] == jaar) & waarden["waarde"].notna()
    return {str(g) for g in waarden.loc[masker, "gemeente"]}


def spreiding(
    waarden: pd.DataFrame,
    *,
    indicator: str,
    eigen: Collection[str],
    andere: Sequence[Collection[str]],
    aggregatie: str,
    gewichten: Mapping[str, float],
    jaar: int,
    alleen_volledig: bool = False,
    minimum_andere: int = MINIMUM_ANDERE_REGIOS,
    verhouding: Verhouding | None = None,
) -> Spreiding | None:
    """The own region against the anonymous distribution of the other regions' values.

    Other regions come in as bare sets of gemeente codes and leave as lowest/median/highest and a count, so
    nothing here can name them. None when the own region has no value, or when fewer than `minimum_andere`
    other regions have one (then lowest and highest would be a recognisable single region).
    `alleen_volledig` leaves out other regions whose figure misses gemeenten (sensible for counts).
    """
    _controleer_aggregatie(aggregatie, verhouding)
    eigen_waarde, *_, eigen_volledig = _in_jaar(
        waarden, indicator, _uniek(eigen), aggregatie, gewichten, jaar, verhouding=verhouding
    )
    if math.isnan(eigen_waarde):
        return None
    anderen: list[float] = []
    # A region none of whose gemeenten has a figure has no value: skip it without building its (empty) table.
    met_waarde = _met_waarde(waarden, verhouding.teller if verhouding else indicator, jaar)
    for codes in andere:
        uniek = _uniek(codes)
        if met_waarde.isdisjoint(uniek):
            continue
        waarde, *_, volledig = _in_jaar(waarden, indicator, uniek, aggregatie, gewichten, jaar, verhouding=verhouding)
        if not math.isnan(waarde) and (volledig or not alleen_volledig):
            anderen.append(waarde)
    if not anderen or len(anderen) < minimum_andere:
        return None
    reeks = pd.Series(anderen, dtype="float64")
    marge = 1e-9 * max(1.0, abs(eigen_waarde))  # weighted averages of equal data may differ in the last bit
    hoger = int((reeks > eigen_waarde + marge).sum())
    return Spreiding(
        eigen_waarde=eigen_waarde,
        laagste=float(reeks.min()),
        mediaan=float(reeks.median()),
        hoogste=float(reeks.max()),
        rang=hoger + 1,
        aantal=len(anderen) + 1,
        eigen_volledig=eigen_volledig,
    )


def sorteersleutel(naam: str) -> tuple[str, str]:
    """Dutch alphabetical order: "'s-Hertogenbosch" under H, "Súdwest-Fryslân" under S, case ignored."""
    kaal = naam.strip()
    for voorvoegsel in ("'s-", "'t "):
        if kaal.lower().startswith(voorvoegsel):
            kaal = kaal[len(voorvoegsel) :]
    zonder_accenten = "".join(c for c in unicodedata.normalize("NFKD", kaal) if not unicodedata.combining(c))
    return (zonder_accenten.casefold(), naam)


def per_gemeente(waarden: pd.DataFrame, *, indicator: str, gemeenten: Mapping[str, str], jaar: int) -> pd.DataFrame:
    """Each gemeente of the region with its value in `jaar` (NaN when missing), sorted by name."""
    if not gemeenten:
        return _leeg(PER_GEMEENTE_KOLOMMEN)
    codes = _uniek(gemeenten)
    tabel = _tabel(waarden, indicator, codes, jaar=jaar)
    per_code: dict[str, float] = {} if tabel.empty else {str(c): float(w) for c, w in tabel.iloc[0].items()}
    rijen = sorted(
        ((c, str(gemeenten[c]), per_code.get(c, math.nan)) for c in codes),
        key=lambda rij: (sorteersleutel(rij[1]), rij[0]),
    )
    frame = pd.DataFrame(rijen, columns=list(PER_GEMEENTE_KOLOMMEN))
    return frame.astype({k: _DTYPES[k] for k in PER_GEMEENTE_KOLOMMEN})


def laatste_jaar(waarden: pd.DataFrame, *, indicator: str, gemeenten: Collection[str] | None = None) -> int | None:
    """The most recent year with a value for the indicator (in one of `gemeenten`, when given)."""
    if waarden.empty:
        return None
    masker = (waarden["indicator"] == indicator) & waarden["waarde"].notna()
    if gemeenten is not None:
        masker &= waarden["gemeente"].isin(_uniek(gemeenten))
    jaren = waarden.loc[masker, "jaar"]
    return None if jaren.empty else int(jaren.max())


def leeftijdsopbouw(
    waarden: pd.DataFrame,
    *,
    indicatoren: Sequence[tuple[str, str]],
    gemeenten: Collection[str],
    jaar: int,
) -> pd.DataFrame:
    """Inhabitants per age group (count indicators, in age order): the sum over the gemeenten and its share.

    A group without any figure keeps its row with NaN, so the order of the groups never shifts; the shares are
    of the groups that have a figure. No figure at all gives an empty frame.
    """
    codes = _uniek(gemeenten)
    rijen = [(str(code), str(label), *_in_jaar(waarden, code, codes, SOM, {}, jaar)) for code, label in indicatoren]
    if not rijen or all(math.isnan(r[2]) for r in rijen):
        return _leeg(LEEFTIJD_KOLOMMEN)
    frame = pd.DataFrame(
        [(code, label, waarde, met, totaal, volledig) for code, label, waarde, met, totaal, _, volledig in rijen],
        columns=["indicator", "label", "waarde", "gemeenten_met_data", "gemeenten_totaal", "volledig"],
    )
    totaal = float(frame["waarde"].sum(min_count=1))
    frame["aandeel"] = frame["waarde"] / totaal if totaal > 0 else math.nan
    return frame.loc[:, list(LEEFTIJD_KOLOMMEN)].astype({k: _DTYPES[k] for k in LEEFTIJD_KOLOMMEN})


# --- key figures: every indicator of a region against its province and the Netherlands ------------------------

INDEX = "index"  # region / Nederland x 100 (counts per inhabitant, amounts, rates)
PUNTEN = "punten"  # region - Nederland in percentage points (percentages)
# The scales a count is shown per: the smallest at which the Netherlands' figure is at least 1 ("1,3 per 10.000
# inwoners" reads better than "0,13 per 1.000").
SCHALEN = (100, 1_000, 10_000, 100_000)
KERNCIJFER_KOLOMMEN = (
    "indicator",
    "jaar",
    "regio",
    "regio_volledig",
    "regio_vergelijkbaar",
    "provincie",
    "nederland",
    "per",
    "verschil",
    "verschil_soort",
)


@dataclass(frozen=True)
class Kernindicator:
    """What the key figures need to know of an indicator: its code, how it adds up, how it compares."""

    code: str
    aggregatie: str
    procent: bool = False  # a percentage: compared in percentage points, not as an index
    bevolking: bool = False  # the number of inhabitants itself: per inhabitant it is always 1
    verhouding: Verhouding | None = None  # for aggregatie VERHOUDING: its numerator, denominator and factor


def is_bevolkingsaantal(*, eenheid: str, aggregatie: str, leeftijdsgroep: str = "") -> bool:
    """Whether an indicator counts all inhabitants: a count in "inwoners" of no particular age group. Compared
    per inhabitant it is always one, so it is compared as it grows (indexed) instead."""
    return aggregatie == SOM and eenheid.strip().lower() == "inwoners" and not leeftijdsgroep.strip()


def _groepsommen(waarden: pd.DataFrame, gemeenten: Collection[str], inwoners: Mapping[str, float]) -> pd.DataFrame:
    """Per (indicator, jaar) over the gemeenten with a value: their number, the plain sum, and the sums over the
    gemeenten whose inhabitants are known (values, values x inhabitants, inhabitants): everything a sum, a ratio of
    sums or a population-weighted mean needs. One pass over the frame (a groupby), whatever the indicators."""
    kolommen = ["n", "som", "som_bekend", "gewogen", "inwoners"]
    codes = _uniek(gemeenten)
    if waarden.empty or not codes:
        return pd.DataFrame(columns=kolommen, index=pd.MultiIndex.from_tuples([], names=["indicator", "jaar"]))
    deel = waarden.loc[waarden["gemeente"].isin(codes) & waarden["waarde"].notna()]
    deel = deel.drop_duplicates(["indicator", "gemeente", "jaar"], keep="last")
    gewicht = _gewichten(codes, inwoners)
    w = deel["gemeente"].map(gewicht).astype("float64")
    bekend = w.notna()
    frame = pd.DataFrame(
        {
            "indicator": deel["indicator"],
            "jaar": deel["jaar"],
            "n": 1,
            "som": deel["waarde"],
            "som_bekend": deel["waarde"].where(bekend, 0.0),
            "gewogen": (deel["waarde"] * w).where(bekend, 0.0),
            "inwoners": w.where(bekend, 0.0),
        }
    )
    return frame.groupby(["indicator", "jaar"]).sum()


# Per (indicator code, jaar), over an area's gemeenten with a value: their number, the sum of the values, the sum of
# the values of those whose inhabitants are known, the sum of value x inhabitants, and the sum of their inhabitants
# (for a ratio: number, sum of the numerators x factor, 0, 0, sum of the denominators). Everything a sum, a ratio
# of sums or a population-weighted mean needs; a selector may add them up in the database (as `_groepsommen`).
Sommen = dict[tuple[str, int], tuple[int, float, float, float, float]]


def verhoudingsrijen(waarden: pd.DataFrame, indicatoren: Sequence[Kernindicator]) -> list[tuple[str, str, int, float]]:
    """The rows of `waarden` that a ratio of `indicatoren` is computed from (its numerators and denominators)."""
    nodig = {c for i in indicatoren if i.verhouding is not None for c in (i.verhouding.teller, i.verhouding.noemer)}
    if not nodig or waarden.empty:
        return []
    deel = waarden.loc[waarden["indicator"].isin(nodig) & waarden["waarde"].notna()]
    return list(zip(deel["indicator"], deel["gemeente"], deel["jaar"], deel["waarde"], strict=True))


def verhoudingssommen(
    rijen: Iterable[tuple[str, str, int, float]],
    indicatoren: Sequence[Kernindicator],
    gebieden: Mapping[str, Collection[str]],
) -> dict[str, Sommen]:
    """Per area, for each ratio indicator and year, over the area's gemeenten that have both a numerator and a
    denominator: their number, the sum of the numerators times the factor, and the sum of the denominators where a
    count's inhabitants stand (`_waarde` divides them). From rows (indicator, gemeente, jaar, waarde) of the
    numerators and denominators; a repeated row counts once, the last one wins; a missing value is no value. A few
    thousand rows at most (a ratio's parts), so plain dicts: a pivot in pandas costs more than the sums."""
    verhoudingen = [(i.code, i.verhouding) for i in indicatoren if i.verhouding is not None]
    uitkomst: dict[str, Sommen] = {gebied: {} for gebied in gebieden}
    if not verhoudingen:
        return uitkomst
    per_indicator: dict[str, dict[tuple[str, int], float]] = {}
    for indicator, gemeente, jaar, waarde in rijen:
        if math.isfinite(waarde):
            per_indicator.setdefault(str(indicator), {})[(str(gemeente), int(jaar))] = float(waarde)
    in_gebieden: dict[str, list[str]] = {}
    for gebied, codes in gebieden.items():
        for gemeente in _uniek(codes):
            in_gebieden.setdefault(gemeente, []).append(gebied)
    for code, v in verhoudingen:
        noemers = per_indicator.get(v.noemer, {})
        optelling: dict[str, dict[int, list[float]]] = {gebied: {} for gebied in gebieden}
        for (gemeente, jaar), teller in per_indicator.get(v.teller, {}).items():
            noemer = noemers.get((gemeente, jaar))
            if noemer is None:
                continue
            for gebied in in_gebieden.get(gemeente, ()):
                som = optelling[gebied].setdefault(jaar, [0.0, 0.0, 0.0])
                som[0] += 1
                som[1] += teller * v.factor
                som[2] += noemer
        for gebied, per_jaar in optelling.items():
            for jaar, (n, tellers, noemers_som) in per_jaar.items():
                uitkomst[gebied][(code, jaar)] = (int(n), tellers, 0.0, 0.0, noemers_som)
    return uitkomst


def _sommen(
    waarden: pd.DataFrame,
    indicatoren: Sequence[Kernindicator],
    gemeenten: Collection[str],
    inwoners: Mapping[str, float],
    verhoudingen: Sommen | None = None,
) -> Sommen:
    """The sums of every indicator by (indicator, jaar) over `gemeenten`: `_groepsommen`, and those of the ratios
    (`verhoudingen` when the caller added them up at once for several areas)."""
    if verhoudingen is None:
        verhoudingen = verhoudingssommen(verhoudingsrijen(waarden, indicatoren), indicatoren, {"": gemeenten})[""]
    return _als_dict(_groepsommen(waarden, gemeenten, inwoners)) | verhoudingen


def _als_dict(sommen: pd.DataFrame) -> Sommen:
    """The sums by (indicator, jaar): a plain dict, so looking up fifty indicators costs microseconds."""
    return {
        (str(ind), int(jaar)): (int(n), float(som), float(bekend), float(gewogen), float(inw))
        for (ind, jaar), n, som, bekend, gewogen, inw in sommen.itertuples(name=None)
    }


def _waarde(sommen: Sommen, sleutel: tuple[str, int], aggregatie: str, per: int | None) -> float:
    """A group's figure from its sums: the sum (per inhabitants: a ratio of sums) or the weighted mean."""
    rij = sommen.get(sleutel)
    if rij is None:
        return math.nan
    _n, som, som_bekend, gewogen, inwoners = rij
    if aggregatie == VERHOUDING:
        return som / inwoners if inwoners > 0 else math.nan
    if aggregatie == SOM and per is None:
        return som
    if inwoners <= 0:
        return math.nan
    if aggregatie == SOM:
        return som_bekend / inwoners * (per or 1)
    return gewogen / inwoners


def schaal_kiezen(per_inwoner: float) -> int:
    """The number of inhabitants to show a count per: the smallest of SCHALEN at which the figure is >= 1."""
    if not math.isfinite(per_inwoner) or per_inwoner <= 0:
        return SCHALEN[1]
    return next((s for s in SCHALEN if per_inwoner * s >= 1), SCHALEN[-1])


def verschil(regio: float, nederland: float, *, procent: bool) -> float:
    """Percentage points for a percentage (regio - NL), else an index (regio / NL x 100); NaN without both."""
    if math.isnan(regio) or math.isnan(nederland):
        return math.nan
    if procent:
        return regio - nederland
    return math.nan if nederland == 0 else regio / nederland * 100


def kerncijfers(
    waarden: pd.DataFrame,
    *,
    indicatoren: Sequence[Kernindicator],
    regio: Collection[str],
    provincie: Collection[str],
    nederland: Collection[str],
    inwoners: Mapping[str, float],
) -> pd.DataFrame:
    """One row per indicator with a value in the region (columns KERNCIJFER_KOLOMMEN), in the given order.

    `jaar` is the region's latest year; the province and the Netherlands are taken in that same year. A count
    ("som") is shown as the region's total (`regio`) and compared per `per` inhabitants: the sum of the values
    divided by the sum of the inhabitants of the gemeenten that have a value (a ratio of sums, never an average of
    the gemeenten's ratios). A rate ("gewogen") is the population-weighted mean. The difference is an index
    (region / Nederland x 100), or percentage points for a percentage.
    """
    for i in indicatoren:
        _controleer_aggregatie(i.aggregatie, i.verhouding)
    gebieden = {"regio": regio, "provincie": provincie, "nederland": nederland}
    verhoudingen = verhoudingssommen(verhoudingsrijen(waarden, indicatoren), indicatoren, gebieden)
    eigen, prov, nl = (_sommen(waarden, indicatoren, g, inwoners, verhoudingen[n]) for n, g in gebieden.items())
    rijen = kerncijferrijen(indicatoren, eigen=eigen, provincie=prov, nederland=nl, totaal=len(_uniek(regio)))
    if not rijen:
        return _leeg_kerncijfers()
    return pd.DataFrame(rijen, columns=list(KERNCIJFER_KOLOMMEN))


class Kerncijferrij(NamedTuple):
    """A row of `kerncijfers` (its columns KERNCIJFER_KOLOMMEN)."""

    indicator: str
    jaar: int
    regio: float
    regio_volledig: bool
    regio_vergelijkbaar: float
    provincie: float
    nederland: float
    per: int
    verschil: float
    verschil_soort: str


def kerncijferrijen(
    indicatoren: Sequence[Kernindicator], *, eigen: Sommen, provincie: Sommen, nederland: Sommen, totaal: int
) -> list[Kerncijferrij]:
    """`kerncijfers` from the sums of the region (`totaal` gemeenten), its province and the Netherlands, however
    they were added up (here from a frame, or by the database)."""
    laatste: dict[str, int] = {}
    for code, jaar in eigen:
        laatste[code] = max(jaar, laatste.get(code, jaar))
    rijen = []
    for ind in indicatoren_met(indicatoren, laatste):
        sleutel = (ind.code, laatste[ind.code])
        per: int | None = None
        if ind.aggregatie == SOM and not ind.bevolking:
            per = schaal_kiezen(_waarde(nederland, sleutel, SOM, 1))
        eigen_vergelijkbaar = _waarde(eigen, sleutel, ind.aggregatie, per)
        nl_waarde = _waarde(nederland, sleutel, ind.aggregatie, per)
        rijen.append(
            Kerncijferrij(
                ind.code,
                sleutel[1],
                _waarde(eigen, sleutel, ind.aggregatie, None),
                eigen[sleutel][0] == totaal,
                eigen_vergelijkbaar,
                _waarde(provincie, sleutel, ind.aggregatie, per),
                nl_waarde,
                per or 0,
                math.nan if ind.bevolking else verschil(eigen_vergelijkbaar, nl_waarde, procent=ind.procent),
                PUNTEN if ind.procent else INDEX,
            )
        )
    return rijen


def _leeg_kerncijfers() -> pd.DataFrame:
    soorten = {"jaar": "int64", "regio_volledig": "bool", "per": "int64", "indicator": "object"}
    soorten.update({"verschil_soort": "object"})
    return pd.DataFrame({k: pd.Series(dtype=soorten.get(k, "float64")) for k in KERNCIJFER_KOLOMMEN})


def indicatoren_met(indicatoren: Sequence[Kernindicator], codes: Collection[str]) -> list[Kernindicator]:
    return [i for i in indicatoren if i.code in codes]


def regioreeksen(
    waarden: pd.DataFrame,
    *,
    indicatoren: Sequence[Kernindicator],
    gemeenten: Collection[str],
    inwoners: Mapping[str, float],
) -> dict[str, list[tuple[int, float]]]:
    """Every indicator's series in the region, (year, value) in year order: the sum, the weighted mean, or the
    ratio of sums."""
    return reeksen_uit_sommen(_sommen(waarden, indicatoren, gemeenten, inwoners), indicatoren)


def reeksen_uit_sommen(sommen: Sommen, indicatoren: Sequence[Kernindicator]) -> dict[str, list[tuple[int, float]]]:
    """As `regioreeksen`, from the region's sums in every year."""
    aggregatie = {i.code: i.aggregatie for i in indicatoren}
    reeksen: dict[str, list[tuple[int, float]]] = {}
    for sleutel in sorted(sommen):
        code = sleutel[0]
        if code in aggregatie and not math.isnan(w := _waarde(sommen, sleutel, aggregatie[code], None)):
            reeksen.setdefault(code, []).append((sleutel[1], w))
    return reeksen


def vergelijken_per_inwoners(
    waarden: pd.DataFrame,
    *,
    indicator: str,
    groepen: Mapping[str, Collection[str]],
    gewichten: Mapping[str, float],
    jaar: int,
) -> tuple[pd.DataFrame, int]:
    """A count compared across areas per inhabitants, at the scale the last group (Nederland) reads best at
    (`schaal_kiezen`): the frame of `vergelijken` and the scale."""
    per_inwoner = vergelijken(
        waarden, indicator=indicator, groepen=groepen, aggregatie=SOM, gewichten=gewichten, jaar=jaar, per=1
    )
    laatste = per_inwoner["waarde"].dropna()
    schaal = schaal_kiezen(float(laatste.iloc[-1]) if not laatste.empty else math.nan)
    per_inwoner["waarde"] = per_inwoner["waarde"] * schaal
    return per_inwoner, schaal


def vergelijken_geindexeerd(
    waarden: pd.DataFrame,
    *,
    indicator: str,
    groepen: Mapping[str, Collection[str]],
    jaar: int,
    basisjaar: int,
) -> pd.DataFrame:
    """How a count grew in each group: its sum in `jaar` as an index of its sum in `basisjaar` (= 100), over the
    gemeenten that have a value in both years (a ratio of sums on the same gemeenten). Columns as `vergelijken`."""
    rijen = []
    for groep, codes in groepen.items():
        uniek = _uniek(codes)
        tabel = _tabel(waarden, indicator, uniek)
        if jaar in tabel.index and basisjaar in tabel.index:
            beide = tabel.loc[[basisjaar, jaar]].dropna(axis=1)
            matrix = beide.to_numpy()  # rows: basisjaar, jaar
            basis, nu = float(matrix[0].sum()), float(matrix[1].sum())
            waarde = nu / basis * 100 if basis > 0 and len(beide.columns) else math.nan
            met = len(beide.columns)
        else:
            waarde, met = math.nan, 0
        rijen.append((str(groep), waarde, met, len(uniek), met / len(uniek) if uniek else 0.0, met == len(uniek)))
    frame = pd.DataFrame(rijen, columns=list(VERGELIJKING_KOLOMMEN))
    return frame.astype({k: _DTYPES[k] for k in VERGELIJKING_KOLOMMEN})


GEBIEDSREEKS_KOLOMMEN = ("gebied", "indicator", "jaar", "waarde", "gemeenten_met_data", "gemeenten_totaal")


def gebiedsreeksen(
    waarden: pd.DataFrame,
    *,
    indicatoren: Sequence[Kernindicator],
    gebieden: Mapping[str, Collection[str]],
    inwoners: Mapping[str, float],
) -> pd.DataFrame:
    """Per area (the region, its province, the Netherlands), indicator and year: the area's figure, the sum of a
    count or the population-weighted mean of a rate over the gemeenten with a value, and how many of the area's
    gemeenten have one (the same sums as the key figures). Columns GEBIEDSREEKS_KOLOMMEN, areas in the given order,
    then indicator and year."""
    aggregatie = {i.code: i.aggregatie for i in indicatoren}
    verhoudingen = verhoudingssommen(verhoudingsrijen(waarden, indicatoren), indicatoren, gebieden)
    rijen = []
    for gebied, codes in gebieden.items():
        sommen = _sommen(waarden, indicatoren, codes, inwoners, verhoudingen[gebied])
        totaal = len(_uniek(codes))
        for sleutel in sorted(sommen):
            if sleutel[0] in aggregatie:
                waarde = _waarde(sommen, sleutel, aggregatie[sleutel[0]], None)
                rijen.append((str(gebied), sleutel[0], sleutel[1], waarde, sommen[sleutel][0], totaal))
    soorten = {"gebied": "object", "indicator": "object", "jaar": "int64", "waarde": "float64"}
    soorten.update({"gemeenten_met_data": "int64", "gemeenten_totaal": "int64"})
    if not rijen:
        return pd.DataFrame({k: pd.Series(dtype=soorten[k]) for k in GEBIEDSREEKS_KOLOMMEN})
    return pd.DataFrame(rijen, columns=list(GEBIEDSREEKS_KOLOMMEN)).astype(soorten)


# --- forecasts: beside the measured figures, never mixed with them ---------------------------------------------


def prognosereeks(reeks: pd.DataFrame, prognose: pd.DataFrame) -> pd.DataFrame:
    """The forecast part of a series: the years of `prognose` (a frame of `aggregeren` over the forecasts) after
    the last measured year of `reeks`. A year that was measured keeps its measured value only: a forecast for a
    year that has come is history, not a second figure. Columns REEKS_KOLOMMEN."""
    if prognose.empty:
        return _leeg(REEKS_KOLOMMEN)
    gemeten = reeks.loc[reeks["waarde"].notna(), "jaar"] if not reeks.empty else pd.Series([], dtype="int64")
    laatste = int(gemeten.max()) if len(gemeten) else None
    deel = prognose if laatste is None else prognose.loc[prognose["jaar"] > laatste]
    return deel.reset_index(drop=True).loc[:, list(REEKS_KOLOMMEN)]
