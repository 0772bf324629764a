"""The plan's existing e-mails go through the outbox too: a mention and a lapsed approval are sent at once, or in the
daily digest for whoever chose that for the kind (regio/berichten.py); the others still get theirs at once."""

from __future__ import annotations

from typing import Any

import pytest

from regio import berichten, tasks
from regio.berichten import Berichtsoort, Bezorging
from regioplan import services
from regioplan.models import Goedkeuring, Plandeel, Plandeelsoort
from tests.personas import Wereld
from tests.regioplan.werelden import actueel, indienen, mandaat_voor_verzekeraar, na_indienen_wijzigen, plan_maken

pytestmark = pytest.mark.django_db


def _aan(mailoutbox: list[Any]) -> list[str]:
    return sorted(a for m in mailoutbox for a in m.to)


def test_a_mention_is_mailed_at_once_saying_the_person_was_named(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    plan = plan_maken(wereld)
    with django_capture_on_commit_callbacks(execute=True):
        services.reactie_plaatsen(
            regioplan=plan, tekst="Carla, klopt dit?", genoemd=[wereld.lezer], acting_user=wereld.bewerker
        )
    (aan_carla,) = [m for m in mailoutbox if m.to == [wereld.lezer.email]]
    assert aan_carla.subject == "[Regio] Anna Bewerker noemde u in een reactie bij Regioplan Eigen regio"
    assert "Carla, klopt dit?" in aan_carla.body
    assert "/meldingen/" in aan_carla.body  # where to choose the digest instead


def test_a_mention_waits_for_the_digest_of_whoever_chose_it(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    berichten.berichtvoorkeuren_opslaan(keuzes={Berichtsoort.GENOEMD: Bezorging.DAGELIJKS}, acting_user=wereld.lezer)
    plan = plan_maken(wereld)
    with django_capture_on_commit_callbacks(execute=True):
        reactie = services.reactie_plaatsen(
            regioplan=plan, tekst="Carla, klopt dit?", genoemd=[wereld.lezer], acting_user=wereld.bewerker
        )
    assert _aan(mailoutbox) == [wereld.zorginkoper.email]  # the other party's editor at once, as before
    reactie.refresh_from_db()
    assert reactie.gemaild_op is not None

    assert tasks.dagoverzichten_versturen.delay().get() == 1
    assert mailoutbox[-1].to == [wereld.lezer.email]
    assert "Carla, klopt dit?" in mailoutbox[-1].body


def test_a_lapsed_approval_waits_for_the_digest_of_whoever_chose_it(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = indienen(wereld, plan_maken(wereld))
    berichten.berichtvoorkeuren_opslaan(
        keuzes={Berichtsoort.AKKOORD_VERVALLEN: Bezorging.DAGELIJKS}, acting_user=wereld.zorginkoper
    )
    services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=actueel(plan).versie, acting_user=wereld.zorginkoper)
    mailoutbox.clear()
    deel = Plandeel.objects.get(regioplan=plan, soort=Plandeelsoort.MISSIE_VISIE)
    with django_capture_on_commit_callbacks(execute=True):
        na_indienen_wijzigen(wereld, deel, "Anders", door=wereld.bewerker)  # Daan proposes, Anna accepts
    assert [m for m in mailoutbox if "ingetrokken" in m.subject] == []
    mailoutbox.clear()  # the proposal's own message to Anna's party went out at once
    assert not Goedkeuring.objects.filter(intrekking_gemeld_op__isnull=True).exists()  # told: the relay rests

    assert tasks.dagoverzichten_versturen.delay().get() == 1
    assert _aan(mailoutbox) == [wereld.zorginkoper.email]
    assert "Uw goedkeuring van Regioplan Eigen regio is ingetrokken" in mailoutbox[0].body
    assert "Missie en visie" in mailoutbox[0].body
