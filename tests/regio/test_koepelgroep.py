"""The koepel staff's admin group comes with every install (migration 0007), and the demo keeps the one group."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from regio.koepelgroep import KOEPELGROEP
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

migratie = importlib.import_module("regio.migrations.0007_koepelgroep")


def _rechten() -> set[str]:
    return set(Group.objects.get(name=KOEPELGROEP).permissions.values_list("codename", flat=True))


def _koepel_in_beheer(wereld: Wereld) -> Client:
    wereld.koepel.groups.add(Group.objects.get(name=KOEPELGROEP))
    client = Client()
    client.force_login(wereld.koepel)
    return client


def test_a_migrated_database_has_the_group_and_its_staff_can_manage_regions_but_not_contracts(wereld: Wereld) -> None:
    client = _koepel_in_beheer(wereld)
    assert client.get(reverse("admin:regio_regio_changelist")).status_code == 200
    assert client.get(reverse("admin:regio_regio_add")).status_code == 200
    assert client.get(reverse("admin:regiobeeld_indicator_changelist")).status_code == 200
    assert client.get(reverse("admin:regioplan_regioplan_changelist")).status_code == 200
    assert "view_contract" not in _rechten()
    assert {"add_regio", "change_mandaat", "view_gebruiker", "change_indicator", "view_regioplan"} <= _rechten()


def test_the_migration_makes_the_group_on_a_fresh_database_where_no_permission_exists_yet() -> None:
    # A fresh install: the migration runs before Django's post_migrate has made any permission.
    Group.objects.filter(name=KOEPELGROEP).delete()
    Permission.objects.all().delete()
    editor = SimpleNamespace(connection=connection)

    migratie.aanmaken(apps, editor)
    assert {"add_regio", "change_deelname", "change_emailaddress", "change_doel"} <= _rechten()

    migratie.weghalen(apps, editor)
    assert not Group.objects.filter(name=KOEPELGROEP).exists()


def test_loading_the_demo_keeps_the_one_group_with_the_same_permissions() -> None:
    voor = _rechten()
    call_command("demo_laden")
    call_command("demo_laden")
    assert Group.objects.filter(name=KOEPELGROEP).count() == 1
    assert _rechten() == voor
    koepel = Group.objects.get(name=KOEPELGROEP).user_set.get()
    assert koepel.is_staff
