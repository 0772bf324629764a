"""The log records every switch of two-factor authentication: on, off, new recovery codes, and signing in with a
recovery code; with who, when and from which address. An organisation's managers see it for their members."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from regio.audit import regels_voor_organisatie
from regio.models import Auditregel, Gebruiker
from regio.tweestaps import totp_code
from tests.factories import WACHTWOORD
from tests.personas import TOTP_SLEUTEL, Wereld

pytestmark = pytest.mark.django_db

# allauth sends "added" and "reset" after the transaction commits; pytest-django's test transaction never does.
OnCommit = Callable[..., AbstractContextManager[Any]]


def _regels(gebruiker: Gebruiker) -> list[str]:
    return list(
        Auditregel.objects.filter(soort=Auditregel.Soort.TWEESTAPS, gebruiker=gebruiker)
        .order_by("pk")
        .values_list("wat", flat=True)
    )


def _ingelogd(gebruiker: Gebruiker) -> Client:
    """Signed in with the password only (no app yet): a moment later the set-up opens without asking it again."""
    client = Client(REMOTE_ADDR="192.0.2.7")
    client.post(reverse("account_login"), {"login": gebruiker.email, "password": WACHTWOORD})
    return client


def test_switching_it_on_and_off_writes_a_line_each_with_who_and_the_address(
    wereld: Wereld, django_capture_on_commit_callbacks: OnCommit
) -> None:
    client = _ingelogd(wereld.bewerker)
    sleutel = client.get(reverse("mfa_activate_totp")).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("mfa_activate_totp"), {"code": totp_code(sleutel)}).status_code == 302
    assert _regels(wereld.bewerker) == [
        "tweestapsverificatie aangezet: authenticator-app ingesteld",
        "herstelcodes gemaakt",
    ]
    assert client.post(reverse("mfa_deactivate_totp"))["Location"] == reverse("mfa_index")
    assert _regels(wereld.bewerker)[2:] == [
        "tweestapsverificatie uitgezet: authenticator-app verwijderd",
        "herstelcodes verwijderd",
    ]
    regel = Auditregel.objects.filter(soort=Auditregel.Soort.TWEESTAPS).latest("pk")
    assert (regel.gebruiker, regel.wie, regel.ip) == (wereld.bewerker, wereld.bewerker.email, "192.0.2.7")
    assert regel.get_soort_display() == "tweestapsverificatie"


def test_new_recovery_codes_write_a_line(wereld: Wereld, django_capture_on_commit_callbacks: OnCommit) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": wereld.koepel.email, "password": WACHTWOORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SLEUTEL)})
    nieuw = reverse("mfa_generate_recovery_codes")
    client.post(client.get(nieuw)["Location"], {"password": WACHTWOORD})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(nieuw).status_code == 302
    assert _regels(wereld.koepel) == ["nieuwe herstelcodes gemaakt; de vorige werken niet meer"]


def test_signing_in_with_a_recovery_code_writes_a_line_with_how_many_are_left(wereld: Wereld) -> None:
    herstel = Authenticator.objects.get(user=wereld.beheerder, type=Authenticator.Type.RECOVERY_CODES)
    client = Client()
    client.post(reverse("account_login"), {"login": wereld.beheerder.email, "password": WACHTWOORD})
    assert client.post(reverse("mfa_authenticate"), {"code": herstel.wrap().get_unused_codes()[0]}).status_code == 302
    assert _regels(wereld.beheerder) == ["ingelogd met een herstelcode (nog 9 over)"]


def test_signing_in_with_the_app_writes_only_the_sign_in_line(wereld: Wereld) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": wereld.beheerder.email, "password": WACHTWOORD})
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SLEUTEL)}).status_code == 302
    assert _regels(wereld.beheerder) == []
    assert Auditregel.objects.filter(soort=Auditregel.Soort.INLOG, gebruiker=wereld.beheerder).count() == 1


def test_the_organisations_managers_see_their_members_two_factor_lines(wereld: Wereld) -> None:
    herstel = Authenticator.objects.get(user=wereld.beheerder, type=Authenticator.Type.RECOVERY_CODES)
    client = Client()
    client.post(reverse("account_login"), {"login": wereld.beheerder.email, "password": WACHTWOORD})
    client.post(reverse("mfa_authenticate"), {"code": herstel.wrap().get_unused_codes()[0]})
    eigen = regels_voor_organisatie(wereld.zorggroep).filter(soort=Auditregel.Soort.TWEESTAPS)
    assert [r.gebruiker for r in eigen] == [wereld.beheerder]
    assert not regels_voor_organisatie(wereld.andere_zorggroep).filter(soort=Auditregel.Soort.TWEESTAPS).exists()
