"""The four goals of one insurer's 2021 purchasing policy (made with LHV and InEen) as the first goal list.

Koepel staff keep the list in the admin from here on; this only seeds it.
"""

from django.db import migrations

BRON = "Zilveren Kruis inkoopbeleid huisartsenzorg 2021"
DOELEN = [
    ("Meer zorg op afstand", "Zorg digitaal of op afstand waar dat kan: e-consult, telemonitoring, zelfmanagement."),
    ("Andere organisatie huisartsenzorg", "Taken anders verdelen, samenwerken in de wijk en de regio."),
    ("Meer persoonsgerichte zorg", "Zorg die past bij wat de patiënt belangrijk vindt, zoals samen beslissen."),
    ("Efficiënte praktijkvoering", "Efficiënt werken en verspilling verminderen, bijvoorbeeld bij verwijzen."),
]


def doelen_laden(apps, schema_editor):
    Doel = apps.get_model("regioplan", "Doel")
    for i, (naam, omschrijving) in enumerate(DOELEN, start=1):
        Doel.objects.update_or_create(naam=naam, defaults={"omschrijving": omschrijving, "bron": BRON, "volgorde": i})


def doelen_weghalen(apps, schema_editor):
    Doel = apps.get_model("regioplan", "Doel")
    Doel.objects.filter(naam__in=[n for n, _ in DOELEN], bron=BRON, activiteiten__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("regioplan", "0001_regioplan")]

    operations = [migrations.RunPython(doelen_laden, doelen_weghalen)]
