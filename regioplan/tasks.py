"""Background work of the regioplan: e-mails about withdrawn approvals, and their relay."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from regio.wachtrij import mailtaak
from regioplan import meldingen


@mailtaak("regioplan.intrekking_mailen")
def intrekking_mailen(pks: list[int]) -> int:
    return meldingen.intrekking_mailen(pks)


@shared_task(name="regioplan.wachtende_meldingen_versturen")
def wachtende_meldingen_versturen() -> int:
    intrekkingen = meldingen.wachtende_meldingen(dt.timedelta(minutes=2))
    if intrekkingen:
        intrekking_mailen.delay(intrekkingen)
    return len(intrekkingen)
