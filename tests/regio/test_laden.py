"""Loading the real CBS gemeente file and the demo data: rerunning updates, never duplicates."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from regio.demo import demo_toegestaan
from regio.gemeenten import GemeentebestandFout, gemeenten_lezen
from regio.models import Gebruiker, Gemeente

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
    demo_toegestaan()  # no refusal: what loading makes is checked in tests/test_demo.py
