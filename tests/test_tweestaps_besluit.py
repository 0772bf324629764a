"""Approving a plan, agreeing to a regiobeeld and signing a contract ask for two-factor authentication at the moment
of the decision (regio.tweestaps.tweestaps_voor_besluit): a mandate given a minute ago cannot be used on the
middleware's remembered pass, and a session in which the app was never used cannot decide."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from contracten import services as contract_services
from contracten.models import Contract
from regio import services as regio_services
from regio.models import Gebruiker, Onderwerp
from regio.tweestaps import totp_code
from regiobeeld.models import Akkoord
from tests.factories import WACHTWOORD
from tests.personas import START, TOTP_SLEUTEL, Wereld, wereld_bouwen
from tests.regioplan.werelden import actueel, indienen, plan_maken, regiobeeld_met_uitdagingen

pytestmark = pytest.mark.django_db

MIJN_REGIOS = reverse("regio:mijn_regios")
INSTELLEN = reverse("mfa_activate_totp")
BEVESTIGEN = reverse("mfa_reauthenticate")
NIET_ZONDER = "Goedkeuren, akkoord geven en tekenen kan alleen met tweestapsverificatie."


def _met_wachtwoord_ingelogd(gebruiker: Gebruiker) -> Client:
    """Signed in through the form with the password only, one page opened: the middleware let them pass, and
    remembers that for a minute (DOORLAAT_SECONDEN)."""
    client = Client()
    antwoord = client.post(reverse("account_login"), {"login": gebruiker.email, "password": WACHTWOORD})
    assert antwoord["Location"] == MIJN_REGIOS
    assert client.get(MIJN_REGIOS).status_code == 200
    return client


def _mandaat_bij_de_zorggroep(wereld: Wereld, onderwerp: str, gebruiker: Gebruiker | None = None) -> None:
    regio_services.mandaat_verlenen(
        gebruiker=gebruiker or wereld.bewerker,
        organisatie=wereld.zorggroep,
        regio=wereld.regio,
        onderwerp=onderwerp,
        geldig_van=START,
        acting_user=wereld.koepel,
    )


def _akkoord_url(wereld: Wereld) -> str:
    return reverse("regiobeeld:akkoord", args=[wereld.regio.slug, 2026])


def test_a_mandate_given_a_minute_ago_cannot_agree_to_the_regiobeeld_without_two_factor(wereld: Wereld) -> None:
    regiobeeld = regiobeeld_met_uitdagingen(wereld)
    anna = _met_wachtwoord_ingelogd(wereld.bewerker)
    _mandaat_bij_de_zorggroep(wereld, Onderwerp.REGIOBEELD)
    antwoord = anna.post(_akkoord_url(wereld), {"versie": regiobeeld.versie}, follow=True)
    html = antwoord.content.decode()
    assert NIET_ZONDER in html
    assert f'<a href="{INSTELLEN}">Tweestapsverificatie instellen</a>' in html
    assert not Akkoord.objects.filter(regiobeeld=regiobeeld).exists()


def test_a_mandate_given_a_minute_ago_cannot_approve_the_plan_without_two_factor(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    plan = indienen(wereld, plan)
    anna = _met_wachtwoord_ingelogd(wereld.bewerker)
    _mandaat_bij_de_zorggroep(wereld, Onderwerp.REGIOPLAN)
    url = reverse("regioplan:goedkeuren", args=[wereld.regio.slug, plan.pk])
    antwoord = anna.post(url, {"versie": actueel(plan).versie})
    assert antwoord.status_code == 403
    html = antwoord.content.decode()
    assert NIET_ZONDER in html and f'href="{INSTELLEN}"' in html
    assert not actueel(plan).goedkeuringen.exists()


def test_a_mandate_given_a_minute_ago_cannot_sign_the_contract_without_two_factor(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    contract_services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=w.bewerker)
    anna = _met_wachtwoord_ingelogd(w.bewerker)
    _mandaat_bij_de_zorggroep(w, Onderwerp.CONTRACT)
    contract.refresh_from_db()
    url = reverse("contracten:ondertekenen", args=[w.regio.slug, contract.pk])
    html = anna.post(url, {"versie": contract.versie}, follow=True).content.decode()
    assert NIET_ZONDER in html and f'href="{INSTELLEN}"' in html
    assert not contract.ondertekeningen.exists()


@pytest.mark.django_db(transaction=True)  # allauth announces the new app once it is committed
def test_after_setting_up_the_app_in_this_session_she_can_agree() -> None:
    wereld = wereld_bouwen()  # a transactional test builds its own world (tests/eenmalig.py)
    regiobeeld = regiobeeld_met_uitdagingen(wereld)
    anna = _met_wachtwoord_ingelogd(wereld.bewerker)
    _mandaat_bij_de_zorggroep(wereld, Onderwerp.REGIOBEELD)
    anna.post(_akkoord_url(wereld), {"versie": regiobeeld.versie})
    # She signed in a moment ago: the set-up does not ask her password again.
    sleutel = anna.get(INSTELLEN).context["form"].secret
    assert anna.post(INSTELLEN, {"code": totp_code(sleutel)}).status_code == 302
    html = anna.post(_akkoord_url(wereld), {"versie": regiobeeld.versie}, follow=True).content.decode()
    assert "Akkoord gegeven namens Zorggroep Eigen" in html
    assert Akkoord.objects.filter(regiobeeld=regiobeeld, gebruiker=wereld.bewerker).exists()


def test_someone_with_an_app_not_used_in_this_session_confirms_with_a_code_first(wereld: Wereld) -> None:
    regiobeeld = regiobeeld_met_uitdagingen(wereld)
    _mandaat_bij_de_zorggroep(wereld, Onderwerp.REGIOBEELD, gebruiker=wereld.beheerder)
    bram = Client()
    assert bram.login(email=wereld.beheerder.email, password=WACHTWOORD)  # a session without the second step
    html = bram.post(_akkoord_url(wereld), {"versie": regiobeeld.versie}, follow=True).content.decode()
    assert "Bevestig eerst met een code uit uw authenticator-app dat u het bent" in html
    assert f'href="{BEVESTIGEN}"' in html
    assert not Akkoord.objects.filter(regiobeeld=regiobeeld).exists()
    assert bram.post(BEVESTIGEN, {"code": totp_code(TOTP_SLEUTEL)}).status_code == 302
    bram.post(_akkoord_url(wereld), {"versie": regiobeeld.versie})
    assert Akkoord.objects.filter(regiobeeld=regiobeeld, gebruiker=wereld.beheerder).exists()
