"""Every install gets the koepel staff's admin group ("Koepelmedewerkers") with its permissions (regio/koepelgroep.py);
the reverse removes the group."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

from regio import koepelgroep


def aanmaken(apps: Any, schema_editor: Any) -> None:
    # Django makes permissions after all migrations have run (post_migrate); on a fresh database they do not
    # exist yet, so make them here for the apps the group needs.
    # create_permissions skips an app without a models module; a migration's apps have none, so set one for the
    # call and put back what was there.
    for app_config in apps.get_app_configs():
        eerder = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        finally:
            app_config.models_module = eerder
    koepelgroep.koepelgroep_verzekeren(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def weghalen(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name=koepelgroep.KOEPELGROEP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regio", "0009_documentwijziging"),
        ("regiobeeld", "0002_import_stap_gestart_en_pogingen"),
        ("regioplan", "0002_doelen_inkoopbeleid_2021"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(aanmaken, weghalen)]
