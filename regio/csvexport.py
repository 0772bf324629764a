"""CSV exports: the data behind a page as a file that Dutch Excel opens as it is, and that cannot run formulas.

Excel-friendly: UTF-8 with a byte-order mark (without it Excel reads the file as Windows-1252 and mangles "ë"),
`;` between cells (Dutch Excel's list separator; a comma there is the decimal sign), a decimal comma in numbers,
dates as dd-mm-jjjj. No "sep=;" line: with it Excel ignores the byte-order mark.

Formula injection (OWASP, "CSV Injection"): a text cell that starts with =, +, -, @, a tab or a carriage return
(or their full-width forms, which some spreadsheet programs treat alike) gets a leading apostrophe, so the
spreadsheet shows it as text instead of evaluating it (=HYPERLINK(...), =cmd|...). Embedded separators, quotes
and line breaks are quoted by the csv module, so a cell can never spill into the next one.

Numbers are written as numbers, never neutralised: a cell made from an int, Decimal or float holds only digits,
an optional leading minus and one decimal comma (-12,5 stays the number -12,5 in Excel), so it cannot carry a
formula. Only text is neutralised: the decision is made by the Python type of the value, never by looking at
text, so a title "-12,5" typed by a person is text and comes out as '-12,5.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from regio import audit
from regio.models import Auditregel, Organisatie, Regio

# The characters a spreadsheet reads as the start of a formula (OWASP), and their full-width forms.
FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
SCHEIDINGSTEKEN = ";"
BOM = "\ufeff"

Cel = str | int | float | Decimal | dt.date | dt.datetime | bool | None


def neutraliseren(tekst: str) -> str:
    """Text as a cell: a leading apostrophe if a spreadsheet would otherwise read it as a formula."""
    return "'" + tekst if tekst.startswith(FORMULETEKENS) else tekst


def _getal(waarde: Decimal) -> str:
    # format "f" never writes an exponent (1E+3 becomes 1000); the decimal point becomes Excel's decimal comma.
    return format(waarde, "f").replace(".", ",")


def _datum(datum: dt.date) -> str:
    # Not strftime("%Y"): that drops the leading zeros of years before 1000 on some platforms.
    return f"{datum.day:02d}-{datum.month:02d}-{datum.year:04d}"


def cel(waarde: Cel) -> str:
    """One value as the text of its cell (see the module's docstring for numbers versus text)."""
    if waarde is None:
        return ""
    if isinstance(waarde, bool):  # before int: True is an int too
        return _("ja") if waarde else _("nee")
    if isinstance(waarde, int):
        return str(waarde)
    if isinstance(waarde, float):
        # repr is the shortest text that reads back as the same float; infinities and NaN are not numbers here.
        return _getal(Decimal(repr(waarde))) if math.isfinite(waarde) else neutraliseren(repr(waarde))
    if isinstance(waarde, Decimal):
        return _getal(waarde) if waarde.is_finite() else neutraliseren(str(waarde))
    if isinstance(waarde, dt.datetime):
        moment = timezone.localtime(waarde) if timezone.is_aware(waarde) else waarde
        return f"{_datum(moment)} {moment:%H:%M}"
    if isinstance(waarde, dt.date):
        return _datum(waarde)
    return neutraliseren(str(waarde))


def csv_tekst(koppen: Sequence[str], rijen: Iterable[Sequence[Cel]]) -> str:
    """The whole file as text, byte-order mark first; headers are text cells like any other."""
    uit = io.StringIO()
    uit.write(BOM)
    schrijver = csv.writer(uit, delimiter=SCHEIDINGSTEKEN, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    schrijver.writerow([neutraliseren(str(k)) for k in koppen])
    schrijver.writerows([cel(w) for w in rij] for rij in rijen)
    return uit.getvalue()


def bestandsnaam(*delen: object) -> str:
    """A safe ASCII file name from its parts: 'regioplan-eigen-regio-2026.csv' (no quotes, slashes, accents)."""
    naam = "-".join(s for s in (slugify(str(d)) for d in delen) if s)[:120].strip("-")
    return f"{naam or 'export'}.csv"


def csv_antwoord(naamdelen: Sequence[object], koppen: Sequence[str], rijen: Iterable[Sequence[Cel]]) -> HttpResponse:
    """The file as a download. A plain response: the exports are small (a region's figures are a few thousand
    rows), and a complete file means a failure shows as an error page, not as a truncated file in Excel."""
    antwoord = HttpResponse(csv_tekst(koppen, rijen).encode("utf-8"), content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam(*naamdelen)}"'
    antwoord["Cache-Control"] = "private, no-store"
    return antwoord


def export_vastleggen(
    request: HttpRequest,
    *,
    wat: str,
    regio: Regio | None,
    organisatie: Organisatie | None,
    aantal_rijen: int,
    vertrouwelijk: bool = False,
) -> Auditregel:
    """The log line: who exported what, for which region (None: the national overview), on behalf of which party
    (None: koepel staff)."""
    return audit.vastleggen(
        soort=Auditregel.Soort.GEGEVENSEXPORT,
        wat=f"csv gedownload: {wat} ({aantal_rijen} rijen)",
        gebruiker=request.user if request.user.is_authenticated else None,
        organisatie=organisatie,
        regio=regio,
        request=request,
        vertrouwelijk=vertrouwelijk,
    )
