"""Who sees which region: participations grant access to the organisation's members, nothing else does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.http import Http404

from regio import services
from regio.access import RegioActie, regio_for_user, regios_for_user
from regio.models import Deelname, Rol
from tests.factories import GebruikerFactory
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["lezer", "bewerker", "beheerder", "zorginkoper", "tweede_zorginkoper"])
def test_members_of_participating_organisations_see_their_region_only(wereld: Wereld, persona: str) -> None:
    user = getattr(wereld, persona)
    assert list(regios_for_user(user)) == [wereld.regio]


def test_the_outsider_sees_only_the_other_region(wereld: Wereld) -> None:
    assert list(regios_for_user(wereld.buitenstaander)) == [wereld.andere_regio]


def test_another_regions_slug_answers_404_not_403(wereld: Wereld) -> None:
    with pytest.raises(Http404):
        regio_for_user(wereld.buitenstaander, wereld.regio.slug, RegioActie.BEKIJKEN)


def test_a_missing_slug_answers_404_too(wereld: Wereld) -> None:
    with pytest.raises(Http404):
        regio_for_user(wereld.bewerker, "bestaat-niet", RegioActie.BEKIJKEN)


def test_anonymous_and_inactive_users_see_nothing(wereld: Wereld) -> None:
    assert not regios_for_user(AnonymousUser()).exists()
    wereld.bewerker.is_active = False
    wereld.bewerker.save()
    assert not regios_for_user(wereld.bewerker).exists()


def test_koepel_staff_see_every_region(wereld: Wereld) -> None:
    assert set(regios_for_user(wereld.koepel)) == {wereld.regio, wereld.andere_regio}


def test_a_global_model_permission_opens_no_region(wereld: Wereld) -> None:
    """Admin-style model permissions must never widen what a user sees in the product."""
    wereld.buitenstaander.user_permissions.add(Permission.objects.get(codename="view_regio"))
    assert list(regios_for_user(wereld.buitenstaander)) == [wereld.andere_regio]


def test_a_user_without_membership_sees_nothing(wereld: Wereld) -> None:
    assert not regios_for_user(GebruikerFactory.create()).exists()


def test_a_new_member_gets_access_and_a_removed_member_loses_it(wereld: Wereld) -> None:
    nieuw = GebruikerFactory.create()
    lid = services.lid_maken(gebruiker=nieuw, organisatie=wereld.praktijk, rol=Rol.LEZER, acting_user=None)
    assert list(regios_for_user(nieuw)) == [wereld.regio]
    services.lidmaatschap_beeindigen(lidmaatschap=lid, acting_user=None)
    assert not regios_for_user(nieuw).exists()


def test_an_ended_participation_withdraws_access_on_the_next_update(wereld: Wereld) -> None:
    deelname = Deelname.objects.get(regio=wereld.regio, organisatie=wereld.praktijk)
    deelname.tot = dt.date(2025, 12, 31)
    services.deelname_opslaan(deelname=deelname, acting_user=None)
    # Still current on the last day, gone the day after.
    services.regio_toegang_bijwerken(regio=wereld.regio, op=dt.date(2025, 12, 31))
    assert regios_for_user(wereld.lezer).exists()
    services.regio_toegang_bijwerken(regio=wereld.regio, op=dt.date(2026, 1, 1))
    assert not regios_for_user(wereld.lezer).exists()


def test_removing_a_participation_withdraws_access_at_once(wereld: Wereld) -> None:
    deelname = Deelname.objects.get(regio=wereld.regio, organisatie=wereld.tweede_verzekeraar)
    services.deelname_verwijderen(deelname=deelname, acting_user=None)
    assert not regios_for_user(wereld.tweede_zorginkoper).exists()
    assert regios_for_user(wereld.zorginkoper).exists()


def test_the_region_list_costs_a_fixed_number_of_queries(wereld: Wereld, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(3):
        list(regios_for_user(wereld.bewerker))
