"""Queueing background work: after commit, and never failing what a person did because the broker is down.

A service queues a task with `task.delay_on_commit(...)`: the base task (`config/celery.py`) sends it through
`na_commit` below, so a task never runs before the rows it reads exist. A relay queues with `versturen`. If the
broker cannot be reached the message is not sent and nothing fails: the row the task works on stays unsent (an
e-mail not marked mailed, a job not marked sent) and its app's relay, run by Celery beat every minute, sends it
later. `verstuurd=` (a queryset of the job's row) marks the row sent once the broker took the message.
"""

from __future__ import annotations

import functools
import logging
import smtplib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

if TYPE_CHECKING:
    from celery import Task
    from django.db.models import QuerySet

    from config.celery import RegioTask

log = logging.getLogger(__name__)

# Mail servers that are briefly away are retried; anything else is a bug and shows in the worker log.
TIJDELIJKE_FOUTEN = (smtplib.SMTPException, ConnectionError, TimeoutError)


def mailtaak(naam: str) -> Callable[[Callable[..., int]], RegioTask]:
    """The decorator of every task that sends e-mail, so its retry settings live in one place: the base task
    (acknowledged late, queued after commit), retried with backoff on TIJDELIJKE_FOUTEN, at most five times. Such
    a task returns how many e-mails it sent and is safe to run twice (it marks what it sent)."""
    from celery import shared_task

    from config.celery import RegioTask  # loaded with the settings; this module with the apps

    return shared_task(name=naam, base=RegioTask, autoretry_for=TIJDELIJKE_FOUTEN, retry_backoff=True, max_retries=5)


def versturen(taak: Task, *args: Any, verstuurd: QuerySet[Any] | None = None, **kwargs: Any) -> bool:
    """Queue `taak` now; True when the broker took it. `verstuurd`: the job's row, whose `verstuurd_op` is set
    once the broker took the message (its relay resends rows left unset)."""
    try:
        taak.delay(*args, **kwargs)
    except Exception:  # broker unreachable: nothing is lost, the relay sends it later
        # exc_info: with Celery eager (the one-machine default) this also catches the task's own errors.
        log.warning("Broker unreachable: %s%r waits for the relay", taak.name, args, exc_info=True)
        return False
    if verstuurd is not None:
        verstuurd.update(verstuurd_op=timezone.now())
    return True


def na_commit(taak: Task, *args: Any, verstuurd: QuerySet[Any] | None = None, **kwargs: Any) -> None:
    """Queue `taak` once the current transaction commits (at once outside one), as `versturen` does."""
    transaction.on_commit(functools.partial(versturen, taak, *args, verstuurd=verstuurd, **kwargs))
