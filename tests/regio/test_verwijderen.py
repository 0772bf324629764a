"""Removing an activity, a measuring point, a regiobeeld challenge or a contract line first asks, on a page that
works without JavaScript: what goes (with what hangs on it) and whose approval, agreement or signature removing it
withdraws. Only the form on that page removes (regio/verwijderen.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from contracten.models import Contractafspraak
from regiobeeld import services as regiobeeld_services
from regiobeeld.models import Uitdaging
from regioplan import services as plan_services
from regioplan.models import Activiteit, Meetpunt, Regioplan
from tests.contracten.werelden import aangeboden_en_getekend
from tests.personas import Wereld
from tests.regiobeeld.werelden import akkoordmandaten
from tests.regioplan.werelden import activiteit_maken, actueel, indienen, meetpunt_maken, plan_maken

pytestmark = pytest.mark.django_db


def _client(wie: object) -> Client:
    c = Client()
    c.force_login(wie)  # type: ignore[arg-type]
    return c


def test_removing_an_activity_asks_first_and_says_whose_approval_it_withdraws(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    activiteit = activiteit_maken(wereld, plan)
    meetpunt = meetpunt_maken(wereld, activiteit)
    plan = indienen(wereld, actueel(plan))
    plan_services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.beheerder)
    url = reverse("regioplan:activiteit_verwijderen", args=[wereld.regio.slug, plan.pk, activiteit.pk])

    detail = _client(wereld.bewerker).get(reverse("regioplan:detail", args=[wereld.regio.slug, plan.pk]))
    assert f'href="{url}"' in detail.content.decode()  # a link to the question, not a form that removes at once

    pagina = _client(wereld.bewerker).get(url)
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert f"Activiteit “{activiteit.titel}” verwijderen?" in html
    assert f"Meetpunt: {meetpunt.omschrijving}" in html
    assert "Verwijderen trekt de goedkeuring in van Zorggroep Eigen (Bram Beheerder" in html
    assert 'method="post"' in html and "Ja, verwijderen" in html
    assert Activiteit.objects.filter(pk=activiteit.pk).exists()  # asking removes nothing

    assert _client(wereld.bewerker).post(url).status_code == 302
    assert not Activiteit.objects.filter(pk=activiteit.pk).exists()
    assert not Meetpunt.objects.filter(pk=meetpunt.pk).exists()


def test_removing_a_measuring_point_asks_first(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    meetpunt = meetpunt_maken(wereld, activiteit_maken(wereld, plan))
    url = reverse("regioplan:meetpunt_verwijderen", args=[wereld.regio.slug, plan.pk, meetpunt.pk])
    detail = _client(wereld.bewerker).get(reverse("regioplan:detail", args=[wereld.regio.slug, plan.pk]))
    assert f'href="{url}"' in detail.content.decode()
    html = _client(wereld.bewerker).get(url).content.decode()
    assert f"Meetpunt “{meetpunt.omschrijving}” verwijderen?" in html
    assert "trekt" not in html  # nobody approved: nothing is withdrawn
    assert Meetpunt.objects.filter(pk=meetpunt.pk).exists()
    _client(wereld.bewerker).post(url)
    assert not Meetpunt.objects.filter(pk=meetpunt.pk).exists()


def test_removing_on_an_adopted_plan_is_refused_before_asking(wereld: Wereld) -> None:
    plan = plan_maken(wereld)
    activiteit = activiteit_maken(wereld, plan)
    Regioplan.objects.filter(pk=plan.pk).update(status="vastgesteld")
    url = reverse("regioplan:activiteit_verwijderen", args=[wereld.regio.slug, plan.pk, activiteit.pk])
    antwoord = _client(wereld.bewerker).get(url, follow=True)
    assert "Dit plan is vastgesteld." in antwoord.content.decode()
    assert "Ja, verwijderen" not in antwoord.content.decode()


def test_removing_a_regiobeeld_challenge_asks_first_and_says_whose_agreement_it_withdraws(wereld: Wereld) -> None:
    akkoordmandaten(wereld)
    rb = regiobeeld_services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)
    uitdaging = regiobeeld_services.uitdaging_opslaan(
        uitdaging=Uitdaging(regiobeeld=rb, titel="Vergrijzing"), acting_user=wereld.bewerker
    )
    regiobeeld_services.akkoord_geven(regiobeeld=rb, acting_user=wereld.zorginkoper)
    url = reverse("regiobeeld:uitdaging_verwijderen", args=[wereld.regio.slug, 2026, uitdaging.pk])
    detail = _client(wereld.bewerker).get(reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026]))
    assert f'href="{url}"' in detail.content.decode()
    html = _client(wereld.bewerker).get(url).content.decode()
    assert "Uitdaging “Vergrijzing” verwijderen?" in html
    assert "Verwijderen trekt" in html and wereld.verzekeraar.naam in html
    assert Uitdaging.objects.filter(pk=uitdaging.pk).exists()
    _client(wereld.bewerker).post(url)
    assert not Uitdaging.objects.filter(pk=uitdaging.pk).exists()


def test_removing_a_contract_line_asks_first_with_its_amounts_and_whose_signature_it_withdraws(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    contract, _handtekening = aangeboden_en_getekend(w)
    afspraak = Contractafspraak.objects.get(pk=w.afspraak.pk)  # type: ignore[attr-defined]
    url = reverse("contracten:afspraak_verwijderen", args=[w.regio.slug, contract.pk, afspraak.pk])
    detail = _client(w.bewerker).get(reverse("contracten:detail", args=[w.regio.slug, contract.pk]))
    assert f'href="{url}"' in detail.content.decode()
    html = _client(w.bewerker).get(url).content.decode()
    assert f"Afspraak “{afspraak.titel}” verwijderen?" in html
    assert "Bedrag 2026: € 100.000,00" in html
    assert "Verwijderen trekt de handtekening in van Zorggroep Eigen (Bram Beheerder" in html
    assert Contractafspraak.objects.filter(pk=afspraak.pk).exists()
    _client(w.bewerker).post(url)
    assert not Contractafspraak.objects.filter(pk=afspraak.pk).exists()
