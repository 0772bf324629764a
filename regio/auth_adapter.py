from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from regio.inloglimieten import duur, grenzen


class RegioAccountAdapter(DefaultAccountAdapter):
    """Accounts are made by koepel staff (invitations), so nobody signs up on their own. allauth's messages that its
    own Dutch translation puts informally ("je") are in the product's formal Dutch here."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "cannot_remove_primary_email": gettext_lazy("U kunt uw hoofdadres niet verwijderen."),
        "max_email_addresses": gettext_lazy("U kunt niet meer dan %d e-mailadressen toevoegen."),
        # Wrong passwords for one address (pre_authenticate below): the address waits, a new password helps.
        "te_vaak_fout_wachtwoord": gettext_lazy(
            "Met dit e-mailadres is %(aantal)s keer een verkeerd wachtwoord ingevuld. Inloggen met dit adres kan "
            "daarom hoogstens %(duur)s niet, ook niet met het juiste wachtwoord. Weet u uw wachtwoord niet meer? "
            "Vraag dan via 'Wachtwoord vergeten?' een nieuw wachtwoord aan: daarmee kunt u meteen weer inloggen."
        ),
        # allauth raises these two here only for wrong codes from the authenticator app: at sign-in and when
        # confirming it is you ("too_many_login_attempts"), and when setting the app up ("rate_limited").
        "too_many_login_attempts": gettext_lazy(
            "U hebt %(aantal)s keer een verkeerde code ingevuld. Met een code inloggen of bevestigen kan daarom "
            "hoogstens %(duur)s niet; probeer het daarna opnieuw met de code die uw app dan toont, of met een "
            "herstelcode. Geen telefoon en geen herstelcodes meer? Vraag de koepel om uw tweestapsverificatie "
            "opnieuw in te laten stellen."
        ),
        "rate_limited": gettext_lazy(
            "U hebt %(aantal)s keer een verkeerde code ingevuld. Tweestapsverificatie instellen kan daarom "
            "hoogstens %(duur)s niet; probeer het daarna opnieuw met de code die uw app dan toont."
        ),
        "unverified_primary_email": gettext_lazy("Uw hoofdadres moet eerst bevestigd zijn."),
    }

    # How a person can confirm it is them (the "Of:" links on the confirmation pages), by allauth's method id.
    BEVESTIGEN_MET = {
        "reauthenticate": gettext_lazy("met uw wachtwoord"),
        "mfa_reauthenticate": gettext_lazy("met een code uit uw authenticator-app of een herstelcode"),
    }

    def validation_error(self, code: str, *args: Any) -> forms.ValidationError:
        if code in ("te_vaak_fout_wachtwoord", "too_many_login_attempts", "rate_limited"):
            # Each of them is the per-address/per-person "login_failed" limit: say how many and how long at most.
            aantal, seconden, _per = max(grenzen("login_failed"), key=lambda g: g[1])
            return forms.ValidationError(
                self.error_messages[code] % {"aantal": aantal, "duur": duur(seconden)}, code=code
            )
        return super().validation_error(code, *args)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """allauth's check before the password, with the message for wrong passwords (not the one for codes)."""
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as fout:
            raise self.validation_error("te_vaak_fout_wachtwoord") from fout

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_reauthentication_methods(self, user: AbstractBaseUser | AnonymousUser) -> list[dict[str, Any]]:
        return [
            {**methode, "description": self.BEVESTIGEN_MET.get(methode["id"], methode["description"])}
            for methode in super().get_reauthentication_methods(user)
        ]
