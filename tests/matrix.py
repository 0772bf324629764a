"""Helpers for the permission matrix: what a persona experiences when opening a URL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.personas import PERSONAS, Wereld

INLOG = "inlogpagina"


def alle(status: int | str, **uitzonderingen: int | str) -> dict[str, int | str]:
    """The same outcome for every persona, except the ones named.

    An editor whose mandates have expired may do what any editor may, and decide nothing: unless named, she
    gets what the editor (bewerker) gets, and where a valid mandate makes the difference (approving a plan,
    signing a contract) the editor has none either.
    """
    uitzonderingen.setdefault("oud_gemandateerde", uitzonderingen.get("bewerker", status))
    return {p: uitzonderingen.get(p, status) for p in PERSONAS}


def uitkomst(client: Client, url: str, methode: str = "GET") -> int | str:
    """The status a person ends up with, following redirects; INLOG when sent to the sign-in page."""
    response = client.post(url, {}, follow=True) if methode == "POST" else client.get(url, follow=True)
    if response.redirect_chain and response.request["PATH_INFO"] == reverse("account_login"):
        return INLOG
    return response.status_code


def ingelogd(user: object) -> Client:
    """A browser signed in as `user`."""
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


_FORCE_LOGIN = Client.force_login  # Django's own (tests/conftest.py puts met_code_inloggen in its place)


def met_code_inloggen(client: Client, user: Any, backend: str | None = None) -> None:
    """A whole sign-in: whoever has an authenticator app also typed its code, which allauth records in the session
    (approving, agreeing and signing ask for that: regio.tweestaps)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    _FORCE_LOGIN(client, user, backend)
    app = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if app is None:
        return
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "mfa", id=app.pk, type=app.type)
    request.session.save()


def client_voor(wereld: Wereld, persona: str) -> Client:
    client = Client()
    user = wereld.persona(persona)
    if user is not None:
        met_code_inloggen(client, user)
    return client


def url_namen(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """Every named URL pattern of the project, as 'namespace:name'."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            volledig = f"{namespace}:{ns}".strip(":") if ns else namespace
            yield from url_namen(pattern, volledig)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


Url = Callable[[Wereld], str]


def rp(naam: str, *args: object, query: Callable[[Wereld], str] | str = "", plan: str = "plan") -> Url:
    """A regioplan URL of the own region (plan: which plan of the world), with an optional query string."""

    def url(w: Wereld) -> str:
        p = getattr(w, plan)
        pad = reverse(f"regioplan:{naam}", args=[p.regio.slug, p.pk, *[a(w) if callable(a) else a for a in args]])
        q = query(w) if callable(query) else query
        return f"{pad}?{q}" if q else pad

    return url
