"""The plan's PDF end to end: made by a real Celery worker on Redis and PostgreSQL, with kaleido on Debian's
chromium; the text is checked with pdftotext, the tagging with pdfinfo; a worker killed mid-render is recovered."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from config.celery import app as celery_app
from regio import pdfwerk
from regio.models import Pdfopdracht
from regioplan import services
from regioplan.models import Regioplan
from regioplan.pdf import RegioplanPdf
from tests.personas import Wereld, wereld_bouwen
from tests.regioplan.werelden import activiteit_maken, meetpunt_maken, plan_maken
from tests.servers import chromium_vereist, postgres_vereist, redis_vereist, server_env, wacht_tot, worker_args

pytestmark = [pytest.mark.needs_browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def echte_worker_omgeving(settings: Any, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Tasks go to Redis; the worker and this test share a media folder of their own."""
    postgres_vereist()
    redis_vereist()
    chromium_vereist()
    settings.MEDIA_ROOT = tmp_path / "media"
    eerder = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield server_env(REGIO_VAR_DIR=str(tmp_path), HOME=str(tmp_path))
    celery_app.conf.task_always_eager = eerder


def _plan(wereld: Wereld, activiteiten: int) -> Regioplan:
    plan = plan_maken(wereld)
    deel = plan.delen.get(soort="missie-visie")
    services.plandeel_opslaan(
        deel=deel,
        gelezen_versie=deel.versie,
        tekst="Samen zorgen voor goede zorg dichtbij.",
        acting_user=wereld.bewerker,
    )
    for i in range(activiteiten):
        act = activiteit_maken(wereld, plan, titel=f"Activiteit nummer {i}", eind_jaar=2026 + i % 3)
        meetpunt_maken(wereld, act, omschrijving=f"Meetpunt {i}")
    services.reactie_plaatsen(
        regioplan=plan,
        tekst="Geheime notitie van de verzekeraar",
        intern_voor=wereld.verzekeraar,
        acting_user=wereld.zorginkoper,
    )
    return Regioplan.objects.get(pk=plan.pk)


def _aanvragen(plan: Regioplan, wereld: Wereld) -> Pdfopdracht:
    with transaction.atomic():
        return pdfwerk.pdf_aanvragen(document=RegioplanPdf(plan), acting_user=wereld.lezer)


def _status(pk: int) -> str:
    return Pdfopdracht.objects.get(pk=pk).status


def _werker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # Its own process group, so a kill -9 takes kaleido's chromium with it.
    return subprocess.Popen(
        worker_args(),
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stoppen(werker: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if werker.poll() is None:
        os.killpg(werker.pid, sig)
        werker.wait(timeout=30)


def _tekst(pad: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pad), "-"], capture_output=True, text=True, check=True).stdout


def test_a_real_worker_makes_the_plans_pdf_with_its_text_page_numbers_and_tags(
    echte_worker_omgeving: dict[str, str], tmp_path: Path, settings: Any
) -> None:
    wereld = wereld_bouwen()
    plan = _plan(wereld, activiteiten=3)
    log = tmp_path / "worker.log"
    werker = _werker(echte_worker_omgeving, log)
    try:
        opdracht = _aanvragen(plan, wereld)
        assert wacht_tot(lambda: _status(opdracht.pk) in ("klaar", "mislukt"), seconden=120), log.read_text()
    finally:
        _stoppen(werker)
    opdracht.refresh_from_db()
    assert opdracht.status == "klaar", (opdracht.fout, log.read_text()[-3000:])
    pad = pdfwerk.pdf_bestand(opdracht)
    assert pad is not None
    tekst = _tekst(pad)
    for verwacht in (
        "Eigen regio",
        "Regioplan Eigen regio",
        "Samen zorgen voor goede zorg dichtbij",
        "Activiteit nummer 1",
        "pagina 1 van",
        "CONCEPT",
    ):
        assert verwacht in tekst, verwacht
    assert "Geheime notitie" not in tekst
    info = subprocess.run(["pdfinfo", str(pad)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info


def test_a_worker_killed_mid_render_leaves_the_job_to_be_retried_and_one_file_results(
    echte_worker_omgeving: dict[str, str], tmp_path: Path, settings: Any
) -> None:
    wereld = wereld_bouwen()
    plan = _plan(wereld, activiteiten=40)
    eerste = _werker(echte_worker_omgeving, tmp_path / "worker1.log")
    try:
        opdracht = _aanvragen(plan, wereld)
        assert wacht_tot(lambda: _status(opdracht.pk) == "bezig", seconden=60, stap=0.05)
    finally:
        _stoppen(eerste, signal.SIGKILL)
    assert _status(opdracht.pk) == "bezig"  # its worker is gone; nothing finished it

    tweede = _werker(echte_worker_omgeving, tmp_path / "worker2.log")
    try:
        # The relay (Celery beat) would do this once the job is older than the hard time limit.
        assert pdfwerk.wachtende_pdfs_versturen(bezig_langer_dan=dt.timedelta(0))["opnieuw"] == 1
        assert wacht_tot(lambda: _status(opdracht.pk) in ("klaar", "mislukt"), seconden=180)
    finally:
        _stoppen(tweede)
    opdracht.refresh_from_db()
    assert opdracht.status == "klaar", opdracht.fout
    assert opdracht.pogingen == 2
    bestanden = list((Path(settings.MEDIA_ROOT) / "pdf").iterdir())
    assert [b.name for b in bestanden] == [Path(opdracht.bestand).name]
