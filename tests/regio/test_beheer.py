"""Koepel staff manage regions, participations and memberships in the admin; access follows at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from regio.access import regios_for_user
from regio.koepelgroep import koepelgroep_verzekeren
from regio.models import Lidmaatschap, Regio
from tests.factories import GebruikerFactory, GemeenteFactory
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def koepel_client(wereld: Wereld) -> Client:
    wereld.koepel.groups.add(koepelgroep_verzekeren())
    client = Client()
    client.force_login(wereld.koepel)
    return client


def _inline_beheer(prefix: str, totaal: int = 1) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(totaal),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_region_made_in_the_admin_is_visible_to_its_parties_members_only(
    wereld: Wereld, koepel_client: Client
) -> None:
    g1, g2 = GemeenteFactory.create(), GemeenteFactory.create()
    data = {
        "naam": "Nieuwe regio",
        "slug": "nieuwe-regio",
        "afbakening": "gemeentegrenzen",
        "beschrijving": "",
        "gemeenten": [g1.pk, g2.pk],
        **_inline_beheer("deelnames"),
        "deelnames-0-organisatie": wereld.praktijk.pk,
        "deelnames-0-rol": "deelnemer",
        "deelnames-0-van": "2025-01-01",
        "deelnames-0-tot": "",
    }
    response = koepel_client.post(reverse("admin:regio_regio_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    nieuw = Regio.objects.get(slug="nieuwe-regio")
    assert nieuw in regios_for_user(wereld.lezer)
    assert nieuw not in regios_for_user(wereld.bewerker)
    assert nieuw.history.count() >= 1


def test_a_membership_made_in_the_admin_grants_the_roles_groups(wereld: Wereld, koepel_client: Client) -> None:
    nieuw = GebruikerFactory.create()
    response = koepel_client.post(
        reverse("admin:regio_lidmaatschap_add"),
        {
            "gebruiker": nieuw.pk,
            "organisatie": wereld.verzekeraar.pk,
            "rol": "bewerker",
            "functie": "inkoper",
        },
    )
    assert response.status_code == 302
    assert list(regios_for_user(nieuw)) == [wereld.regio]
    lid = Lidmaatschap.objects.get(gebruiker=nieuw)
    response = koepel_client.post(reverse("admin:regio_lidmaatschap_delete", args=[lid.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not regios_for_user(nieuw).exists()


def test_the_admin_warns_about_a_region_outside_the_band(wereld: Wereld, koepel_client: Client) -> None:
    html = koepel_client.get(reverse("admin:regio_regio_changelist")).content.decode()
    assert "kleiner dan 50.000 inwoners" in html  # Andere regio: 30.000
    assert "binnen 50.000-200.000" in html  # Eigen regio: 105.000


def test_koepel_staff_cannot_make_themselves_superuser(wereld: Wereld, koepel_client: Client) -> None:
    html = koepel_client.get(reverse("admin:regio_gebruiker_change", args=[wereld.koepel.pk])).content.decode()
    assert 'name="is_superuser"' not in html


def test_the_admin_shows_whether_background_work_runs(wereld: Wereld, koepel_client: Client, settings) -> None:
    from django.utils import timezone

    from regio.models import WerkerHartslag

    html = koepel_client.get(reverse("admin:index")).content.decode()
    assert "Taken draaien in het webproces zelf" in html
    settings.CELERY_TASK_ALWAYS_EAGER = False
    html = koepel_client.get(reverse("admin:index")).content.decode()
    assert "Er heeft nog geen worker gereageerd" in html
    WerkerHartslag.objects.create(naam="w1", laatst_gezien=timezone.now() - dt.timedelta(minutes=30))
    html = koepel_client.get(reverse("admin:index")).content.decode()
    assert "De worker lijkt stil te liggen" in html
    WerkerHartslag.objects.create(naam="w2", laatst_gezien=timezone.now())
    html = koepel_client.get(reverse("admin:index")).content.decode()
    assert "De worker werkt" in html
