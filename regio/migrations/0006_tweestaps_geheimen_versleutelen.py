"""Encrypt the two-factor secrets that allauth stored in plaintext (regio/geheimen.py); the reverse decrypts them."""

from typing import Any

from django.db import migrations

from regio import geheimen


def versleutelen(apps: Any, schema_editor: Any) -> None:
    geheimen.alles_versleutelen(apps.get_model("mfa", "Authenticator"))


def ontsleutelen(apps: Any, schema_editor: Any) -> None:
    geheimen.alles_ontsleutelen(apps.get_model("mfa", "Authenticator"))


class Migration(migrations.Migration):
    dependencies = [
        ("regio", "0005_logboek_tweestaps_export"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(versleutelen, ontsleutelen)]
