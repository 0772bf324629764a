from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _


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


class InactiviteitMiddleware:
    """Sign a person out after settings.REGIO_INACTIEF_NA seconds without a request (a laptop left open in a
    practice): the next request goes to the sign-in page with a plain message, and what they opened comes back
    after signing in again.

    The time of the last request is written to the session at most once a minute, so a page costs no extra
    write. The session's own age (SESSION_COOKIE_AGE) still ends even an active day.
    """

    SLEUTEL = "regio_laatst_actief"
    SCHRIJF_NA = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            nu = int(time.time())
            laatst = request.session.get(self.SLEUTEL)
            if isinstance(laatst, int) and nu - laatst > settings.REGIO_INACTIEF_NA:
                logout(request)
                messages.info(
                    request,
                    _(
                        "U was %(minuten)s minuten niet actief en bent daarom uitgelogd. "
                        "Log opnieuw in om verder te gaan."
                    )
                    % {"minuten": settings.REGIO_INACTIEF_NA // 60},
                )
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not isinstance(laatst, int) or nu - laatst >= self.SCHRIJF_NA:
                request.session[self.SLEUTEL] = nu
        return self.get_response(request)


# Characters that change how text around them is shown without being visible themselves: bidirectional overrides,
# embeddings and isolates (U+202E turns "RTL" into "LTR" on the page and in a PDF's approvals), zero-width space,
# the Arabic letter mark and the byte-order mark. Zero-width (non-)joiners stay: emoji and some scripts need them.
ONZICHTBARE_STURING = dict.fromkeys(
    [0x200B, 0x200E, 0x200F, 0x061C, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def invoer_normaliseren(tekst: str) -> str:
    """What a person typed, as the product stores it: line endings as \\n (a browser sends \\r\\n, which made every
    blank line differ in a comparison of versions) and no invisible direction or zero-width characters."""
    return tekst.replace("\r\n", "\n").replace("\r", "\n").translate(ONZICHTBARE_STURING)


class InvoerMiddleware:
    """Every form a browser posts reaches views, forms and the admin normalised by `invoer_normaliseren`.
    Passwords are left as typed. A multipart body larger than Django's in-memory limit is a file upload and is not
    read here: the import refuses an oversized body before anything reads it (its few text fields stay as sent)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and self._formulier(request):
            gepost = request.POST
            schoon = gepost.copy()
            for sleutel, waarden in gepost.lists():
                if "password" not in sleutel:
                    schoon.setlist(sleutel, [invoer_normaliseren(w) for w in waarden])
            if schoon != gepost:
                schoon._mutable = False
                request.POST = schoon  # type: ignore[assignment]  # WSGIRequest.POST has a setter
        return self.get_response(request)

    @staticmethod
    def _formulier(request: HttpRequest) -> bool:
        if request.content_type == "application/x-www-form-urlencoded":
            return True
        lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        return request.content_type == "multipart/form-data" and lengte <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
