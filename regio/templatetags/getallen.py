"""Numbers, percentages and amounts in templates, from regio.getallen (the active language, rounded half up).

`{{ inwoners|getal }}`, `{{ waarde|getal:1 }}`, `{{ bedrag|euro }}` (cents), `{{ begroting|euro:0 }}` (whole
euros), `{{ aandeel|procent }}` (from points: 42.5 -> "42,5%"), `{{ waarde|in_eenheid:eenheid }}` ("12,5%",
"€ 1.200"). None shows as an en dash."""

from __future__ import annotations

from decimal import Decimal

from django import template

from regio import getallen

register = template.Library()

Waarde = Decimal | int | float | None


@register.filter
def getal(waarde: Waarde, decimalen: int | None = None) -> str:
    return getallen.getal(waarde, None if decimalen is None else int(decimalen))


@register.filter
def euro(bedrag: Waarde, decimalen: int = 2) -> str:
    return getallen.euro(bedrag, int(decimalen))


@register.filter
def procent(punten: Waarde, decimalen: int | None = None) -> str:
    return getallen.procent(punten, None if decimalen is None else int(decimalen))


@register.filter
def in_eenheid(waarde: Waarde, eenheid: str) -> str:
    """`{{ m.streefwaarde|in_eenheid:m.eenheid }}`: "12,5%", "€ 1.200" (getallen.getal_met_eenheid)."""
    return getallen.getal_met_eenheid(waarde, eenheid)
