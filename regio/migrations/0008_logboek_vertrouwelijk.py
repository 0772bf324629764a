"""Log lines about a contract are confidential to its two parties: mark them, the existing ones included."""

from django.db import migrations, models

# Every line the product wrote about a contract names it as "contract '<titel>'": rights on it, its signatures, its
# PDF asked for and downloaded, its CSV exports.
CONTRACTTEKST = "contract '"


def markeren(apps, schema_editor):
    Auditregel = apps.get_model("regio", "Auditregel")
    Auditregel.objects.filter(wat__contains=CONTRACTTEKST).update(vertrouwelijk=True)


class Migration(migrations.Migration):
    dependencies = [
        ("regio", "0007_pdfopdracht_hartslag"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditregel",
            name="vertrouwelijk",
            field=models.BooleanField(default=False, verbose_name="vertrouwelijk"),
        ),
        # Backwards the column goes, so there is nothing to undo first.
        migrations.RunPython(markeren, migrations.RunPython.noop),
    ]
