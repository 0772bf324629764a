"""The koepel staff's admin group comes with every install (migration 0010); tests/test_demo.py: the demo keeps it."""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse

from regio.koepelgroep import KOEPELGROEP
from tests.personas import Wereld, wereld_bouwen

pytestmark = pytest.mark.django_db


def _rechten() -> set[str]:
    return set(Group.objects.get(name=KOEPELGROEP).permissions.values_list("codename", flat=True))


def test_the_migration_gives_a_fresh_database_the_group_and_its_staff_can_manage_regions_and_goals() -> None:
    # The migration's own functions on the models as they stood at that migration, inside this test's transaction
    # (migrating the database back and forth cost tens of CPU seconds).
    migratie = import_module("regio.migrations.0010_koepelgroep")
    historisch = MigrationLoader(connection).project_state(("regio", "0010_koepelgroep")).apps
    schema = SimpleNamespace(connection=connection)
    migratie.weghalen(historisch, schema)
    assert not Group.objects.filter(name=KOEPELGROEP).exists()  # the reverse removes the group
    # A fresh install: the migration runs before Django's post_migrate has made any permission.
    Permission.objects.all().delete()
    migratie.aanmaken(historisch, schema)

    assert "view_contract" not in _rechten()
    assert {"add_regio", "change_mandaat", "view_gebruiker", "change_indicator", "view_regioplan"} <= _rechten()
    wereld: Wereld = wereld_bouwen()
    wereld.koepel.groups.add(Group.objects.get(name=KOEPELGROEP))
    client = Client()
    client.force_login(wereld.koepel)
    assert client.get(reverse("admin:regio_regio_changelist")).status_code == 200
    assert client.get(reverse("admin:regio_regio_add")).status_code == 200
    assert client.get(reverse("admin:regiobeeld_indicator_changelist")).status_code == 200
    assert client.get(reverse("admin:regioplan_regioplan_changelist")).status_code == 200
