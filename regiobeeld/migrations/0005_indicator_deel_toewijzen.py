"""Every indicator gets the part of the regiobeeld its figures belong to, from its domain (a frozen copy of
regiobeeld.catalogus.DEEL_PER_DOMEIN; koepel staff can change it per indicator in the admin)."""

from django.db import migrations

DEEL_PER_DOMEIN = {
    "bevolking": "bevolking",
    "gezondheid": "zorgvraag",
    "zorggebruik": "zorgvraag",
    "kosten": "kosten",
    "aanbod": "zorgaanbod",
    "personeel": "trends",
}


def toewijzen(apps, schema_editor):
    Indicator = apps.get_model("regiobeeld", "Indicator")
    for domein, deel in DEEL_PER_DOMEIN.items():
        Indicator.objects.filter(domein=domein, deel="").update(deel=deel)


def terugzetten(apps, schema_editor):
    apps.get_model("regiobeeld", "Indicator").objects.update(deel="")


class Migration(migrations.Migration):
    dependencies = [("regiobeeld", "0004_indicator_deel_en_uitgelicht")]

    operations = [migrations.RunPython(toewijzen, terugzetten)]
