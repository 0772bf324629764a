"""Reminders about reporting dates: who gets which e-mail, and its text. The worker runs this (contracten.tasks).

A reporting moment of a signed contract without a result gets two e-mails to its owner at most: a reminder in the
week before its date (`herinnerd_op`) and a notice once the date has passed (`aangemaand_op`). A draft is not in
force yet, so its dates remind nobody; nor do the dates of an ended contract (contracten/looptijd.py) that lie after
its end date: after the termination nothing more is due. The row is marked in the same transaction as the e-mail
is sent and re-checked under a lock first, so a task that runs twice (a retry, two beat runs) sends one e-mail.
An owner who can no longer see the contract (their membership ended) gets nothing.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contracten import access
from contracten.access import ContractActie
from contracten.models import Contractstatus, Rapportagemoment
from contracten.monitoring import datum_tekst, open_momenten, waarde_tekst
from regio.models import Lidmaatschap

HERINNER_DAGEN = 7
PER_RUN = 500


class Soort(StrEnum):
    HERINNERING = "herinnering"
    AANMANING = "aanmaning"


def _kandidaten() -> QuerySet[Rapportagemoment]:
    """Open moments of signed contracts whose owner is still an active member of one of the two parties, up to the
    contract's end date if it was ended early."""
    lid = Lidmaatschap.objects.filter(
        Q(organisatie=OuterRef("contract__zorgverzekeraar"))
        | Q(organisatie=OuterRef("contract__huisartsenorganisatie")),
        gebruiker=OuterRef("eigenaar"),
    )
    return open_momenten().filter(
        Q(contract__beeindiging__isnull=True) | Q(uiterlijk__lte=F("contract__beeindiging__einddatum")),
        Exists(lid),
        contract__status=Contractstatus.GETEKEND,
        eigenaar__is_active=True,
    )


def te_herinneren(vandaag: dt.date) -> QuerySet[Rapportagemoment]:
    """Due within the coming week (today included) and not reminded yet."""
    return _kandidaten().filter(
        herinnerd_op__isnull=True, uiterlijk__gte=vandaag, uiterlijk__lte=vandaag + dt.timedelta(days=HERINNER_DAGEN)
    )


def aan_te_manen(vandaag: dt.date) -> QuerySet[Rapportagemoment]:
    """Past their date without a result, and not told so yet."""
    return _kandidaten().filter(aangemaand_op__isnull=True, uiterlijk__lt=vandaag)


def te_versturen(vandaag: dt.date) -> list[int]:
    """The moments one beat run queues an e-mail for (at most PER_RUN of each kind; the next run does the rest)."""
    herinneren = te_herinneren(vandaag).order_by("uiterlijk", "pk").values_list("pk", flat=True)[:PER_RUN]
    manen = aan_te_manen(vandaag).order_by("uiterlijk", "pk").values_list("pk", flat=True)[:PER_RUN]
    return sorted({*herinneren, *manen})


def soort_voor(moment: Rapportagemoment, vandaag: dt.date) -> Soort | None:
    """Which e-mail this open moment is due for today, if any."""
    if moment.uiterlijk < vandaag:
        return Soort.AANMANING if moment.aangemaand_op is None else None
    if moment.uiterlijk <= vandaag + dt.timedelta(days=HERINNER_DAGEN) and moment.herinnerd_op is None:
        return Soort.HERINNERING
    return None


def meetpunt_url(moment: Rapportagemoment) -> str:
    pad = reverse("contracten:meetpunt", args=[moment.contract.regio.slug, moment.contract_id, moment.meetpunt_id])
    return f"{settings.REGIO_BASIS_URL}{pad}#resultaat-vastleggen"


def bericht(moment: Rapportagemoment, soort: Soort) -> tuple[str, str]:
    """The subject and text of the e-mail to the moment's owner."""
    meetpunt, contract = moment.meetpunt, moment.contract
    velden = {
        "naam": moment.eigenaar.get_full_name(),
        "meetpunt": meetpunt.omschrijving,
        "datum": datum_tekst(moment.uiterlijk),
        "contract": contract.titel,
        "partijen": f"{contract.huisartsenorganisatie.naam} · {contract.zorgverzekeraar.naam}",
        "streef": waarde_tekst(meetpunt.streefwaarde, meetpunt.eenheid),
        "streefdatum": datum_tekst(meetpunt.streefdatum),
        "url": meetpunt_url(moment),
    }
    if soort is Soort.HERINNERING:
        onderwerp = _("[Regio] Herinnering: resultaat van “%(meetpunt)s” uiterlijk %(datum)s") % velden
        tekst = (
            _(
                "Goedendag %(naam)s,\n\n"
                "U rapporteert uiterlijk %(datum)s een resultaat voor het contract %(contract)s (%(partijen)s):\n\n"
                "%(meetpunt)s (streefwaarde %(streef)s op %(streefdatum)s)\n\n"
                "Leg het resultaat vast op: %(url)s\n\n"
                "(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
            )
            % velden
        )
    else:
        onderwerp = _("[Regio] Te laat: resultaat van “%(meetpunt)s” (uiterlijk %(datum)s)") % velden
        tekst = (
            _(
                "Goedendag %(naam)s,\n\n"
                "Het resultaat van dit meetpunt moest uiterlijk %(datum)s zijn vastgelegd voor het contract "
                "%(contract)s (%(partijen)s), en ontbreekt nog:\n\n"
                "%(meetpunt)s (streefwaarde %(streef)s op %(streefdatum)s)\n\n"
                "Beide contractpartijen zien het als te laat op hun overzicht. Leg het resultaat vast op: %(url)s\n\n"
                "(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
            )
            % velden
        )
    return onderwerp, tekst


def herinnering_mailen(pk: int, vandaag: dt.date | None = None) -> int:
    """Send the e-mail moment `pk` is due for, once; returns the number of e-mails sent (0 or 1)."""
    vandaag = vandaag or timezone.localdate()
    with transaction.atomic():
        moment = (
            _kandidaten()
            .select_for_update(of=("self",))
            .select_related(
                "contract__regio",
                "contract__zorgverzekeraar",
                "contract__huisartsenorganisatie",
                "meetpunt",
                "eigenaar",
            )
            .filter(pk=pk)
            .first()
        )
        if moment is None:
            return 0
        soort = soort_voor(moment, vandaag)
        if soort is None or not access.mag_contract(moment.eigenaar, moment.contract, ContractActie.BEKIJKEN):
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            onderwerp, tekst = bericht(moment, soort)
        verstuurd = send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [moment.eigenaar.email])
        veld = "herinnerd_op" if soort is Soort.HERINNERING else "aangemaand_op"
        Rapportagemoment.objects.filter(pk=pk).update(**{veld: timezone.now()})
    return verstuurd
