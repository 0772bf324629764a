"""Invitations: a manager invites by e-mail; the link makes a new person a member with a password (and sends a new
manager on to two-factor authentication), or adds the membership to an existing account; it expires, is sent again
with a new link, is withdrawn, works once, and inviting is rate-limited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regio import tasks, uitnodigingen
from regio.models import Auditregel, Gebruiker, Lidmaatschap, Rol, Uitnodiging
from tests.factories import WACHTWOORD, GebruikerFactory
from tests.matrix import ingelogd
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

WACHTWOORD_NIEUW = "paars-konijn-fietst-snel-42"


def _uitnodigen(client: Client, wereld: Wereld, email: str, rol: str = Rol.BEWERKER, **extra: str) -> Any:
    return client.post(
        reverse("regio:uitnodigen", args=[wereld.zorggroep.pk]), {"email": email, "rol": rol, "functie": "", **extra}
    )


def _link_uit_mail(bericht: mail.EmailMessage) -> str:
    gevonden = re.search(r"https?://\S+(/uitnodiging/[^/\s]+/)", str(bericht.body))
    assert gevonden, bericht.body
    return gevonden.group(1)


def _uitnodiging_gemaild(wereld: Wereld, capture: Any, email: str, rol: str = Rol.BEWERKER) -> str:
    with capture(execute=True):
        antwoord = _uitnodigen(ingelogd(wereld.beheerder), wereld, email, rol)
    assert antwoord.status_code == 302
    assert mail.outbox[-1].to == [email.lower()]
    return _link_uit_mail(mail.outbox[-1])


def _account_maken(link: str, naam: str = "Nina Nieuw", wachtwoord: str = WACHTWOORD_NIEUW) -> tuple[Client, Any]:
    client = Client()
    antwoord = client.post(link, {"naam": naam, "wachtwoord": wachtwoord, "wachtwoord_herhaald": wachtwoord})
    return client, antwoord


def test_a_new_person_sets_a_password_from_the_link_and_becomes_a_member(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    link = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "nina@zorggroep.test")
    assert "Zorggroep Eigen" in mail.outbox[-1].subject
    pagina = Client().get(link)
    assert pagina.status_code == 200
    assert "Kies een wachtwoord" in pagina.content.decode()

    client, antwoord = _account_maken(link)

    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("regio:mijn_regios")
    nina = Gebruiker.objects.get(email="nina@zorggroep.test")
    assert nina.naam == "Nina Nieuw" and nina.check_password(WACHTWOORD_NIEUW)
    assert Lidmaatschap.objects.get(gebruiker=nina).rol == Rol.BEWERKER
    assert EmailAddress.objects.get(user=nina).verified
    # Signed in straight away, and she sees the zorggroep's region.
    assert wereld.regio.naam in client.get(reverse("regio:mijn_regios")).content.decode()
    wat = list(Auditregel.objects.filter(soort=Auditregel.Soort.UITNODIGING).order_by("pk").values_list("wat", "wie"))
    assert wat == [
        ("uitgenodigd: nina@zorggroep.test als bewerker", "bram@zorggroep.test"),
        ("uitnodiging aangenomen: nina@zorggroep.test als bewerker", "nina@zorggroep.test"),
    ]


def test_a_new_manager_goes_on_to_set_up_two_factor_authentication(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    link = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "mark@zorggroep.test", Rol.BEHEERDER)
    client, antwoord = _account_maken(link, naam="Mark Manager")
    assert antwoord["Location"] == reverse("mfa_activate_totp")
    # The password was just chosen: the set-up page opens without asking it again.
    instellen = client.get(reverse("mfa_activate_totp"))
    assert instellen.status_code == 200
    assert "Beveilig uw account nu met tweestapsverificatie" in instellen.content.decode()


def test_the_link_works_once(wereld: Wereld, django_capture_on_commit_callbacks: Any) -> None:
    link = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "nina@zorggroep.test")
    _account_maken(link)
    opnieuw = Client().post(link, {"naam": "Iemand Anders", "wachtwoord": "x" * 20, "wachtwoord_herhaald": "x" * 20})
    assert opnieuw.status_code == 410
    assert "al aangenomen" in opnieuw.content.decode()
    assert Gebruiker.objects.filter(email="nina@zorggroep.test").count() == 1
    assert Gebruiker.objects.get(email="nina@zorggroep.test").naam == "Nina Nieuw"


def test_an_expired_link_is_refused_and_says_whom_to_ask(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    link = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "nina@zorggroep.test")
    Uitnodiging.objects.update(verloopt_op=timezone.now() - dt.timedelta(minutes=1))
    pagina = Client().get(link)
    assert pagina.status_code == 410
    assert "verlopen" in pagina.content.decode() and "Zorggroep Eigen" in pagina.content.decode()
    _client, antwoord = _account_maken(link)
    assert antwoord.status_code == 410
    assert not Gebruiker.objects.filter(email="nina@zorggroep.test").exists()


def test_sending_again_gives_a_new_link_and_term_and_the_old_link_stops_working(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    oud = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "nina@zorggroep.test")
    uitnodiging = Uitnodiging.objects.get()
    Uitnodiging.objects.update(verloopt_op=timezone.now() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = ingelogd(wereld.beheerder).post(
            reverse("regio:uitnodiging_opnieuw", args=[wereld.zorggroep.pk, uitnodiging.pk]), follow=True
        )
    assert "opnieuw verstuurd" in antwoord.content.decode()
    assert len(mail.outbox) == 2
    nieuw = _link_uit_mail(mail.outbox[-1])
    assert nieuw != oud
    assert Client().get(oud).status_code == 404
    assert Client().get(nieuw).status_code == 200
    uitnodiging.refresh_from_db()
    assert uitnodiging.verloopt_op > timezone.now() + dt.timedelta(days=6)
    assert uitnodiging.keer_verstuurd == 2


def test_a_withdrawn_invitation_no_longer_opens(wereld: Wereld, django_capture_on_commit_callbacks: Any) -> None:
    link = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "nina@zorggroep.test")
    uitnodiging = Uitnodiging.objects.get()
    ingelogd(wereld.beheerder).post(reverse("regio:uitnodiging_intrekken", args=[wereld.zorggroep.pk, uitnodiging.pk]))
    pagina = Client().get(link)
    assert pagina.status_code == 410 and "ingetrokken" in pagina.content.decode()
    uitnodiging.refresh_from_db()
    assert uitnodiging.ingetrokken_op is not None and uitnodiging.token_versleuteld == ""
    assert Auditregel.objects.filter(wat="uitnodiging ingetrokken: nina@zorggroep.test als bewerker").exists()
    # Withdrawn, the address can be invited again.
    assert _uitnodigen(ingelogd(wereld.beheerder), wereld, "nina@zorggroep.test").status_code == 302


def test_an_existing_account_gets_the_membership_after_signing_in(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    bestaand = GebruikerFactory.create(email="piet@elders.test", naam="Piet Elders")
    link = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "Piet@Elders.test", Rol.LEZER)

    anoniem = Client().get(link).content.decode()
    assert "Er is al een account met dit e-mailadres" in anoniem
    assert f"{reverse('account_login')}?next=" in anoniem
    assert "Kies een wachtwoord" not in anoniem
    # Signed in as someone else: refused, with the way out.
    assert ingelogd(wereld.lezer).post(link).status_code == 403
    assert not Lidmaatschap.objects.filter(gebruiker=bestaand).exists()

    client = ingelogd(bestaand)
    assert "Uitnodiging aannemen" in client.get(link).content.decode()
    antwoord = client.post(link)

    assert antwoord.status_code == 302
    assert Lidmaatschap.objects.get(gebruiker=bestaand, organisatie=wereld.zorggroep).rol == Rol.LEZER
    assert Gebruiker.objects.filter(email__iexact="piet@elders.test").count() == 1
    assert client.post(link).status_code == 410


def test_a_weak_password_is_refused_at_its_field_and_nothing_is_made(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    link = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "nina@zorggroep.test")
    _client, antwoord = _account_maken(link, wachtwoord="kort")
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_wachtwoord_helptext id_wachtwoord_error"' in html
    assert 'id="id_wachtwoord_error"' in html
    assert 'value="Nina Nieuw"' in html  # the name typed stays
    assert not Gebruiker.objects.filter(email="nina@zorggroep.test").exists()
    assert Uitnodiging.objects.get().is_open()


def test_inviting_a_member_or_an_address_invited_already_is_refused_at_the_field(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    beheerder = ingelogd(wereld.beheerder)
    lid = _uitnodigen(beheerder, wereld, "ANNA@zorggroep.test")
    assert lid.status_code == 400 and "al lid van de organisatie" in lid.content.decode()
    _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "nina@zorggroep.test")
    dubbel = _uitnodigen(beheerder, wereld, "nina@zorggroep.test")
    assert dubbel.status_code == 400 and "al uitgenodigd" in dubbel.content.decode()
    assert Uitnodiging.objects.count() == 1


def test_inviting_is_rate_limited(wereld: Wereld, settings: Any) -> None:
    settings.REGIO_SNELHEIDSLIMIETEN = {**settings.REGIO_SNELHEIDSLIMIETEN, "uitnodiging": (2, 3600)}
    beheerder = ingelogd(wereld.beheerder)
    statussen = [_uitnodigen(beheerder, wereld, f"p{i}@zorggroep.test").status_code for i in range(3)]
    assert statussen == [302, 302, 429]
    derde = _uitnodigen(beheerder, wereld, "p9@zorggroep.test")
    assert "te vaak gedaan" in derde.content.decode() and 'value="p9@zorggroep.test"' in derde.content.decode()
    assert Uitnodiging.objects.count() == 2


def test_a_reader_cannot_invite_and_a_manager_not_for_another_organisation(wereld: Wereld) -> None:
    assert (
        ingelogd(wereld.lezer)
        .post(reverse("regio:uitnodigen", args=[wereld.praktijk.pk]), {"email": "x@y.test", "rol": Rol.LEZER})
        .status_code
        == 403
    )
    assert _uitnodigen(ingelogd(wereld.praktijkhouder), wereld, "x@y.test").status_code == 404
    assert not Uitnodiging.objects.exists()


def test_an_invitation_not_mailed_is_sent_by_the_relay_once(wereld: Wereld) -> None:
    # Made without its on-commit task (as when the broker was down): nothing mailed yet.
    uitnodiging = uitnodigingen.uitnodiging_maken(
        organisatie=wereld.zorggroep, email="nina@zorggroep.test", rol=Rol.LEZER, acting_user=wereld.beheerder
    )
    assert mail.outbox == []
    Uitnodiging.objects.update(aangemaakt_op=timezone.now() - dt.timedelta(minutes=5))
    assert tasks.wachtende_uitnodigingen_versturen() == 1
    assert tasks.wachtende_uitnodigingen_versturen() == 0
    assert uitnodigingen.uitnodiging_mailen(uitnodiging.pk) == 0
    assert len(mail.outbox) == 1
    assert Client().get(_link_uit_mail(mail.outbox[0])).status_code == 200


def test_trying_passwords_on_a_link_is_rate_limited(
    wereld: Wereld, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    link = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "nina@zorggroep.test")
    settings.REGIO_SNELHEIDSLIMIETEN = {**settings.REGIO_SNELHEIDSLIMIETEN, "uitnodiging_aannemen": (2, 600)}
    client = Client()
    statussen = [
        client.post(link, {"naam": "N", "wachtwoord": "kort", "wachtwoord_herhaald": "kort"}).status_code
        for _ in range(3)
    ]
    assert statussen == [400, 400, 429]
    # Counted per IP address (the person has no account yet): within the window even a good password waits.
    _client, antwoord = _account_maken(link)
    assert antwoord.status_code == 429 and antwoord["Retry-After"]
    assert "te vaak gedaan" in antwoord.content.decode()
    assert not Gebruiker.objects.filter(email="nina@zorggroep.test").exists()


def test_signing_in_from_the_invitation_returns_to_it(wereld: Wereld, django_capture_on_commit_callbacks: Any) -> None:
    GebruikerFactory.create(email="piet@elders.test", naam="Piet Elders")
    link = _uitnodiging_gemaild(wereld, django_capture_on_commit_callbacks, "piet@elders.test", Rol.LEZER)
    client = Client()
    inloggen = client.get(link).context["inloggen"]
    antwoord = client.post(inloggen, {"login": "piet@elders.test", "password": WACHTWOORD})
    assert antwoord.status_code == 302 and antwoord["Location"] == link
    assert "Uitnodiging aannemen" in client.get(link).content.decode()
