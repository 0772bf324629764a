from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class TaalMiddleware:
    """Dutch unless the person chose another language (language cookie from the footer's choice).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the product's
    language is Dutch, and an English browser should not get a half-translated page by surprise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.talen = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        gekozen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        taal = gekozen if gekozen in self.talen else settings.LANGUAGE_CODE
        translation.activate(taal)
        request.LANGUAGE_CODE = taal
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", taal)
        translation.deactivate()
        return response


# Everything the product loads is its own (vendored htmx and plotly, one stylesheet, shipped fonts): scripts only
# from our own origin, never inline. Plotly and htmx set element styles, hence 'unsafe-inline' for styles only.
# Charts are downloaded as PNG through data:/blob: URLs.
INHOUDSBELEID = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class InhoudsbeleidMiddleware:
    """Content-Security-Policy on every response: a script injected into a page cannot run."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", INHOUDSBELEID)
        return response
