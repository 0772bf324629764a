"""The plan's own change log (regioplan.Wijziging) moves into the one change record of all documents
(regio.Documentwijziging); the next migration drops the old table."""

from django.db import migrations

SOORT = "regioplan.regioplan"
VELDEN = ("gebruiker_id", "namens_id", "wat", "op")


def naar_documentwijziging(apps, schema_editor):
    Wijziging = apps.get_model("regioplan", "Wijziging")
    Documentwijziging = apps.get_model("regio", "Documentwijziging")
    rijen = Wijziging.objects.order_by("pk").values(*VELDEN, "regioplan_id", "regioplan__regio_id", "plan_versie")
    Documentwijziging.objects.bulk_create(
        (
            Documentwijziging(
                **{v: r[v] for v in VELDEN},
                regio_id=r["regioplan__regio_id"],
                document_soort=SOORT,
                document_id=r["regioplan_id"],
                versie=r["plan_versie"],
            )
            for r in rijen.iterator()
        ),
        batch_size=1000,
    )


def terug_naar_wijziging(apps, schema_editor):
    Wijziging = apps.get_model("regioplan", "Wijziging")
    # The old model set `op` on insert (auto_now_add); the lines keep the moment they were written.
    Wijziging._meta.get_field("op").auto_now_add = False
    Documentwijziging = apps.get_model("regio", "Documentwijziging")
    rijen = Documentwijziging.objects.filter(document_soort=SOORT).order_by("pk")
    Wijziging.objects.bulk_create(
        (
            Wijziging(**{v: r[v] for v in VELDEN}, regioplan_id=r["document_id"], plan_versie=r["versie"])
            for r in rijen.values(*VELDEN, "document_id", "versie").iterator()
        ),
        batch_size=1000,
    )
    rijen.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regio", "0007_documentwijziging"),
        ("regioplan", "0002_doelen_inkoopbeleid_2021"),
    ]

    operations = [migrations.RunPython(naar_documentwijziging, terug_naar_wijziging)]
