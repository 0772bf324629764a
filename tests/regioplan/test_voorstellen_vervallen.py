"""Proposals lapse (vervallen) when their plan is adopted: they are closed with a reason the trail shows, nobody
can accept or reject them any more (a clear Dutch message), and the change record says how many lapsed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from regio import wijzigingen
from regio.voorstellen import Voorstelstatus
from regioplan import services
from regioplan.models import Plandeel, Regioplan, Voorstel
from regioplan.voorstellen import voorstel_beslissen, voorstel_indienen, voorstel_intrekken
from tests.personas import Wereld
from tests.regioplan.werelden import (
    activiteit_maken,
    actueel,
    indienen,
    mandaat_voor_verzekeraar,
    meetpunt_maken,
    plan_maken,
)

pytestmark = pytest.mark.django_db


def _ingediend_met_voorstel(wereld: Wereld) -> tuple[Regioplan, Voorstel]:
    mandaat_voor_verzekeraar(wereld)
    plan = plan_maken(wereld)
    meetpunt_maken(wereld, activiteit_maken(wereld, plan))
    plan = indienen(wereld, actueel(plan))
    deel = Plandeel.objects.get(regioplan=plan, soort="governance")
    voorstel = voorstel_indienen(
        doel=deel,
        voorgesteld={"tekst": "Een stuurgroep per kwartaal."},
        gelezen_versie=deel.versie,
        toelichting="Vaker overleg.",
        acting_user=wereld.zorginkoper,
    )
    return plan, voorstel


def _goedkeuren_door_beide(wereld: Wereld, plan: Regioplan) -> Regioplan:
    for wie in (wereld.beheerder, wereld.zorginkoper):
        plan = actueel(plan)
        services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wie)
    return actueel(plan)


def test_adopting_the_plan_closes_its_open_proposals_as_lapsed_with_a_reason(wereld: Wereld) -> None:
    plan, voorstel = _ingediend_met_voorstel(wereld)
    plan = _goedkeuren_door_beide(wereld, plan)
    assert plan.is_bevroren
    voorstel.refresh_from_db()
    assert voorstel.status == Voorstelstatus.VERVALLEN
    assert "vastgesteld" in voorstel.besluit_toelichting and voorstel.besloten_op is not None
    # The trail keeps the proposal as it was, with its history.
    assert voorstel.history.first().status == Voorstelstatus.VERVALLEN
    assert Plandeel.objects.get(regioplan=plan, soort="governance").tekst != "Een stuurgroep per kwartaal."
    regels = [r.wat for r in wijzigingen.van(plan)]
    assert "1 open voorstel vervallen bij de vaststelling" in regels


def test_a_lapsed_proposal_on_an_adopted_plan_cannot_be_accepted_rejected_or_withdrawn(wereld: Wereld) -> None:
    plan, voorstel = _ingediend_met_voorstel(wereld)
    _goedkeuren_door_beide(wereld, plan)
    voorstel.refresh_from_db()
    with pytest.raises(ValidationError, match="Dit plan is vastgesteld: over voorstellen erop wordt niet meer"):
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.bewerker)
    with pytest.raises(ValidationError, match="Dit voorstel is vervallen op"):
        voorstel_intrekken(voorstel=voorstel, acting_user=wereld.zorginkoper)
    voorstel.refresh_from_db()
    assert voorstel.status == Voorstelstatus.VERVALLEN


def test_accepting_on_an_adopted_plan_through_the_page_says_why_and_the_trail_shows_the_reason(
    wereld: Wereld,
) -> None:
    plan, voorstel = _ingediend_met_voorstel(wereld)
    plan = _goedkeuren_door_beide(wereld, plan)
    client = Client()
    client.force_login(wereld.bewerker)
    url = reverse("regioplan:voorstel", args=[wereld.regio.slug, plan.pk, voorstel.pk])
    antwoord = client.post(
        reverse("regioplan:voorstel_beslissen", args=[wereld.regio.slug, plan.pk, voorstel.pk]),
        {"besluit": "aanvaarden"},
        follow=True,
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Dit plan is vastgesteld: over voorstellen erop wordt niet meer beslist" in html
    pagina = client.get(url).content.decode()
    assert "Vervallen op" in pagina and "voordat over dit voorstel was beslist" in pagina
    assert 'name="besluit"' not in pagina  # no accept/reject form any more


def test_a_plan_taken_back_to_draft_keeps_its_proposals_open(wereld: Wereld) -> None:
    plan, voorstel = _ingediend_met_voorstel(wereld)
    services.regioplan_terugnemen(regioplan=actueel(plan), acting_user=wereld.bewerker)
    voorstel.refresh_from_db()
    assert voorstel.status == Voorstelstatus.OPEN
