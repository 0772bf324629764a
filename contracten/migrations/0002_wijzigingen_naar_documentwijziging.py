"""The contract's own change log (contracten.Contractwijziging) moves into the one change record of all documents
(regio.Documentwijziging); the next migration drops the old table."""

from django.db import migrations

from regio.migrations._oude_wijzigingen import OudeLog

LOG = OudeLog(
    app="contracten", model="Contractwijziging", document="contract", versie="contract_versie", soort="contracten.contract"
)


class Migration(migrations.Migration):
    dependencies = [
        ("regio", "0009_documentwijziging"),
        ("contracten", "0001_contracten"),
    ]

    operations = [migrations.RunPython(LOG.overzetten, LOG.terugzetten)]
