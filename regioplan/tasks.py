"""Background work of the regioplan: e-mails about comments and withdrawn approvals, and their relay."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import Any

from celery import Task, shared_task

from regioplan import meldingen

log = logging.getLogger(__name__)

# Mail servers that are briefly away are retried; anything else is a bug and shows in the worker log.
TIJDELIJKE_FOUTEN = (smtplib.SMTPException, ConnectionError, TimeoutError)


def versturen(taak: Task, *args: Any) -> None:
    """Queue `taak`; if the broker is down the row stays unsent and the relay sends it later."""
    try:
        taak.delay(*args)
    except Exception:  # broker unreachable: nothing is lost, see wachtende_meldingen_versturen
        # exc_info: with Celery eager (the one-machine default) this also catches the task's own errors.
        log.warning("Broker unreachable: %s%r waits for the relay", taak.name, args, exc_info=True)


@shared_task(name="regioplan.reactie_mailen", autoretry_for=TIJDELIJKE_FOUTEN, retry_backoff=True, max_retries=5)
def reactie_mailen(pk: int) -> int:
    return meldingen.reactie_mailen(pk)


@shared_task(name="regioplan.intrekking_mailen", autoretry_for=TIJDELIJKE_FOUTEN, retry_backoff=True, max_retries=5)
def intrekking_mailen(pks: list[int]) -> int:
    return meldingen.intrekking_mailen(pks)


@shared_task(name="regioplan.wachtende_meldingen_versturen")
def wachtende_meldingen_versturen() -> int:
    reacties, intrekkingen = meldingen.wachtende_meldingen(dt.timedelta(minutes=2))
    for pk in reacties:
        reactie_mailen.delay(pk)
    if intrekkingen:
        intrekking_mailen.delay(intrekkingen)
    return len(reacties) + len(intrekkingen)
