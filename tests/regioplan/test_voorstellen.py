"""Proposals on a regioplan (issue 16): the state machine of regio.voorstellen, through the plan's services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from regio import wijzigingen
from regio.gelijktijdig import Bewerkingsconflict
from regio.voorstellen import Voorstelstatus
from regioplan import services
from regioplan.models import Activiteit, Goedkeuring, Plandeel, PlanUitdaging, Regioplan, Voorstel
from regioplan.voorstellen import voorstel_beslissen, voorstel_indienen, voorstel_intrekken, waarden
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, actueel, indienen, mandaat_voor_verzekeraar, plan_maken

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(wereld: Wereld) -> Regioplan:
    plan = plan_maken(wereld)
    deel = plan.delen.get(soort="missie-visie")
    services.plandeel_opslaan(
        deel=deel, gelezen_versie=deel.versie, tekst="Wij werken samen aan goede zorg.", acting_user=wereld.bewerker
    )
    return actueel(plan)


def _deel(plan: Regioplan) -> Plandeel:
    return Plandeel.objects.get(regioplan=plan, soort="missie-visie")


def voorstellen_tekst(wereld: Wereld, plan: Regioplan, tekst: str, door: Any = None, **kwargs: Any) -> Voorstel:
    deel = _deel(plan)
    return voorstel_indienen(
        doel=deel,
        voorgesteld={"tekst": tekst},
        gelezen_versie=deel.versie,
        toelichting=kwargs.pop("toelichting", "Zo is het scherper."),
        acting_user=door or wereld.zorginkoper,
        **kwargs,
    )


def test_a_proposal_records_who_for_which_party_on_which_version_and_changes_nothing_yet(
    wereld: Wereld, plan: Regioplan
) -> None:
    versie = actueel(plan).versie
    voorstel = voorstellen_tekst(wereld, plan, "Wij werken samen aan betere zorg.")
    assert voorstel.status == Voorstelstatus.OPEN
    assert voorstel.namens == wereld.verzekeraar and voorstel.ingediend_door == wereld.zorginkoper
    assert voorstel.wijziging == {"tekst": "Wij werken samen aan betere zorg."}
    assert voorstel.basis == {"tekst": "Wij werken samen aan goede zorg."}
    assert voorstel.basisversie == _deel(plan).versie
    assert _deel(plan).tekst == "Wij werken samen aan goede zorg."
    assert actueel(plan).versie == versie
    assert voorstel.history.count() == 1


def test_the_other_party_accepts_and_the_text_is_saved_as_a_normal_change(wereld: Wereld, plan: Regioplan) -> None:
    voorstel = voorstellen_tekst(wereld, plan, "Wij werken samen aan betere zorg.")
    versie = actueel(plan).versie
    voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="Goed.", acting_user=wereld.bewerker)
    voorstel.refresh_from_db()
    assert voorstel.status == Voorstelstatus.AANVAARD
    assert voorstel.besloten_door == wereld.bewerker and voorstel.besloten_namens == wereld.zorggroep
    deel = _deel(plan)
    assert deel.tekst == "Wij werken samen aan betere zorg."
    assert deel.history.first().history_user == wereld.bewerker
    assert actueel(plan).versie == versie + 1
    regel = wijzigingen.van(plan).first()
    assert regel is not None and "voorstel van Verzekeraar Zuid aanvaard" in regel.wat
    assert [h.status for h in voorstel.history.order_by("history_date")] == ["open", "aanvaard"]


def test_rejecting_needs_a_reason_and_leaves_the_text(wereld: Wereld, plan: Regioplan) -> None:
    voorstel = voorstellen_tekst(wereld, plan, "Iets anders.")
    with pytest.raises(ValidationError):
        voorstel_beslissen(voorstel=voorstel, aanvaard=False, toelichting=" ", acting_user=wereld.bewerker)
    voorstel_beslissen(voorstel=voorstel, aanvaard=False, toelichting="Past niet.", acting_user=wereld.bewerker)
    voorstel.refresh_from_db()
    assert voorstel.status == Voorstelstatus.AFGEWEZEN and voorstel.besluit_toelichting == "Past niet."
    assert _deel(plan).tekst == "Wij werken samen aan goede zorg."


def test_ones_own_party_may_not_decide_but_may_withdraw(wereld: Wereld, plan: Regioplan) -> None:
    voorstel = voorstellen_tekst(wereld, plan, "Iets anders.")
    with pytest.raises(PermissionDenied):
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.zorginkoper)
    with pytest.raises(PermissionDenied):
        voorstel_intrekken(voorstel=voorstel, acting_user=wereld.bewerker)
    with pytest.raises(PermissionDenied):  # a GP reads proposals, decides nothing
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.lezer)
    voorstel_intrekken(voorstel=voorstel, acting_user=wereld.zorginkoper)
    voorstel.refresh_from_db()
    assert voorstel.status == Voorstelstatus.INGETROKKEN


def test_a_reader_cannot_propose(wereld: Wereld, plan: Regioplan) -> None:
    with pytest.raises(PermissionDenied):
        voorstellen_tekst(wereld, plan, "Iets anders.", door=wereld.lezer)
    with pytest.raises(PermissionDenied):  # the second insurer takes part, but does not contract
        voorstellen_tekst(wereld, plan, "Iets anders.", door=wereld.tweede_zorginkoper)


def test_a_counter_proposal_supersedes_the_proposal_and_awaits_the_first_party(wereld: Wereld, plan: Regioplan) -> None:
    voorstel = voorstellen_tekst(wereld, plan, "Wij werken samen aan betere zorg.")
    tegen = voorstellen_tekst(
        wereld, plan, "Wij werken samen aan de beste zorg.", door=wereld.bewerker, tegenvoorstel_op=voorstel
    )
    voorstel.refresh_from_db()
    assert voorstel.status == Voorstelstatus.VERVANGEN and voorstel.besloten_namens == wereld.zorggroep
    assert tegen.tegenvoorstel_op == voorstel and tegen.namens == wereld.zorggroep and tegen.is_open
    with pytest.raises(PermissionDenied):  # now the zorggroep's own
        voorstel_beslissen(voorstel=tegen, aanvaard=True, toelichting="", acting_user=wereld.beheerder)
    voorstel_beslissen(voorstel=tegen, aanvaard=True, toelichting="", acting_user=wereld.zorginkoper)
    assert _deel(plan).tekst == "Wij werken samen aan de beste zorg."


def test_the_proposers_own_party_cannot_counter_its_proposal(wereld: Wereld, plan: Regioplan) -> None:
    voorstel = voorstellen_tekst(wereld, plan, "Eerste.")
    with pytest.raises(PermissionDenied):
        voorstellen_tekst(wereld, plan, "Tweede.", tegenvoorstel_op=voorstel)


def test_a_newer_proposal_of_the_same_party_supersedes_its_open_one(wereld: Wereld, plan: Regioplan) -> None:
    eerste = voorstellen_tekst(wereld, plan, "Eerste.")
    anders = voorstellen_tekst(wereld, plan, "Van de zorggroep.", door=wereld.bewerker)
    tweede = voorstellen_tekst(wereld, plan, "Tweede.")
    eerste.refresh_from_db()
    anders.refresh_from_db()
    assert eerste.status == Voorstelstatus.VERVANGEN
    assert anders.is_open and tweede.is_open  # the other party's proposal stands


@pytest.mark.parametrize("status", ["aanvaard", "afgewezen", "vervangen", "ingetrokken"])
def test_nothing_happens_to_a_proposal_that_is_no_longer_open(wereld: Wereld, plan: Regioplan, status: str) -> None:
    voorstel = voorstellen_tekst(wereld, plan, "Iets anders.")
    if status == "aanvaard":
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.bewerker)
    elif status == "afgewezen":
        voorstel_beslissen(voorstel=voorstel, aanvaard=False, toelichting="Nee.", acting_user=wereld.bewerker)
    elif status == "vervangen":
        voorstellen_tekst(wereld, plan, "Nog iets.", door=wereld.bewerker, tegenvoorstel_op=voorstel)
    else:
        voorstel_intrekken(voorstel=voorstel, acting_user=wereld.zorginkoper)
    oud = Voorstel.objects.get(pk=voorstel.pk)
    for poging in (
        lambda: voorstel_beslissen(voorstel=oud, aanvaard=True, toelichting="", acting_user=wereld.bewerker),
        lambda: voorstel_beslissen(voorstel=oud, aanvaard=False, toelichting="Nee.", acting_user=wereld.beheerder),
        lambda: voorstel_intrekken(voorstel=oud, acting_user=wereld.zorginkoper),
        lambda: voorstellen_tekst(wereld, plan, "Tegen.", door=wereld.bewerker, tegenvoorstel_op=oud),
    ):
        with pytest.raises(ValidationError) as fout:
            poging()
        assert "Dit voorstel is intussen al" in fout.value.messages[0]
    assert Voorstel.objects.get(pk=voorstel.pk).status == status


def test_a_proposal_on_a_text_changed_since_is_refused_on_accepting_not_applied_over_it(
    wereld: Wereld, plan: Regioplan
) -> None:
    voorstel = voorstellen_tekst(wereld, plan, "Voorstel.")
    deel = _deel(plan)
    services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Intussen.", acting_user=wereld.bewerker)
    with pytest.raises(ValidationError) as fout:
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.bewerker)
    assert "maak een nieuw voorstel" in fout.value.messages[0]
    assert _deel(plan).tekst == "Intussen." and Voorstel.objects.get(pk=voorstel.pk).is_open


def test_a_proposal_on_a_version_the_person_did_not_see_is_a_conflict(wereld: Wereld, plan: Regioplan) -> None:
    deel = _deel(plan)
    with pytest.raises(Bewerkingsconflict):
        voorstel_indienen(
            doel=deel,
            voorgesteld={"tekst": "x"},
            gelezen_versie=deel.versie - 1,
            toelichting="x",
            acting_user=wereld.zorginkoper,
        )


def test_a_proposal_needs_a_reason_and_a_change(wereld: Wereld, plan: Regioplan) -> None:
    with pytest.raises(ValidationError):
        voorstellen_tekst(wereld, plan, "Iets anders.", toelichting="")
    with pytest.raises(ValidationError):
        voorstellen_tekst(wereld, plan, "Wij werken samen aan goede zorg.")


def test_an_activity_proposal_applies_only_its_fields_onto_the_activity_as_it_is_now(
    wereld: Wereld, plan: Regioplan
) -> None:
    activiteit = activiteit_maken(wereld, plan)
    voorgesteld = {**waarden(activiteit), "begroting": "20000.00", "start_kwartaal": 2}
    voorstel = voorstel_indienen(
        doel=activiteit,
        voorgesteld=voorgesteld,
        gelezen_versie=activiteit.versie,
        toelichting="Meer geld, later beginnen.",
        acting_user=wereld.zorginkoper,
    )
    assert voorstel.wijziging == {"begroting": "20000.00", "start_kwartaal": 2}
    # Meanwhile the zorggroep renames it: a field the proposal does not touch.
    activiteit = Activiteit.objects.get(pk=activiteit.pk)
    activiteit.titel = "POH ouderenzorg"
    services.activiteit_opslaan(
        activiteit=activiteit, uitdagingen=[], gelezen_versie=activiteit.versie, acting_user=wereld.bewerker
    )
    voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.bewerker)
    activiteit = Activiteit.objects.get(pk=activiteit.pk)
    assert activiteit.begroting == Decimal("20000.00") and activiteit.start_kwartaal == 2
    assert activiteit.titel == "POH ouderenzorg"


def test_an_activity_field_changed_elsewhere_refuses_the_proposal(wereld: Wereld, plan: Regioplan) -> None:
    activiteit = activiteit_maken(wereld, plan)
    voorstel = voorstel_indienen(
        doel=activiteit,
        voorgesteld={**waarden(activiteit), "begroting": "20000.00"},
        gelezen_versie=activiteit.versie,
        toelichting="Meer geld.",
        acting_user=wereld.zorginkoper,
    )
    activiteit = Activiteit.objects.get(pk=activiteit.pk)
    activiteit.begroting = Decimal("15000")
    services.activiteit_opslaan(
        activiteit=activiteit, uitdagingen=[], gelezen_versie=activiteit.versie, acting_user=wereld.bewerker
    )
    with pytest.raises(ValidationError) as fout:
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.bewerker)
    assert "is sinds dit voorstel gewijzigd" in fout.value.messages[0]


def test_a_challenge_proposal_sets_its_choice_and_reason(wereld: Wereld, plan: Regioplan) -> None:
    pu = PlanUitdaging.objects.filter(regioplan=plan).first()
    assert pu is not None
    voorstel = voorstel_indienen(
        doel=pu,
        voorgesteld={"duiding": "Niet nu.", "opgenomen": False, "reden_niet": "Eerst de huisartsen."},
        gelezen_versie=pu.versie,
        toelichting="Focus.",
        acting_user=wereld.zorginkoper,
    )
    voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.bewerker)
    pu.refresh_from_db()
    assert not pu.opgenomen and pu.reden_niet == "Eerst de huisartsen."


def test_a_submitted_plan_changes_its_text_only_through_proposals_and_accepting_withdraws_approvals(
    wereld: Wereld, plan: Regioplan
) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = indienen(wereld, plan)
    services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.beheerder)
    deel = _deel(plan)
    with pytest.raises(services.AlleenViaVoorstel):
        services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Stil.", acting_user=wereld.bewerker)
    voorstel = voorstellen_tekst(wereld, actueel(plan), "Na indienen.")
    voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.bewerker)
    assert _deel(plan).tekst == "Na indienen."
    goedkeuring = Goedkeuring.objects.get(regioplan=plan)
    assert goedkeuring.ingetrokken_op is not None
