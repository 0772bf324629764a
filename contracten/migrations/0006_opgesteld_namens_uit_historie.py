"""Lines written before proposals existed: the party that wrote their current content, from their history (the
person who saved them last, and that person's membership of one of the contract's two parties). A line whose writer
is unknown stays without one; then either party may agree to it (contracten/access.py mag_beslissen_over)."""

from django.db import migrations


def opgesteld_namens_vullen(apps, schema_editor):  # type: ignore[no-untyped-def]
    Contractafspraak = apps.get_model("contracten", "Contractafspraak")
    Historie = apps.get_model("contracten", "HistoricalContractafspraak")
    Lidmaatschap = apps.get_model("regio", "Lidmaatschap")
    for afspraak in Contractafspraak.objects.filter(opgesteld_namens__isnull=True).select_related("contract"):
        contract = afspraak.contract
        schrijver = (
            Historie.objects.filter(id=afspraak.pk, history_user__isnull=False)
            .order_by("-history_date")
            .values_list("history_user_id", flat=True)
            .first()
        ) or contract.aangemaakt_door_id
        partij = (
            Lidmaatschap.objects.filter(
                gebruiker_id=schrijver,
                organisatie_id__in=[contract.huisartsenorganisatie_id, contract.zorgverzekeraar_id],
            )
            .values_list("organisatie_id", flat=True)
            .first()
        )
        if partij is not None:
            Contractafspraak.objects.filter(pk=afspraak.pk).update(opgesteld_namens_id=partij)


class Migration(migrations.Migration):
    dependencies = [("contracten", "0005_regelvoorstellen_en_akkoord")]

    operations = [migrations.RunPython(opgesteld_namens_vullen, migrations.RunPython.noop)]
