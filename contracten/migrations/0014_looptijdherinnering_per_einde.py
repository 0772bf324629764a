import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def eindjaar_invullen(apps, schema_editor):
    """A reminder sent before this field reminded of the end of the term as it held then: the contract's last year,
    or a later one a signed addendum had set by then."""
    Looptijdherinnering = apps.get_model("contracten", "Looptijdherinnering")
    Addendum = apps.get_model("contracten", "Addendum")
    for herinnering in Looptijdherinnering.objects.select_related("contract"):
        verlengd = (
            Addendum.objects.filter(
                contract=herinnering.contract,
                status="getekend",
                eindjaar__isnull=False,
                getekend_op__lte=herinnering.verstuurd_op,
            )
            .order_by("-eindjaar")
            .values_list("eindjaar", flat=True)
            .first()
        )
        herinnering.eindjaar = max(herinnering.contract.eindjaar, verlengd or 0)
        herinnering.save(update_fields=["eindjaar"])


class Migration(migrations.Migration):
    dependencies = [
        ("contracten", "0013_addendumregel_geldsoort_geindexeerd"),
    ]

    operations = [
        migrations.AddField(
            model_name="looptijdherinnering",
            name="eindjaar",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="laatste jaar waarvoor herinnerd"),
        ),
        migrations.AlterField(
            model_name="looptijdherinnering",
            name="contract",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="looptijdherinneringen",
                to="contracten.contract",
            ),
        ),
        migrations.RunPython(eindjaar_invullen, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="looptijdherinnering",
            name="eindjaar",
            field=models.PositiveSmallIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(2000),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="laatste jaar waarvoor herinnerd",
            ),
        ),
        migrations.AddConstraint(
            model_name="looptijdherinnering",
            constraint=models.UniqueConstraint(
                fields=("contract", "eindjaar"), name="een_looptijdherinnering_per_einde"
            ),
        ),
    ]
