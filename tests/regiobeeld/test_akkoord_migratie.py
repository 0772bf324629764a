"""Migration 0003: agreements that an earlier change already made lapse (on an older version than the regiobeeld's)
become withdrawn and told, so the new withdrawal e-mail never goes out about old news; standing ones stay."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from regiobeeld import services
from regiobeeld.models import Akkoord
from tests.personas import wereld_bouwen

VOOR = [("regiobeeld", "0002_import_stap_gestart_en_pogingen")]


def _migreren(doel: list[tuple[str, str]] | None) -> Any:
    """Migrate to `doel`; None: to the latest migrations of every app (the data migration 0003 runs on the way), so
    the tests after this one find every table and column."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    doel = doel if doel is not None else executor.loader.graph.leaf_nodes()
    executor.migrate(doel)
    return executor.loader.project_state(doel).apps


@pytest.mark.django_db(transaction=True)
def test_lapsed_agreements_become_withdrawn_and_told_and_standing_ones_stay() -> None:
    w = wereld_bouwen()
    rb = services.regiobeeld_aanmaken(regio=w.regio, jaar=2026, acting_user=w.bewerker)
    rb.__class__.objects.filter(pk=rb.pk).update(versie=3)
    try:
        oud = _migreren(VOOR).get_model("regiobeeld", "Akkoord")
        vervallen = oud.objects.create(
            regiobeeld_id=rb.pk, organisatie_id=w.zorggroep.pk, gebruiker_id=w.beheerder.pk, regiobeeld_versie=2
        ).pk
        staand = oud.objects.create(
            regiobeeld_id=rb.pk, organisatie_id=w.verzekeraar.pk, gebruiker_id=w.zorginkoper.pk, regiobeeld_versie=3
        ).pk
    finally:
        _migreren(None)
    weg = Akkoord.objects.get(pk=vervallen)
    assert weg.ingetrokken_op == weg.gegeven_op and weg.intrekking_gemeld_op is not None
    assert weg.ingetrokken_omdat
    blijft = Akkoord.objects.get(pk=staand)
    assert blijft.ingetrokken_op is None and blijft.intrekking_gemeld_op is None
