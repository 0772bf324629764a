from django.db import migrations


def momenten_na_einde_weghalen(apps, schema_editor):
    """As terminating a contract now does (contracten/looptijd.py): the open reporting dates (no result) after the
    end date of a contract ended before this are no longer due, so they go."""
    Rapportagemoment = apps.get_model("contracten", "Rapportagemoment")
    Contractbeeindiging = apps.get_model("contracten", "Contractbeeindiging")
    for beeindiging in Contractbeeindiging.objects.all():
        Rapportagemoment.objects.filter(
            contract_id=beeindiging.contract_id, uiterlijk__gt=beeindiging.einddatum, resultaten__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contracten", "0014_looptijdherinnering_per_einde"),
    ]

    operations = [
        migrations.RunPython(momenten_na_einde_weghalen, migrations.RunPython.noop),
    ]
