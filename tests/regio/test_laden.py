"""Loading the real CBS gemeente file and the demo data: rerunning updates, never duplicates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db.models import Sum

from regio.demo import DEMO_UITNODIGING
from regio.gemeenten import GemeentebestandFout, gemeenten_lezen
from regio.models import Deelname, Gebruiker, Gemeente, Lidmaatschap, Mandaat, Organisatie, Regio, Uitnodiging

pytestmark = pytest.mark.django_db


def test_the_real_file_has_all_342_gemeenten_summing_to_the_national_population() -> None:
    rijen = gemeenten_lezen()
    assert len(rijen) == 342
    assert sum(r.inwoners for r in rijen) == 17_942_942
    namen = {r.naam for r in rijen}
    assert "Nuenen, Gerwen en Nederwetten" in namen  # a name with a comma, quoted in the CSV


def test_loading_twice_updates_and_never_duplicates() -> None:
    call_command("gemeenten_laden")
    Gemeente.objects.filter(code="GM0917").update(inwoners=1)
    call_command("gemeenten_laden")
    assert Gemeente.objects.count() == 342
    assert Gemeente.objects.get(code="GM0917").inwoners == 87_461
    assert Gemeente.objects.aggregate(t=Sum("inwoners"))["t"] == 17_942_942


def test_a_file_that_is_not_the_gemeente_table_is_refused_in_dutch(tmp_path) -> None:
    pad = tmp_path / "fout.csv"
    pad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(GemeentebestandFout, match="Kolommen ontbreken"):
        gemeenten_lezen(pad)


def test_the_demo_loads_once_and_rerunning_changes_nothing() -> None:
    call_command("demo_laden")

    def tellingen() -> tuple[int, ...]:
        return tuple(
            m.objects.count()
            for m in (Gemeente, Regio, Organisatie, Deelname, Gebruiker, Lidmaatschap, Mandaat, Uitnodiging)
        )

    eerst = tellingen()
    call_command("demo_laden")
    assert tellingen() == eerst
    ozl = Regio.objects.get(slug="oostelijk-zuid-limburg")
    assert set(ozl.gemeenten.values_list("naam", flat=True)) == {
        "Heerlen",
        "Kerkrade",
        "Landgraaf",
        "Brunssum",
        "Simpelveld",
        "Voerendaal",
        "Beekdaelen",
    }
    assert all(o.is_demo and "(demo)" in o.naam for o in Organisatie.objects.all())
    # The zorggroep's manager has one open invitation to see; its made-up address is never mailed.
    (uitnodiging,) = Uitnodiging.objects.open()
    assert (uitnodiging.email, uitnodiging.uitgenodigd_door.email) == (
        DEMO_UITNODIGING,
        "bram@zorggroep-mijnstreek.test",
    )
    assert mail.outbox == []


@pytest.mark.parametrize("opdracht", [("demo_laden",), ("demo_code", "bram@zorggroep-mijnstreek.test")])
def test_the_demo_commands_refuse_a_production_configuration(opdracht: tuple[str, ...], settings) -> None:
    settings.DEBUG = False
    settings.REGIO_DEMOSERVER = False
    with pytest.raises(CommandError, match="Geweigerd: dit is geen ontwikkel- of demo-omgeving"):
        call_command(*opdracht)
    assert not Gebruiker.objects.exists()


def test_the_demo_loads_in_development_without_the_demo_server_flag(settings) -> None:
    settings.DEBUG = True
    settings.REGIO_DEMOSERVER = False
    call_command("demo_laden")
    assert Gebruiker.objects.filter(email="koen@koepel.test").exists()


def test_the_demo_contract_has_a_discussed_line_with_the_mention_shown_and_mails_nobody() -> None:
    from contracten.models import Reactie

    call_command("demo_laden")
    vraag = Reactie.objects.get(antwoord_op=None)
    assert vraag.afspraak is not None and vraag.genoemd.get().email.startswith("anna@")
    assert vraag.antwoorden.count() == 1
    assert not Reactie.objects.filter(gemaild_op=None).exists()


def test_the_demo_contract_has_a_counter_proposed_line_and_was_signed_once_every_line_was_agreed() -> None:
    from contracten.demo import ONDERHANDELD
    from contracten.models import Contract, Contractafspraak, Contractstatus, Regelvoorstel

    call_command("demo_laden")
    contract = Contract.objects.get(titel__contains="Jaarcontract")
    assert contract.status == Contractstatus.GETEKEND
    assert all(a.akkoord_van_beide for a in Contractafspraak.objects.filter(contract=contract))
    regel = Contractafspraak.objects.get(contract=contract, titel=ONDERHANDELD)
    spoor = list(Regelvoorstel.objects.filter(afspraak=regel).order_by("pk"))
    assert [(v.namens.naam, v.status, v.wijziging) for v in spoor] == [
        ("Zorgverzekeraar Zuid (demo)", "vervangen", {"bedrag_2026": "450000.00"}),
        ("Zorggroep Mijnstreek (demo)", "aanvaard", {"bedrag_2026": "480000.00"}),
    ]
    assert spoor[1].tegenvoorstel_op == spoor[0]
    assert regel.bedragen.get().bedrag == Decimal("480000.00")
