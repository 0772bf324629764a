"""Numbers as a Dutch reader writes them, straight from the Decimal (never through float): one place for all
pages, e-mails and PDFs."""

from __future__ import annotations

from decimal import Decimal

MINTEKEN = "\u2212"  # a real minus sign: a hyphen is too short to see in a column of amounts


def nl_decimaal(waarde: Decimal | int | None, decimalen: int | None = None) -> str:
    """Decimal("1200.50") -> "1.200,5": thousands dot, decimal comma, trailing zeros off (unless `decimalen`)."""
    if waarde is None:
        return "\u2013"
    d = Decimal(waarde)
    if decimalen is None:
        exponent = d.normalize().as_tuple().exponent
        decimalen = max(0, -exponent) if isinstance(exponent, int) else 0
    tekst = f"{abs(d):,.{decimalen}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return (MINTEKEN + tekst) if d < 0 and tekst.strip("0,.") else tekst


def euro_centen(bedrag: Decimal) -> str:
    """Decimal("-1234567.5") -> "\u2212€ 1.234.567,50" (a real minus sign): always in cents, so the columns
    of a table line up."""
    return f"{MINTEKEN if bedrag < 0 else ''}€ {nl_decimaal(abs(bedrag), 2)}"


def getal(waarde: Decimal | int | None, decimalen: int | None = None) -> str:
    """The formatter under the name it has on main since wt-getal (Babel, locale-aware): there, take main's."""
    return nl_decimaal(waarde, decimalen)
