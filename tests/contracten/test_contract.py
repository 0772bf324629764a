"""The contract's services: starting one from an adopted plan, agreement lines with money, signing by mandate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from contracten import access, services
from contracten.access import ContractActie
from contracten.models import Contract, Contractafspraak, Contractstatus, Ondertekening
from regio.models import Auditregel, Mandaat, Onderwerp
from regioplan import services as plan_services
from regioplan.models import Regioplan
from tests.contracten.werelden import afspraak_maken, contract_maken, vastgesteld_plan
from tests.personas import Wereld
from tests.regioplan.werelden import plan_maken

pytestmark = pytest.mark.django_db


def _actueel(contract: Contract) -> Contract:
    return Contract.objects.get(pk=contract.pk)


def _aanbieden(wereld: Wereld) -> Contract:
    c = _actueel(wereld.contract)  # type: ignore[attr-defined]
    return services.contract_aanbieden(contract=c, gelezen_versie=c.versie, acting_user=wereld.bewerker)


def _tekenen(contract: Contract, wie: object) -> Ondertekening:
    c = _actueel(contract)
    return services.contract_ondertekenen(contract=c, gelezen_versie=c.versie, acting_user=wie)  # type: ignore[arg-type]


def test_a_contract_starts_from_an_adopted_plan_and_only_its_two_parties_may_see_it(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = w.contract  # type: ignore[attr-defined]
    assert contract.regioplan.status == "vastgesteld"
    for lid in (w.bewerker, w.beheerder, w.zorginkoper):
        assert access.mag_contract(lid, contract, ContractActie.BEKIJKEN)
        assert access.mag_contract(lid, contract, ContractActie.BEWERKEN)
    for buiten in (w.tweede_zorginkoper, w.lezer, w.praktijkhouder, w.koepel, w.buitenstaander):
        assert not access.mag_contract(buiten, contract, ContractActie.BEKIJKEN)
        assert contract not in access.contracten_for_user(buiten)


def test_the_rights_granted_on_a_new_contract_are_in_the_log_of_both_parties(contractwereld: Wereld) -> None:
    w = contractwereld
    regels = Auditregel.objects.filter(soort=Auditregel.Soort.RECHTEN, wat__contains="Meerjarencontract Eigen regio")
    assert {r.organisatie for r in regels} == {w.zorggroep, w.verzekeraar}
    assert regels.count() == 4  # view and edit, for each party


def test_a_contract_cannot_fix_a_plan_that_is_not_adopted(wereld: Wereld) -> None:
    concept = plan_maken(wereld)
    with pytest.raises(ValidationError, match="vastgesteld regioplan"):
        contract_maken(wereld, concept)


def test_a_party_that_is_not_a_contracting_party_of_the_region_is_refused(wereld: Wereld) -> None:
    plan = vastgesteld_plan(wereld)
    with pytest.raises(ValidationError, match="geen contractpartij"):
        services.contract_aanmaken(
            regio=wereld.regio,
            regioplan=plan,
            zorgverzekeraar=wereld.tweede_verzekeraar,
            huisartsenorganisatie=wereld.zorggroep,
            titel="Met Noord",
            startjaar=2026,
            eindjaar=2029,
            acting_user=wereld.bewerker,
        )


def test_only_a_member_of_one_of_the_parties_can_start_the_contract(wereld: Wereld) -> None:
    plan = vastgesteld_plan(wereld)
    with pytest.raises(PermissionDenied):
        services.contract_aanmaken(
            regio=wereld.regio,
            regioplan=plan,
            zorgverzekeraar=wereld.verzekeraar,
            huisartsenorganisatie=wereld.zorggroep,
            titel="Namens een ander",
            startjaar=2026,
            eindjaar=2029,
            acting_user=wereld.tweede_zorginkoper,
        )


def test_a_line_whose_split_does_not_add_up_to_100_is_refused_with_a_clear_message(contractwereld: Wereld) -> None:
    w = contractwereld
    aantal = Contractafspraak.objects.count()
    with pytest.raises(ValidationError) as fout:
        afspraak_maken(w, w.contract, titel="Scheef", aandeel_praktijk=Decimal("60"), aandeel_regio=Decimal("30"))  # type: ignore[attr-defined]
    assert "tellen op tot 90%; samen moet dat 100% zijn" in " ".join(fout.value.messages)
    assert Contractafspraak.objects.count() == aantal


def test_amounts_outside_the_term_are_refused(contractwereld: Wereld) -> None:
    w = contractwereld
    with pytest.raises(ValidationError, match="2031 valt buiten de looptijd"):
        afspraak_maken(w, w.contract, bedragen={2031: Decimal("10.00")})  # type: ignore[attr-defined]


def test_a_line_is_saved_with_its_amounts_per_year_and_measuring_points(contractwereld: Wereld) -> None:
    w = contractwereld
    afspraak = w.afspraak  # type: ignore[attr-defined]
    assert {b.jaar: b.bedrag for b in afspraak.bedragen.all()} == {j: Decimal("100000.00") for j in range(2026, 2030)}
    assert list(afspraak.meetpunten.all()) == [w.meetpunt]  # type: ignore[attr-defined]


def test_two_people_changing_one_line_never_overwrite_each_other(contractwereld: Wereld) -> None:
    w = contractwereld
    afspraak = Contractafspraak.objects.get(pk=w.afspraak.pk)  # type: ignore[attr-defined]
    gelezen = afspraak.versie
    afspraak.titel = "Eerste"
    services.afspraak_opslaan(
        afspraak=afspraak, gelezen_versie=gelezen, bedragen={2026: Decimal("1")}, meetpunten=[], acting_user=w.bewerker
    )
    tweede = Contractafspraak.objects.get(pk=afspraak.pk)
    tweede.titel = "Tweede"
    with pytest.raises(services.Bewerkingsconflict):
        services.afspraak_opslaan(
            afspraak=tweede, gelezen_versie=gelezen, bedragen={}, meetpunten=[], acting_user=w.zorginkoper
        )
    assert Contractafspraak.objects.get(pk=afspraak.pk).titel == "Eerste"


def test_both_mandated_signers_sign_the_exact_version_and_the_contract_is_then_signed_and_frozen(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    contract = _aanbieden(w)
    _tekenen(contract, w.beheerder)
    assert _actueel(contract).status == Contractstatus.ONDERHANDELING
    _tekenen(contract, w.zorginkoper)
    getekend = _actueel(contract)
    assert getekend.status == Contractstatus.GETEKEND
    assert getekend.getekend_op is not None
    assert Auditregel.objects.filter(soort=Auditregel.Soort.GOEDKEURING, wat__contains="getekend").count() == 2
    with pytest.raises(services.ContractGetekend):
        afspraak_maken(w, getekend, titel="Te laat")


def test_a_change_after_a_signature_withdraws_it_and_tells_the_signer(
    contractwereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    w = contractwereld
    contract = _aanbieden(w)
    handtekening = _tekenen(contract, w.zorginkoper)
    with django_capture_on_commit_callbacks(execute=True):
        afspraak_maken(w, _actueel(contract), titel="Nog een afspraak")
    handtekening.refresh_from_db()
    assert handtekening.ingetrokken_op is not None
    assert "Afspraak toegevoegd: Nog een afspraak" in handtekening.ingetrokken_omdat
    assert [m.to for m in mail.outbox] == [[w.zorginkoper.email]]
    assert "handtekening" in mail.outbox[0].subject
    _tekenen(contract, w.beheerder)
    assert _actueel(contract).status == Contractstatus.ONDERHANDELING  # Zuid's signature no longer counts


def test_signing_with_an_expired_mandate_is_refused(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = _aanbieden(w)
    Mandaat.objects.filter(gebruiker=w.zorginkoper, onderwerp=Onderwerp.CONTRACT).update(
        geldig_tot=dt.date(2025, 12, 31)
    )
    with pytest.raises(PermissionDenied, match="geen geldig mandaat"):
        _tekenen(contract, w.zorginkoper)
    assert not Ondertekening.objects.filter(contract=contract).exists()


def test_a_regioplan_mandate_does_not_let_anyone_sign_a_contract(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = _aanbieden(w)
    Mandaat.objects.filter(onderwerp=Onderwerp.CONTRACT).delete()
    with pytest.raises(PermissionDenied):
        _tekenen(contract, w.beheerder)


def test_a_signature_on_an_old_version_is_refused(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = _aanbieden(w)
    with pytest.raises(services.Bewerkingsconflict):
        services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie - 1, acting_user=w.beheerder)


def test_a_contract_without_lines_cannot_be_offered_for_signing(wereld: Wereld) -> None:
    plan = vastgesteld_plan(wereld)
    contract = contract_maken(wereld, plan)
    with pytest.raises(ValidationError, match="minstens één afspraak"):
        services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=wereld.bewerker)


def test_the_term_cannot_shrink_past_years_that_hold_money(contractwereld: Wereld) -> None:
    w = contractwereld
    c = _actueel(w.contract)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="2028, 2029"):
        services.contract_gegevens_opslaan(
            contract=c,
            gelezen_versie=c.versie,
            titel=c.titel,
            startjaar=2026,
            eindjaar=2027,
            toelichting="",
            doel_kiezen=False,
            acting_user=w.bewerker,
        )


def test_the_contract_knows_when_a_newer_plan_version_was_adopted(contractwereld: Wereld) -> None:
    w = contractwereld
    plan = w.vastgesteld_plan  # type: ignore[attr-defined]
    nieuw = plan_services.regioplan_nieuwe_versie(regioplan=plan, acting_user=w.bewerker)
    plan_services.regioplan_indienen(regioplan=nieuw, gelezen_versie=nieuw.versie, acting_user=w.bewerker)
    for wie in (w.beheerder, w.zorginkoper):
        nieuw = Regioplan.objects.get(pk=nieuw.pk)
        plan_services.regioplan_goedkeuren(regioplan=nieuw, gelezen_versie=nieuw.versie, acting_user=wie)
    assert _actueel(w.contract).regioplan.status == "vervangen"  # type: ignore[attr-defined]
