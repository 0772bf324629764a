"""Uploaded files do not stay on disk forever: a refused or cancelled import's file is removed at once, a stored
import's file after REGIO_IMPORTBESTANDEN_BEWAREN_DAGEN (the daily periodic task). The import's row stays."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from regiobeeld import services, tasks
from regiobeeld.models import Importbestand
from tests.personas import Wereld
from tests.regiobeeld.werelden import import_maken

pytestmark = pytest.mark.django_db

S = Importbestand.Status


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _op_schijf(imp: Importbestand) -> Path:
    return Path(imp.bestand.path)


def test_a_cancelled_imports_file_is_removed_at_once(wereld: Wereld, django_capture_on_commit_callbacks: Any) -> None:
    imp = import_maken(wereld.regio, wereld)
    pad = _op_schijf(imp)
    assert pad.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.import_annuleren(importbestand=imp, acting_user=wereld.bewerker)
    imp.refresh_from_db()
    assert imp.status == S.GEANNULEERD
    assert not pad.exists() and not imp.bestand
    assert (imp.bestandsnaam, imp.aangemaakt_door) == ("cbs.csv", wereld.bewerker)  # the row still says what it was


def test_a_refused_imports_file_is_removed_at_once(wereld: Wereld, _media: Path) -> None:
    boek = openpyxl.Workbook()
    blad = boek.active
    assert blad is not None
    blad.append(["Gemeente", "Jaar", "inwoners"])
    blad.append(["HEERLEN", 2023, "=1+1"])
    inhoud = io.BytesIO()
    boek.save(inhoud)
    imp = import_maken(wereld.regio, wereld, inhoud.getvalue(), "formules.xlsx")
    assert imp.status == S.MISLUKT and "formules" in imp.fout
    assert not imp.bestand
    assert not list((_media / "imports").iterdir())


def test_a_stored_imports_file_is_removed_by_the_daily_task_after_the_stated_period(
    wereld: Wereld, settings: Any
) -> None:
    settings.REGIO_IMPORTBESTANDEN_BEWAREN_DAGEN = 30
    oud, recent = import_maken(wereld.regio, wereld), import_maken(wereld.regio, wereld)
    nu = timezone.now()
    Importbestand.objects.filter(pk=oud.pk).update(status=S.OPGESLAGEN, opgeslagen_op=nu - dt.timedelta(days=31))
    Importbestand.objects.filter(pk=recent.pk).update(status=S.OPGESLAGEN, opgeslagen_op=nu - dt.timedelta(days=29))
    geplande_taken = {taak["task"] for taak in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.importbestanden_opruimen.name in geplande_taken
    oud_pad = _op_schijf(oud)
    assert tasks.importbestanden_opruimen() == 1
    assert not oud_pad.exists()
    assert _op_schijf(recent).exists()
    oud.refresh_from_db()
    assert not oud.bestand and oud.status == S.OPGESLAGEN
    assert tasks.importbestanden_opruimen() == 0  # safe to run twice
