"""The catalogue gets the Vektis costs per insured year computed from the open file's totals (costs of a kind of
care divided by the insured years, a ratio indicator of migration 0011), when those indicators are in it (migration
0008). No figures are shipped.
"""

from django.db import migrations


VEKTIS = "Vektis open data: voorwaarden van Vektis (geen cijfers meegeleverd)"
VEKTIS_BRON = "Vektis open data Zorgverzekeringswet per gemeente"
# code, name, numerator; the denominator is always the insured years.
VERHOUDINGEN = [
    ("kosten_farmacie_per_verzekerdejaar_berekend", "Kosten farmacie per verzekerdejaar (berekend)", "kosten_farmacie"),
    (
        "kosten_msz_per_verzekerdejaar_berekend",
        "Kosten medisch-specialistische zorg per verzekerdejaar (berekend)",
        "kosten_msz",
    ),
    (
        "kosten_ggz_per_verzekerdejaar_berekend",
        "Kosten gespecialiseerde ggz per verzekerdejaar (berekend)",
        "kosten_ggz",
    ),
    (
        "kosten_wijkverpleging_per_verzekerdejaar_berekend",
        "Kosten wijkverpleging per verzekerdejaar (berekend)",
        "kosten_wijkverpleging",
    ),
]


def laden(apps, schema_editor):
    Indicator = apps.get_model("regiobeeld", "Indicator")
    noemer = Indicator.objects.filter(code="verzekerdejaren", regio=None).first()
    if noemer is None:
        return
    for volgorde, (code, naam, teller_code) in enumerate(VERHOUDINGEN, start=1):
        teller = Indicator.objects.filter(code=teller_code, regio=None).first()
        if teller is None:
            continue
        Indicator.objects.get_or_create(
            code=code,
            regio=None,
            defaults={
                "naam": naam,
                "eenheid": "euro",
                "aggregatie": "verhouding",
                "domein": "kosten",
                "deel": "kosten",
                "bron": VEKTIS_BRON,
                "licentie": VEKTIS,
                "definitie": f"{teller.naam} gedeeld door de verzekerdejaren, over elk gebied als som gedeeld door som.",
                "teller": teller,
                "noemer": noemer,
                "factor": 1,
                "volgorde": 700 + volgorde * 10,
            },
        )


def terugzetten(apps, schema_editor):
    apps.get_model("regiobeeld", "Indicator").objects.filter(code__in=[r[0] for r in VERHOUDINGEN], regio=None).delete()


class Migration(migrations.Migration):
    dependencies = [("regiobeeld", "0011_indicator_verhouding")]

    operations = [migrations.RunPython(laden, terugzetten)]
