"""Background steps of the figure import: thin wrappers that take a primary key and are safe to run twice."""

from __future__ import annotations

from celery import shared_task

from config.celery import RegioTask
from regiobeeld import services


@shared_task(name="regiobeeld.import_lezen", base=RegioTask)
def import_lezen(pk: int) -> None:
    services.import_lezen(pk)


@shared_task(name="regiobeeld.import_omzetten", base=RegioTask)
def import_omzetten(pk: int) -> None:
    services.import_omzetten(pk)


@shared_task(name="regiobeeld.import_opslaan", base=RegioTask)
def import_opslaan(pk: int) -> None:
    services.import_opslaan(pk)


@shared_task(name="regiobeeld.wachtende_imports_versturen")
def wachtende_imports_versturen() -> int:
    return services.wachtende_imports_versturen()


@shared_task(name="regiobeeld.importbestanden_opruimen")
def importbestanden_opruimen() -> int:
    return services.importbestanden_opruimen()
