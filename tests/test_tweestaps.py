"""Two-factor authentication: required for koepel staff and mandate holders, optional for others; asked at sign-in
of everyone who has it; recovery codes work once; who must use it cannot switch it off."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regio import services
from regio.models import Gebruiker, Onderwerp, Regio
from regio.tweestaps import totp_code, tweestaps_actief, tweestaps_verplicht
from tests.factories import WACHTWOORD
from tests.personas import START, TOTP_SLEUTEL, Wereld

pytestmark = pytest.mark.django_db

INSTELLEN = reverse("mfa_activate_totp")
TWEEDE_STAP = reverse("mfa_authenticate")
MIJN_REGIOS = reverse("regio:mijn_regios")


def _zonder_tweestaps(gebruiker: Gebruiker) -> Gebruiker:
    Authenticator.objects.filter(user=gebruiker).delete()
    return gebruiker


def _ingelogd(gebruiker: Gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def _wachtwoord(client: Client, gebruiker: Gebruiker):
    return client.post(reverse("account_login"), {"login": gebruiker.email, "password": WACHTWOORD})


def _wachtwoord_bevestigen(client: Client, response):
    """allauth asks the password again before two-factor settings change (also right after signing in)."""
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    return client.post(response["Location"], {"password": WACHTWOORD}, follow=True)


def _foute_code(sleutel: str) -> str:
    nu = time.time()
    geldig = {totp_code(sleutel, nu + d) for d in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in geldig)


def _herstelcodes(gebruiker: Gebruiker) -> list[str]:
    return Authenticator.objects.get(user=gebruiker, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()


# Who must


def test_koepel_staff_and_people_with_a_mandate_valid_today_must_use_it(wereld: Wereld) -> None:
    assert tweestaps_verplicht(wereld.koepel)
    assert tweestaps_verplicht(wereld.beheerder)
    assert not tweestaps_verplicht(wereld.oud_gemandateerde)  # her mandates ran out in 2025
    for persoon in (wereld.bewerker, wereld.lezer, wereld.praktijkhouder, wereld.zorginkoper):
        assert not tweestaps_verplicht(persoon)
    services.mandaat_verlenen(
        gebruiker=wereld.zorginkoper,
        organisatie=wereld.verzekeraar,
        regio=wereld.regio,
        onderwerp=Onderwerp.CONTRACT,
        geldig_van=START,
        acting_user=wereld.koepel,
    )
    assert tweestaps_verplicht(wereld.zorginkoper)


# Sent to set it up


@pytest.mark.parametrize("persona", ["koepel", "beheerder"])
def test_who_must_but_has_no_authenticator_app_is_sent_to_set_it_up_from_every_page(
    wereld: Wereld, persona: str
) -> None:
    client = _ingelogd(_zonder_tweestaps(wereld.persona(persona)))  # type: ignore[arg-type]
    for adres in (MIJN_REGIOS, reverse("regio:regio_detail", args=[wereld.regio.slug]), "/beheer/", "/beheer/regio/"):
        response = client.get(adres)
        assert (response.status_code, response["Location"]) == (302, INSTELLEN), adres
    html = client.get(MIJN_REGIOS, follow=True).content.decode()
    reden = "koepelmedewerker bent" if persona == "koepel" else "een mandaat hebt"
    assert f"Omdat u {reden}, is tweestapsverificatie verplicht. Stel het nu in." in html


def test_a_post_is_not_carried_out_before_the_second_factor_is_set_up(wereld: Wereld) -> None:
    client = _ingelogd(_zonder_tweestaps(wereld.koepel))
    response = client.post("/beheer/regio/regio/add/", {"naam": "Stiekem", "slug": "stiekem"})
    assert (response.status_code, response["Location"]) == (302, INSTELLEN)
    assert not Regio.objects.filter(slug="stiekem").exists()


def test_htmx_requests_send_the_whole_page_to_the_set_up(wereld: Wereld) -> None:
    client = _ingelogd(_zonder_tweestaps(wereld.beheerder))
    response = client.get(MIJN_REGIOS, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == INSTELLEN


def test_setting_up_signing_out_the_password_the_language_and_the_health_check_stay_open(wereld: Wereld) -> None:
    client = _ingelogd(_zonder_tweestaps(wereld.beheerder))
    for adres in (reverse("mfa_index"), reverse("account_change_password"), reverse("regio:gezondheid")):
        assert client.get(adres).status_code == 200, adres
    assert client.post(reverse("set_language"), {"language": "nl", "next": "/"}).status_code == 302
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(MIJN_REGIOS)["Location"].startswith(reverse("account_login"))


def test_with_an_authenticator_app_they_pass(wereld: Wereld) -> None:
    assert tweestaps_actief(wereld.koepel) and tweestaps_actief(wereld.beheerder)
    koepel = _ingelogd(wereld.koepel)
    assert koepel.get(MIJN_REGIOS).status_code == 200
    assert koepel.get("/beheer/").status_code == 200
    beheerder = _ingelogd(wereld.beheerder)
    assert beheerder.get(MIJN_REGIOS).status_code == 200
    assert beheerder.get("/beheer/", follow=True).status_code == 403  # not koepel staff: the admin stays closed


def test_the_check_costs_one_query_a_minute_and_a_new_mandate_counts_within_it(wereld: Wereld) -> None:
    client = _ingelogd(wereld.bewerker)

    def vragen_naar_tweestaps() -> int:
        with CaptureQueriesContext(connection) as vragen:
            assert client.get(MIJN_REGIOS).status_code == 200
        return sum("mfa_authenticator" in v["sql"] for v in vragen.captured_queries)

    assert (vragen_naar_tweestaps(), vragen_naar_tweestaps()) == (1, 0)
    services.mandaat_verlenen(
        gebruiker=wereld.bewerker,
        organisatie=wereld.zorggroep,
        regio=wereld.regio,
        onderwerp=Onderwerp.REGIOPLAN,
        geldig_van=START,
        acting_user=wereld.koepel,
    )
    cache.clear()  # DOORLAAT_SECONDEN later
    assert client.get(MIJN_REGIOS)["Location"] == INSTELLEN


def test_someone_who_gets_a_mandate_sets_it_up_right_after_signing_in(wereld: Wereld) -> None:
    services.mandaat_verlenen(
        gebruiker=wereld.bewerker,
        organisatie=wereld.zorggroep,
        regio=wereld.regio,
        onderwerp=Onderwerp.REGIOPLAN,
        geldig_van=START,
        acting_user=wereld.koepel,
    )
    client = Client()
    assert _wachtwoord(client, wereld.bewerker)["Location"] == MIJN_REGIOS  # no app yet: no second step
    response = client.get(MIJN_REGIOS)
    assert response["Location"] == INSTELLEN
    # She typed her password a moment ago: the set-up opens without asking it again.
    pagina = client.get(INSTELLEN)
    assert pagina.status_code == 200
    assert "Omdat u een mandaat hebt" in " ".join(str(m) for m in pagina.context["messages"])
    sleutel = pagina.context["form"].secret
    response = client.post(INSTELLEN, {"code": totp_code(sleutel)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(response["Location"]).content.decode()
    assert "Bewaar deze codes nu" in codes
    assert all(code in codes for code in _herstelcodes(wereld.bewerker))
    # Shown once.
    nogmaals = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert not any(code in nogmaals for code in _herstelcodes(wereld.bewerker))
    assert client.get(MIJN_REGIOS).status_code == 200


def test_the_password_is_asked_again_when_the_sign_in_is_no_longer_fresh(
    wereld: Wereld, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    _wachtwoord(client, wereld.bewerker)
    later = time.time() + 301  # past allauth's confirmation window of 300 s
    monkeypatch.setattr(time, "time", lambda: later)
    pagina = _wachtwoord_bevestigen(client, client.get(INSTELLEN))
    assert pagina.request["PATH_INFO"] == INSTELLEN


def test_a_person_with_an_app_is_asked_for_the_password_before_changing_it(wereld: Wereld) -> None:
    client = Client()
    _wachtwoord(client, wereld.bewerker)
    sleutel = client.get(INSTELLEN).context["form"].secret
    assert client.post(INSTELLEN, {"code": totp_code(sleutel)}).status_code == 302
    client.logout()
    _wachtwoord(client, wereld.bewerker)  # now the second step follows
    client.post(TWEEDE_STAP, {"code": totp_code(sleutel, time.time() + 30)})
    # The first sign-in counted only for the first set-up: switching it off asks the password.
    assert client.get(reverse("mfa_deactivate_totp"))["Location"].startswith(reverse("account_reauthenticate"))


# Optional for others


@pytest.mark.parametrize("persona", ["oud_gemandateerde", "bewerker"])
def test_others_are_not_forced_but_can_switch_it_on_and_off(wereld: Wereld, persona: str) -> None:
    gebruiker: Gebruiker = wereld.persona(persona)  # type: ignore[assignment]
    client = Client()
    _wachtwoord(client, gebruiker)
    assert client.get(MIJN_REGIOS).status_code == 200
    assert 'href="/account/2fa/"' in client.get(MIJN_REGIOS).content.decode()  # "Tweestapsverificatie" in the menu
    pagina = client.get(INSTELLEN)  # signed in a moment ago: not asked for the password again
    assert pagina.status_code == 200
    fout = client.post(INSTELLEN, {"code": _foute_code(pagina.context["form"].secret)})
    assert "Deze code klopt niet." in fout.content.decode()
    assert client.post(INSTELLEN, {"code": totp_code(pagina.context["form"].secret)}).status_code == 302
    assert tweestaps_actief(gebruiker)
    assert reverse("mfa_deactivate_totp") in client.get(reverse("mfa_index")).content.decode()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response["Location"] == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=gebruiker).exists()


# At sign-in


def test_sign_in_asks_the_code_refuses_a_wrong_one_and_accepts_the_right_one(wereld: Wereld) -> None:
    client = Client()
    assert _wachtwoord(client, wereld.beheerder)["Location"] == TWEEDE_STAP
    assert client.get(MIJN_REGIOS)["Location"].startswith(reverse("account_login"))  # not signed in yet
    stap = client.get(TWEEDE_STAP).content.decode()
    assert "Vul de code in die uw authenticator-app nu toont" in stap
    fout = client.post(TWEEDE_STAP, {"code": _foute_code(TOTP_SLEUTEL)})
    assert fout.status_code == 200
    assert "Deze code klopt niet." in fout.content.decode()
    assert client.get(MIJN_REGIOS)["Location"].startswith(reverse("account_login"))
    goed = client.post(TWEEDE_STAP, {"code": totp_code(TOTP_SLEUTEL)}, follow=True)
    assert goed.request["PATH_INFO"] == MIJN_REGIOS
    assert "Eigen regio" in goed.content.decode()


def test_a_code_works_once(wereld: Wereld) -> None:
    code = totp_code(TOTP_SLEUTEL)
    eerste = Client()
    _wachtwoord(eerste, wereld.koepel)
    assert eerste.post(TWEEDE_STAP, {"code": code})["Location"] == MIJN_REGIOS
    tweede = Client()
    _wachtwoord(tweede, wereld.koepel)
    assert "Deze code klopt niet." in tweede.post(TWEEDE_STAP, {"code": code}).content.decode()


def test_five_wrong_codes_lock_the_second_step_like_wrong_passwords(wereld: Wereld) -> None:
    client = Client()
    _wachtwoord(client, wereld.beheerder)
    for _ in range(5):
        client.post(TWEEDE_STAP, {"code": _foute_code(TOTP_SLEUTEL)})
    html = client.post(TWEEDE_STAP, {"code": totp_code(TOTP_SLEUTEL)}).content.decode()
    assert "U hebt 5 keer een verkeerde code ingevuld." in html
    assert "Met een code inloggen of bevestigen kan daarom hoogstens 15 minuten niet" in html
    assert "Wachtwoord vergeten" not in html  # a new password does not help here
    assert client.get(MIJN_REGIOS).status_code == 302


def test_a_recovery_code_signs_in_once(wereld: Wereld) -> None:
    herstelcode = _herstelcodes(wereld.beheerder)[0]
    client = Client()
    _wachtwoord(client, wereld.beheerder)
    assert client.post(TWEEDE_STAP, {"code": herstelcode})["Location"] == MIJN_REGIOS
    assert herstelcode not in _herstelcodes(wereld.beheerder)
    nogmaals = Client()
    _wachtwoord(nogmaals, wereld.beheerder)
    assert "Deze code klopt niet." in nogmaals.post(TWEEDE_STAP, {"code": herstelcode}).content.decode()
    assert nogmaals.get(MIJN_REGIOS).status_code == 302


# Switching off


def test_a_mandate_holder_cannot_switch_it_off(wereld: Wereld) -> None:
    client = Client()
    _wachtwoord(client, wereld.beheerder)
    client.post(TWEEDE_STAP, {"code": totp_code(TOTP_SLEUTEL)})
    overzicht = client.get(reverse("mfa_index")).content.decode()
    assert "U kunt haar daarom niet uitzetten." in overzicht
    assert reverse("mfa_deactivate_totp") not in overzicht  # the page does not offer what would be refused
    pagina = _wachtwoord_bevestigen(client, client.get(reverse("mfa_deactivate_totp"))).content.decode()
    assert "Tweestapsverificatie is voor u verplicht" in pagina
    assert "U kunt haar daarom niet uitzetten." in pagina
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "Tweestapsverificatie is voor u verplicht" in response.content.decode()
    assert tweestaps_actief(wereld.beheerder)


# The demo


def test_demo_code_refuses_people_who_are_not_demo_personas(wereld: Wereld) -> None:
    echt = Gebruiker.objects.create_user("iemand@huisartsen.nl", WACHTWOORD, naam="Echt Iemand", is_staff=True)
    Authenticator.objects.create(user=echt, type=Authenticator.Type.TOTP, data={"secret": TOTP_SLEUTEL})
    with pytest.raises(CommandError, match="geen demopersoon"):
        call_command("demo_code", "iemand@huisartsen.nl")
    with pytest.raises(CommandError, match="Geen gebruiker"):
        call_command("demo_code", "niemand@nergens.nl")


def test_changing_two_factor_settings_can_be_confirmed_with_a_code_instead_of_the_password(wereld: Wereld) -> None:
    client = Client()
    _wachtwoord(client, wereld.koepel)
    client.post(TWEEDE_STAP, {"code": totp_code(TOTP_SLEUTEL)})
    nieuwe_codes = reverse("mfa_generate_recovery_codes")
    assert client.get(nieuwe_codes)["Location"].startswith(reverse("account_reauthenticate"))
    bevestigen = f"{reverse('mfa_reauthenticate')}?next={nieuwe_codes}"
    assert "Bevestig dat u het bent" in client.get(bevestigen).content.decode()
    # The code of the next period: the one of this period was just used to sign in.
    response = client.post(bevestigen, {"code": totp_code(TOTP_SLEUTEL, time.time() + 30), "next": nieuwe_codes})
    assert response["Location"] == nieuwe_codes
    assert "Nieuwe herstelcodes maken" in client.get(nieuwe_codes).content.decode()
