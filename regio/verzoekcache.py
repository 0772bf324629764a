"""What one request asks more than once (which parties a person acts for, who the contracting parties are),
asked of the database once per request.

Only inside a web request (VerzoekcacheMiddleware opens and closes it): services run by the worker, a command or
a test see every change at once, because outside a request nothing is remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_geheugen: ContextVar[dict[Hashable, Any] | None] = ContextVar("regio_verzoekcache", default=None)


def onthouden(sleutel: Hashable, maak: Callable[[], list[T]]) -> list[T]:
    """`maak()` the first time in this request, the remembered answer (a fresh list) after that."""
    geheugen = _geheugen.get()
    if geheugen is None:
        return maak()
    if sleutel not in geheugen:
        geheugen[sleutel] = maak()
    return list(geheugen[sleutel])


class VerzoekcacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _geheugen.set({})
        try:
            return self.get_response(request)
        finally:
            _geheugen.reset(token)
