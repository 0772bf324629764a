"""A speed limit for the product's own expensive or spam-prone actions (placing a comment, starting an import,
asking for a pdf): at most N times per person per period, counted in the shared cache (Redis in production, so
every web worker counts together). allauth limits signing in, password resets and the second step itself
(ACCOUNT_RATE_LIMITS).

Over the limit the action is not carried out; the view answers 429 with a Dutch explanation and keeps what the
person typed (a form error on the bound form).

The limits are in settings.REGIO_SNELHEIDSLIMIETEN: {"actie": (aantal, seconden)}. A fixed window on the clock
(window n runs from n*seconden to (n+1)*seconden), so a 429 can say exactly when the next window opens (Retry-After).
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Limiet:
    aantal: int
    seconden: int


def limiet(actie: str) -> Limiet:
    aantal, seconden = settings.REGIO_SNELHEIDSLIMIETEN[actie]
    return Limiet(aantal=aantal, seconden=seconden)


def _sleutel(request: HttpRequest, actie: str, venster: int) -> str:
    wie = f"u{request.user.pk}" if request.user.is_authenticated else f"ip{request.META.get('REMOTE_ADDR', '')}"
    return f"regio:snelheid:{actie}:{wie}:{venster}"


def wachttijd(actie: str, nu: float | None = None) -> int:
    """Seconds until the current window of `actie` ends and the person may try again (at least 1)."""
    seconden = limiet(actie).seconden
    nu = time.time() if nu is None else nu
    return max(1, math.ceil(seconden - nu % seconden))


def met_wachttijd(response: HttpResponse, actie: str) -> HttpResponse:
    """A 429 answer for `actie` with its Retry-After header (RFC 9110: seconds until a retry can succeed)."""
    response["Retry-After"] = str(wachttijd(actie))
    return response


def te_snel(request: HttpRequest, actie: str) -> bool:
    """Count this attempt of `actie` by this person; True when it is over the limit (then do not carry it out)."""
    grens = limiet(actie)
    sleutel = _sleutel(request, actie, int(time.time() // grens.seconden))
    # Without the cache (Redis down) nothing is counted: the action goes ahead rather than the page failing.
    with contextlib.suppress(Exception):
        cache.add(sleutel, 0, grens.seconden)
        return cache.incr(sleutel) > grens.aantal
    return False


def melding(actie: str) -> str:
    grens = limiet(actie)
    minuten = max(1, round(grens.seconden / 60))
    return (
        ngettext(
            "U hebt dit in korte tijd te vaak gedaan: het kan %(aantal)s keer per minuut.",
            "U hebt dit in korte tijd te vaak gedaan: het kan %(aantal)s keer per %(minuten)s minuten.",
            minuten,
        )
        % {"aantal": grens.aantal, "minuten": minuten}
        + " "
        + _("Wacht even en probeer het daarna opnieuw.")
    )


def te_snel_pagina(request: HttpRequest, actie: str) -> HttpResponse:
    """The 429 page, for an action without a form to show again."""
    return met_wachttijd(render(request, "429.html", {"melding": melding(actie)}, status=429), actie)
