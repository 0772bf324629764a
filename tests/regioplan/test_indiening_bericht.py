"""The e-mail when a plan is submitted for adoption: through the outbox, to the other party's editors and to
everyone who may approve, after commit; not to the second insurer, readers or the person who submitted it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from regio import services as regio_services
from regio.berichten import Bericht, Berichtsoort
from regio.models import Onderwerp
from regioplan import services
from tests.personas import START, Wereld
from tests.regioplan.werelden import delen_schrijven, mandaat_voor_verzekeraar, plan_maken

pytestmark = pytest.mark.django_db


def test_submitting_a_plan_mails_the_other_party_and_the_approvers(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    mandaat_voor_verzekeraar(wereld)
    # The second insurer only takes part: its purchaser's mandate does not make him an approver of the plan.
    regio_services.mandaat_verlenen(
        gebruiker=wereld.tweede_zorginkoper,
        organisatie=wereld.tweede_verzekeraar,
        regio=wereld.regio,
        onderwerp=Onderwerp.REGIOPLAN,
        geldig_van=START,
        acting_user=wereld.koepel,
    )
    plan = delen_schrijven(wereld, plan_maken(wereld))
    with django_capture_on_commit_callbacks(execute=True):
        services.regioplan_indienen(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.bewerker)

    # The insurer's purchaser edits for the other party and may approve; the zorggroep's manager may approve.
    # Not: the submitter, her colleague whose mandate expired, the GP reader, the second insurer, koepel staff.
    assert sorted(a for m in mailoutbox for a in m.to) == sorted([wereld.zorginkoper.email, wereld.beheerder.email])
    mail = mailoutbox[0]
    assert mail.subject == "[Regio] Regioplan Eigen regio is ingediend ter vaststelling"
    assert "Anna Bewerker diende Regioplan Eigen regio (regio Eigen regio) in ter vaststelling" in mail.body
    assert (
        f"{settings.REGIO_BASIS_URL}{reverse('regioplan:detail', args=[wereld.regio.slug, plan.pk])}#vaststelling"
        in (mail.body)
    )
    assert set(Bericht.objects.values_list("soort", flat=True)) == {Berichtsoort.PLAN_INGEDIEND}


def test_a_refused_submission_tells_nobody(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    plan = plan_maken(wereld)  # its parts are empty: it cannot be submitted
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017
        services.regioplan_indienen(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.bewerker)
    assert not Bericht.objects.exists()
    assert mailoutbox == []
