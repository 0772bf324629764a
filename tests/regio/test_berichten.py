"""The outbox (regio/berichten.py): messages stored in the sender's transaction, e-mailed once after commit or by
the relay, at once or in the person's daily digest."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from regio import berichten, tasks
from regio.berichten import Bericht, Berichtsoort, Berichtvoorkeur, Bezorging
from regio.models import Gebruiker
from tests.matrix import ingelogd
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


def _klaarzetten(wereld: Wereld, *ontvangers: Gebruiker, soort: Berichtsoort = Berichtsoort.PLAN_INGEDIEND) -> None:
    berichten.klaarzetten(
        ontvangers=ontvangers,
        soort=soort,
        onderwerp="[Regio] Het regioplan is ingediend",
        tekst="Het plan wacht op uw vaststelling.",
        link="/regio/eigen/plannen/1/",
        regio=wereld.regio,
    )


def _aan(mailoutbox: list[Any]) -> list[str]:
    return sorted(adres for mail in mailoutbox for adres in mail.to)


def _broker_weg() -> Any:
    return mock.patch.object(tasks.berichten_versturen, "delay", side_effect=ConnectionRefusedError("broker down"))


def test_the_message_is_stored_in_the_transaction_and_mailed_after_commit(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _klaarzetten(wereld, wereld.zorginkoper, wereld.bewerker, wereld.zorginkoper)
        assert Bericht.objects.filter(verzonden_op__isnull=True).count() == 2  # once per person
        assert mailoutbox == []  # nothing before commit
    assert _aan(mailoutbox) == sorted([wereld.zorginkoper.email, wereld.bewerker.email])
    mail = mailoutbox[0]
    assert mail.subject == "[Regio] Het regioplan is ingediend"
    assert "Het plan wacht op uw vaststelling." in mail.body
    assert f"{settings.REGIO_BASIS_URL}/regio/eigen/plannen/1/" in mail.body
    assert f"{settings.REGIO_BASIS_URL}/meldingen/" in mail.body  # where to choose the digest instead
    assert not Bericht.objects.filter(verzonden_op__isnull=True).exists()


def test_a_rolled_back_change_stores_and_sends_nothing(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _klaarzetten(wereld, wereld.zorginkoper)
        raise RuntimeError("de wijziging mislukt")
    assert not Bericht.objects.exists()
    assert mailoutbox == []


def test_a_retried_task_sends_nothing_twice(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _klaarzetten(wereld, wereld.zorginkoper)
    pks = list(Bericht.objects.values_list("pk", flat=True))
    assert berichten.versturen(pks) == 0
    assert tasks.berichten_versturen.delay(pks).get() == 0
    assert len(mailoutbox) == 1


def test_inactive_people_and_people_without_an_address_get_nothing(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    Gebruiker.objects.filter(pk=wereld.bewerker.pk).update(is_active=False)
    wereld.bewerker.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        _klaarzetten(wereld, wereld.bewerker)
    assert not Bericht.objects.exists()
    assert mailoutbox == []


def test_someone_who_takes_no_part_in_the_region_is_not_mailed(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as wachtend:
        _klaarzetten(wereld, wereld.buitenstaander, wereld.zorginkoper)
    for terugroep in wachtend:
        terugroep()
    assert _aan(mailoutbox) == [wereld.zorginkoper.email]
    assert not Bericht.objects.filter(verzonden_op__isnull=True).exists()  # closed, not left for the relay


def test_a_message_stored_while_the_broker_is_down_is_sent_by_the_relay(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with _broker_weg(), django_capture_on_commit_callbacks(execute=True):
        _klaarzetten(wereld, wereld.zorginkoper)
    assert mailoutbox == []
    # Too fresh for the relay: the normal task may still be on its way.
    assert tasks.wachtende_berichten_versturen.delay().get() == 0

    Bericht.objects.update(aangemaakt_op=timezone.now() - dt.timedelta(minutes=3))
    assert tasks.wachtende_berichten_versturen.delay().get() == 1
    assert _aan(mailoutbox) == [wereld.zorginkoper.email]
    assert tasks.wachtende_berichten_versturen.delay().get() == 0
    assert len(mailoutbox) == 1


def test_the_relay_and_the_daily_digest_are_scheduled() -> None:
    geplande_taken = {taak["task"] for taak in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"regio.wachtende_berichten_versturen", "regio.dagoverzichten_versturen"} <= geplande_taken


# --- the daily digest ---------------------------------------------------------------------------------------


def test_a_person_who_chose_the_digest_gets_one_mail_a_day_with_everything(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    berichten.berichtvoorkeuren_opslaan(
        keuzes={Berichtsoort.PLAN_INGEDIEND: Bezorging.DAGELIJKS, Berichtsoort.GENOEMD: Bezorging.DAGELIJKS},
        acting_user=wereld.zorginkoper,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _klaarzetten(wereld, wereld.zorginkoper, wereld.bewerker)
        _klaarzetten(wereld, wereld.zorginkoper, soort=Berichtsoort.GENOEMD)
        _klaarzetten(wereld, wereld.zorginkoper, soort=Berichtsoort.TER_ONDERTEKENING)
    # At once: the editor's message and the purchaser's kind he did not change.
    assert _aan(mailoutbox) == sorted([wereld.bewerker.email, wereld.zorginkoper.email])
    mailoutbox.clear()

    assert tasks.dagoverzichten_versturen.delay().get() == 1
    assert len(mailoutbox) == 1
    overzicht = mailoutbox[0]
    assert overzicht.to == [wereld.zorginkoper.email]
    assert "2" in overzicht.subject
    assert overzicht.body.count("[Regio] Het regioplan is ingediend") == 2

    # Run again (a retried or doubled beat): nothing more.
    assert tasks.dagoverzichten_versturen.delay().get() == 0
    assert berichten.dagoverzicht_versturen(wereld.zorginkoper.pk) == 0
    assert len(mailoutbox) == 1


def test_without_a_choice_every_kind_is_sent_at_once(wereld: Wereld) -> None:
    assert berichten.voorkeuren_van(wereld.lezer) == dict.fromkeys(Berichtsoort.values, Bezorging.DIRECT)
    berichten.berichtvoorkeuren_opslaan(keuzes={Berichtsoort.GENOEMD: Bezorging.DAGELIJKS}, acting_user=wereld.lezer)
    berichten.berichtvoorkeuren_opslaan(keuzes={Berichtsoort.GENOEMD: Bezorging.DAGELIJKS}, acting_user=wereld.lezer)
    assert Berichtvoorkeur.objects.filter(gebruiker=wereld.lezer).count() == 1
    assert berichten.voorkeuren_van(wereld.lezer)[Berichtsoort.GENOEMD] == Bezorging.DAGELIJKS


# --- the "Meldingen" page -----------------------------------------------------------------------------------


def test_the_meldingen_page_is_in_the_users_menu_and_shows_a_choice_per_kind(wereld: Wereld) -> None:
    client = ingelogd(wereld.lezer)
    thuis = client.get(reverse("regio:mijn_regios")).content.decode()
    assert f'href="{reverse("regio:meldingen")}"' in thuis
    html = client.get(reverse("regio:meldingen")).content.decode()
    for soort in Berichtsoort:
        assert f"<legend>{soort.label}</legend>" in html
        assert f'name="{soort.value}" value="direct"' in html
    assert html.count('type="radio"') == 2 * len(Berichtsoort)
    assert html.count("checked") == len(Berichtsoort)  # each at once, until the person chooses


def test_choosing_the_digest_on_the_page_stores_it(wereld: Wereld) -> None:
    client = ingelogd(wereld.zorginkoper)
    keuzes = dict.fromkeys(Berichtsoort.values, Bezorging.DIRECT) | {Berichtsoort.GENOEMD: Bezorging.DAGELIJKS}
    response = client.post(reverse("regio:meldingen"), keuzes, follow=True)
    assert "Uw keuzes voor meldingen zijn opgeslagen." in response.content.decode()
    assert berichten.voorkeuren_van(wereld.zorginkoper)[Berichtsoort.GENOEMD] == Bezorging.DAGELIJKS
    assert not Berichtvoorkeur.objects.filter(gebruiker=wereld.lezer).exists()  # only one's own


def test_a_made_up_choice_is_refused_in_dutch_and_nothing_is_stored(wereld: Wereld) -> None:
    client = ingelogd(wereld.zorginkoper)
    keuzes = dict.fromkeys(Berichtsoort.values, Bezorging.DIRECT) | {Berichtsoort.GENOEMD: "wekelijks"}
    response = client.post(reverse("regio:meldingen"), keuzes)
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Berichtvoorkeur.objects.exists()
