"""An import step whose worker died: the relay hands it on (three tries), a duplicate delivery does nothing, and
a run that lost its step stores nothing. tests/test_storingen.py kills real workers; these check the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from regiobeeld import importeren, services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Cijfer, Importbestand
from tests.personas import Wereld
from tests.regiobeeld.werelden import import_maken

S = Importbestand.Status
KOPPELING = importeren.Koppeling(
    vorm=importeren.Vorm.LANG,
    gemeente_kolom="Regio's",
    jaar_kolom="Perioden",
    vaste_indicator="inwoners",
    waarde_kolom="Bevolking op 1 januari (aantal)",
)


@pytest.fixture(autouse=True)
def _catalogus(db: None) -> None:
    kernset_laden()


def _bevestigd(wereld: Wereld) -> Importbestand:
    """An import the person confirmed, whose storing step was taken by a worker that then died."""
    imp = import_maken(wereld.regio, wereld)
    services.import_koppelen(importbestand=imp, koppeling=KOPPELING, acting_user=wereld.bewerker)
    services.import_omzetten(imp.pk)
    imp.refresh_from_db()
    services.import_bevestigen(importbestand=imp, afwijzingen_begrepen=True, acting_user=wereld.bewerker)
    return imp


def _gestorven(imp: Importbestand, pogingen: int) -> None:
    Importbestand.objects.filter(pk=imp.pk).update(gestart_op=timezone.now() - dt.timedelta(hours=1), pogingen=pogingen)


def test_a_step_whose_worker_died_is_handed_on_and_stored_once(wereld: Wereld, monkeypatch: Any) -> None:
    imp = _bevestigd(wereld)
    _gestorven(imp, pogingen=1)
    assert services.wachtende_imports_versturen(bezig_langer_dan=dt.timedelta(hours=2)) == 0  # not yet
    # Tasks run in-process here: handing it on runs the step again at once.
    assert services.wachtende_imports_versturen() == 1
    imp.refresh_from_db()
    assert (imp.status, imp.pogingen, imp.gestart_op) == (S.OPGESLAGEN, 2, None)
    assert Cijfer.objects.filter(importbestand=imp).count() == 2


def test_after_three_tries_the_import_fails_with_a_message_and_nothing_is_stored(wereld: Wereld) -> None:
    imp = _bevestigd(wereld)
    _gestorven(imp, pogingen=3)
    assert services.wachtende_imports_versturen() == 0
    imp.refresh_from_db()
    assert imp.status == S.MISLUKT and imp.gestart_op is None
    assert "na 3 pogingen" in imp.fout and "niets opgeslagen" in imp.fout
    assert not Cijfer.objects.exists()


def test_a_duplicate_delivery_while_a_worker_runs_the_step_does_nothing(wereld: Wereld) -> None:
    imp = _bevestigd(wereld)
    gestart = timezone.now()
    Importbestand.objects.filter(pk=imp.pk).update(gestart_op=gestart, pogingen=1)
    services.import_opslaan(imp.pk)
    imp.refresh_from_db()
    assert (imp.status, imp.pogingen, imp.gestart_op) == (S.OPSLAAN, 1, gestart)
    assert not Cijfer.objects.exists()


def test_a_run_that_lost_its_step_to_another_worker_does_not_write_its_outcome(
    wereld: Wereld, monkeypatch: Any
) -> None:
    imp = import_maken(wereld.regio, wereld)
    echt = importeren.omzetten
    rondes: list[int] = []

    def traag_omzetten(*args: Any, **kwargs: Any) -> importeren.Omzetting:
        rondes.append(1)
        if len(rondes) == 1:
            # This worker looks stuck; the relay hands the step to another, which finishes it.
            services.wachtende_imports_versturen(bezig_langer_dan=dt.timedelta(0))
            leeg = echt(*args, **kwargs)
            return importeren.Omzetting(waarden=leeg.waarden.iloc[0:0], afgewezen=[], leeg=0)
        return echt(*args, **kwargs)

    monkeypatch.setattr(importeren, "omzetten", traag_omzetten)
    services.import_koppelen(importbestand=imp, koppeling=KOPPELING, acting_user=wereld.bewerker)
    services.import_omzetten(imp.pk)  # the worker's run (tests run in a transaction that never commits)
    imp.refresh_from_db()
    assert len(rondes) == 2
    # The second run's outcome stands; the first, late one (no values) was dropped.
    assert (imp.status, imp.aantal_waarden, imp.pogingen) == (S.CONTROLE, 2, 2)


def test_an_import_cancelled_while_its_rows_are_checked_stays_cancelled(wereld: Wereld, monkeypatch: Any) -> None:
    imp = import_maken(wereld.regio, wereld)
    echt = importeren.omzetten

    def intussen_geannuleerd(*args: Any, **kwargs: Any) -> importeren.Omzetting:
        services.import_annuleren(importbestand=imp, acting_user=wereld.bewerker)
        return echt(*args, **kwargs)

    monkeypatch.setattr(importeren, "omzetten", intussen_geannuleerd)
    services.import_koppelen(importbestand=imp, koppeling=KOPPELING, acting_user=wereld.bewerker)
    services.import_omzetten(imp.pk)
    imp.refresh_from_db()
    assert imp.status == S.GEANNULEERD
