"""Issue 7: a session ends after a period without requests; an active person is not bothered."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from regio.middleware import InactiviteitMiddleware
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


def _ingelogd(wereld: Wereld) -> Client:
    client = Client()
    client.force_login(wereld.bewerker)
    return client


def test_after_half_an_hour_without_a_request_the_person_is_signed_out_with_a_plain_message(
    wereld: Wereld, settings: object
) -> None:
    client = _ingelogd(wereld)
    adres = reverse("regio:regio_detail", args=[wereld.regio.slug])
    nu = time.time()
    with mock.patch("regio.middleware.time.time", return_value=nu):
        assert client.get(adres).status_code == 200
    with mock.patch("regio.middleware.time.time", return_value=nu + 31 * 60):
        antwoord = client.get(adres, follow=True)
    assert antwoord.request["PATH_INFO"] == reverse("account_login")
    assert "30 minuten niet actief" in antwoord.content.decode()
    assert f"next={adres}" in antwoord.redirect_chain[0][0]
    assert "_auth_user_id" not in client.session


def test_a_person_who_keeps_working_stays_signed_in(wereld: Wereld) -> None:
    client = _ingelogd(wereld)
    adres = reverse("regio:mijn_regios")
    nu = time.time()
    for minuten in range(0, 120, 20):  # a request every 20 minutes for two hours
        with mock.patch("regio.middleware.time.time", return_value=nu + minuten * 60):
            assert client.get(adres).status_code == 200


def test_the_last_request_is_written_to_the_session_at_most_once_a_minute(wereld: Wereld) -> None:
    client = _ingelogd(wereld)
    adres = reverse("regio:mijn_regios")
    nu = time.time()
    with mock.patch("regio.middleware.time.time", return_value=nu):
        client.get(adres)
    eerst = client.session[InactiviteitMiddleware.SLEUTEL]
    with mock.patch("regio.middleware.time.time", return_value=nu + 30):
        client.get(adres)
    assert client.session[InactiviteitMiddleware.SLEUTEL] == eerst
    with mock.patch("regio.middleware.time.time", return_value=nu + 90):
        client.get(adres)
    assert client.session[InactiviteitMiddleware.SLEUTEL] == int(nu + 90)
