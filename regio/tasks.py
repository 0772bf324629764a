"""Background work of the regio app: thin wrappers around services."""

from __future__ import annotations

import datetime as dt
import socket

from celery import shared_task

from config.celery import RegioTask
from regio import berichten, services
from regio.wachtrij import TIJDELIJKE_FOUTEN


@shared_task(name="regio.tasks.werker_hartslag_registreren")
def werker_hartslag_registreren(naam: str | None = None) -> str:
    """Record that a worker is alive; the admin shows when background work last ran."""
    naam = naam or socket.gethostname()
    services.werker_hartslag_registreren(naam=naam)
    return naam


@shared_task(name="regio.tasks.toegang_alle_regios_bijwerken")
def toegang_alle_regios_bijwerken() -> int:
    """Withdraw view access of participations that ended (and grant it to ones that start)."""
    return services.toegang_alle_regios_bijwerken()


# Acknowledged on receipt, unlike the other tasks: the job's row is the truth and the relay recovers a job whose
# worker died (heartbeat), within half a minute; a message kept unacknowledged would come back only after the
# broker's visibility timeout (an hour) and then find the job done.
@shared_task(name="regio.tasks.pdf_maken", base=RegioTask, acks_late=False)
def pdf_maken(pk: int) -> None:
    """Render one PDF job (see regio/pdfwerk.py); safe to run twice."""
    from regio import pdfwerk

    pdfwerk.pdf_maken(pk)


@shared_task(name="regio.tasks.wachtende_pdfs_versturen")
def wachtende_pdfs_versturen() -> dict[str, int]:
    from regio import pdfwerk

    return pdfwerk.wachtende_pdfs_versturen()


@shared_task(
    name="regio.berichten_versturen", base=RegioTask, autoretry_for=TIJDELIJKE_FOUTEN, retry_backoff=True, max_retries=5
)
def berichten_versturen(pks: list[int]) -> int:
    """E-mail the outbox rows `pks` wanted at once (regio/berichten.py); safe to run twice."""
    return berichten.versturen(pks)


@shared_task(name="regio.wachtende_berichten_versturen")
def wachtende_berichten_versturen() -> int:
    """Relay: queue the at-once rows that waited two minutes unsent (the broker was down when they were stored)."""
    pks = berichten.wachtende(dt.timedelta(minutes=2))
    if pks:
        berichten_versturen.delay(pks)
    return len(pks)


@shared_task(
    name="regio.dagoverzicht_versturen",
    base=RegioTask,
    autoretry_for=TIJDELIJKE_FOUTEN,
    retry_backoff=True,
    max_retries=5,
)
def dagoverzicht_versturen(gebruiker_id: int) -> int:
    return berichten.dagoverzicht_versturen(gebruiker_id)


@shared_task(name="regio.dagoverzichten_versturen")
def dagoverzichten_versturen() -> int:
    """Daily: one digest e-mail per person with waiting digest messages."""
    personen = berichten.met_dagoverzicht()
    for pk in personen:
        dagoverzicht_versturen.delay(pk)
    return len(personen)
