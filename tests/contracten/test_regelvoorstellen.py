"""Negotiating contract lines through the services: propose, counter-propose, accept, reject, withdraw, agree; and
signing only once every line is agreed by both parties (contracten/regelvoorstellen.py).

The world (tests/contracten/werelden.contract_wereld): the zorggroep's editor Anna wrote the S2 line "Praktijk-
ondersteuner ouderenzorg" (€ 100.000,00 in each year 2026-2029, 70 % practice / 30 % region) and Daan, insurer
Zuid's purchaser, agreed to it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contracten import regelvoorstellen, selectors, services
from contracten.models import Contract, Contractafspraak, Contractstatus, Ondertekening, Regelvoorstel
from regio.models import Documentwijziging, Rol
from regio.voorstellen import Voorstelstatus
from tests.contracten.werelden import akkoord_geven
from tests.personas import Wereld, _lid

pytestmark = pytest.mark.django_db

VOORSTEL = {
    "bedrag_2026": "98765.43",
    "bedrag_2027": "12500.05",
    "bedrag_2028": "100000.00",
    "bedrag_2029": None,
    "aandeel_praktijk": "60.00",
    "aandeel_regio": "40.00",
    "voorwaarden": "Alleen in praktijken met een POH ouderenzorg.",
}


def _contract(w: Wereld) -> Contract:
    return Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]


def _regel(w: Wereld) -> Contractafspraak:
    return Contractafspraak.objects.get(pk=w.afspraak.pk)  # type: ignore[attr-defined]


def _voorstel(
    w: Wereld, wie: Any, waarden: dict[str, Any] | None = None, toelichting: str = "Past in ons budget."
) -> Regelvoorstel:
    return regelvoorstellen.regelvoorstel_doen(
        contract=_contract(w),
        afspraak=_regel(w),
        waarden=waarden or VOORSTEL,
        toelichting=toelichting,
        acting_user=wie,
    )


def _bedragen(afspraak: Contractafspraak) -> dict[int, Decimal]:
    return {b.jaar: b.bedrag for b in afspraak.bedragen.all()}


def test_a_proposal_changes_nothing_until_the_other_party_accepts_it_then_the_line_takes_it_to_the_cent(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    versie = _contract(w).versie
    voorstel = _voorstel(w, w.zorginkoper)
    assert voorstel.namens == w.verzekeraar and voorstel.status == Voorstelstatus.OPEN
    assert voorstel.basisversie == versie
    # Only what changes, exact as strings; the line's values at the time beside them.
    assert voorstel.wijziging == {
        "bedrag_2026": "98765.43",
        "bedrag_2027": "12500.05",
        "bedrag_2029": None,
        "aandeel_praktijk": "60.00",
        "aandeel_regio": "40.00",
        "voorwaarden": "Alleen in praktijken met een POH ouderenzorg.",
    }
    assert voorstel.basis["bedrag_2026"] == "100000.00" and voorstel.basis["aandeel_praktijk"] == "70.00"
    regel = _regel(w)
    assert _bedragen(regel)[2026] == Decimal("100000.00") and regel.akkoord_van_beide
    assert _contract(w).versie == versie  # a proposal is no change of the contract
    assert selectors.niet_akkoord(_contract(w)) == [regel.titel]  # an open proposal: not agreed

    regelvoorstellen.regelvoorstel_beslissen(voorstel=voorstel, aanvaard=True, acting_user=w.bewerker)
    regel = _regel(w)
    assert _bedragen(regel) == {
        2026: Decimal("98765.43"),
        2027: Decimal("12500.05"),
        2028: Decimal("100000.00"),
    }
    assert (regel.aandeel_praktijk, regel.aandeel_regio) == (Decimal("60.00"), Decimal("40.00"))
    assert regel.voorwaarden == "Alleen in praktijken met een POH ouderenzorg."
    # Written by the insurer's proposal, accepted by the zorggroep: agreed by both.
    assert regel.opgesteld_namens == w.verzekeraar and regel.akkoord_namens == w.zorggroep
    assert regel.akkoord_van_beide and selectors.niet_akkoord(_contract(w)) == []
    assert _contract(w).versie == versie + 1
    voorstel.refresh_from_db()
    assert voorstel.status == Voorstelstatus.AANVAARD and voorstel.besloten_namens == w.zorggroep
    wat = list(Documentwijziging.objects.filter(document_id=w.contract.pk).values_list("wat", flat=True)[:2])  # type: ignore[attr-defined]
    assert wat[0] == f"Voorstel van Verzekeraar Zuid aanvaard: {regel.titel}"
    assert wat[1] == f"Voorstel gedaan voor afspraak: {regel.titel}"


def test_the_proposing_party_cannot_decide_its_own_proposal_and_a_reader_cannot_propose(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    voorstel = _voorstel(w, w.zorginkoper)
    with pytest.raises(PermissionDenied):
        regelvoorstellen.regelvoorstel_beslissen(voorstel=voorstel, aanvaard=True, acting_user=w.zorginkoper)
    lezer = _lid(w.zorggroep, Rol.LEZER, naam="Lotte Lezer", email="lotte@zorggroep.test")
    with pytest.raises(PermissionDenied):
        regelvoorstellen.regelvoorstel_beslissen(voorstel=voorstel, aanvaard=True, acting_user=lezer)
    with pytest.raises(PermissionDenied):
        _voorstel(w, lezer)
    with pytest.raises(PermissionDenied):
        _voorstel(w, w.tweede_zorginkoper)
    assert Regelvoorstel.objects.get(pk=voorstel.pk).status == Voorstelstatus.OPEN


def test_a_counter_proposal_supersedes_the_proposal_and_the_first_party_accepts_it(contractwereld: Wereld) -> None:
    w = contractwereld
    eerste = _voorstel(w, w.zorginkoper)
    tegen = regelvoorstellen.regelvoorstel_tegenvoorstellen(
        voorstel=eerste,
        waarden={**VOORSTEL, "bedrag_2026": "99500.50", "aandeel_praktijk": "65", "aandeel_regio": "35"},
        toelichting="De POH werkt ook in 2026 al volledig.",
        acting_user=w.bewerker,
    )
    eerste.refresh_from_db()
    assert eerste.status == Voorstelstatus.VERVANGEN and eerste.besloten_namens == w.zorggroep
    assert tegen.tegenvoorstel_op == eerste and tegen.namens == w.zorggroep and tegen.is_open
    assert tegen.wijziging["bedrag_2026"] == "99500.50" and tegen.wijziging["aandeel_praktijk"] == "65.00"
    # The counter-proposal waits on the insurer now: the zorggroep cannot accept its own.
    with pytest.raises(PermissionDenied):
        regelvoorstellen.regelvoorstel_beslissen(voorstel=tegen, aanvaard=True, acting_user=w.beheerder)
    regelvoorstellen.regelvoorstel_beslissen(
        voorstel=tegen, aanvaard=True, toelichting="Akkoord.", acting_user=w.zorginkoper
    )
    regel = _regel(w)
    assert _bedragen(regel)[2026] == Decimal("99500.50")
    assert regel.aandeel_praktijk == Decimal("65.00")
    assert regel.opgesteld_namens == w.zorggroep and regel.akkoord_namens == w.verzekeraar
    assert regel.akkoord_van_beide


def test_a_rejection_needs_a_reason_and_leaves_the_line_as_it_was(contractwereld: Wereld) -> None:
    w = contractwereld
    voorstel = _voorstel(w, w.zorginkoper)
    with pytest.raises(ValidationError, match="waarom"):
        regelvoorstellen.regelvoorstel_beslissen(voorstel=voorstel, aanvaard=False, acting_user=w.bewerker)
    regelvoorstellen.regelvoorstel_beslissen(
        voorstel=voorstel, aanvaard=False, toelichting="Te weinig voor 2027.", acting_user=w.bewerker
    )
    voorstel.refresh_from_db()
    assert voorstel.status == Voorstelstatus.AFGEWEZEN and voorstel.besluit_toelichting == "Te weinig voor 2027."
    regel = _regel(w)
    assert _bedragen(regel)[2026] == Decimal("100000.00") and regel.akkoord_van_beide


def test_only_the_proposing_party_withdraws_its_proposal_and_a_decided_one_says_who_came_first(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    voorstel = _voorstel(w, w.zorginkoper)
    with pytest.raises(PermissionDenied):
        regelvoorstellen.regelvoorstel_intrekken(voorstel=voorstel, acting_user=w.bewerker)
    regelvoorstellen.regelvoorstel_intrekken(voorstel=voorstel, acting_user=w.zorginkoper)
    assert Regelvoorstel.objects.get(pk=voorstel.pk).status == Voorstelstatus.INGETROKKEN
    with pytest.raises(ValidationError, match="al ingetrokken door Daan Inkoper"):
        regelvoorstellen.regelvoorstel_beslissen(voorstel=voorstel, aanvaard=True, acting_user=w.bewerker)
    assert _bedragen(_regel(w))[2026] == Decimal("100000.00")


@pytest.mark.parametrize(
    ("waarden", "melding"),
    [
        ({**VOORSTEL, "bedrag_2026": "100.001"}, "hoogstens twee decimalen"),
        ({**VOORSTEL, "bedrag_2026": "1e3"}, None),  # scientific notation is a number; fine if exact
        ({**VOORSTEL, "bedrag_2026": "-5"}, "buiten"),
        ({**VOORSTEL, "bedrag_2026": "NaN"}, "hoogstens twee decimalen"),
        ({**VOORSTEL, "aandeel_praktijk": "60", "aandeel_regio": "30"}, "100%"),
        ({**VOORSTEL, "aandeel_praktijk": None}, "aandeel"),
    ],
)
def test_a_proposal_with_inexact_or_impossible_values_is_refused_with_a_dutch_reason(
    contractwereld: Wereld, waarden: dict[str, Any], melding: str | None
) -> None:
    w = contractwereld
    if melding is None:
        assert _voorstel(w, w.zorginkoper, waarden).wijziging["bedrag_2026"] == "1000.00"
        return
    with pytest.raises(ValidationError, match=melding):
        _voorstel(w, w.zorginkoper, waarden)
    assert not Regelvoorstel.objects.exists()


def test_a_proposal_without_a_reason_or_without_a_change_is_refused(contractwereld: Wereld) -> None:
    w = contractwereld
    with pytest.raises(ValidationError, match="Zeg waarom"):
        _voorstel(w, w.zorginkoper, toelichting="  ")
    zoals_het_is = regelvoorstellen.regelwaarden(_regel(w), _contract(w).jaren)
    with pytest.raises(ValidationError, match="verandert niets"):
        _voorstel(w, w.zorginkoper, zoals_het_is)


def test_accepting_a_proposal_on_a_line_changed_since_refuses_rather_than_overwrite(contractwereld: Wereld) -> None:
    w = contractwereld
    voorstel = _voorstel(w, w.zorginkoper)
    regel = _regel(w)
    services.afspraak_opslaan(
        afspraak=regel,
        gelezen_versie=regel.versie,
        bedragen={**_bedragen(regel), 2026: Decimal("90000.00")},
        meetpunten=list(regel.meetpunten.all()),
        acting_user=w.bewerker,
    )
    with pytest.raises(ValidationError, match="Het bedrag 2026 is sinds dit voorstel gewijzigd"):
        regelvoorstellen.regelvoorstel_beslissen(voorstel=voorstel, aanvaard=True, acting_user=w.bewerker)
    assert _bedragen(_regel(w))[2026] == Decimal("90000.00")
    assert Regelvoorstel.objects.get(pk=voorstel.pk).is_open


def test_a_plain_edit_opens_the_line_again_until_the_other_party_agrees(contractwereld: Wereld) -> None:
    w = contractwereld
    regel = _regel(w)
    services.afspraak_opslaan(
        afspraak=regel,
        gelezen_versie=regel.versie,
        bedragen=_bedragen(regel),
        meetpunten=list(regel.meetpunten.all()),
        acting_user=w.zorginkoper,
    )
    regel = _regel(w)
    assert not regel.akkoord_van_beide and regel.opgesteld_namens == w.verzekeraar
    # The party that wrote it cannot agree for the other.
    with pytest.raises(PermissionDenied):
        regelvoorstellen.afspraak_akkoord_geven(afspraak=regel, gelezen_versie=regel.versie, acting_user=w.zorginkoper)
    with pytest.raises(ValidationError, match="gewijzigd nadat u haar opende"):
        regelvoorstellen.afspraak_akkoord_geven(afspraak=regel, gelezen_versie=regel.versie - 1, acting_user=w.bewerker)
    regelvoorstellen.afspraak_akkoord_geven(afspraak=regel, gelezen_versie=regel.versie, acting_user=w.bewerker)
    assert _regel(w).akkoord_van_beide
    with pytest.raises(ValidationError, match="al akkoord"):
        regelvoorstellen.afspraak_akkoord_geven(afspraak=regel, gelezen_versie=regel.versie, acting_user=w.bewerker)


def test_signing_is_refused_with_the_lines_not_yet_agreed_by_both_until_they_are(contractwereld: Wereld) -> None:
    w = contractwereld
    regel = _regel(w)
    services.afspraak_opslaan(
        afspraak=regel,
        gelezen_versie=regel.versie,
        bedragen={2026: Decimal("1.00")},
        meetpunten=[],
        acting_user=w.bewerker,
    )
    contract = _contract(w)
    services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=w.bewerker)
    contract = _contract(w)
    with pytest.raises(ValidationError) as fout:
        services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie, acting_user=w.zorginkoper)
    assert fout.value.messages == [
        f"Tekenen kan pas als beide partijen akkoord zijn met elke afspraak. Nog niet akkoord: {regel.titel}."
    ]
    assert not Ondertekening.objects.filter(contract=contract).exists()
    akkoord_geven(w, regel)
    # An open proposal, even on an agreed line, also waits for a decision.
    voorstel = _voorstel(w, w.zorginkoper, {**VOORSTEL, "bedrag_2026": "2.00"})
    with pytest.raises(ValidationError, match="Nog niet akkoord: Praktijkondersteuner ouderenzorg"):
        services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie, acting_user=w.zorginkoper)
    regelvoorstellen.regelvoorstel_intrekken(voorstel=voorstel, acting_user=w.zorginkoper)
    for wie in (w.zorginkoper, w.beheerder):
        services.contract_ondertekenen(contract=_contract(w), gelezen_versie=contract.versie, acting_user=wie)
    assert _contract(w).status == Contractstatus.GETEKEND
    with pytest.raises(ValidationError, match="getekend"):
        _voorstel(w, w.zorginkoper)


def test_accepting_a_proposal_after_a_signature_withdraws_that_signature(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = _contract(w)
    services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=w.bewerker)
    getekend = services.contract_ondertekenen(
        contract=_contract(w), gelezen_versie=contract.versie, acting_user=w.zorginkoper
    )
    voorstel = _voorstel(w, w.bewerker)
    regelvoorstellen.regelvoorstel_beslissen(voorstel=voorstel, aanvaard=True, acting_user=w.zorginkoper)
    getekend.refresh_from_db()
    assert getekend.ingetrokken_op is not None
    assert "Voorstel van Zorggroep Eigen aanvaard" in getekend.ingetrokken_omdat


def test_a_new_line_is_proposed_and_exists_once_the_other_party_accepts_it(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = _contract(w)
    activiteit = contract.regioplan.activiteiten.get()
    voorstel = regelvoorstellen.regelvoorstel_doen(
        contract=contract,
        afspraak=None,
        waarden={
            "titel": "Wijkverpleging en huisarts samen",
            "segment": "S2",
            "activiteit": activiteit.pk,
            "bedrag_2026": "12345.67",
            "aandeel_praktijk": "100",
            "aandeel_regio": "0",
        },
        toelichting="Nieuw in het plan.",
        acting_user=w.zorginkoper,
    )
    assert not Contractafspraak.objects.filter(titel="Wijkverpleging en huisarts samen").exists()
    assert selectors.niet_akkoord(contract) == ["nieuwe afspraak Wijkverpleging en huisarts samen (voorgesteld)"]
    regelvoorstellen.regelvoorstel_beslissen(voorstel=voorstel, aanvaard=True, acting_user=w.bewerker)
    nieuw = Contractafspraak.objects.get(titel="Wijkverpleging en huisarts samen")
    assert _bedragen(nieuw) == {2026: Decimal("12345.67")}
    assert nieuw.activiteit == activiteit and nieuw.akkoord_van_beide
    assert Regelvoorstel.objects.get(pk=voorstel.pk).afspraak == nieuw


def test_a_line_whose_proposal_was_countered_can_be_deleted_with_its_trail(contractwereld: Wereld) -> None:
    w = contractwereld
    eerste = _voorstel(w, w.zorginkoper)
    regelvoorstellen.regelvoorstel_tegenvoorstellen(
        voorstel=eerste,
        waarden={**VOORSTEL, "bedrag_2026": "99500.50"},
        toelichting="De POH werkt ook in 2026 al volledig.",
        acting_user=w.bewerker,
    )
    services.afspraak_verwijderen(afspraak=_regel(w), acting_user=w.bewerker)
    assert not Contractafspraak.objects.filter(pk=w.afspraak.pk).exists()  # type: ignore[attr-defined]
    assert not Regelvoorstel.objects.filter(contract=_contract(w)).exists()
