"""regio.getallen: numbers, percentages and amounts as the reader's language writes them, rounded half up.

Every expected text below is worked out by hand, not by calling another formatter."""

from __future__ import annotations

import math
from decimal import Decimal as D

from django.template import Context, Template
from django.utils import translation

from regio.getallen import GEEN, MINTEKEN, euro, getal, met_eenheid, procent, scheidingstekens

# --- numbers ---


def test_a_tie_rounds_half_up_not_to_even() -> None:
    assert getal(D("12251.25"), 2) == "12.251,25"
    assert getal(D("12251.25"), 1) == "12.251,3"  # half to even (Python, Babel) would give 12.251,2
    assert getal(D("0.5"), 0) == "1"  # half to even would give 0
    assert getal(D("2.5"), 0) == "3"
    assert getal(D("0.125"), 2) == "0,13"


def test_a_float_rounds_as_the_number_it_was_written_as() -> None:
    # 12251.25 and 0.125 are exact in binary, 1.005 is not (1.00499999...): all round as written.
    assert getal(12251.25, 1) == "12.251,3"
    assert getal(1.005, 2) == "1,01"
    assert getal(0.5, 0) == "1"


def test_without_decimals_given_a_number_keeps_its_own_and_drops_trailing_zeros() -> None:
    assert getal(D("1234.50")) == "1.234,5"
    assert getal(D("40.00")) == "40"
    assert getal(D("1E+3")) == "1.000"
    assert getal(1234567) == "1.234.567"
    assert getal(D("0.00")) == "0"


def test_negative_numbers_get_a_real_minus_sign_unless_they_round_to_zero() -> None:
    assert getal(D("-3.25")) == MINTEKEN + "3,25"
    assert getal(D("-1.25"), 1) == MINTEKEN + "1,3"  # half up is away from zero
    assert getal(D("-1234.5"), 0) == MINTEKEN + "1.235"
    assert getal(D("-0.04"), 1) == "0,0"


def test_no_figure_is_an_en_dash() -> None:
    assert getal(None) == GEEN == "\u2013"
    assert getal(math.nan, 1) == GEEN
    assert getal(math.inf) == GEEN
    assert euro(None) == GEEN
    assert procent(None) == GEEN


# --- money ---


def test_amounts_are_in_euros_and_cents_straight_from_the_decimal() -> None:
    assert euro(D("1234567.5")) == "€ 1.234.567,50"
    assert euro(D("0")) == "€ 0,00"
    assert euro(D("-0.01")) == MINTEKEN + "€ 0,01"
    # Beyond what a float holds exactly (17 significant digits): every cent stays.
    assert euro(D("98765432109876.55")) == "€ 98.765.432.109.876,55"
    assert euro(D("0.005")) == "€ 0,01"  # half a cent rounds up


def test_a_euro_indicator_is_whole_euros_or_cents_never_one_decimal() -> None:
    assert euro(D("37136209.5"), 0) == "€ 37.136.210"
    assert euro(D("37136209.5")) == "€ 37.136.209,50"


def test_a_change_shows_its_sign() -> None:
    assert euro(D("20000"), teken=True) == "+€ 20.000,00"
    assert euro(D("-50000"), teken=True) == MINTEKEN + "€ 50.000,00"
    assert euro(D("0"), teken=True) == "€ 0,00"
    assert procent(D("5"), 1, teken=True) == "+5,0%"
    assert procent(D("-14.25"), 1, teken=True) == MINTEKEN + "14,3%"


def test_percentages_are_written_from_their_points() -> None:
    assert procent(D("42.00")) == "42%"
    assert procent(D("33.33")) == "33,33%"
    assert procent(D("45.6"), 0) == "46%"
    assert procent(D("100")) == "100%"


def test_a_unit_follows_the_number_and_the_euro_sign_goes_in_front() -> None:
    assert met_eenheid("12,3", "%") == "12,3%"
    assert met_eenheid("12", "€") == "€ 12"
    assert met_eenheid("12", " ") == "12"


# --- the English interface ---


def test_the_english_interface_writes_english_numbers() -> None:
    with translation.override("en"):
        assert getal(D("12251.25"), 2) == "12,251.25"
        assert getal(D("12251.25"), 1) == "12,251.3"
        assert getal(D("-3.25")) == MINTEKEN + "3.25"
        assert euro(D("1234567.5")) == "€1,234,567.50"
        assert euro(D("-0.01")) == MINTEKEN + "€0.01"
        assert procent(D("33.33")) == "33.33%"
        assert met_eenheid("12", "€") == "€12"
        assert scheidingstekens() == ".,"
    assert scheidingstekens() == ",."


def test_the_template_filters_write_in_the_active_language() -> None:
    sjabloon = Template(
        "{% load getallen %}{{ n|getal }} | {{ w|getal:1 }} | {{ b|euro }} | {{ b|euro:0 }} | {{ p|procent }}"
        " | {{ leeg|euro }}"
    )
    context = Context({"n": 1234567, "w": D("12251.25"), "b": D("12500.50"), "p": D("62.50"), "leeg": None})
    assert sjabloon.render(context) == "1.234.567 | 12.251,3 | € 12.500,50 | € 12.501 | 62,5% | \u2013"
    with translation.override("en"):
        assert sjabloon.render(context) == "1,234,567 | 12,251.3 | €12,500.50 | €12,501 | 62.5% | \u2013"


def test_a_value_in_its_unit_is_an_amount_when_the_unit_is_money() -> None:
    sjabloon = Template(
        '{% load getallen %}{{ w|in_eenheid:"%" }} | {{ w|in_eenheid:"euro" }} | {{ n|in_eenheid:"€" }}'
    )
    context = Context({"w": D("12.50"), "n": D("1200.00")})
    assert sjabloon.render(context) == "12,5% | € 12,50 | € 1.200"
    with translation.override("en"):
        assert sjabloon.render(context) == "12.5% | €12.50 | €1,200"
