"""The regioplan's part of "Mijn regio's": plans that wait for the person's approval or mention them in an open
comment, and each region's plans with their status (regioplan/dashboard.py, one query for all of it)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regio.models import Gebruiker
from regioplan import services
from regioplan.models import Plandeel, Plandeelsoort, Regioplan, Status, Voorstel
from regioplan.voorstellen import voorstel_beslissen, voorstel_indienen
from tests.personas import Wereld
from tests.regioplan.werelden import (
    activiteit_maken,
    actueel,
    indienen,
    mandaat_voor_verzekeraar,
    meetpunt_maken,
    plan_maken,
    vaststellen,
)

pytestmark = pytest.mark.django_db

GOEDKEUREN = "wacht op uw goedkeuring"
GENOEMD = "u bent genoemd in een open reactie"


def _dashboard(user: Gebruiker) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("regio:mijn_regios")).content.decode()


def _plan(wereld: Wereld) -> Regioplan:
    plan = plan_maken(wereld)
    meetpunt_maken(wereld, activiteit_maken(wereld, plan))
    return actueel(plan)


def test_a_submitted_plan_waits_for_each_mandated_party_until_it_has_approved(wereld: Wereld) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = indienen(wereld, _plan(wereld))
    assert GOEDKEUREN in _dashboard(wereld.beheerder)
    assert GOEDKEUREN in _dashboard(wereld.zorginkoper)
    assert GOEDKEUREN not in _dashboard(wereld.bewerker)  # no mandate
    assert GOEDKEUREN not in _dashboard(wereld.oud_gemandateerde)  # mandate ended
    services.regioplan_goedkeuren(regioplan=actueel(plan), gelezen_versie=plan.versie, acting_user=wereld.beheerder)
    assert GOEDKEUREN not in _dashboard(wereld.beheerder)
    assert GOEDKEUREN in _dashboard(wereld.zorginkoper)


def test_an_open_comment_that_mentions_a_person_waits_until_it_is_resolved(wereld: Wereld) -> None:
    plan = _plan(wereld)
    reactie = services.reactie_plaatsen(
        regioplan=plan, tekst="Kun jij hiernaar kijken?", acting_user=wereld.bewerker, genoemd=[wereld.zorginkoper]
    )
    html = _dashboard(wereld.zorginkoper)
    assert GENOEMD in html and plan.titel in html
    assert GENOEMD not in _dashboard(wereld.beheerder)
    services.reactie_oplossen(reactie=reactie, opgelost=True, acting_user=wereld.bewerker)
    assert GENOEMD not in _dashboard(wereld.zorginkoper)


def test_superseded_plans_leave_the_table_but_a_mention_in_one_still_waits(wereld: Wereld) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = vaststellen(wereld, _plan(wereld))
    services.reactie_plaatsen(
        regioplan=plan, tekst="Nog een vraag", acting_user=wereld.bewerker, genoemd=[wereld.zorginkoper]
    )
    nieuw = services.regioplan_nieuwe_versie(regioplan=actueel(plan), acting_user=wereld.bewerker)
    Regioplan.objects.filter(pk=plan.pk).update(status=Status.VERVANGEN)  # as when the new version is adopted
    html = _dashboard(wereld.zorginkoper)
    tabel = html.split('id="kop-plannen"', 1)[1]
    assert reverse("regioplan:detail", args=[wereld.regio.slug, nieuw.pk]) in tabel
    assert reverse("regioplan:detail", args=[wereld.regio.slug, plan.pk]) not in tabel
    genoemd = html.split('id="kop-genoemd"', 1)[1].split("</section>", 1)[0]
    assert reverse("regioplan:detail", args=[wereld.regio.slug, plan.pk]) in genoemd and GENOEMD in genoemd


VOORSTEL = "voorstel wacht op het besluit van uw partij"


def _voorstel(wereld: Wereld, plan: Regioplan, door: Gebruiker, tekst: str, soort: str = "governance") -> Voorstel:
    deel = Plandeel.objects.get(regioplan=plan, soort=soort)
    return voorstel_indienen(
        doel=deel, voorgesteld={"tekst": tekst}, gelezen_versie=deel.versie, toelichting="Waarom.", acting_user=door
    )


def test_open_proposals_wait_for_the_other_partys_editors_until_decided(wereld: Wereld) -> None:
    plan = _plan(wereld)
    voorstel = _voorstel(wereld, plan, wereld.zorginkoper, "Voorstel van de verzekeraar")
    for wie in (wereld.bewerker, wereld.beheerder):
        html = _dashboard(wie)
        assert "1 " + VOORSTEL in html
        assert reverse("regioplan:voorstellen", args=[wereld.regio.slug, plan.pk]) in html
    for wie in (wereld.zorginkoper, wereld.lezer, wereld.tweede_zorginkoper):
        assert VOORSTEL not in _dashboard(wie)
    voorstel_beslissen(voorstel=voorstel, aanvaard=False, toelichting="Nee.", acting_user=wereld.bewerker)
    assert VOORSTEL not in _dashboard(wereld.bewerker)


def test_the_dashboard_costs_the_same_queries_with_many_open_proposals(wereld: Wereld) -> None:
    plan = _plan(wereld)
    client = Client()
    client.force_login(wereld.bewerker)
    client.get(reverse("regio:mijn_regios"))  # warm the session
    with CaptureQueriesContext(connection) as zonder:
        client.get(reverse("regio:mijn_regios"))
    for soort in Plandeelsoort.values:
        _voorstel(wereld, plan, wereld.zorginkoper, "Voorstel", soort)
        _voorstel(wereld, plan, wereld.bewerker, "Eigen voorstel", soort)
    with CaptureQueriesContext(connection) as met:
        html = client.get(reverse("regio:mijn_regios")).content.decode()
    assert len(met.captured_queries) == len(zonder.captured_queries)
    assert "4 voorstellen wachten op het besluit van uw partij" in html  # the zorggroep's own four do not wait
