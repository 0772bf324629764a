"""A proposal can lapse (vervallen): when its plan is adopted before anyone decided it."""

from django.db import migrations, models
from django.utils import timezone

# Open proposals on plans adopted before proposals lapsed at adoption: closed the same way, with this reason.
REDEN = "Het plan was al vastgesteld voordat over dit voorstel was beslist."


def vervallen(apps, schema_editor):
    Voorstel = apps.get_model("regioplan", "Voorstel")
    for v in Voorstel.objects.filter(status="open", regioplan__status__in=["vastgesteld", "vervangen"]).select_related(
        "regioplan"
    ):
        v.status = "vervallen"
        v.besloten_op = v.regioplan.vastgesteld_op or timezone.now()
        v.besluit_toelichting = REDEN
        v.save(update_fields=["status", "besloten_op", "besluit_toelichting"])


def heropenen(apps, schema_editor):
    Voorstel = apps.get_model("regioplan", "Voorstel")
    Voorstel.objects.filter(status="vervallen", besluit_toelichting=REDEN).update(
        status="open", besloten_op=None, besluit_toelichting=""
    )


class Migration(migrations.Migration):

    dependencies = [
        ('regioplan', '0007_voorstel_weergave'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalvoorstel',
            name='status',
            field=models.CharField(choices=[('open', 'open'), ('aanvaard', 'aanvaard'), ('afgewezen', 'afgewezen'), ('vervangen', 'vervangen'), ('ingetrokken', 'ingetrokken'), ('vervallen', 'vervallen')], default='open', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='voorstel',
            name='status',
            field=models.CharField(choices=[('open', 'open'), ('aanvaard', 'aanvaard'), ('afgewezen', 'afgewezen'), ('vervangen', 'vervangen'), ('ingetrokken', 'ingetrokken'), ('vervallen', 'vervallen')], default='open', max_length=20, verbose_name='status'),
        ),
        migrations.RunPython(vervallen, heropenen),
    ]
