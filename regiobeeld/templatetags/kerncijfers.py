"""{% kerncijferrijen groep kiezen achtervoegsel %}: the rows of a key-figures table (regiobeeld.kerncijferrijen)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from regiobeeld.kerncijferrijen import rijen

register = template.Library()


@register.simple_tag(takes_context=True)
def kerncijferrijen(context: Any, groep: Any, kiezen: bool = False, achtervoegsel: str = "") -> SafeString:
    kern, regio, regiobeeld = context["kern"], context["regio"], context.get("regiobeeld")
    actie = reverse("regiobeeld:uitgelicht", args=[regio.slug, regiobeeld.jaar]) if kiezen and regiobeeld else ""
    return rijen(
        groep.rijen,
        achtervoegsel=achtervoegsel,
        actie=actie,
        csrf=str(context.get("csrf_token", "")),
        sortering=kern.sortering,
    )
