"""The contract's own change log (contracten.Contractwijziging) moves into the one change record of all documents
(regio.Documentwijziging); the next migration drops the old table."""

from django.db import migrations

SOORT = "contracten.contract"
VELDEN = ("gebruiker_id", "namens_id", "wat", "op")


def naar_documentwijziging(apps, schema_editor):
    Contractwijziging = apps.get_model("contracten", "Contractwijziging")
    Documentwijziging = apps.get_model("regio", "Documentwijziging")
    rijen = Contractwijziging.objects.order_by("pk").values(*VELDEN, "contract_id", "contract__regio_id", "contract_versie")
    Documentwijziging.objects.bulk_create(
        (
            Documentwijziging(
                **{v: r[v] for v in VELDEN},
                regio_id=r["contract__regio_id"],
                document_soort=SOORT,
                document_id=r["contract_id"],
                versie=r["contract_versie"],
            )
            for r in rijen.iterator()
        ),
        batch_size=1000,
    )


def terug_naar_wijziging(apps, schema_editor):
    Contractwijziging = apps.get_model("contracten", "Contractwijziging")
    # The old model set `op` on insert (auto_now_add); the lines keep the moment they were written.
    Contractwijziging._meta.get_field("op").auto_now_add = False
    Documentwijziging = apps.get_model("regio", "Documentwijziging")
    rijen = Documentwijziging.objects.filter(document_soort=SOORT).order_by("pk")
    Contractwijziging.objects.bulk_create(
        (
            Contractwijziging(**{v: r[v] for v in VELDEN}, contract_id=r["document_id"], contract_versie=r["versie"])
            for r in rijen.values(*VELDEN, "document_id", "versie").iterator()
        ),
        batch_size=1000,
    )
    rijen.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regio", "0007_documentwijziging"),
        ("contracten", "0001_contracten"),
    ]

    operations = [migrations.RunPython(naar_documentwijziging, terug_naar_wijziging)]
