from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy


class RegioAccountAdapter(DefaultAccountAdapter):
    """Accounts are made by koepel staff (invitations), so nobody signs up on their own. allauth's messages that its
    own Dutch translation puts informally ("je") are in the product's formal Dutch here."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "cannot_remove_primary_email": gettext_lazy("U kunt uw hoofdadres niet verwijderen."),
        "max_email_addresses": gettext_lazy("U kunt niet meer dan %d e-mailadressen toevoegen."),
        "rate_limited": gettext_lazy("U doet dit te vaak achter elkaar. Wacht even en probeer het daarna opnieuw."),
        "unverified_primary_email": gettext_lazy("Uw hoofdadres moet eerst bevestigd zijn."),
    }

    # How a person can confirm it is them (the "Of:" links on the confirmation pages), by allauth's method id.
    BEVESTIGEN_MET = {
        "reauthenticate": gettext_lazy("met uw wachtwoord"),
        "mfa_reauthenticate": gettext_lazy("met een code uit uw authenticator-app of een herstelcode"),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_reauthentication_methods(self, user: AbstractBaseUser | AnonymousUser) -> list[dict[str, Any]]:
        return [
            {**methode, "description": self.BEVESTIGEN_MET.get(methode["id"], methode["description"])}
            for methode in super().get_reauthentication_methods(user)
        ]
