"""Background work of contracts: e-mails about withdrawn signatures, reporting reminders, and their relay."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from contracten import meldingen
from contracten.models import Jaarbevestiging, Ondertekening, Praktijkdeelname
from regio import goedkeuring, wachtrij
from regio.wachtrij import mailtaak


@mailtaak("contracten.intrekking_mailen")
def intrekking_mailen(pks: list[int]) -> int:
    return meldingen.intrekking_mailen(pks)


@shared_task(name="contracten.wachtende_meldingen_versturen")
def wachtende_meldingen_versturen() -> int:
    """Withdrawn signatures and invitations whose e-mail did not go out because the broker was down."""
    grens = timezone.now() - dt.timedelta(minutes=2)
    pks = goedkeuring.wachtende_intrekkingen(Ondertekening, dt.timedelta(minutes=2))
    if pks:
        intrekking_mailen.delay(pks)
    uitnodigingen = list(
        Praktijkdeelname.objects.filter(
            uitgenodigd_op__lt=grens, gemaild_op__isnull=True, besluit=Praktijkdeelname.Besluit.UITGENODIGD
        ).values_list("pk", flat=True)[:500]
    )
    if uitnodigingen:
        uitnodiging_mailen.delay(uitnodigingen)
    # Withdrawn confirmations of a year's figures (contracten/jaarcyclus.py).
    jaren = goedkeuring.wachtende_intrekkingen(Jaarbevestiging, dt.timedelta(minutes=2))
    if jaren:
        jaarbevestiging_intrekking_mailen.delay(jaren)
    return len(pks) + len(uitnodigingen) + len(jaren)


@mailtaak("contracten.uitnodiging_mailen")
def uitnodiging_mailen(pks: list[int]) -> int:
    """Tell invited practices' managers (contracten/deelname_meldingen.py)."""
    from contracten import deelname_meldingen

    return deelname_meldingen.uitnodiging_mailen(pks)


# --- reporting dates: reminders and overdue notices to their owners (contracten/herinneringen.py) -----------


@mailtaak("contracten.herinnering_mailen")
def herinnering_mailen(pk: int) -> int:
    from contracten import herinneringen

    return herinneringen.herinnering_mailen(pk)


@shared_task(name="contracten.herinneringen_versturen")
def herinneringen_versturen() -> int:
    """The beat task: queue the e-mail of every reporting moment that is due for one. A moment whose e-mail did
    not go out (broker down, mail server away) is not marked sent, so the next run queues it again."""
    from contracten import herinneringen

    pks = herinneringen.te_versturen(timezone.localdate())
    for pk in pks:
        wachtrij.versturen(herinnering_mailen, pk)
    return len(pks)


# --- addenda (contracten/addenda.py) ---------------------------------------------------------------------------


@mailtaak("contracten.addendum_intrekking_mailen")
def addendum_intrekking_mailen(pks: list[int]) -> int:
    from contracten import addenda

    return addenda.intrekking_mailen(pks)


@shared_task(name="contracten.wachtende_addendummeldingen_versturen")
def wachtende_addendummeldingen_versturen() -> int:
    """Withdrawn signatures under addenda whose e-mail did not go out because the broker was down."""
    from contracten.models import Addendumondertekening

    pks = goedkeuring.wachtende_intrekkingen(Addendumondertekening, dt.timedelta(minutes=2))
    if pks:
        addendum_intrekking_mailen.delay(pks)
    return len(pks)


# --- the yearly cycle and the term (contracten/jaarcyclus.py, contracten/looptijd.py) ----------------------------


@mailtaak("contracten.jaarbevestiging_intrekking_mailen")
def jaarbevestiging_intrekking_mailen(pks: list[int]) -> int:
    from contracten import jaarcyclus

    return jaarcyclus.intrekking_mailen(pks)


@shared_task(name="contracten.looptijdherinneringen_versturen")
def looptijdherinneringen_versturen() -> int:
    """The daily beat task: the end-of-term reminder of every signed contract that is due for one, once each."""
    from contracten import looptijd

    return sum(looptijd.herinnering_versturen(pk) for pk in looptijd.te_herinneren(timezone.localdate()))
