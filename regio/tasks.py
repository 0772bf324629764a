"""Background work of the regio app: thin wrappers around services."""

from __future__ import annotations

import datetime as dt
import socket

from celery import shared_task
from django.utils import timezone

from config.celery import RegioTask
from regio import berichten, services, wachtrij
from regio.wachtrij import mailtaak


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
# broker's visibility timeout (an hour) and then find the job done. Celery sends the acknowledgement from the
# worker's main loop: with the prefork pool (docker-compose) at once, with --pool=solo only when the task ends.
@shared_task(name="regio.tasks.pdf_maken", base=RegioTask, acks_late=False)
def pdf_maken(pk: int) -> None:
    """Render one PDF job (see regio/pdfwerk.py); safe to run twice."""
    from regio import pdfwerk

    pdfwerk.pdf_maken(pk)


@shared_task(name="regio.tasks.wachtende_pdfs_versturen")
def wachtende_pdfs_versturen() -> dict[str, int]:
    from regio import pdfwerk

    return pdfwerk.wachtende_pdfs_versturen()


@mailtaak("regio.berichten_versturen")
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


@mailtaak("regio.dagoverzicht_versturen")
def dagoverzicht_versturen(gebruiker_id: int) -> int:
    return berichten.dagoverzicht_versturen(gebruiker_id)


@shared_task(name="regio.dagoverzichten_versturen")
def dagoverzichten_versturen() -> int:
    """Daily: one digest e-mail per person with waiting digest messages."""
    personen = berichten.met_dagoverzicht()
    for pk in personen:
        dagoverzicht_versturen.delay(pk)
    return len(personen)


@mailtaak("regio.tasks.uitnodiging_mailen")
def uitnodiging_mailen(pk: int) -> int:
    """Mail an invitation's link (regio/uitnodigingen.py); safe to run twice."""
    from regio import uitnodigingen

    return uitnodigingen.uitnodiging_mailen(pk)


@shared_task(name="regio.tasks.wachtende_uitnodigingen_versturen")
def wachtende_uitnodigingen_versturen() -> int:
    """The relay: invitations whose e-mail did not go out are queued again."""
    from regio import uitnodigingen

    pks = uitnodigingen.te_mailen()
    for pk in pks:
        wachtrij.versturen(uitnodiging_mailen, pk)
    return len(pks)


@mailtaak("regio.tasks.mandaateinde_mailen")
def mandaateinde_mailen(pk: int) -> int:
    from regio import mandaateinde

    return mandaateinde.einde_mailen(pk)


@shared_task(name="regio.tasks.mandaateinden_melden")
def mandaateinden_melden() -> int:
    """The daily beat task: queue the e-mail of every mandate that ends within a month and was not announced. One
    whose e-mail did not go out is not marked, so the next run queues it again."""
    from regio import mandaateinde

    pks = mandaateinde.te_melden(timezone.localdate())
    for pk in pks:
        wachtrij.versturen(mandaateinde_mailen, pk)
    return len(pks)


@mailtaak("regio.tasks.reactie_mailen")
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
