"""Request types for annotations: what the product's middleware and sign-in guarantee about a request.

Django's `HttpRequest.user` may be anonymous and knows nothing of django-htmx; a view behind sign-in
(`login_required`, or an app's `*_vereist` decorator, which includes it) declares `request: IngelogdVerzoek`
and gets a `Gebruiker`. This is django-stubs' recommended pattern: the classes are never instantiated,
the request still is Django's own. Where a signature is Django's (the admin's hooks take an
`HttpRequest`), `ingelogd(request)` gives the signed-in person, checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from regio.models import Gebruiker

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


class Verzoek(HttpRequest):
    """Any request through the product's middleware: django-htmx's middleware has set `htmx`."""

    htmx: HtmxDetails


class IngelogdVerzoek(Verzoek):
    """A request of a signed-in person."""

    user: Gebruiker


def ingelogd(request: HttpRequest) -> Gebruiker:
    """The signed-in person of a request that only reaches here behind sign-in (the admin); refused otherwise."""
    if not isinstance(request.user, Gebruiker):
        raise PermissionDenied
    return request.user
