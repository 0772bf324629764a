"""CSV exports: formula injection is neutralised, numbers stay numbers, and Dutch Excel reads the file as it is."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from regio.csvexport import BOM, FORMULETEKENS, Cel, bestandsnaam, cel, csv_antwoord, csv_tekst, neutraliseren

GETAL = re.compile(r"^-?\d+(,\d+)?$")


def teruglezen(tekst: str) -> list[list[str]]:
    """What a program reading the file with the csv module gets (the byte-order mark removed first)."""
    assert tekst.startswith(BOM)
    return list(csv.reader(io.StringIO(tekst.removeprefix(BOM), newline=""), delimiter=";"))


def test_a_text_cell_starting_with_a_formula_trigger_gets_a_leading_apostrophe() -> None:
    for begin in ("=", "+", "-", "@", "\t", "\r", "\uff1d"):
        assert neutraliseren(f"{begin}1+1") == f"'{begin}1+1"
    assert neutraliseren('=HYPERLINK("http://x","klik")') == '\'=HYPERLINK("http://x","klik")'


def test_ordinary_text_and_a_formula_sign_further_in_the_text_are_left_alone() -> None:
    assert neutraliseren("Vergrijzing") == "Vergrijzing"
    assert neutraliseren("a=b, c-d") == "a=b, c-d"
    assert neutraliseren("") == ""


def test_numbers_are_written_as_numbers_with_a_decimal_comma_even_when_negative() -> None:
    assert cel(Decimal("-12.5")) == "-12,5"
    assert cel(Decimal("100000.00")) == "100000,00"
    assert cel(Decimal("1E+3")) == "1000"
    assert cel(-7) == "-7"
    assert cel(0.1) == "0,1"
    assert cel(-1e-7) == "-0,0000001"


def test_the_same_text_typed_by_a_person_is_text_and_is_neutralised() -> None:
    assert cel("-12,5") == "'-12,5"


def test_infinities_and_not_a_number_are_text_and_cannot_become_a_formula() -> None:
    assert cel(Decimal("-Infinity")) == "'-Infinity"
    assert cel(float("-inf")) == "'-inf"
    assert cel(float("nan")) == "nan"


def test_dates_are_day_month_year_and_empty_values_empty_cells() -> None:
    assert cel(dt.date(2026, 3, 5)) == "05-03-2026"
    assert cel(dt.date(33, 1, 2)) == "02-01-0033"
    assert cel(dt.datetime(2026, 3, 5, 9, 7, tzinfo=dt.UTC)) == "05-03-2026 10:07"  # Europe/Amsterdam
    assert cel(None) == ""
    assert (cel(True), cel(False)) == ("ja", "nee")


def test_the_file_has_a_byte_order_mark_semicolons_and_quotes_a_cell_that_holds_a_separator() -> None:
    tekst = csv_tekst(["Titel", "Bedrag"], [["A; B", Decimal("12.50")], ['Zeg "hoi"\nen ga', None]])
    assert tekst == '\ufeffTitel;Bedrag\r\n"A; B";12,50\r\n"Zeg ""hoi""\nen ga";\r\n'
    assert teruglezen(tekst) == [["Titel", "Bedrag"], ["A; B", "12,50"], ['Zeg "hoi"\nen ga', ""]]


def test_the_file_name_is_plain_ascii_without_quotes_or_slashes() -> None:
    assert bestandsnaam("regioplan", 'Één "rare"/naam\r\n', 2026) == "regioplan-een-rarenaam-2026.csv"
    assert bestandsnaam("", "!!") == "export.csv"


def test_the_download_is_an_attachment_in_utf8_with_a_byte_order_mark_and_is_not_cached() -> None:
    antwoord = csv_antwoord(["cijfers", "Noord-Oost Brabant", 2026], ["Waarde"], [[Decimal("1.5")]])
    assert antwoord["Content-Disposition"] == 'attachment; filename="cijfers-noord-oost-brabant-2026.csv"'
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    assert antwoord["Cache-Control"] == "private, no-store"
    assert antwoord.content == "\ufeffWaarde\r\n1,5\r\n".encode()


# --- property: whatever goes in, nothing comes out that a spreadsheet would run, and nothing is lost ---------

vijandige_tekst = st.one_of(
    st.text(),
    st.builds(lambda begin, rest: begin + rest, st.sampled_from(FORMULETEKENS), st.text()),
    st.sampled_from(['=HYPERLINK("http://x","klik")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "+31 6 1234"]),
)
waarden = st.one_of(
    vijandige_tekst,
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.none(),
    st.booleans(),
)


def _getal(tekst: str) -> Decimal:
    return Decimal(tekst.replace(",", "."))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(waarden, min_size=1, max_size=6), max_size=6))
def test_no_cell_read_back_starts_with_a_formula_trigger_unless_it_is_a_number_and_content_survives(
    rijen: list[list[Cel]],
) -> None:
    terug = teruglezen(csv_tekst(["kop"], rijen))
    assert terug[0] == ["kop"]
    assert len(terug) == len(rijen) + 1
    for rij, gelezen in zip(rijen, terug[1:], strict=True):
        assert len(gelezen) == len(rij)
        for waarde, tekst in zip(rij, gelezen, strict=True):
            is_getal = isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool)
            if is_getal:
                assert GETAL.match(tekst), tekst
                assert _getal(tekst) == (Decimal(repr(waarde)) if isinstance(waarde, float) else waarde)
            else:
                assert not tekst.startswith(FORMULETEKENS), tekst
            if isinstance(waarde, str):
                # Round trip: the text itself, or the text behind the one apostrophe that was added.
                assert tekst == (f"'{waarde}" if waarde.startswith(FORMULETEKENS) else waarde)
            elif isinstance(waarde, dt.date):
                assert tekst == f"{waarde.day:02d}-{waarde.month:02d}-{waarde.year:04d}"
            elif waarde is None:
                assert tekst == ""
