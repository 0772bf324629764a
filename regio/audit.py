"""The log (logboek): every service that changes who may do what, or that approves or exports, writes a line.

Sign-ins and failed sign-ins come from Django's auth signals, switching two-factor authentication on and off (and
signing in with a recovery code) from allauth's MFA signals: the one place signals are used, because these happen
inside django-allauth, not in our services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q, QuerySet
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    vertrouwelijk: bool = False,
) -> Auditregel:
    """Write one line. `vertrouwelijk`: about a contract, its text only for the contract's parties."""
    regel = auditregel(
        soort=soort,
        wat=wat,
        gebruiker=gebruiker,
        wie=wie,
        organisatie=organisatie,
        regio=regio,
        request=request,
        vertrouwelijk=vertrouwelijk,
    )
    regel.save()
    return regel


def alles_vastleggen(regels: list[Auditregel]) -> list[Auditregel]:
    """Write many lines made by `auditregel` at once: a service that changes thousands of rows (a bulk import, a
    region's rights for all its practices) logs each change in a few queries instead of one per line."""
    return Auditregel.objects.bulk_create(regels, batch_size=500)


def auditregel(
    *,
    soort: str,
    wat: str,
    gebruiker: Gebruiker | None = None,
    wie: str = "",
    organisatie: Organisatie | None = None,
    regio: Regio | None = None,
    request: HttpRequest | None = None,
    vertrouwelijk: bool = False,
) -> Auditregel:
    """One line, not yet written: for `alles_vastleggen`."""
    return Auditregel(
        soort=soort,
        wat=wat[:500],
        vertrouwelijk=vertrouwelijk,
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


# Two-factor authentication. The line is written in the product's language (Dutch), whatever language the person
# uses: it is a record, read later by others.


def _tweestaps(user: Gebruiker, request: HttpRequest | None, wat: str) -> None:
    vastleggen(soort=Auditregel.Soort.TWEESTAPS, wat=wat, gebruiker=user, request=request)


# What the log says when an authenticator is added or removed: per type, and for another type.
_TWEESTAPS_TEKSTEN = {
    "toegevoegd": (
        gettext_lazy("tweestapsverificatie aangezet: authenticator-app ingesteld"),
        gettext_lazy("herstelcodes gemaakt"),
        gettext_lazy("tweestapsverificatie: %(soort)s toegevoegd"),
    ),
    "verwijderd": (
        gettext_lazy("tweestapsverificatie uitgezet: authenticator-app verwijderd"),
        gettext_lazy("herstelcodes verwijderd"),
        gettext_lazy("tweestapsverificatie: %(soort)s verwijderd"),
    ),
}


def _authenticator_vastleggen(user: Gebruiker, request: HttpRequest, authenticator: Authenticator, wat: str) -> None:
    app, herstelcodes, anders = _TWEESTAPS_TEKSTEN[wat]
    with translation.override(settings.LANGUAGE_CODE):
        if authenticator.type == Authenticator.Type.TOTP:
            tekst = str(app)
        elif authenticator.type == Authenticator.Type.RECOVERY_CODES:
            tekst = str(herstelcodes)
        else:
            tekst = str(anders) % {"soort": authenticator.type}
    _tweestaps(user, request, tekst)


@receiver(mfa_signals.authenticator_added)
def _tweestaps_aan(sender: Any, request: HttpRequest, user: Gebruiker, authenticator: Authenticator, **kw: Any) -> None:
    _authenticator_vastleggen(user, request, authenticator, "toegevoegd")


@receiver(mfa_signals.authenticator_removed)
def _tweestaps_uit(sender: Any, request: HttpRequest, user: Gebruiker, authenticator: Authenticator, **kw: Any) -> None:
    _authenticator_vastleggen(user, request, authenticator, "verwijderd")


@receiver(mfa_signals.authenticator_reset)
def _herstelcodes_nieuw(
    sender: Any, request: HttpRequest, user: Gebruiker, authenticator: Authenticator, **kw: Any
) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        wat = _("nieuwe herstelcodes gemaakt; de vorige werken niet meer")
    _tweestaps(user, request, wat)


@receiver(mfa_signals.authenticator_used)
def _herstelcode_gebruikt(
    sender: Any,
    request: HttpRequest,
    user: Gebruiker,
    authenticator: Authenticator,
    reauthenticated: bool = False,
    **kw: Any,
) -> None:
    """A code from the app is the normal sign-in (the sign-in line says it); a recovery code is worth a line of its
    own: the phone may be lost, or someone else may hold the codes."""
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        return
    # The instance allauth passes may predate marking the code used: count from the stored row.
    bewaard = Authenticator.objects.filter(pk=authenticator.pk).first()
    over = len(bewaard.wrap().get_unused_codes()) if bewaard is not None else 0
    with translation.override(settings.LANGUAGE_CODE):
        if reauthenticated:
            wat = _("identiteit bevestigd met een herstelcode (nog %(aantal)d over)") % {"aantal": over}
        else:
            wat = _("ingelogd met een herstelcode (nog %(aantal)d over)") % {"aantal": over}
    _tweestaps(user, request, wat)


def regels_voor_organisatie(organisatie: Organisatie) -> QuerySet[Auditregel]:
    """What an organisation's managers may read: lines for their organisation, and their members' sign-ins and
    two-factor changes."""
    leden = Lidmaatschap.objects.filter(organisatie=organisatie).values("gebruiker_id")
    return Auditregel.objects.filter(
        Q(organisatie=organisatie)
        | Q(
            gebruiker_id__in=leden,
            soort__in=[Auditregel.Soort.INLOG, Auditregel.Soort.UITLOG, Auditregel.Soort.TWEESTAPS],
        )
    ).select_related("regio", "organisatie")
