"""Whether a person must use two-factor authentication (so a page does not offer what would be refused)."""

from __future__ import annotations

from typing import Any

from django import template

from regio import tweestaps

register = template.Library()


@register.filter
def tweestaps_verplicht(user: Any) -> bool:
    return tweestaps.tweestaps_verplicht(user)
