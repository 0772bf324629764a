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
