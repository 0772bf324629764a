"""Numbers and amounts the way a Dutch reader writes them, one formatter for every page, chart and PDF."""

from decimal import Decimal as D

from regio.getallen import euro_centen, nl_decimaal


def test_amounts_are_written_in_euros_and_cents_with_a_real_minus_sign() -> None:
    assert euro_centen(D("1234567.5")) == "€ 1.234.567,50"
    assert euro_centen(D("-0.01")) == "\u2212€ 0,01"
    assert euro_centen(D("0")) == "€ 0,00"


def test_numbers_are_written_with_a_thousands_dot_a_decimal_comma_and_no_trailing_zeros() -> None:
    assert nl_decimaal(D("1234.50")) == "1.234,5"
    assert nl_decimaal(D("40.00")) == "40"
    assert nl_decimaal(D("100")) == "100"
    assert nl_decimaal(D("-3.25")) == "\u22123,25"
    assert nl_decimaal(D("0.00")) == "0"
