"""Numbers, percentages and money as the reader's language writes them: the one formatter for every page, chart,
e-mail and PDF.

- The active Django language decides the separators (Babel's locale data): "1.234,50" in Dutch, "1,234.50" in
  English. Outside a request (a task, a command) the site's default language applies.
- Rounding is half up, as people round by hand: 12.251,25 to one decimal is 12.251,3 (Python's and Babel's
  default, half to even, would give 12.251,2). Babel only lays out a number that is already rounded here
  (learnt once per language and kind, see _omlijsting).
- Money goes straight from the Decimal, never through float. A float (plotly's data, pandas) is read as the
  shortest decimal that gives it back (repr), so 0.125 rounds as the 0.125 a person typed.
- A negative number gets a real minus sign (U+2212): a hyphen is too short to see in a column of amounts.
  "No figure" (None, NaN) is an en dash.
"""

from __future__ import annotations

import copy
import functools
import math
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import NumberPattern, get_decimal_symbol, get_group_symbol, parse_pattern
from django.conf import settings
from django.utils import translation

MINTEKEN = "\u2212"
GEEN = "\u2013"  # en dash: no figure
NBSP = "\u00a0"

Getal = Decimal | int | float
_STAPPEN = tuple(Decimal(1).scaleb(-n) for n in range(8))  # 1, 0.1, 0.01, ...: the quantum per decimals


@functools.lru_cache(maxsize=16)
def _locale(taal: str) -> Locale:
    return Locale.parse(translation.to_locale(taal))


def locale() -> Locale:
    """The Babel locale of the active language (the default language outside a request)."""
    return _locale(translation.get_language() or settings.LANGUAGE_CODE)


def _decimal(waarde: Getal | None) -> Decimal | None:
    """The value as a Decimal, or None for "no figure" (None, NaN, infinite)."""
    if waarde is None or isinstance(waarde, bool):
        return None
    if isinstance(waarde, float):
        return Decimal(repr(waarde)) if math.isfinite(waarde) else None
    d = Decimal(waarde)
    return d if d.is_finite() else None


def natuurlijke_decimalen(waarde: Decimal) -> int:
    """The decimals a value has without trailing zeros: Decimal("1200.50") -> 1, Decimal("40.00") -> 0."""
    exponent = waarde.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def afronden(waarde: Decimal, decimalen: int) -> Decimal:
    """Half up (away from zero on a tie): afronden(Decimal("12251.25"), 1) -> Decimal("12251.3")."""
    stap = _STAPPEN[decimalen] if 0 <= decimalen < len(_STAPPEN) else Decimal(1).scaleb(-decimalen)
    return waarde.quantize(stap, rounding=ROUND_HALF_UP)


@functools.lru_cache(maxsize=64)
def _patroon(soort: str, taal: str, decimalen: int) -> NumberPattern:
    """The locale's own pattern for a number, percentage or amount, with exactly `decimalen` decimals."""
    plaats = _locale(taal)
    bron = {
        "getal": plaats.decimal_formats.get(None) or parse_pattern("#,##0.###"),
        "procent": plaats.percent_formats.get(None) or parse_pattern("#,##0%"),
        "euro": plaats.currency_formats["standard"],
    }[soort]
    patroon = copy.copy(bron)
    patroon.frac_prec = (decimalen, decimalen)
    return patroon


def _babel(soort: str, taal: str, grootte: Decimal, decimalen: int) -> str:
    """Babel's layout of a rounded, non-negative value (a percentage in points)."""
    if soort == "procent":
        grootte = grootte.scaleb(-2)  # Babel's percentage pattern multiplies by 100 (exactly, in Decimal)
    tekst = _patroon(soort, taal, decimalen).apply(grootte, _locale(taal), currency="EUR", currency_digits=False)
    return tekst.replace(NBSP, " ")  # as the product always wrote it: "€ 1.234,50", a plain space


def _cijfers(grootte: Decimal, decimalen: int, tabel: dict[int, str]) -> str:
    # Decimal's own format is exact (no float); its "," and "." become the locale's symbols.
    return f"{grootte:,.{decimalen}f}".translate(tabel)


@functools.lru_cache(maxsize=64)
def _omlijsting(soort: str, taal: str, decimalen: int) -> tuple[str, str, dict[int, str]] | None:
    """What Babel writes around the digits in this locale ("€ " before an amount in Dutch, "%" after a
    percentage), learnt once from Babel's layout of a sample, so each number costs a string format instead of
    a pass through Babel (50-100 µs; a page has hundreds). None where the locale groups digits other than in
    threes (lakh): there every number goes through Babel."""
    plaats = _locale(taal)
    tabel = str.maketrans({",": get_group_symbol(plaats), ".": get_decimal_symbol(plaats)})
    proef = Decimal(1234567)
    voor, gevonden, na = _babel(soort, taal, proef, decimalen).partition(_cijfers(proef, decimalen, tabel))
    return (voor, na, tabel) if gevonden else None


def _opmaken(soort: str, waarde: Decimal, decimalen: int, teken: bool) -> str:
    """`waarde` rounded half up and laid out by the active locale; the sign is ours (U+2212, or "+" with
    `teken`), put in front, and only when the rounded value is not zero ("0,0" rather than "\u22120,0")."""
    taal = translation.get_language() or settings.LANGUAGE_CODE
    afgerond = afronden(waarde, decimalen)
    grootte = abs(afgerond)
    omlijsting = _omlijsting(soort, taal, decimalen)
    if omlijsting is None:
        tekst = _babel(soort, taal, grootte, decimalen)
    else:
        voor, na, tabel = omlijsting
        tekst = voor + _cijfers(grootte, decimalen, tabel) + na
    if afgerond < 0:
        return MINTEKEN + tekst
    return ("+" + tekst) if teken and afgerond > 0 else tekst


def getal(waarde: Getal | None, decimalen: int | None = None, *, teken: bool = False) -> str:
    """A number: Decimal("1234.50") -> "1.234,5" (nl) / "1,234.5" (en). With `decimalen` exactly that many
    decimals, rounded half up; without, the decimals the value has (trailing zeros off)."""
    d = _decimal(waarde)
    if d is None:
        return GEEN
    return _opmaken("getal", d, natuurlijke_decimalen(d) if decimalen is None else decimalen, teken)


def procent(punten: Getal | None, decimalen: int | None = None, *, teken: bool = False) -> str:
    """A percentage from its points: Decimal("42.50") -> "42,5%", 7 -> "7%"; with `teken` a change: "+5,0%"."""
    d = _decimal(punten)
    if d is None:
        return GEEN
    return _opmaken("procent", d, natuurlijke_decimalen(d) if decimalen is None else decimalen, teken)


def euro(bedrag: Getal | None, decimalen: int = 2, *, teken: bool = False) -> str:
    """An amount: Decimal("-1234567.5") -> "\u2212€ 1.234.567,50" (nl) / "\u2212€1,234,567.50" (en). In cents (2
    decimals, so the columns of a table line up) or whole euros (0); with `teken` a change: "+€ 20.000,00"."""
    d = _decimal(bedrag)
    if d is None:
        return GEEN
    return _opmaken("euro", d, decimalen, teken)


EURO_EENHEDEN = frozenset({"€", "euro", "euro's", "eur"})
KORTE_EENHEDEN = frozenset({"%", "‰"})  # written against the number, without a space


def is_euro(eenheid: str) -> bool:
    """Whether an indicator's or measuring point's unit is money: "€", "euro", "EUR"."""
    return (eenheid or "").strip().lower() in EURO_EENHEDEN


def met_eenheid(tekst: str, eenheid: str) -> str:
    """A formatted number with its unit: "12,3" + "%" -> "12,3%", "4" + "jaar" -> "4 jaar"; for euros the sign goes in
    front as the active language writes it ("€ 12" in Dutch, "€12" in English); an empty unit adds nothing."""
    eenheid = (eenheid or "").strip()
    if not eenheid:
        return tekst
    if is_euro(eenheid):
        return euro_teken() + tekst
    if eenheid in KORTE_EENHEDEN:  # as Babel writes a percentage ("46%"), so every percentage reads the same
        return f"{tekst}{eenheid}"
    return f"{tekst} {eenheid}"


def getal_met_eenheid(waarde: Getal | None, eenheid: str, decimalen: int | None = None) -> str:
    """A value in its unit: (12.3, "%") -> "12,3%"; money as an amount: (1234.5, "euro") -> "€ 1.234,50", in
    whole euros when the value is whole and no decimals are given ("€ 1.200")."""
    if not is_euro(eenheid):
        return met_eenheid(getal(waarde, decimalen), eenheid)
    d = _decimal(waarde)
    if d is None:
        return GEEN
    return euro(d, (0 if d == d.to_integral_value() else 2) if decimalen is None else decimalen)


def euro_teken() -> str:
    """What goes before an amount in the active language: "€ " (nl) or "€" (en)."""
    return euro(0, 0).removesuffix("0")


def scheidingstekens() -> str:
    """The decimal and thousands separators of the active language, as plotly's layout.separators wants them
    (",." in Dutch, ".," in English), so plotly's own tick labels agree with the texts formatted here."""
    plaats = locale()
    return get_decimal_symbol(plaats) + get_group_symbol(plaats)
