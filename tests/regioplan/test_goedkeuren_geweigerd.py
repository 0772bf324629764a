"""A refused approval explains itself, as a refused agreement does: the 403 page says why."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Wereld
from tests.regioplan.werelden import actueel, indienen, plan_maken

pytestmark = pytest.mark.django_db


def test_someone_whose_mandate_expired_is_told_why_they_cannot_approve(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    plan = indienen(wereld, plan)
    olga = Client()
    olga.force_login(wereld.oud_gemandateerde)  # her regioplan mandate ran out in mid-2025
    antwoord = olga.post(
        reverse("regioplan:goedkeuren", args=[wereld.regio.slug, plan.pk]), {"versie": actueel(plan).versie}
    )
    assert antwoord.status_code == 403
    html = antwoord.content.decode()
    assert "U hebt vandaag geen geldig mandaat voor het regioplan namens een contractpartij van deze regio." in html
    assert not actueel(plan).goedkeuringen.exists()
