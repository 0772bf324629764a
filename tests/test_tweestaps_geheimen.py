"""The authenticator app's key and the recovery-code seed are stored encrypted; codes from the key still sign in;
an unreadable value is refused; migration 0006 encrypts what was stored in plaintext, and its reverse undoes it;
keys can be rotated."""

from __future__ import annotations

import importlib
import io
import json

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from regio import geheimen
from regio.tweestaps import totp_code
from tests.factories import WACHTWOORD
from tests.personas import TOTP_SLEUTEL, Wereld

pytestmark = pytest.mark.django_db

migratie = importlib.import_module("regio.migrations.0006_tweestaps_geheimen_versleutelen")

OUDE_SLEUTEL = "oude-sleutel-voor-tweestaps-0123456789"
NIEUWE_SLEUTEL = "nieuwe-sleutel-voor-tweestaps-0123456789"


def _opgeslagen(authenticator: Authenticator) -> str:
    """The row's data as the database holds it (raw SQL: no model, no adapter in between)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        waarde = cursor.fetchone()[0]
    return waarde if isinstance(waarde, str) else json.dumps(waarde)


def _totp(wereld: Wereld) -> Authenticator:
    return Authenticator.objects.get(user=wereld.beheerder, type=Authenticator.Type.TOTP)


def _herstel(wereld: Wereld) -> Authenticator:
    return Authenticator.objects.get(user=wereld.beheerder, type=Authenticator.Type.RECOVERY_CODES)


def test_the_database_holds_neither_the_key_nor_the_seed_and_a_code_from_the_key_still_signs_in(
    wereld: Wereld,
) -> None:
    rij = _opgeslagen(_totp(wereld))
    assert TOTP_SLEUTEL not in rij
    assert json.loads(rij)["secret"].startswith("gA")  # a Fernet token
    zaad = get_adapter().decrypt(_herstel(wereld).data["seed"])
    assert zaad not in _opgeslagen(_herstel(wereld))
    client = Client()
    client.post(reverse("account_login"), {"login": wereld.beheerder.email, "password": WACHTWOORD})
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SLEUTEL)})["Location"] == reverse(
        "regio:mijn_regios"
    )


def test_a_key_set_up_in_the_app_is_stored_encrypted(wereld: Wereld) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": wereld.bewerker.email, "password": WACHTWOORD})
    # Signed in a moment ago: the set-up opens without asking the password again (regio.tweestaps).
    sleutel = client.get(reverse("mfa_activate_totp")).context["form"].secret
    assert client.post(reverse("mfa_activate_totp"), {"code": totp_code(sleutel)}).status_code == 302
    totp = Authenticator.objects.get(user=wereld.bewerker, type=Authenticator.Type.TOTP)
    assert sleutel not in _opgeslagen(totp)
    assert get_adapter().decrypt(totp.data["secret"]) == sleutel


def test_an_unreadable_value_is_refused_clearly_never_used_as_a_key(wereld: Wereld) -> None:
    with pytest.raises(geheimen.OnleesbaarGeheim, match="not encrypted"):
        get_adapter().decrypt(TOTP_SLEUTEL)
    with pytest.raises(geheimen.OnleesbaarGeheim, match="another key"):
        get_adapter().decrypt(_totp(wereld).data["secret"][:-4] + "AAAA")
    # SECRET_KEY changed without keeping the old one in SECRET_KEY_FALLBACKS: refused, with what to check.
    with (
        override_settings(SECRET_KEY="een-andere-secret-key-" * 3),
        pytest.raises(geheimen.OnleesbaarGeheim, match="SECRET_KEY_FALLBACKS"),
    ):
        get_adapter().decrypt(_totp(wereld).data["secret"])
    with override_settings(SECRET_KEY="een-andere-secret-key-" * 3, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert get_adapter().decrypt(_totp(wereld).data["secret"]) == TOTP_SLEUTEL


def test_the_migration_encrypts_plaintext_secrets_safely_twice_and_its_reverse_restores_them(wereld: Wereld) -> None:
    alles = list(Authenticator.objects.all())
    leesbaar = {a.pk: geheimen.data_ontsleutelen(a.data) for a in alles}
    for a in alles:  # as allauth stored them before 0006
        Authenticator.objects.filter(pk=a.pk).update(data=leesbaar[a.pk])
    assert TOTP_SLEUTEL in _opgeslagen(_totp(wereld))

    migratie.versleutelen(apps, None)
    eerste = {a.pk: a.data for a in Authenticator.objects.all()}
    migratie.versleutelen(apps, None)
    assert {a.pk: a.data for a in Authenticator.objects.all()} == eerste  # not encrypted a second time
    assert TOTP_SLEUTEL not in _opgeslagen(_totp(wereld))
    assert all(geheimen.data_ontsleutelen(eerste[pk]) == leesbaar[pk] for pk in leesbaar)
    client = Client()
    client.post(reverse("account_login"), {"login": wereld.beheerder.email, "password": WACHTWOORD})
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SLEUTEL)}).status_code == 302

    migratie.ontsleutelen(apps, None)
    assert {a.pk: a.data for a in Authenticator.objects.all()} == leesbaar


def test_the_migration_refuses_a_token_no_key_opens_and_changes_nothing(wereld: Wereld) -> None:
    with override_settings(REGIO_TWEESTAPS_SLEUTELS=[OUDE_SLEUTEL]):
        vreemd = geheimen.versleutelen(TOTP_SLEUTEL)
    Authenticator.objects.filter(pk=_totp(wereld).pk).update(data={"secret": vreemd})
    with pytest.raises(geheimen.OnleesbaarGeheim):
        migratie.versleutelen(apps, None)
    assert _totp(wereld).data == {"secret": vreemd}


def _herversleutelen() -> str:
    uit = io.StringIO()
    call_command("tweestaps_herversleutelen", stdout=uit)
    return uit.getvalue()


def test_keys_rotate_old_tokens_open_until_re_encrypted_with_the_new_key(wereld: Wereld) -> None:
    aantal = Authenticator.objects.count()
    # From the key derived from SECRET_KEY to a key of one's own.
    with override_settings(REGIO_TWEESTAPS_SLEUTELS=[OUDE_SLEUTEL]):
        assert get_adapter().decrypt(_totp(wereld).data["secret"]) == TOTP_SLEUTEL
        assert _herversleutelen() == f"{aantal} opnieuw versleuteld.\n"
        assert _herversleutelen() == "0 opnieuw versleuteld.\n"
        oud = _totp(wereld).data["secret"]
    with pytest.raises(geheimen.OnleesbaarGeheim):
        get_adapter().decrypt(oud)
    # A new key in front: the old tokens still open, and are re-encrypted.
    with override_settings(REGIO_TWEESTAPS_SLEUTELS=[NIEUWE_SLEUTEL, OUDE_SLEUTEL]):
        assert get_adapter().decrypt(oud) == TOTP_SLEUTEL
        _herversleutelen()
    with override_settings(REGIO_TWEESTAPS_SLEUTELS=[NIEUWE_SLEUTEL]):
        assert get_adapter().decrypt(_totp(wereld).data["secret"]) == TOTP_SLEUTEL
        assert get_adapter().decrypt(_herstel(wereld).data["seed"])
        client = Client()
        client.post(reverse("account_login"), {"login": wereld.beheerder.email, "password": WACHTWOORD})
        assert client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SLEUTEL)}).status_code == 302
    with override_settings(REGIO_TWEESTAPS_SLEUTELS=[OUDE_SLEUTEL]), pytest.raises(geheimen.OnleesbaarGeheim):
        get_adapter().decrypt(_totp(wereld).data["secret"])


def test_re_encrypting_with_a_missing_key_stops_with_a_clear_message_and_changes_nothing(wereld: Wereld) -> None:
    with override_settings(REGIO_TWEESTAPS_SLEUTELS=[OUDE_SLEUTEL]):
        _herversleutelen()
    voor = {a.pk: a.data for a in Authenticator.objects.all()}
    with override_settings(REGIO_TWEESTAPS_SLEUTELS=[NIEUWE_SLEUTEL]), pytest.raises(CommandError, match="Niets"):
        _herversleutelen()
    assert {a.pk: a.data for a in Authenticator.objects.all()} == voor
