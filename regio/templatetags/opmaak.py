from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django import template
from django.db import connections
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from regio import opmaak
from regio.opmaak import Urlmal, markdown_naar_html
from regio.redline import redline_html
from regio.verschil import Stuk

register = template.Library()
logger = logging.getLogger(__name__)


@register.filter
def markdown(tekst: str) -> SafeString:
    """Markdown written by a person, as sanitised HTML."""
    return markdown_naar_html(tekst)


@register.filter
def redline(stukken: list[Stuk]) -> SafeString:
    """A word-level difference with <del> and <ins>; several lines shown as their Markdown (regio/redline.py)."""
    return redline_html(stukken)


@register.filter
def invullen(mal: Urlmal, pk: int) -> str:
    """`{{ urls.activiteit_bewerken|invullen:a.pk }}`: the URL for this row, from one reversed URL (see Urlmal)."""
    return mal.invullen(pk)


@register.filter
def draden_bij(per_pk: dict[int, list[Any]] | None, pk: int) -> list[Any]:
    """`{{ uitdaging_draden|draden_bij:pu.pk }}`: the threads on one subject, from a page's threads by subject pk."""
    return (per_pk or {}).get(pk, [])


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_veilig(json_tekst: str) -> SafeString:
    """Already-serialised JSON, safe inside <script type="application/json"> (as json_script escapes)."""
    return mark_safe(str(json_tekst).translate(_JSON_ESCAPES))  # noqa: S308 - <, > and & are escaped


class _EenmaligNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        # render_context lives as long as one template's render: a loop reuses the output of its first round.
        bewaard: str | None = context.render_context.get(self)
        if bewaard is None:
            bewaard = self.nodelist.render(context)
            context.render_context[self] = bewaard
        return bewaard


@register.tag
def eenmalig(parser: Parser, token: Token) -> _EenmaligNode:
    """`{% eenmalig %}...{% endeenmalig %}`: render the content once per page and repeat that output, for a
    part inside a loop that does not depend on the loop (a table head of translated words in every activity).
    Only for content that is the same in every round: it may use page-wide variables, never the loop's."""
    nodelist = parser.parse(("endeenmalig",))
    parser.delete_first_token()
    return _EenmaligNode(nodelist)


# Stands in for the CSRF token while a fragment is rendered for the cache: the token differs per person and
# session, so each response gets its own token put in. Random per process, so no text can contain it on purpose.
_CSRF_PLEK = f"csrf{secrets.token_hex(16)}"
_CSRF_INVOER = str(CsrfTokenNode().render(Context({"csrf_token": _CSRF_PLEK})))


class _BewaardNode(Node):
    def __init__(self, nodelist: NodeList, waarden: dict[str, template.base.FilterExpression]) -> None:
        self.nodelist = nodelist
        self.waarden = waarden

    def render(self, context: Context) -> str:
        waarden = {naam: expressie.resolve(context) for naam, expressie in self.waarden.items()}
        try:
            sleutel = opmaak.vingerafdruk(
                id(self), get_language(), get_current_timezone_name(), context.autoescape, waarden
            )
        except TypeError:
            sleutel = None  # a value that cannot be fingerprinted: render every time rather than risk an old one
        html = opmaak.fragmenten.get(sleutel) if sleutel is not None else None
        if html is None:
            # Only the named values (and Django's built-ins): whatever the content reads is in the key, unless it
            # queries the database (a relation that was not loaded): then the fragment is not kept.
            vragen = 0

            def tellen(execute: Callable[..., Any], *args: Any) -> Any:
                nonlocal vragen
                vragen += 1
                return execute(*args)

            with ExitStack() as stapel:
                for verbinding in connections.all(initialized_only=True):
                    stapel.enter_context(verbinding.execute_wrapper(tellen))
                stapel.enter_context(context.render_context.push())
                html = self.nodelist.render(context.new({**waarden, "csrf_token": _CSRF_PLEK}))
            if sleutel is not None and not vragen:
                opmaak.fragmenten.set(sleutel, html)
            elif vragen:
                logger.warning("{%% bewaard %%} in %s queried the database: not kept", self.origin)
        if _CSRF_INVOER in html:  # this response's own {% csrf_token %}, rendered as the tag does outside
            html = html.replace(_CSRF_INVOER, CsrfTokenNode().render(context))
        return mark_safe(html)  # noqa: S308 - rendered by our template, the token by Django's tag


@register.tag
def bewaard(parser: Parser, token: Token) -> _BewaardNode:
    """`{% bewaard r=r mag=mag_bewerken %}...{% endbewaard %}`: render the content once per distinct content
    and keep it (regio.opmaak.fragmenten), for parts that repeat hundreds of times (the plan's activities).

    The content is rendered with only the named values, like `{% include ... only %}`, so anything it reads is
    part of the key: the key is a fingerprint of everything those values hold (every loaded field of every
    model, related and prefetched object, dataclass, list), the language and autoescaping. A changed title,
    name, comment or right is a different key; nothing can show an old fragment. {% csrf_token %} inside works:
    each response gets its own token. If the content queries the database (a relation not loaded, so not in the
    key), it is shown but not kept. The content must not depend on the clock ({% now %}, timesince)."""
    delen = token.split_contents()[1:]
    waarden: dict[str, template.base.FilterExpression] = {}
    for deel in delen:
        naam, gevonden, expressie = deel.partition("=")
        if not gevonden or not naam.isidentifier():
            raise template.TemplateSyntaxError(f"bewaard: expected name=value, got {deel!r}")
        waarden[naam] = parser.compile_filter(expressie)
    nodelist = parser.parse(("endbewaard",))
    parser.delete_first_token()
    return _BewaardNode(nodelist, waarden)
