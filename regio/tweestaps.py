"""Two-factor authentication (tweestapsverificatie): who must use it, and making sure they do.

django-allauth's MFA does the work: an authenticator app (TOTP) with recovery codes, and at sign-in it asks the
code of everyone who has one. This module adds the product's rule on top:

- koepel staff (`is_staff`, who reach the admin) and everyone holding a mandate valid today must use it
  (`tweestaps_verplicht`);
- a signed-in person who must but has no authenticator app yet is sent to set it up, from every page (the admin
  included), until they have (`TweestapsMiddleware`);
- they cannot switch it off again (`RegioMFAAdapter.can_delete_authenticator`);
- approving a plan, agreeing to a regiobeeld and signing a contract ask it again at the moment of the decision: the
  person must have used their app (or set it up) in this session (`tweestaps_voor_besluit`), whatever the
  middleware remembered;
- the authenticator app's key and the recovery-code seed are stored encrypted (`RegioMFAAdapter.encrypt`,
  regio/geheimen.py).

Others may switch it on or off as they like.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from allauth.account import app_settings as account_settings
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY, get_authentication_records
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa import signals as mfa_signals
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRedirect

from regio import geheimen
from regio.models import Gebruiker, Mandaat
from regio.verzoekcache import onthouden

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    AnyUser = Gebruiker | AnonymousUser


def _stand(pk: int) -> tuple[bool, bool]:
    """(holds a mandate valid today, has an activated authenticator app): one query, asked once per request."""
    vandaag = timezone.localdate()

    def maak() -> list[tuple[bool, bool]]:
        rij = (
            Gebruiker.objects.filter(pk=pk)
            .annotate(
                _mandaat=Exists(Mandaat.objects.geldig_op(vandaag).filter(gebruiker_id=OuterRef("pk"))),
                _totp=Exists(Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)),
            )
            .values_list("_mandaat", "_totp")
            .first()
        )
        return [(bool(rij[0]), bool(rij[1])) if rij else (False, False)]

    return onthouden(("tweestaps", pk, vandaag), maak)[0]


def tweestaps_verplicht(user: AnyUser) -> bool:
    """Must this person use two-factor authentication? Koepel staff, and whoever holds a mandate valid today."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return _stand(user.pk)[0]


def tweestaps_na_uitnodiging(user: AnyUser, rol: str) -> bool:
    """Is a person who just accepted an invitation sent on to set up two-factor authentication? Whoever must use it
    (a mandate, koepel staff), and a new manager: managers decide who may decide for their organisation (they
    grant its mandates), so they are asked to secure their account straight away. Only the first is enforced on
    every page (`TweestapsMiddleware`)."""
    if tweestaps_actief(user):
        return False
    return tweestaps_verplicht(user) or rol == "beheerder"


def tweestaps_actief(user: AnyUser) -> bool:
    """Has this person an activated authenticator app (so that allauth asks its code at sign-in)?"""
    if not user.is_authenticated:
        return False
    return _stand(user.pk)[1]


# How long the middleware remembers that a person may pass (has the app, or need not have it), in the shared cache:
# a page then costs no query at all. A new mandate or a removed app is noticed within this time; someone who still
# has to set it up is never remembered, so the first page after setting it up opens.
DOORLAAT_SECONDEN = 60


def _mag_door(user: AnyUser) -> bool:
    sleutel = f"regio:tweestaps:door:{user.pk}:{timezone.localdate().isoformat()}"
    # Remembering is an optimisation only: without the cache (Redis down) the database answers.
    with contextlib.suppress(Exception):
        if cache.get(sleutel):
            return True
    door = not tweestaps_verplicht(user) or tweestaps_actief(user)
    if door:
        with contextlib.suppress(Exception):
            cache.set(sleutel, True, DOORLAAT_SECONDEN)
    return door


def _reden(user: AnyUser) -> str:
    if user.is_staff or user.is_superuser:
        return _("Omdat u koepelmedewerker bent, is tweestapsverificatie verplicht. Stel het nu in.")
    return _("Omdat u een mandaat hebt, is tweestapsverificatie verplicht. Stel het nu in.")


class TweestapsNodig(PermissionDenied):
    """Refused a decision because two-factor authentication was not used in this session; the message (safe HTML)
    says why and links to where to set it up or confirm it."""


def tweestaps_in_sessie(request: HttpRequest) -> bool:
    """Did the signed-in person use their authenticator app (or a recovery code) in this session, or set it up in
    it (`_instellen_telt_als_gebruik`), and do they still have it?"""
    user = request.user
    if not any(r.get("method") == "mfa" for r in get_authentication_records(request, user)):
        return False
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def tweestaps_voor_besluit(request: HttpRequest) -> None:
    """Approving, agreeing and signing ask this at the moment of the decision: whoever must use two-factor
    authentication (`tweestaps_verplicht`: a mandate valid today, or koepel staff) must have used it in this
    session. The middleware's remembered pass (DOORLAAT_SECONDEN) does not count here, so a mandate given a
    moment ago cannot be used before the app is set up. Raises TweestapsNodig; nothing is recorded."""
    user = request.user
    if not tweestaps_verplicht(user) or tweestaps_in_sessie(request):
        return
    if tweestaps_actief(user):
        reden = _(
            "Bevestig eerst met een code uit uw authenticator-app dat u het bent; daarna kunt u dit besluit nemen."
        )
        link, tekst = reverse("mfa_reauthenticate"), _("Bevestigen met een code")
    else:
        reden = _(
            "Goedkeuren, akkoord geven en tekenen kan alleen met tweestapsverificatie. Stel die eerst in; daarna "
            "kunt u dit besluit nemen."
        )
        link, tekst = reverse("mfa_activate_totp"), _("Tweestapsverificatie instellen")
    raise TweestapsNodig(format_html('{} <a href="{}">{}</a>', reden, link, tekst))


@receiver(mfa_signals.authenticator_added)
def _instellen_telt_als_gebruik(
    sender: object, request: HttpRequest, user: Gebruiker, authenticator: Authenticator, **kw: object
) -> None:
    """Setting up the app means typing a code from it: count that as having used it in this session."""
    # allauth keeps its record of this session's sign-in steps in an internal module; a test pins its behaviour.
    from allauth.account.internal.flows.login import record_authentication

    if authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


def totp_code(geheim: str, moment: float | None = None) -> str:
    """The code an authenticator app shows for `geheim` (base32) at `moment` (now): for the demo and the tests."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    teller = int(time.time() if moment is None else moment) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(geheim, teller))


# Pages a person who must set up two-factor authentication can still open: setting it up (and confirming their
# password for that), the recovery codes, signing out, changing the password, the language, the health check.
VRIJE_PAGINAS = frozenset(
    {
        "account_logout",
        "account_change_password",
        "account_set_password",
        "account_reauthenticate",
        "set_language",
        "regio:gezondheid",
    }
)


def _aanmelding_telt_als_bevestiging(request: HttpRequest) -> None:
    """Someone who signed in with their password a moment ago and must now set up two-factor authentication is not
    asked for that password again: allauth asks it before two-factor settings change and counts only a separate
    confirmation. A sign-in within allauth's own confirmation window (ACCOUNT_REAUTHENTICATION_TIMEOUT) counts as
    that confirmation, for the first set-up only (a person who has an authenticator app is asked as before)."""
    gegevens = get_authentication_records(request, request.user)
    if not gegevens or tweestaps_actief(request.user):
        return
    laatste = gegevens[-1]
    vers = time.time() - float(laatste.get("at", 0)) < account_settings.REAUTHENTICATION_TIMEOUT
    if laatste.get("method") == "password" and vers and not laatste.get("reauthenticated"):
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [*gegevens[:-1], {**laatste, "reauthenticated": True}]


class TweestapsMiddleware:
    """Sends a signed-in person who must use two-factor authentication (`tweestaps_verplicht`) but has no
    authenticator app to its set-up page, from every page, with the reason. Costs one query per signed-in person
    per DOORLAAT_SECONDEN (none for the free pages and for anonymous visitors).

    In process_view, so that the resolved URL decides what is free (a URL that resolves to nothing stays a 404).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponseBase], view_args: object, view_kwargs: object
    ) -> HttpResponseBase | None:
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        naam = match.view_name if match is not None else ""
        if naam == "mfa_activate_totp":
            _aanmelding_telt_als_bevestiging(request)
        if naam in VRIJE_PAGINAS or naam.startswith("mfa_"):
            return None
        if _mag_door(user):
            return None
        messages.warning(request, _reden(user))
        instellen = reverse("mfa_activate_totp")
        if request.headers.get("HX-Request") == "true":
            # htmx would swap the set-up page into a fragment of the page: let the browser go there instead.
            return HttpResponseClientRedirect(instellen)
        return HttpResponseRedirect(instellen)


class RegioMFAAdapter(DefaultMFAAdapter):
    """allauth's MFA in the product's words (formal Dutch), and no switching off for those who must use it."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": gettext_lazy(
            "U kunt geen e-mailadres toevoegen aan een account dat met tweestapsverificatie is beveiligd."
        ),
        "cannot_delete_authenticator": gettext_lazy(
            "Tweestapsverificatie is voor u verplicht, omdat u een mandaat hebt of koepelmedewerker bent. "
            "U kunt haar daarom niet uitzetten."
        ),
        "cannot_generate_recovery_codes": gettext_lazy(
            "Herstelcodes maken kan pas als tweestapsverificatie aan staat."
        ),
        "incorrect_code": gettext_lazy("Deze code klopt niet. Vul de code in die uw app op dit moment toont."),
        "unverified_email": gettext_lazy("Tweestapsverificatie kan pas aan als uw e-mailadres is bevestigd."),
    }

    def encrypt(self, text: str) -> str:
        return geheimen.versleutelen(text)

    def decrypt(self, encrypted_text: str) -> str:
        return geheimen.ontsleutelen(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and tweestaps_verplicht(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
