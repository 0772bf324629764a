"""The page an invitation's link opens: choose a password (new account), or accept as the signed-in account.

Open to everyone with the link (the token is the key); an unknown token is a 404, a used, withdrawn or expired one
says so (410). Posting is rate-limited per person or IP address (regio/snelheid.py).
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from regio import snelheid, uitnodigingen
from regio.access import uitnodiging_is_voor
from regio.forms import AccountForm
from regio.models import Gebruiker, Uitnodiging
from regio.tweestaps import tweestaps_na_uitnodiging

ACTIE = "uitnodiging_aannemen"


def _ongeldig(request: HttpRequest, uitnodiging: Uitnodiging | None) -> HttpResponse | None:
    if uitnodiging is None:
        reden, status = _("Deze link hoort bij geen uitnodiging. Controleer of u de hele link uit de e-mail hebt."), 404
    elif uitnodiging.aangenomen_op is not None:
        reden, status = _("Deze uitnodiging is al aangenomen. Log in met uw e-mailadres en wachtwoord."), 410
    elif uitnodiging.ingetrokken_op is not None:
        reden, status = _("Deze uitnodiging is ingetrokken door de beheerder van de organisatie."), 410
    elif uitnodiging.is_verlopen():
        reden = _("Deze uitnodiging is verlopen. Vraag de beheerder van %(org)s om haar opnieuw te versturen.") % {
            "org": uitnodiging.organisatie.naam
        }
        status = 410
    else:
        return None
    return render(request, "regio/uitnodiging_ongeldig.html", {"reden": reden}, status=status)


def _verder(request: HttpRequest, gebruiker: Gebruiker, uitnodiging: Uitnodiging) -> HttpResponse:
    if tweestaps_na_uitnodiging(gebruiker, uitnodiging.rol):
        messages.info(
            request,
            _(
                "Welkom bij %(org)s. Beveilig uw account nu met tweestapsverificatie: u hebt er een app op uw telefoon "
                "voor nodig (zoals Microsoft Authenticator of Google Authenticator)."
            )
            % {"org": uitnodiging.organisatie.naam},
        )
        return redirect("mfa_activate_totp")
    messages.success(request, _("Welkom bij %(org)s.") % {"org": uitnodiging.organisatie.naam})
    return redirect("regio:mijn_regios")


@never_cache
@require_http_methods(["GET", "POST"])
def uitnodiging(request: HttpRequest, token: str) -> HttpResponse:
    gevonden = uitnodigingen.bij_token(token)
    ongeldig = _ongeldig(request, gevonden)
    if ongeldig is not None or gevonden is None:
        return ongeldig or HttpResponse(status=404)
    context: dict[str, object] = {"uitnodiging": gevonden}
    user = request.user
    if user.is_authenticated:
        if not uitnodiging_is_voor(user, gevonden):
            context["ander_account"] = True
            return render(request, "regio/uitnodiging.html", context, status=403)
        if request.method == "POST":
            if snelheid.te_snel(request, ACTIE):
                return snelheid.te_snel_pagina(request, ACTIE)
            try:
                uitnodigingen.uitnodiging_aannemen(uitnodiging=gevonden, acting_user=user)
            except (ValidationError, PermissionDenied) as fout:
                context["fout"] = " ".join(getattr(fout, "messages", [str(fout)]))
                return render(request, "regio/uitnodiging.html", context, status=400)
            return _verder(request, user, gevonden)
        return render(request, "regio/uitnodiging.html", context)
    if uitnodigingen.account_bestaat(gevonden.email):
        context["inloggen"] = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(request, "regio/uitnodiging.html", context)
    form = AccountForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "POST":
        if snelheid.te_snel(request, ACTIE):
            form.is_valid()
            form.add_error(None, snelheid.melding(ACTIE))
            return snelheid.met_wachttijd(render(request, "regio/uitnodiging.html", context, status=429), ACTIE)
        if form.is_valid():
            try:
                gebruiker = uitnodigingen.uitnodiging_aannemen_met_nieuw_account(
                    uitnodiging=gevonden, naam=form.cleaned_data["naam"], wachtwoord=form.cleaned_data["wachtwoord"]
                )
            except ValidationError as fout:
                # Django's password validators say what is wrong with the password; other refusals are the form's.
                codes = [getattr(e, "code", None) or "" for e in getattr(fout, "error_list", [])]
                veld = "wachtwoord" if any(code.startswith("password") for code in codes) else None
                form.add_error(veld, fout.messages)
            else:
                login(request, gebruiker, backend="allauth.account.auth_backends.AuthenticationBackend")
                # A password sign-in, as allauth records one: setting up the second step right after it does not
                # ask the password again (regio/tweestaps.py, _aanmelding_telt_als_bevestiging).
                record_authentication(request, gebruiker, "password", email=gebruiker.email)
                return _verder(request, gebruiker, gevonden)
        return render(request, "regio/uitnodiging.html", context, status=400)
    return render(request, "regio/uitnodiging.html", context)
