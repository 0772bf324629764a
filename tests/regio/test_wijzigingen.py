"""The one change record of documents: plans, contracts and regiobeelden each say who changed what for which party,
and the lines of the old per-document logs move into it (and back) without losing one."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from regio import services as regio_services
from regio import wijzigingen
from regio.models import Documentwijziging, Onderwerp
from regiobeeld import services as regiobeeld_services
from regiobeeld.models import Regiobeeld
from tests.contracten.werelden import contract_wereld
from tests.personas import START, Wereld, wereld_bouwen

VOOR = [("regioplan", "0002_doelen_inkoopbeleid_2021"), ("contracten", "0001_contracten")]
VELDEN = ("regio_id", "document_soort", "document_id", "versie", "gebruiker_id", "namens_id", "wat", "op")


def _migreren(doel: list[tuple[str, str]] | None) -> Any:
    """Migrate to `doel`; None: to the latest migrations (whatever apps add later, so the tests after this one
    find every table)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    doel = doel if doel is not None else executor.loader.graph.leaf_nodes()
    executor.migrate(doel)
    return executor.loader.project_state(doel).apps


def _regels() -> list[tuple[Any, ...]]:
    return sorted(Documentwijziging.objects.values_list(*VELDEN), key=repr)  # namens may be None


@pytest.mark.django_db(transaction=True)
def test_the_old_plan_and_contract_logs_move_into_the_change_record_and_back() -> None:
    w = contract_wereld(wereld_bouwen())
    contract = w.contract  # type: ignore[attr-defined]
    voor = _regels()
    soorten = {s for _r, s, *_ in voor}
    assert {"regioplan.regioplan", "contracten.contract"} <= soorten

    try:
        oud = _migreren(VOOR)
        _oud_bekijken(oud, contract, voor)
    finally:
        _migreren(None)
    assert _regels() == voor
    # Lines from before proposals existed get the party that wrote them from their history (contracten 0005).
    from contracten.models import Contractafspraak

    assert {a.opgesteld_namens_id for a in Contractafspraak.objects.filter(contract=contract)} == {w.zorggroep.pk}


def _oud_bekijken(oud: Any, contract: Any, voor: list[tuple[Any, ...]]) -> None:
    plan_regels = oud.get_model("regioplan", "Wijziging").objects.filter(regioplan_id=contract.regioplan_id)
    contract_regels = oud.get_model("contracten", "Contractwijziging").objects.filter(contract_id=contract.pk)
    assert sorted(
        contract_regels.values_list("contract_versie", "gebruiker_id", "namens_id", "wat", "op"), key=repr
    ) == sorted(
        ((v, g, n, wat, op) for _r, s, d, v, g, n, wat, op in voor if s == "contracten.contract" and d == contract.pk),
        key=repr,
    )
    assert plan_regels.filter(wat="Vastgesteld", namens_id=None).exists()
    # Only the regiobeeld's lines (it never had a log of its own) stay in the new table.
    assert set(Documentwijziging.objects.values_list("document_soort", flat=True)) <= {"regiobeeld.regiobeeld"}


@pytest.mark.django_db
def test_every_change_to_a_regiobeeld_says_who_for_which_party(wereld: Wereld) -> None:
    rb = regiobeeld_services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2025, acting_user=wereld.bewerker)
    deel = rb.delen.get(soort="zorgvraag")
    regiobeeld_services.deel_opslaan(
        deel=deel, gelezen_versie=deel.versie, duiding="Meer ouderen.", acting_user=wereld.zorginkoper
    )
    regio_services.mandaat_verlenen(
        gebruiker=wereld.zorginkoper,
        organisatie=wereld.verzekeraar,
        regio=wereld.regio,
        onderwerp=Onderwerp.REGIOBEELD,
        geldig_van=START,
        acting_user=wereld.koepel,
    )
    regiobeeld_services.akkoord_geven(regiobeeld=rb, acting_user=wereld.zorginkoper)

    rb = Regiobeeld.objects.get(pk=rb.pk)
    regels = list(wijzigingen.van(rb))
    assert [(r.wat, r.gebruiker, r.namens) for r in regels] == [
        ("Akkoord namens Verzekeraar Zuid", wereld.zorginkoper, wereld.verzekeraar),
        ("Ontwikkeling van de zorgvraag", wereld.zorginkoper, wereld.verzekeraar),
        ("Regiobeeld begonnen", wereld.bewerker, wereld.zorggroep),
    ]
    assert regels[1].versie == rb.versie == 2
    # The part's own field history names the person too.
    assert deel.history.first().history_user == wereld.zorginkoper
