"""Signing in, out, a forgotten password, and the lockout after five wrong passwords."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import WACHTWOORD
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


def _inloggen(client: Client, email: str, wachtwoord: str):
    return client.post(reverse("account_login"), {"login": email, "password": wachtwoord}, follow=True)


def test_a_persona_signs_in_with_email_and_password_and_lands_on_mijn_regios(wereld: Wereld) -> None:
    response = _inloggen(Client(), "anna@zorggroep.test", WACHTWOORD)
    assert response.request["PATH_INFO"] == reverse("regio:mijn_regios")
    assert "Eigen regio" in response.content.decode()


def test_the_email_address_is_not_case_sensitive(wereld: Wereld) -> None:
    response = _inloggen(Client(), "Anna@Zorggroep.TEST", WACHTWOORD)
    assert response.request["PATH_INFO"] == reverse("regio:mijn_regios")


def test_a_wrong_password_gives_a_dutch_message(wereld: Wereld) -> None:
    html = _inloggen(Client(), "anna@zorggroep.test", "fout-wachtwoord").content.decode()
    assert "Het e-mailadres of het wachtwoord is niet juist." in html


def test_signing_out_ends_the_session(wereld: Wereld) -> None:
    client = Client()
    _inloggen(client, "anna@zorggroep.test", WACHTWOORD)
    client.post(reverse("account_logout"))
    response = client.get(reverse("regio:mijn_regios"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_five_wrong_passwords_lock_the_address_with_a_clear_dutch_message(wereld: Wereld) -> None:
    client = Client()
    for _ in range(5):
        html = _inloggen(client, "anna@zorggroep.test", "fout-wachtwoord").content.decode()
        assert "Te veel" not in html
    html = _inloggen(client, "anna@zorggroep.test", "fout-wachtwoord").content.decode()
    assert "Te veel mislukte inlogpogingen. Wacht 15 minuten" in html
    # Even the right password waits now: guessing cannot go on.
    response = _inloggen(client, "anna@zorggroep.test", WACHTWOORD)
    assert response.request["PATH_INFO"] == reverse("account_login")
    # Other people are not affected.
    response = _inloggen(Client(), "carla@praktijk.test", WACHTWOORD)
    assert response.request["PATH_INFO"] == reverse("regio:mijn_regios")


def test_a_forgotten_password_is_reset_by_email(wereld: Wereld) -> None:
    client = Client()
    response = client.post(reverse("account_reset_password"), {"email": "anna@zorggroep.test"}, follow=True)
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+)", str(mail.outbox[0].body))
    assert link, mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    nieuw = "een-ander-lang-wachtwoord-2026"
    response = client.post(response.request["PATH_INFO"], {"password1": nieuw, "password2": nieuw}, follow=True)
    assert response.status_code == 200
    response = _inloggen(Client(), "anna@zorggroep.test", nieuw)
    assert response.request["PATH_INFO"] == reverse("regio:mijn_regios")


def test_password_reset_does_not_reveal_whether_an_address_exists(wereld: Wereld) -> None:
    bestaand = Client().post(reverse("account_reset_password"), {"email": "anna@zorggroep.test"}, follow=True)
    onbekend = Client().post(reverse("account_reset_password"), {"email": "niemand@nergens.test"}, follow=True)
    assert bestaand.request["PATH_INFO"] == onbekend.request["PATH_INFO"]
    assert bestaand.status_code == onbekend.status_code == 200


def test_nobody_can_sign_up_on_their_own(db: None) -> None:
    html = Client().get(reverse("account_signup")).content.decode()
    assert "Aanmelden kan niet" in html
    assert 'name="password1"' not in html
