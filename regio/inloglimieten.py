"""allauth's limits on signing in (ACCOUNT_RATE_LIMITS in config/settings.py), as a person meets them.

- Every refusal says what the limit is and how long to wait at most (`te_vaak`, allauth's 429 page; the form
  errors in regio/auth_adapter.py), so nobody waits fifteen minutes for a limit of one.
- Without the shared cache (Redis down) signing in goes on instead of answering 500: allauth's limits and its record
  of used codes fall back on each process's own memory (`installeren`).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Which of allauth's limits guards which of its pages (the 429 page is told only the request).
ACTIE_PER_PAGINA = {
    "account_login": "login",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_reauthenticate": "reauthenticate",
    "mfa_reauthenticate": "reauthenticate",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_email": "manage_email",
}
_EENHEDEN = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def grenzen(actie: str) -> list[tuple[int, int, str]]:
    """allauth's limits for `actie` as (how many times, per how many seconds, per what: ip, key or user)."""
    uit = []
    for deel in filter(None, (d.strip() for d in settings.ACCOUNT_RATE_LIMITS.get(actie, "").split(","))):
        aantal, duur, *per = deel.split("/")
        getal, eenheid = duur[:-1] or "1", duur[-1]
        uit.append((int(aantal), int(float(getal) * _EENHEDEN[eenheid]), per[0] if per else "ip"))
    return uit


def _getal(seconden: int) -> tuple[int, bool]:
    """(how many, whether hours) for a period in seconds: whole hours, else minutes (at least one)."""
    if seconden >= 3600 and seconden % 3600 == 0:
        return seconden // 3600, True
    return max(1, round(seconden / 60)), False


def duur(seconden: int) -> str:
    """How long to wait, in words: 'een minuut', '15 minuten', 'een uur'."""
    n, uren = _getal(seconden)
    tekst = ngettext("een uur", "%(n)s uur", n) if uren else ngettext("een minuut", "%(n)s minuten", n)
    return tekst % {"n": n}


def periode(seconden: int) -> str:
    """The period of a limit, after 'per': 'minuut', '15 minuten', 'uur'."""
    n, uren = _getal(seconden)
    tekst = ngettext("uur", "%(n)s uur", n) if uren else ngettext("minuut", "%(n)s minuten", n)
    return tekst % {"n": n}


def _per(per: str) -> str:
    return {"ip": _("vanaf één netwerk"), "key": _("per e-mailadres"), "user": _("per persoon")}.get(per, per)


def melding(actie: str) -> str:
    """What the limit on `actie` is, and the longest wait (the limit that was hit is not told to the 429 page)."""
    delen = [
        _("%(aantal)s keer per %(periode)s %(per)s")
        % {"aantal": aantal, "periode": periode(seconden), "per": _per(per)}
        for aantal, seconden, per in grenzen(actie)
    ]
    if not delen:
        return _("U hebt in korte tijd te veel verzoeken gedaan. Wacht even en probeer het daarna opnieuw.")
    langste = max(seconden for _aantal, seconden, _per_wat in grenzen(actie))
    return _(
        "Dit kan hoogstens %(grenzen)s, en dat is bereikt. Wacht hoogstens %(duur)s en probeer het daarna opnieuw."
    ) % {"grenzen": _(" en ").join(delen), "duur": duur(langste)}


def te_vaak(request: HttpRequest) -> HttpResponse:
    """allauth's 429 page (config/urls.py handler429): the product's page, with the limit and the longest wait."""
    match = request.resolver_match
    actie = ACTIE_PER_PAGINA.get(match.view_name if match is not None else "", "")
    response = render(request, "429.html", {"melding": melding(actie)}, status=429)
    if grenzen(actie):
        response["Retry-After"] = str(max(seconden for _a, seconden, _p in grenzen(actie)))
    return response


class CacheZonderStoring:
    """The shared cache as allauth's sign-in uses it (its rate limits, and the codes of authenticator apps already
    used), without failing when the shared cache does: then this process's own memory stands in, so each web worker
    counts and remembers on its own until Redis is back, and signing in goes on. After a failure the shared cache is
    left alone for PAUZE_SECONDEN, so that a sign-in during an outage does not wait for each call to fail again."""

    PAUZE_SECONDEN = 30.0

    def __init__(self, gedeeld: Any) -> None:
        self._gedeeld = gedeeld
        self._eigen = LocMemCache("regio-inloglimieten", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._pauze_tot = 0.0

    def _vraag(self, methode: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._pauze_tot:
            try:
                return getattr(self._gedeeld, methode)(*args, **kwargs)
            except Exception:
                self._pauze_tot = time.monotonic() + self.PAUZE_SECONDEN
        return getattr(self._eigen, methode)(*args, **kwargs)

    def herstellen(self) -> None:
        """Use the shared cache again from now on, forgetting what this process counted meanwhile."""
        self._pauze_tot = 0.0
        self._eigen.clear()

    def get(self, key: str, default: Any = None) -> Any:
        return self._vraag("get", key, default)

    def add(self, key: str, value: Any, timeout: Any = None) -> bool:
        return bool(self._vraag("add", key, value, timeout=timeout))

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        self._vraag("set", key, value, timeout)

    def delete(self, key: str) -> None:
        self._vraag("delete", key)


def _modules() -> list[Any]:
    from allauth.core.internal import ratelimit
    from allauth.mfa.totp.internal import auth

    return [ratelimit, auth]


def herstellen() -> None:
    """After an outage in a test: back to the shared cache at once, nothing remembered by the process."""
    for module in _modules():
        if isinstance(module.cache, CacheZonderStoring):
            module.cache.herstellen()


def installeren() -> None:
    """Give allauth's rate limits and its record of used codes the cache that does not fail (at start-up,
    regio/apps.py). allauth reads the cache through each module's global `cache`; tests/test_inloggen.py signs in
    with the cache on a closed port."""
    from django.core.cache import cache

    for module in _modules():
        if not isinstance(module.cache, CacheZonderStoring):
            module.cache = CacheZonderStoring(cache)
