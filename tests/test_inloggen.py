"""Signing in, out, a forgotten password, the lockout after five wrong passwords for one address (and none for a
network), and signing in while the shared cache (Redis) is down."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from regio import inloglimieten
from regio.tweestaps import totp_code
from tests.factories import WACHTWOORD
from tests.personas import TOTP_SLEUTEL, Wereld
from tests.servers import vrije_poort

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
    assert (
        "Met dit e-mailadres is 5 keer een verkeerd wachtwoord ingevuld. Inloggen met dit adres kan daarom "
        "hoogstens 15 minuten niet, ook niet met het juiste wachtwoord."
    ) in html
    assert "Wachtwoord vergeten?" in html
    # Even the right password waits now: guessing cannot go on.
    response = _inloggen(client, "anna@zorggroep.test", WACHTWOORD)
    assert response.request["PATH_INFO"] == reverse("account_login")
    # Other people are not affected.
    response = _inloggen(Client(), "carla@praktijk.test", WACHTWOORD)
    assert response.request["PATH_INFO"] == reverse("regio:mijn_regios")


def test_wrong_passwords_from_one_network_do_not_lock_out_colleagues_who_type_theirs_correctly(
    wereld: Wereld,
) -> None:
    # One practice's or insurer's NAT: every request below comes from the same IP address.
    for email in ("olga@zorggroep.test", "carla@praktijk.test", "hans@praktijk.test", "niemand@praktijk.test"):
        for _ in range(4):
            html = _inloggen(Client(), email, "fout-wachtwoord").content.decode()
            assert "Het e-mailadres of het wachtwoord is niet juist." in html
    response = _inloggen(Client(), "anna@zorggroep.test", WACHTWOORD)
    assert response.request["PATH_INFO"] == reverse("regio:mijn_regios")


def test_thirty_sign_in_attempts_a_minute_from_one_network_say_so_and_how_long_to_wait(wereld: Wereld) -> None:
    for i in range(30):
        _inloggen(Client(), f"iemand{i}@elders.test", "fout-wachtwoord")
    response = Client().post(reverse("account_login"), {"login": "anna@zorggroep.test", "password": WACHTWOORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Dit kan hoogstens 30 keer per minuut vanaf één netwerk, en dat is bereikt." in html
    assert "Wacht hoogstens een minuut" in html
    assert response["Retry-After"] == "60"


@contextlib.contextmanager
def _zonder_redis() -> Iterator[None]:
    """The cache on a port nothing listens on: every call fails with ConnectionError, as when Redis is down."""
    locatie = f"redis://127.0.0.1:{vrije_poort()}/0"
    try:
        with override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": locatie}}
        ):
            yield
    finally:
        inloglimieten.herstellen()


def test_signing_in_works_while_the_cache_is_down(wereld: Wereld) -> None:
    with _zonder_redis():
        response = _inloggen(Client(), "anna@zorggroep.test", WACHTWOORD)
        assert response.request["PATH_INFO"] == reverse("regio:mijn_regios")
        assert "Eigen regio" in response.content.decode()
        html = _inloggen(Client(), "anna@zorggroep.test", "fout-wachtwoord").content.decode()
        assert "Het e-mailadres of het wachtwoord is niet juist." in html
        # With an authenticator app: the second step too.
        client = Client()
        assert _inloggen(client, "bram@zorggroep.test", WACHTWOORD).request["PATH_INFO"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SLEUTEL)}, follow=True)
        assert response.request["PATH_INFO"] == reverse("regio:mijn_regios")
        # The limits still count, in each process's own memory.
        for _ in range(5):
            _inloggen(Client(), "olga@zorggroep.test", "fout-wachtwoord")
        html = _inloggen(Client(), "olga@zorggroep.test", WACHTWOORD).content.decode()
        assert "Met dit e-mailadres is 5 keer een verkeerd wachtwoord ingevuld." in html


def test_a_password_reset_mail_is_sent_while_the_cache_is_down(wereld: Wereld) -> None:
    with _zonder_redis():
        response = Client().post(reverse("account_reset_password"), {"email": "anna@zorggroep.test"})
        assert response.status_code == 302
    assert [bericht.to for bericht in mail.outbox] == [["anna@zorggroep.test"]]


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
