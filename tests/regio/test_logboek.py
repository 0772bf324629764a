"""The log: who did what for which party and when; append-only; each organisation's managers read their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from regio import services
from regio.models import Auditregel, Rol
from regioplan import services as plan_services
from tests.factories import WACHTWOORD, GebruikerFactory
from tests.personas import START, Wereld
from tests.regioplan.werelden import indienen, plan_maken


def _soorten() -> list[str]:
    return list(Auditregel.objects.order_by("pk").values_list("soort", flat=True))


def test_a_sign_in_and_a_failed_one_are_logged_with_the_address(wereld: Wereld) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": "carla@praktijk.test", "password": "fout-wachtwoord-1"})
    client.post(reverse("account_login"), {"login": "carla@praktijk.test", "password": WACHTWOORD})
    mislukt = Auditregel.objects.get(soort=Auditregel.Soort.INLOG_MISLUKT)
    gelukt = Auditregel.objects.get(soort=Auditregel.Soort.INLOG)
    assert mislukt.wie == "carla@praktijk.test" and mislukt.ip == "127.0.0.1"
    assert gelukt.gebruiker == wereld.lezer


def test_memberships_mandates_and_approvals_are_logged_for_their_party(wereld: Wereld) -> None:
    nieuw = GebruikerFactory.create(email="nieuw@zorggroep.test")
    services.lid_maken(gebruiker=nieuw, organisatie=wereld.zorggroep, rol=Rol.BEWERKER, acting_user=wereld.koepel)
    services.mandaat_verlenen(
        gebruiker=nieuw,
        organisatie=wereld.zorggroep,
        regio=wereld.regio,
        onderwerp="regioplan",
        geldig_van=START,
        geldig_tot=dt.date(2030, 1, 1),
        acting_user=wereld.koepel,
    )
    plan = plan_maken(wereld)
    plan = indienen(wereld, plan)
    plan_services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.beheerder)
    lid = Auditregel.objects.get(soort=Auditregel.Soort.LIDMAATSCHAP, wat__contains="nieuw@zorggroep.test")
    assert lid.gebruiker == wereld.koepel and lid.organisatie == wereld.zorggroep
    mandaat = Auditregel.objects.get(soort=Auditregel.Soort.MANDAAT, wat__contains="nieuw@zorggroep.test")
    assert "2030-01-01" in mandaat.wat and mandaat.regio == wereld.regio
    goedkeuring = Auditregel.objects.get(soort=Auditregel.Soort.GOEDKEURING)
    assert goedkeuring.gebruiker == wereld.beheerder and goedkeuring.organisatie == wereld.zorggroep
    assert "mandaat" in goedkeuring.wat
    # Granting the region's rights to the parties' groups was logged when the world was built.
    assert Auditregel.objects.filter(soort=Auditregel.Soort.RECHTEN, regio=wereld.regio).exists()


def test_the_log_cannot_be_changed_or_wiped_by_the_application(wereld: Wereld) -> None:
    regel = Auditregel.objects.first()
    assert regel is not None
    regel.wat = "iets anders"
    with pytest.raises(PermissionError):
        regel.save()
    with pytest.raises(PermissionError):
        regel.delete()
    with pytest.raises(PermissionError):
        Auditregel.objects.all().update(wat="weg")
    with pytest.raises(PermissionError):
        Auditregel.objects.all().delete()


def test_a_manager_reads_the_log_of_their_own_organisation_only(wereld: Wereld) -> None:
    Client().post(reverse("account_login"), {"login": "daan@zuid.test", "password": WACHTWOORD})
    Client().post(reverse("account_login"), {"login": "anna@zorggroep.test", "password": WACHTWOORD})
    client = Client()
    client.force_login(wereld.beheerder)
    pagina = client.get(reverse("regio:logboek", args=[wereld.zorggroep.pk])).content.decode()
    assert "anna@zorggroep.test" in pagina
    assert "daan@zuid.test" not in pagina
    assert "Logboek van Zorggroep Eigen" in client.get(reverse("regio:mijn_regios")).content.decode()
