"""The koepel staff's admin group comes with every install (migration 0007), and the demo keeps the one group."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from regio.koepelgroep import KOEPELGROEP, koepelgroep_verzekeren
from tests.personas import Wereld, wereld_bouwen

pytestmark = pytest.mark.django_db


def _rechten() -> set[str]:
    return set(Group.objects.get(name=KOEPELGROEP).permissions.values_list("codename", flat=True))


# Migrating runs outside a test's transaction; the tables are emptied when the test ends.
@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_a_fresh_database_the_group_and_its_staff_can_manage_regions_and_goals() -> None:
    call_command("migrate", "regio", "0009_documentwijziging", verbosity=0)
    assert not Group.objects.filter(name=KOEPELGROEP).exists()  # the reverse removes the group
    # A fresh install: the migration runs before Django's post_migrate has made any permission.
    Permission.objects.all().delete()
    call_command("migrate", "regio", "0010_koepelgroep", verbosity=0)

    assert "view_contract" not in _rechten()
    assert {"add_regio", "change_mandaat", "view_gebruiker", "change_indicator", "view_regioplan"} <= _rechten()
    # Every app's later migrations too (going back to regio 0009 also undid the other apps' migrations that depend
    # on later regio ones), so the world below, and the tests after this one, find today's tables.
    call_command("migrate", verbosity=0)
    wereld: Wereld = wereld_bouwen()
    wereld.koepel.groups.add(Group.objects.get(name=KOEPELGROEP))
    client = Client()
    client.force_login(wereld.koepel)
    assert client.get(reverse("admin:regio_regio_changelist")).status_code == 200
    assert client.get(reverse("admin:regio_regio_add")).status_code == 200
    assert client.get(reverse("admin:regiobeeld_indicator_changelist")).status_code == 200
    assert client.get(reverse("admin:regioplan_regioplan_changelist")).status_code == 200


def test_loading_the_demo_keeps_the_one_group_with_the_same_permissions() -> None:
    koepelgroep_verzekeren()  # as the migration left it (a transactional test before this one may have emptied it)
    voor = _rechten()
    call_command("demo_laden")
    call_command("demo_laden")
    assert Group.objects.filter(name=KOEPELGROEP).count() == 1
    assert _rechten() == voor
    koepel = Group.objects.get(name=KOEPELGROEP).user_set.get()
    assert koepel.is_staff
