"""Memberships put a user in their organisation's groups; roles are cumulative."""

from __future__ import annotations

import pytest

from regio import services
from regio.models import Lidmaatschap, Mandaat, OrganisatieGroep, Rol
from tests.factories import GebruikerFactory
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


def _rollen(user, org) -> set[str]:
    return set(OrganisatieGroep.objects.filter(organisatie=org, groep__user=user).values_list("rol", flat=True))


def test_an_editor_is_in_the_reader_and_editor_groups_but_not_the_manager_group(wereld: Wereld) -> None:
    assert _rollen(wereld.bewerker, wereld.zorggroep) == {"lezer", "bewerker"}
    assert _rollen(wereld.beheerder, wereld.zorggroep) == {"lezer", "bewerker", "beheerder"}
    assert _rollen(wereld.lezer, wereld.praktijk) == {"lezer"}


def test_changing_a_role_moves_the_user_between_groups(wereld: Wereld) -> None:
    services.lid_maken(gebruiker=wereld.bewerker, organisatie=wereld.zorggroep, rol=Rol.LEZER, acting_user=None)
    assert _rollen(wereld.bewerker, wereld.zorggroep) == {"lezer"}
    assert Lidmaatschap.objects.filter(gebruiker=wereld.bewerker).count() == 1


def test_a_user_can_be_member_of_two_organisations(wereld: Wereld) -> None:
    services.lid_maken(gebruiker=wereld.lezer, organisatie=wereld.zorggroep, rol=Rol.BEWERKER, acting_user=None)
    assert _rollen(wereld.lezer, wereld.praktijk) == {"lezer"}
    assert _rollen(wereld.lezer, wereld.zorggroep) == {"lezer", "bewerker"}


def test_ending_a_membership_ends_the_members_mandates(wereld: Wereld) -> None:
    lid = Lidmaatschap.objects.get(gebruiker=wereld.beheerder)
    services.lidmaatschap_beeindigen(lidmaatschap=lid, acting_user=None)
    assert _rollen(wereld.beheerder, wereld.zorggroep) == set()
    from django.utils import timezone

    assert not Mandaat.objects.filter(gebruiker=wereld.beheerder).geldig_op(timezone.localdate()).exists()


def test_an_invalid_role_is_refused(wereld: Wereld) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.lid_maken(
            gebruiker=GebruikerFactory.create(), organisatie=wereld.zorggroep, rol="baas", acting_user=None
        )
