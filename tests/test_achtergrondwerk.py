"""A task queued on commit runs in a real Celery worker (docker-compose's command) on Redis and PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.db import transaction

from config.celery import app as celery_app
from regio import tasks
from regio.models import WerkerHartslag
from tests.servers import postgres_vereist, proces, redis_vereist, server_env, wacht_tot, worker_args


@pytest.fixture
def echte_broker() -> object:
    """Send tasks to Redis instead of running them in-process, for this test only."""
    redis_vereist()
    eerder = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield celery_app
    celery_app.conf.task_always_eager = eerder


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_on_commit_runs_in_a_real_worker(echte_broker: object, tmp_path: Path) -> None:
    postgres_vereist()
    wachtrij = f"test-{uuid.uuid4().hex[:8]}"
    naam = f"worker-test-{wachtrij}"
    args = worker_args("-Q", wachtrij)
    with proces(args, server_env(), tmp_path / "worker.log") as worker:
        with transaction.atomic():
            # celery-types does not know the DjangoTask base class that config/celery.py sets for every task.
            tasks.werker_hartslag_registreren.apply_async_on_commit(  # type: ignore[attr-defined]
                args=[naam], queue=wachtrij
            )
            # Not sent before the transaction commits.
            assert not WerkerHartslag.objects.filter(naam=naam).exists()
        klaar = wacht_tot(lambda: WerkerHartslag.objects.filter(naam=naam).exists(), seconden=60)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
    assert klaar, (tmp_path / "worker.log").read_text()


@pytest.mark.django_db
def test_without_redis_the_task_runs_in_process() -> None:
    assert celery_app.conf.task_always_eager
    tasks.werker_hartslag_registreren.delay("in-process")
    assert WerkerHartslag.objects.filter(naam="in-process").exists()


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_file_is_read_by_a_real_worker_with_progress(echte_broker: object, tmp_path: Path) -> None:
    postgres_vereist()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regiobeeld import services as regiobeeld_services
    from regiobeeld.catalogus import kernset_laden
    from regiobeeld.models import Importbestand
    from tests.personas import wereld_bouwen

    kernset_laden()
    wereld = wereld_bouwen()
    args = worker_args()
    inhoud = "\ufeffRegio's;Perioden;Bevolking op 1 januari (aantal)\r\nGM9999;2023JJ00;1\r\n".encode()
    with proces(args, server_env(), tmp_path / "worker.log") as worker:
        imp = regiobeeld_services.import_starten(
            regio=wereld.regio, bestand=SimpleUploadedFile("cbs.csv", inhoud), bron="CBS", acting_user=wereld.bewerker
        )

        def gelezen() -> bool:
            return Importbestand.objects.get(pk=imp.pk).status == Importbestand.Status.KOPPELEN

        klaar = wacht_tot(gelezen, seconden=60)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
    assert klaar, (tmp_path / "worker.log").read_text()
    imp.refresh_from_db()
    assert imp.verstuurd_op is not None and imp.voortgang == 100
    assert imp.kolommen == ["Regio's", "Perioden", "Bevolking op 1 januari (aantal)"]
