"""Background work of the regiobeeld: the steps of the figure import, and the e-mails about withdrawn agreements with
their relay. Thin wrappers that take primary keys and are safe to run twice."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from config.celery import RegioTask
from regio import goedkeuring
from regio.wachtrij import mailtaak
from regiobeeld import meldingen, services
from regiobeeld.models import Akkoord


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


@mailtaak("regiobeeld.intrekking_mailen")
def intrekking_mailen(pks: list[int]) -> int:
    """Tell those whose agreement a change withdrew (regiobeeld/meldingen.py)."""
    return meldingen.intrekking_mailen(pks)


@shared_task(name="regiobeeld.wachtende_meldingen_versturen")
def wachtende_meldingen_versturen() -> int:
    """The relay: withdrawals whose e-mail did not go out because the broker was down."""
    pks = goedkeuring.wachtende_intrekkingen(Akkoord, dt.timedelta(minutes=2))
    if pks:
        intrekking_mailen.delay(pks)
    return len(pks)
