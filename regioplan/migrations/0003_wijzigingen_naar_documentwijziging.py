"""The plan's own change log (regioplan.Wijziging) moves into the one change record of all documents
(regio.Documentwijziging); the next migration drops the old table."""

from django.db import migrations

from regio.migrations._oude_wijzigingen import OudeLog

LOG = OudeLog(app="regioplan", model="Wijziging", document="regioplan", versie="plan_versie", soort="regioplan.regioplan")


class Migration(migrations.Migration):
    dependencies = [
        ("regio", "0009_documentwijziging"),
        ("regioplan", "0002_doelen_inkoopbeleid_2021"),
    ]

    operations = [migrations.RunPython(LOG.overzetten, LOG.terugzetten)]
