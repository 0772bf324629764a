"""The log (logboek): every service that changes who may do what, or that approves or exports, writes a line.

Sign-ins and failed sign-ins come from Django's auth signals (the one place signals are used: the sign-in
itself happens inside django-allauth, not in our services).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q, QuerySet
from django.dispatch import receiver
from django.http import HttpRequest

from regio.models import Auditregel, Lidmaatschap, Organisatie, Regio

if TYPE_CHECKING:
    from regio.models import Gebruiker


def _ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR is the client as gunicorn saw it (behind a proxy, gunicorn's forwarded-allow-ips sets it).
    return request.META.get("REMOTE_ADDR") if request is not None else None


def vastleggen(
    *,
    soort: str,
    wat: str,
    gebruiker: Gebruiker | None = None,
    wie: str = "",
    organisatie: Organisatie | None = None,
    regio: Regio | None = None,
    request: HttpRequest | None = None,
) -> Auditregel:
    return Auditregel.objects.create(
        soort=soort,
        wat=wat[:500],
        gebruiker=gebruiker,
        wie=(wie or (gebruiker.email if gebruiker else "") or "systeem")[:254],
        organisatie=organisatie,
        regio=regio,
        ip=_ip(request),
    )


@receiver(user_logged_in)
def _ingelogd(sender: Any, request: HttpRequest | None, user: Gebruiker, **kwargs: Any) -> None:
    vastleggen(soort=Auditregel.Soort.INLOG, wat="ingelogd", gebruiker=user, request=request)


@receiver(user_logged_out)
def _uitgelogd(sender: Any, request: HttpRequest | None, user: Gebruiker | None, **kwargs: Any) -> None:
    if user is not None:
        vastleggen(soort=Auditregel.Soort.UITLOG, wat="uitgelogd", gebruiker=user, request=request)


@receiver(user_login_failed)
def _mislukt(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    adres = str(credentials.get("email") or credentials.get("username") or "")
    vastleggen(soort=Auditregel.Soort.INLOG_MISLUKT, wat="inloggen mislukt", wie=adres or "?", request=request)


def regels_voor_organisatie(organisatie: Organisatie) -> QuerySet[Auditregel]:
    """What an organisation's managers may read: lines for their organisation, and their members' sign-ins."""
    leden = Lidmaatschap.objects.filter(organisatie=organisatie).values("gebruiker_id")
    return Auditregel.objects.filter(
        Q(organisatie=organisatie)
        | Q(gebruiker_id__in=leden, soort__in=[Auditregel.Soort.INLOG, Auditregel.Soort.UITLOG])
    ).select_related("regio", "organisatie")
