"""The plan's PDF end to end: made by a real Celery worker on Redis and PostgreSQL (charts drawn in Python, no
browser); its text and tagging are read back (tests.regio.pdf_proef); a worker killed mid-render is recovered."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regio import pdfwerk
from regio.models import Pdfopdracht
from tests.personas import wereld_bouwen
from tests.regio.pdf_proef import pdf_lezen
from tests.regioplan.werelden import pdf_aanvragen, plan_voor_pdf
from tests.servers import echte_werkers, wacht_tot, werker_starten, werker_stoppen

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def echte_worker_omgeving(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Tasks go to Redis; the worker and this test share a media folder of their own."""
    with echte_werkers(tmp_path) as env:
        yield env


def _status(pk: int) -> str:
    return Pdfopdracht.objects.get(pk=pk).status


def test_a_real_worker_makes_the_plans_pdf_with_its_text_page_numbers_and_tags(
    echte_worker_omgeving: dict[str, str], tmp_path: Path, settings: Any
) -> None:
    wereld = wereld_bouwen()
    plan = plan_voor_pdf(wereld, activiteiten=3)
    log = tmp_path / "worker.log"
    werker = werker_starten(echte_worker_omgeving, log)
    try:
        opdracht = pdf_aanvragen(plan, wereld)
        assert wacht_tot(lambda: _status(opdracht.pk) in ("klaar", "mislukt"), seconden=120), log.read_text()
    finally:
        werker_stoppen(werker)
    opdracht.refresh_from_db()
    assert opdracht.status == "klaar", (opdracht.fout, log.read_text()[-3000:])
    pad = pdfwerk.pdf_bestand(opdracht)
    assert pad is not None
    gelezen = pdf_lezen(pad)
    for verwacht in (
        "Eigen regio",
        "Regioplan Eigen regio",
        "Samen zorgen voor goede zorg dichtbij",
        "Activiteit nummer 1",
        "pagina 1 van",
        "CONCEPT",
    ):
        assert verwacht in gelezen.tekst, verwacht
    assert "Geheime notitie" not in gelezen.tekst
    assert gelezen.getagd


def test_a_worker_killed_mid_render_leaves_the_job_to_be_retried_and_one_file_results(
    echte_worker_omgeving: dict[str, str], tmp_path: Path, settings: Any
) -> None:
    wereld = wereld_bouwen()
    plan = plan_voor_pdf(wereld, activiteiten=40)
    eerste = werker_starten(echte_worker_omgeving, tmp_path / "worker1.log")
    try:
        opdracht = pdf_aanvragen(plan, wereld)
        assert wacht_tot(lambda: _status(opdracht.pk) == "bezig", seconden=60, stap=0.05)
    finally:
        werker_stoppen(eerste, signal.SIGKILL)
    assert _status(opdracht.pk) == "bezig"  # its worker is gone; nothing finished it

    tweede = werker_starten(echte_worker_omgeving, tmp_path / "worker2.log")
    try:
        # The relay (Celery beat, every ten seconds) does this once the worker's heartbeat is DOOD_NA old.
        assert pdfwerk.wachtende_pdfs_versturen(bezig_langer_dan=dt.timedelta(0))["opnieuw"] == 1
        assert wacht_tot(lambda: _status(opdracht.pk) in ("klaar", "mislukt"), seconden=180)
    finally:
        werker_stoppen(tweede)
    opdracht.refresh_from_db()
    assert opdracht.status == "klaar", opdracht.fout
    assert opdracht.pogingen == 2
    bestanden = list((Path(settings.MEDIA_ROOT) / "pdf").iterdir())
    assert [b.name for b in bestanden] == [Path(opdracht.bestand).name]
