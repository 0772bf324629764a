"""The kinds of parties the guide names, as data the koepel can extend in the admin."""

from django.db import migrations

SOORTEN = [
    ("huisartsenorganisatie", "Huisartsenorganisatie / zorggroep", 10),
    ("zorgverzekeraar", "Zorgverzekeraar", 20),
    ("huisartsenpraktijk", "Huisartsenpraktijk", 30),
    ("ziekenhuis", "Ziekenhuis", 40),
    ("wijkverpleging", "Wijkverpleging", 50),
    ("ggz", "GGZ", 60),
    ("sociaal-domein", "Gemeente / sociaal domein", 70),
    ("ros", "ROS (regionale ondersteuningsstructuur)", 80),
    ("geboortezorg", "Geboortezorg", 90),
    ("koepel", "Koepel (landelijke vereniging)", 95),
    ("anders", "Anders", 100),
]


def vullen(apps, schema_editor):
    OrganisatieSoort = apps.get_model("regio", "OrganisatieSoort")
    for code, naam, volgorde in SOORTEN:
        OrganisatieSoort.objects.update_or_create(code=code, defaults={"naam": naam, "volgorde": volgorde})


def legen(apps, schema_editor):
    OrganisatieSoort = apps.get_model("regio", "OrganisatieSoort")
    OrganisatieSoort.objects.filter(code__in=[code for code, _, _ in SOORTEN], organisatie__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("regio", "0001_gebruikers_regios_partijen_mandaten")]

    operations = [migrations.RunPython(vullen, legen)]
