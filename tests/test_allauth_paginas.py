"""allauth's pages that the product shows speak formal Dutch ("u", never "je") in the product's layout; allauth's own
speed limits (password reset, confirming it is you) answer with the product's Dutch 429 page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from regio.tweestaps import totp_code
from tests.factories import WACHTWOORD
from tests.personas import TOTP_SLEUTEL, Wereld

pytestmark = pytest.mark.django_db

INFORMEEL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)


def _zichtbare_tekst(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _formeel(html: str) -> str:
    tekst = _zichtbare_tekst(html)
    assert not INFORMEEL.findall(tekst), tekst
    assert "Naar de inhoud" in tekst  # the product's layout (base.html), not allauth's bare page
    return tekst


def _ingelogd(wereld: Wereld) -> Client:
    client = Client()
    client.post(reverse("account_login"), {"login": wereld.bewerker.email, "password": WACHTWOORD})
    return client


def test_confirming_with_the_password_is_formal_and_works(wereld: Wereld) -> None:
    client = _ingelogd(wereld)
    # Asked before two-factor settings change, unless the sign-in was a moment ago (regio.tweestaps): asked directly.
    vraag = {"Location": f"{reverse('account_reauthenticate')}?next={reverse('mfa_activate_totp')}"}
    pagina = client.get(vraag["Location"])
    tekst = _formeel(pagina.content.decode())
    assert "Bevestig dat u het bent" in tekst and "vragen we u uw wachtwoord opnieuw in te vullen" in tekst
    fout = client.post(vraag["Location"], {"password": "niet-het-wachtwoord"})
    assert fout.status_code == 200
    _formeel(fout.content.decode())
    assert client.post(vraag["Location"], {"password": WACHTWOORD})["Location"] == reverse("mfa_activate_totp")


def test_the_ways_to_confirm_are_offered_in_formal_dutch(wereld: Wereld) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": wereld.koepel.email, "password": WACHTWOORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SLEUTEL)})
    met_code = _formeel(client.get(reverse("mfa_reauthenticate")).content.decode())
    assert "Of: met uw wachtwoord" in met_code
    met_wachtwoord = _formeel(client.get(reverse("account_reauthenticate")).content.decode())
    assert "Of: met een code uit uw authenticator-app of een herstelcode" in met_wachtwoord


def test_the_email_address_pages_and_their_messages_are_formal(wereld: Wereld) -> None:
    client = _ingelogd(wereld)
    tekst = _formeel(client.get(reverse("account_email")).content.decode())
    assert "E-mailadres toevoegen" in tekst
    toegevoegd = client.post(
        reverse("account_email"), {"action_add": "", "email": "tweede@zorggroep.test"}, follow=True
    )
    tekst = _formeel(toegevoegd.content.decode())
    assert "Deze e-mailadressen horen bij uw account:" in tekst and "tweede@zorggroep.test" in tekst
    assert "Bevestig uw e-mailadres" in _formeel(
        client.get(reverse("account_email_verification_sent")).content.decode()
    )
    for bericht in ("cannot_delete_primary_email", "email_confirmed", "unverified_primary_email", "primary_email_set"):
        tekst = render_to_string(f"account/messages/{bericht}.txt", {"email": "a@b.test"})
        assert tekst.strip() and not INFORMEEL.findall(tekst), bericht


def test_too_many_password_reset_mails_to_one_address_get_the_dutch_429_page(wereld: Wereld) -> None:
    client = Client()
    for _ in range(5):
        assert client.post(reverse("account_reset_password"), {"email": wereld.bewerker.email}).status_code == 302
    antwoord = client.post(reverse("account_reset_password"), {"email": wereld.bewerker.email})
    assert antwoord.status_code == 429
    tekst = _formeel(antwoord.content.decode())
    assert "Dit kan hoogstens 20 keer per minuut vanaf één netwerk en 5 keer per uur per e-mailadres" in tekst
    assert "Wacht hoogstens een uur" in tekst and antwoord["Retry-After"] == "3600"
    assert len(mail.outbox) == 5
    # Another address is not blocked by it.
    assert client.post(reverse("account_reset_password"), {"email": wereld.lezer.email}).status_code == 302


def test_confirming_it_is_you_stops_after_ten_tries_a_minute(wereld: Wereld) -> None:
    client = _ingelogd(wereld)
    url = reverse("account_reauthenticate")
    for _ in range(10):
        assert client.post(url, {"password": "fout"}).status_code == 200
    antwoord = client.post(url, {"password": WACHTWOORD})
    assert antwoord.status_code == 429
    assert "Dit kan hoogstens 10 keer per minuut per persoon" in _formeel(antwoord.content.decode())
    assert "Even wachten" in _formeel(antwoord.content.decode())
