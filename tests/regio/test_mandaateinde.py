"""A month before a mandate ends, its holder and the organisation's managers get one e-mail; renewing it means the
new end is announced in its turn."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from regio import berichten, mandaateinde, services, tasks
from regio.berichten import Bericht, Berichtsoort, Bezorging
from regio.models import Mandaat, Onderwerp
from tests.personas import START, Wereld

pytestmark = pytest.mark.django_db


def _mandaat(wereld: Wereld, tot: dt.date) -> Mandaat:
    return services.mandaat_verlenen(
        gebruiker=wereld.bewerker,
        organisatie=wereld.zorggroep,
        regio=wereld.regio,
        onderwerp=Onderwerp.CONTRACT,
        geldig_van=START,
        geldig_tot=tot,
        acting_user=wereld.beheerder,
    )


def test_holder_and_managers_are_told_once_a_month_before_the_end(wereld: Wereld) -> None:
    vandaag = timezone.localdate()
    mandaat = _mandaat(wereld, vandaag + dt.timedelta(days=20))
    services.mandaat_verlenen(
        gebruiker=wereld.oud_gemandateerde,
        organisatie=wereld.zorggroep,
        regio=wereld.regio,
        onderwerp=Onderwerp.FINANCIEN,
        geldig_van=START,
        geldig_tot=vandaag + dt.timedelta(days=45),
        acting_user=wereld.beheerder,
    )  # ends later: not yet

    assert tasks.mandaateinden_melden() == 1
    assert tasks.mandaateinden_melden() == 0  # the next day's run, or a second one: told once
    assert mandaateinde.einde_mailen(mandaat.pk) == 0  # a retried task: nothing twice

    # Through the outbox, like every other message: one e-mail each, with the outbox's footer.
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@zorggroep.test", "bram@zorggroep.test"]
    bericht = mail.outbox[0]
    assert "Anna Bewerker" in bericht.subject and "contract" in bericht.subject
    assert "Eigen regio" in bericht.body and f"/organisatie/{wereld.zorggroep.pk}/mandaten/" in str(bericht.body)
    assert Bericht.objects.filter(soort=Berichtsoort.MANDAAT_EINDE).count() == 2
    mandaat.refresh_from_db()
    assert mandaat.einde_gemeld_op is not None
    # Marking it is no change of the mandate: its history has only the grant.
    assert mandaat.history.count() == 1


def test_a_renewed_mandate_is_announced_again_before_its_new_end(wereld: Wereld) -> None:
    vandaag = timezone.localdate()
    mandaat = _mandaat(wereld, vandaag + dt.timedelta(days=10))
    tasks.mandaateinden_melden()
    mandaat.refresh_from_db()
    mandaat.geldig_tot = vandaag + dt.timedelta(days=25)
    services.mandaat_opslaan(mandaat=mandaat, acting_user=wereld.beheerder)
    assert tasks.mandaateinden_melden() == 1
    assert len(mail.outbox) == 4  # holder and manager, twice


def test_a_manager_who_chose_the_digest_gets_the_announcement_there(wereld: Wereld) -> None:
    berichten.berichtvoorkeuren_opslaan(
        keuzes={Berichtsoort.MANDAAT_EINDE: Bezorging.DAGELIJKS}, acting_user=wereld.beheerder
    )
    _mandaat(wereld, timezone.localdate() + dt.timedelta(days=20))
    tasks.mandaateinden_melden()
    assert [m.to for m in mail.outbox] == [["anna@zorggroep.test"]]
    assert Bericht.objects.get(ontvanger=wereld.beheerder, verzonden_op=None).bezorging == Bezorging.DAGELIJKS


def test_no_email_for_mandates_without_end_or_already_ended_or_of_former_members(wereld: Wereld) -> None:
    vandaag = timezone.localdate()
    _mandaat(wereld, vandaag + dt.timedelta(days=5))
    services.lidmaatschap_beeindigen(lidmaatschap=wereld.bewerker.lidmaatschappen.get(), acting_user=wereld.beheerder)
    # The persona world holds a mandate without end (the manager's) and two that ended in 2025 (Olga's).
    assert tasks.mandaateinden_melden() == 0
    assert mail.outbox == []
