"""Background work of the regioplan: e-mails about withdrawn approvals, and their relay."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from config.celery import RegioTask
from regio.wachtrij import TIJDELIJKE_FOUTEN
from regioplan import meldingen


@shared_task(
    name="regioplan.intrekking_mailen",
    base=RegioTask,
    autoretry_for=TIJDELIJKE_FOUTEN,
    retry_backoff=True,
    max_retries=5,
)
def intrekking_mailen(pks: list[int]) -> int:
    return meldingen.intrekking_mailen(pks)


@shared_task(name="regioplan.wachtende_meldingen_versturen")
def wachtende_meldingen_versturen() -> int:
    intrekkingen = meldingen.wachtende_meldingen(dt.timedelta(minutes=2))
    if intrekkingen:
        intrekking_mailen.delay(intrekkingen)
    return len(intrekkingen)
