"""PDF jobs: the row is the truth; nothing errors when the broker is away, nothing piles up, nothing sticks."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from regio import pdfwerk, services, tasks
from regio.models import Lidmaatschap, Pdfopdracht
from regio.pdf import GeweigerdeBron, eigen_bestand, url_fetcher
from tests.personas import Wereld, wereld_bouwen
from tests.regio import pdf_proef


@pytest.fixture(autouse=True)
def proefdocument(settings: Any, tmp_path: Path) -> Path:
    settings.REGIO_PDF_DOCUMENTEN = {"proef": "tests.regio.pdf_proef.ProefPdf"}
    settings.MEDIA_ROOT = tmp_path
    pdf_proef.FOUT.clear()
    return tmp_path


def _aanvragen(wereld: Wereld, capture: Any, wie: Any = None) -> Pdfopdracht:
    with capture(execute=True):
        opdracht = pdfwerk.pdf_aanvragen(document=pdf_proef.ProefPdf(wereld.regio), acting_user=wie or wereld.bewerker)
    opdracht.refresh_from_db()
    return opdracht


def _bestanden(map: Path) -> list[Path]:
    return sorted((map / "pdf").glob("*")) if (map / "pdf").exists() else []


def test_a_requested_pdf_is_made_after_commit_and_its_text_is_the_documents(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, proefdocument: Path
) -> None:
    opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    assert opdracht.status == Pdfopdracht.Status.KLAAR
    assert opdracht.aantal_paginas == 1 and opdracht.document_versie == 1
    pad = pdfwerk.pdf_bestand(opdracht)
    assert pad is not None and pad.parent == proefdocument / "pdf"
    assert len(pad.stem) >= 30  # a random, unguessable name
    assert "Eigen regio" in pdf_proef.pdf_tekst(pad)


def test_making_it_again_replaces_the_file(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, proefdocument: Path
) -> None:
    eerste = _aanvragen(wereld, django_capture_on_commit_callbacks).bestand
    tweede = _aanvragen(wereld, django_capture_on_commit_callbacks).bestand
    assert eerste != tweede
    assert [p.name for p in _bestanden(proefdocument)] == [Path(tweede).name]
    assert Pdfopdracht.objects.count() == 1


def test_with_the_broker_down_the_job_waits_and_the_relay_sends_it_later(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch.object(tasks.pdf_maken, "delay", side_effect=ConnectionError("redis weg")):
        opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    assert opdracht.status == Pdfopdracht.Status.WACHT and opdracht.verstuurd_op is None
    # Too fresh for the relay: it leaves the row alone.
    assert pdfwerk.wachtende_pdfs_versturen()["verstuurd"] == 0
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(aangevraagd_op=timezone.now() - dt.timedelta(minutes=5))
    assert pdfwerk.wachtende_pdfs_versturen()["verstuurd"] == 1
    opdracht.refresh_from_db()
    assert opdracht.status == Pdfopdracht.Status.KLAAR


def test_a_duplicate_delivery_does_nothing(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, proefdocument: Path
) -> None:
    opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    pdfwerk.pdf_maken(opdracht.pk)
    assert len(_bestanden(proefdocument)) == 1
    opdracht.refresh_from_db()
    assert opdracht.pogingen == 1


def test_someone_who_lost_access_before_the_worker_ran_gets_no_pdf(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, proefdocument: Path
) -> None:
    with mock.patch.object(tasks.pdf_maken, "delay"):
        opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    lid = Lidmaatschap.objects.get(gebruiker=wereld.bewerker)
    services.lidmaatschap_beeindigen(lidmaatschap=lid, acting_user=wereld.koepel)
    pdfwerk.pdf_maken(opdracht.pk)
    opdracht.refresh_from_db()
    assert opdracht.status == Pdfopdracht.Status.MISLUKT
    assert "geen toegang" in opdracht.fout
    assert _bestanden(proefdocument) == []


def test_an_outsider_cannot_ask_for_it(wereld: Wereld) -> None:
    with pytest.raises(PermissionDenied):
        pdfwerk.pdf_aanvragen(document=pdf_proef.ProefPdf(wereld.regio), acting_user=wereld.buitenstaander)


def test_a_rendering_error_is_a_readable_failure_not_a_stuck_job(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    pdf_proef.FOUT.append(RuntimeError("kapot"))
    opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    assert opdracht.status == Pdfopdracht.Status.MISLUKT
    assert "mislukt door een fout in het programma" in opdracht.fout and "kapot" not in opdracht.fout


def test_a_job_whose_worker_died_is_tried_again_and_given_up_after_three_tries(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch.object(tasks.pdf_maken, "delay"):
        opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    lang_geleden = timezone.now() - dt.timedelta(hours=1)
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(
        status="bezig", gestart_op=lang_geleden, levend_op=lang_geleden, pogingen=1
    )
    assert pdfwerk.wachtende_pdfs_versturen()["opnieuw"] == 1
    opdracht.refresh_from_db()
    assert opdracht.status == Pdfopdracht.Status.KLAAR  # sent again at once (eager here), and made
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(
        status="bezig", gestart_op=lang_geleden, levend_op=lang_geleden, pogingen=3
    )
    pdfwerk.wachtende_pdfs_versturen()
    opdracht.refresh_from_db()
    assert opdracht.status == Pdfopdracht.Status.MISLUKT and "3 pogingen" in opdracht.fout


def test_asking_again_while_it_is_being_made_does_not_queue_it_twice(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch.object(tasks.pdf_maken, "delay") as delay:
        _aanvragen(wereld, django_capture_on_commit_callbacks)
        _aanvragen(wereld, django_capture_on_commit_callbacks)
    assert delay.call_count == 1


class Luisteraar:
    """A socket on a loopback port that counts who connects: WeasyPrint must never."""

    def __init__(self) -> None:
        self.sok = socket.socket()
        self.sok.bind(("127.0.0.1", 0))
        self.sok.listen()
        self.sok.settimeout(0.2)
        self.poort = self.sok.getsockname()[1]
        self.verbindingen = 0
        self.stop = threading.Event()
        self.draad = threading.Thread(target=self._luisteren, daemon=True)
        self.draad.start()

    def _luisteren(self) -> None:
        while not self.stop.is_set():
            try:
                verbinding, _ = self.sok.accept()
            except OSError:
                continue
            self.verbindingen += 1
            verbinding.close()

    def sluiten(self) -> int:
        self.stop.set()
        self.draad.join()
        self.sok.close()
        return self.verbindingen


def test_the_url_fetcher_serves_static_files_and_refuses_the_disk_and_the_network() -> None:
    luisteraar = Luisteraar()
    try:
        inhoud, soort = eigen_bestand("regio-static:/static/css/regio.css")
        assert soort == "text/css" and b"--accent" in inhoud
        assert url_fetcher().fetch("data:text/plain;base64,SGFsbG8=").read() == b"Hallo"
        for url in (
            "file:///etc/passwd",
            f"http://127.0.0.1:{luisteraar.poort}/x.css",
            "regio-static:/static/../../../etc/passwd",
            "regio-static:/etc/passwd",
            "https://example.org/lettertype.ttf",
        ):
            with pytest.raises((GeweigerdeBron, ValueError)):
                url_fetcher().fetch(url)
    finally:
        assert luisteraar.sluiten() == 0


def test_a_hostile_document_fetches_nothing_from_disk_or_network(wereld: Wereld) -> None:
    luisteraar = Luisteraar()

    class Vijandig(pdf_proef.ProefPdf):
        def html(self) -> str:
            return (
                "<html lang='nl'><head><title>x</title>"
                f"<link rel='stylesheet' href='http://127.0.0.1:{luisteraar.poort}/a.css'>"
                f"<style>@import url('http://127.0.0.1:{luisteraar.poort}/b.css');"
                f" body {{ background: url('http://127.0.0.1:{luisteraar.poort}/c.png') }}</style></head>"
                f"<body><img src='file:///etc/passwd'><img src='http://127.0.0.1:{luisteraar.poort}/d.png'>"
                "<iframe src='file:///etc/hostname'></iframe><p>Veilig</p></body></html>"
            )

    try:
        inhoud, _ = Vijandig(wereld.regio).maken()
    finally:
        verbindingen = luisteraar.sluiten()
    assert verbindingen == 0
    assert b"root:x:0:0" not in inhoud


def test_the_previous_pdf_stays_downloadable_while_a_new_one_is_made(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    eerste = _aanvragen(wereld, django_capture_on_commit_callbacks)
    vorige = pdfwerk.pdf_bestand(eerste)
    with mock.patch.object(tasks.pdf_maken, "delay"):
        opnieuw = _aanvragen(wereld, django_capture_on_commit_callbacks)
    assert opnieuw.status == Pdfopdracht.Status.WACHT
    assert vorige is not None and pdfwerk.pdf_bestand(opnieuw) == vorige
    Pdfopdracht.objects.filter(pk=opnieuw.pk).update(status="bezig", gestart_op=timezone.now())
    opnieuw.refresh_from_db()
    assert pdfwerk.pdf_bestand(opnieuw) == vorige


def test_a_job_whose_worker_stopped_beating_is_sent_again_within_half_a_minute(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch.object(tasks.pdf_maken, "delay"):
        opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    nu = timezone.now()
    # A long render whose worker still beats is left alone, however long ago it started.
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(
        status="bezig", gestart_op=nu - dt.timedelta(minutes=4), levend_op=nu - dt.timedelta(seconds=5), pogingen=1
    )
    with mock.patch.object(tasks.pdf_maken, "delay") as delay:
        assert pdfwerk.wachtende_pdfs_versturen()["opnieuw"] == 0
        assert delay.call_count == 0
        # Its beat stopped 25 seconds ago: the worker died. Sent again once, even though the job also waited long.
        Pdfopdracht.objects.filter(pk=opdracht.pk).update(
            levend_op=nu - dt.timedelta(seconds=25), aangevraagd_op=nu - dt.timedelta(minutes=5)
        )
        assert pdfwerk.wachtende_pdfs_versturen() == {"verstuurd": 0, "opnieuw": 1}
        assert delay.call_count == 1


def test_a_dead_workers_job_is_claimed_by_one_relay_run_and_sent_once_from_the_twentieth_second(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch.object(tasks.pdf_maken, "delay"):
        opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    slag = timezone.now()  # the worker's last beat, then kill -9
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(status="bezig", gestart_op=slag, levend_op=slag, pogingen=1)
    gezien = Pdfopdracht.objects.get(pk=opdracht.pk)
    with mock.patch.object(tasks.pdf_maken, "delay") as delay:
        assert pdfwerk.wachtende_pdfs_versturen(nu=slag + pdfwerk.DOOD_NA - dt.timedelta(seconds=1))["opnieuw"] == 0
        dood = slag + pdfwerk.DOOD_NA + dt.timedelta(seconds=1)
        assert pdfwerk.wachtende_pdfs_versturen(nu=dood) == {"verstuurd": 0, "opnieuw": 1}
        # A second run that saw the same dead row (or the next run, a minute on) claims nothing: sent once.
        assert not pdfwerk._claimen(gezien, dood, dood)
        assert pdfwerk.wachtende_pdfs_versturen(nu=dood + dt.timedelta(minutes=1)) == {"verstuurd": 0, "opnieuw": 0}
        assert delay.call_count == 1
    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.verstuurd_op, opdracht.levend_op) == ("wacht", dood, None)


def test_a_claimed_job_the_broker_did_not_take_waits_visibly_and_the_next_round_sends_it(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch.object(tasks.pdf_maken, "delay"):
        opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    slag = timezone.now() - dt.timedelta(minutes=1)
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(status="bezig", gestart_op=slag, levend_op=slag, pogingen=1)
    with mock.patch.object(tasks.pdf_maken, "delay", side_effect=ConnectionError("redis weg")):
        assert pdfwerk.wachtende_pdfs_versturen()["opnieuw"] == 1
    opdracht.refresh_from_db()
    assert (opdracht.status, opdracht.verstuurd_op) == ("wacht", None)  # the page says the background work is away
    with mock.patch.object(tasks.pdf_maken, "delay") as delay:
        later = timezone.now() + dt.timedelta(minutes=2)
        assert pdfwerk.wachtende_pdfs_versturen(nu=later) == {"verstuurd": 1, "opnieuw": 0}
        assert pdfwerk.wachtende_pdfs_versturen(nu=later) == {"verstuurd": 0, "opnieuw": 0}
        assert delay.call_count == 1


def test_a_person_may_ask_again_for_a_job_whose_worker_died_but_not_for_one_in_hand(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch.object(tasks.pdf_maken, "delay"):
        opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    nu = timezone.now()
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(status="bezig", gestart_op=nu, levend_op=nu)
    with mock.patch.object(tasks.pdf_maken, "delay") as delay:
        _aanvragen(wereld, django_capture_on_commit_callbacks)
        assert delay.call_count == 0
        Pdfopdracht.objects.filter(pk=opdracht.pk).update(levend_op=nu - dt.timedelta(seconds=30))
        opnieuw = _aanvragen(wereld, django_capture_on_commit_callbacks)
        assert delay.call_count == 1
    assert opnieuw.status == Pdfopdracht.Status.WACHT and opnieuw.levend_op is None


def test_the_page_tells_the_truth_about_a_stuck_job_and_offers_to_ask_again(
    wereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    from django.template.loader import render_to_string

    from regio.pdf_views import PdfUrls, pdf_context

    with mock.patch.object(tasks.pdf_maken, "delay"):
        opdracht = _aanvragen(wereld, django_capture_on_commit_callbacks)
    urls = PdfUrls(maken="/maken/", status="/status/", downloaden="/downloaden/", terug="/")
    document = pdf_proef.ProefPdf(wereld.regio)
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(status="bezig", gestart_op=timezone.now(), pogingen=1)
    bezig = render_to_string("regio/_pdf.html", pdf_context(document, urls, mag_maken=True))
    assert "De pdf wordt gemaakt (sinds" in bezig and "Opnieuw proberen" not in bezig
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(levend_op=timezone.now() - dt.timedelta(minutes=1))
    vast = render_to_string("regio/_pdf.html", pdf_context(document, urls, mag_maken=True))
    assert "werd onderbroken" in vast and "Opnieuw proberen" in vast
    assert "Opnieuw proberen" not in render_to_string("regio/_pdf.html", pdf_context(document, urls, mag_maken=False))
    with mock.patch.object(tasks.pdf_maken, "delay"):
        pdfwerk.wachtende_pdfs_versturen()
    terug = render_to_string("regio/_pdf.html", pdf_context(document, urls, mag_maken=True))
    assert "De vorige poging werd onderbroken" in terug and "opnieuw in de wachtrij" in terug
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(status="mislukt", fout="Het lukte niet.")
    mislukt = render_to_string("regio/_pdf.html", pdf_context(document, urls, mag_maken=True))
    assert "Het lukte niet." in mislukt and "Opnieuw proberen" in mislukt


@pytest.mark.django_db(transaction=True)
def test_a_rendering_worker_beats_on_the_jobs_row(settings: Any) -> None:
    wereld = wereld_bouwen()  # a transactional test builds its own world (tests/eenmalig.py)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    opdracht = Pdfopdracht.objects.create(
        soort="proef", object_id=wereld.regio.pk, regio=wereld.regio, aangevraagd_door=wereld.bewerker
    )
    gestart = timezone.now() - dt.timedelta(minutes=1)
    Pdfopdracht.objects.filter(pk=opdracht.pk).update(status="bezig", gestart_op=gestart, levend_op=gestart)
    with mock.patch.object(pdfwerk, "HARTSLAG", 0.05), pdfwerk._hartslag(opdracht.pk, gestart):
        assert _wacht_tot(lambda: (Pdfopdracht.objects.get(pk=opdracht.pk).levend_op or gestart) > gestart)


def _wacht_tot(voorwaarde: Any, seconden: float = 5.0) -> bool:
    import time

    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.05)
    return False
