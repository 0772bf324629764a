from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from regio.opmaak import markdown_naar_html

register = template.Library()


@register.filter
def markdown(tekst: str) -> SafeString:
    """Markdown written by a person, as sanitised HTML."""
    return markdown_naar_html(tekst)


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_veilig(json_tekst: str) -> SafeString:
    """Already-serialised JSON, safe inside <script type="application/json"> (as json_script escapes)."""
    return mark_safe(str(json_tekst).translate(_JSON_ESCAPES))  # noqa: S308 - <, > and & are escaped
