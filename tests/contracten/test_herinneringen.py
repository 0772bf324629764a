"""Reporting dates become tasks: a reminder a week before, a notice once overdue (Celery beat queues one e-mail per
moment, sent once), and the dashboard of both parties shows what is late or due soon."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contracten import herinneringen, tasks
from contracten.models import Rapportagemoment
from regio import services as regio_services
from regio.models import Lidmaatschap
from tests.contracten.test_monitoring import client_voor, moment, resultaat, zichtbare_tekst
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(getekende_contractwereld: Wereld) -> Wereld:
    return getekende_contractwereld


def _vandaag() -> dt.date:
    return timezone.localdate()


def _dagen(n: int) -> dt.date:
    return _vandaag() + dt.timedelta(days=n)


# --- which moments get an e-mail ----------------------------------------------------------------------


def test_an_overdue_moment_makes_the_beat_task_queue_a_reminder(w: Wereld) -> None:
    te_laat = moment(w, _dagen(-2))
    with mock.patch.object(tasks.herinnering_mailen, "delay") as delay:
        assert tasks.herinneringen_versturen() == 1
    delay.assert_called_once_with(te_laat.pk)


def test_running_the_beat_task_twice_sends_one_e_mail_to_the_owner_with_a_link(w: Wereld) -> None:
    te_laat = moment(w, _dagen(-2), eigenaar=w.zorginkoper)
    tasks.herinneringen_versturen()
    tasks.herinneringen_versturen()
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == [w.zorginkoper.email]
    assert bericht.subject.startswith("[Regio] Te laat: resultaat van “Praktijken met een POH ouderenzorg”")
    url = reverse("contracten:meetpunt", args=[w.regio.slug, w.contract.pk, w.meetpunt.pk])  # type: ignore[attr-defined]
    assert f"http://127.0.0.1:8000{url}#resultaat-vastleggen" in bericht.body
    assert "Meerjarencontract Eigen regio 2026-2029" in bericht.body
    te_laat.refresh_from_db()
    assert te_laat.aangemaand_op is not None


def test_the_task_itself_is_safe_to_run_twice(w: Wereld) -> None:
    te_laat = moment(w, _dagen(-2))
    assert tasks.herinnering_mailen(te_laat.pk) == 1
    assert tasks.herinnering_mailen(te_laat.pk) == 0
    assert len(mail.outbox) == 1


def test_a_moment_due_within_a_week_gets_a_reminder_and_later_the_overdue_notice(w: Wereld) -> None:
    binnenkort = moment(w, _dagen(5))
    tasks.herinneringen_versturen()
    assert [m.subject for m in mail.outbox] == [
        f"[Regio] Herinnering: resultaat van “Praktijken met een POH ouderenzorg” uiterlijk {_dagen(5):%d-%m-%Y}"
    ]
    binnenkort.refresh_from_db()
    assert binnenkort.herinnerd_op is not None and binnenkort.aangemaand_op is None
    tasks.herinneringen_versturen()
    assert len(mail.outbox) == 1
    # A week later the date has passed without a result.
    later = _dagen(7)
    assert herinneringen.te_versturen(later) == [binnenkort.pk]
    assert herinneringen.herinnering_mailen(binnenkort.pk, vandaag=later) == 1
    assert mail.outbox[-1].subject.startswith("[Regio] Te laat")


def test_a_moment_further_away_than_a_week_waits(w: Wereld) -> None:
    moment(w, _dagen(8))
    assert tasks.herinneringen_versturen() == 0
    assert mail.outbox == []


def test_a_moment_with_a_result_sends_nothing(w: Wereld) -> None:
    beantwoord = moment(w, _dagen(-2))
    resultaat(w, _dagen(-3), "50")
    assert Rapportagemoment.objects.get(pk=beantwoord.pk).resultaten.exists()
    assert tasks.herinneringen_versturen() == 0
    assert tasks.herinnering_mailen(beantwoord.pk) == 0
    assert mail.outbox == []


def test_an_owner_who_can_no_longer_see_the_contract_gets_nothing(w: Wereld) -> None:
    te_laat = moment(w, _dagen(-2), eigenaar=w.zorginkoper)
    regio_services.lidmaatschap_beeindigen(
        lidmaatschap=Lidmaatschap.objects.get(gebruiker=w.zorginkoper, organisatie=w.verzekeraar),
        acting_user=w.koepel,
    )
    assert tasks.herinneringen_versturen() == 0
    assert tasks.herinnering_mailen(te_laat.pk) == 0
    assert mail.outbox == []


def test_the_task_rechecks_access_when_it_runs(w: Wereld) -> None:
    """Queued while the owner could see the contract; by the time it runs they cannot (rights taken away)."""
    te_laat = moment(w, _dagen(-2), eigenaar=w.zorginkoper)
    with mock.patch.object(herinneringen.access, "mag_contract", return_value=False):
        assert tasks.herinnering_mailen(te_laat.pk) == 0
    assert mail.outbox == []
    assert Rapportagemoment.objects.get(pk=te_laat.pk).aangemaand_op is None


def test_the_dates_of_a_draft_contract_remind_nobody(contractwereld: Wereld) -> None:
    w = contractwereld
    moment(w, _dagen(-2))
    moment(w, _dagen(3))
    assert tasks.herinneringen_versturen() == 0
    assert mail.outbox == []


def test_when_the_broker_is_down_nothing_crashes_and_the_next_run_sends_it(w: Wereld) -> None:
    te_laat = moment(w, _dagen(-2))
    with mock.patch.object(tasks.herinnering_mailen, "delay", side_effect=ConnectionError("broker weg")):
        assert tasks.herinneringen_versturen() == 1
    assert Rapportagemoment.objects.get(pk=te_laat.pk).aangemaand_op is None
    assert mail.outbox == []
    tasks.herinneringen_versturen()
    assert len(mail.outbox) == 1


# --- the dashboard ------------------------------------------------------------------------------------


@pytest.fixture
def met_dashboard(settings: Any) -> None:
    if "contracten.dashboard.onderdeel" not in settings.REGIO_DASHBOARD:
        settings.REGIO_DASHBOARD = [*settings.REGIO_DASHBOARD, "contracten.dashboard.onderdeel"]


@pytest.mark.usefixtures("met_dashboard")
@pytest.mark.parametrize("persona", ["bewerker", "beheerder", "zorginkoper"])
def test_both_parties_see_late_and_coming_reports_on_their_dashboard(w: Wereld, persona: str) -> None:
    moment(w, _dagen(-2), eigenaar=w.zorginkoper)
    moment(w, _dagen(10))
    moment(w, _dagen(30))  # too far ahead for the dashboard
    html = client_voor(getattr(w, persona)).get(reverse("regio:mijn_regios")).content.decode()
    tekst = zichtbare_tekst(html)
    assert 'id="kop-rapportages"' in html
    assert "1 rapportage te laat" in tekst and f"uiterlijk {_dagen(-2):%d-%m-%Y}, door Daan Inkoper" in tekst
    assert "Binnen 14 dagen" in tekst and f"uiterlijk {_dagen(10):%d-%m-%Y}" in tekst
    assert f"{_dagen(30):%d-%m-%Y}" not in tekst
    url = reverse("contracten:meetpunt", args=[w.regio.slug, w.contract.pk, w.meetpunt.pk])  # type: ignore[attr-defined]
    assert url in html
    assert ("(u)" in tekst) is (persona in ("zorginkoper", "bewerker"))


@pytest.mark.usefixtures("met_dashboard")
@pytest.mark.parametrize("persona", ["tweede_zorginkoper", "lezer", "koepel"])
def test_others_in_the_region_see_no_contract_reports_on_their_dashboard(w: Wereld, persona: str) -> None:
    moment(w, _dagen(-2))
    html = client_voor(getattr(w, persona)).get(reverse("regio:mijn_regios")).content.decode()
    assert 'id="kop-rapportages"' not in html and "te laat" not in zichtbare_tekst(html)


@pytest.mark.usefixtures("met_dashboard")
def test_nothing_waiting_means_nothing_on_the_dashboard(w: Wereld) -> None:
    beantwoord = moment(w, _dagen(-2))
    resultaat(w, _dagen(-3), "50", rapportagemoment=beantwoord)
    html = client_voor(w.bewerker).get(reverse("regio:mijn_regios")).content.decode()
    assert 'id="kop-rapportages"' not in html


def test_no_reminders_for_reporting_dates_after_the_termination_date(w: Wereld) -> None:
    from contracten import looptijd, rapportagemomenten

    te_laat = moment(w, _dagen(-2))
    op_de_einddatum = moment(w, _dagen(3), eigenaar=w.zorginkoper)
    erna = moment(w, _dagen(5))
    assert set(herinneringen.te_versturen(_vandaag())) == {te_laat.pk, op_de_einddatum.pk, erna.pk}
    looptijd.contract_beeindigen(contract=w.contract, einddatum=_dagen(3), reden="Gestopt.", acting_user=w.beheerder)  # type: ignore[attr-defined]
    # Up to and including the end date the owners still hear; after it nothing is due.
    assert set(herinneringen.te_versturen(_vandaag())) == {te_laat.pk, op_de_einddatum.pk}
    assert tasks.herinnering_mailen(erna.pk) == 0
    tasks.herinneringen_versturen()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.bewerker.email, w.zorginkoper.email])
    # The open date after the end date is no longer due: terminating removed it (contracten/looptijd.py).
    assert not Rapportagemoment.objects.filter(pk=erna.pk).exists()
    # Generating the dates from the frequencies makes none after the end date either.
    Rapportagemoment.objects.all().delete()
    rapportagemomenten.rapportagemomenten_aanmaken(contract=w.contract, acting_user=w.bewerker)  # type: ignore[attr-defined]
    assert not Rapportagemoment.objects.filter(uiterlijk__gt=_dagen(3)).exists()
