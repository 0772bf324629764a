"""Money and percentages as a Dutch reader writes them, straight from the Decimal (never through float)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from contracten.financiering import procent_tekst
from regio.getallen import euro_centen

register = template.Library()


@register.filter
def euro(bedrag: Decimal | None) -> str:
    return "—" if bedrag is None else euro_centen(Decimal(bedrag))


@register.filter
def procent(waarde: Decimal | None) -> str:
    return "—" if waarde is None else f"{procent_tekst(Decimal(waarde))}%"
