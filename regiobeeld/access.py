"""Who may see or do what with a region's regiobeeld and figures.

The regiobeeld belongs to its region: whoever may see the region may read it; editors of the
contracting parties may write it and import figures (RegioActie.BEWERKEN, granted in regio);
agreeing ("akkoord") additionally needs a valid mandate for the subject "regiobeeld" (services).
This module asks regio.access, never django-guardian directly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from regio.access import RegioActie, regio_vereist
from regio.models import Regio
from regiobeeld.models import Importbestand, Regiobeeld


def regiobeeld_van_regio(regio: Regio, jaar: int) -> Regiobeeld:
    try:
        return Regiobeeld.objects.select_related("regio").get(regio=regio, jaar=jaar)
    except Regiobeeld.DoesNotExist as exc:
        raise Http404 from exc


def importbestand_van_regio(regio: Regio, pk: int) -> Importbestand:
    try:
        return Importbestand.objects.select_related("regio", "aangemaakt_door").get(regio=regio, pk=pk)
    except Importbestand.DoesNotExist as exc:
        raise Http404 from exc


def regiobeeld_vereist(
    actie: RegioActie,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator: the URL's region (by slug) and year resolved to a regiobeeld the user may `actie` on."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        @regio_vereist(actie)
        def wrapper(request: HttpRequest, regio: Regio, jaar: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return view(request, regiobeeld_van_regio(regio, jaar), *args, **kwargs)

        return wrapper

    return decorator
