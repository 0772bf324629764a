"""Background work of the regio app: thin wrappers around services."""

from __future__ import annotations

import socket

from celery import shared_task

from config.celery import RegioTask
from regio import services
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
    name="regio.tasks.reactie_mailen",
    base=RegioTask,
    autoretry_for=TIJDELIJKE_FOUTEN,
    retry_backoff=True,
    max_retries=5,
)
def reactie_mailen(label: str, pk: int) -> int:
    """The e-mails about one comment on any document (regio/gesprekken); safe to run twice."""
    from regio.gesprekken import meldingen

    return meldingen.reactie_mailen(label, pk)


@shared_task(name="regio.tasks.wachtende_reacties_versturen")
def wachtende_reacties_versturen() -> int:
    """Relay: queue the e-mails of comments placed while the broker was away."""
    import datetime as dt

    from regio.gesprekken import meldingen

    wachtend = meldingen.wachtende_reacties(dt.timedelta(minutes=2))
    for label, pk in wachtend:
        reactie_mailen.delay(label, pk)
    return len(wachtend)
