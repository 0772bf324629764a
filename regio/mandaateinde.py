"""A month before a mandate ends, its holder and their organisation's managers hear so: once per mandate.

A daily beat task queues each mandate that ends within EINDE_DAGEN (today included) and has not been announced
(`einde_gemeld_op`); the worker re-checks the row under a lock, leaves the message for holder and managers in the
outbox (`regio/berichten.py`: at once or in their daily digest, as each chose for this kind) and marks the mandate
in the same transaction, so two runs, or a retry, send nothing twice. Renewing the mandate (a new end date) clears
the mark (services.mandaat_opslaan), so the new end is announced in its turn. A holder who is no longer a member
has a mandate that ended with the membership: nothing to announce.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from regio import berichten
from regio.models import Gebruiker, Lidmaatschap, Mandaat, Rol

EINDE_DAGEN = 30


def _aan_te_kondigen(vandaag: dt.date) -> QuerySet[Mandaat]:
    lid = Lidmaatschap.objects.filter(gebruiker=OuterRef("gebruiker"), organisatie=OuterRef("organisatie"))
    return Mandaat.objects.filter(
        Exists(lid),
        einde_gemeld_op__isnull=True,
        geldig_tot__gte=vandaag,
        geldig_tot__lte=vandaag + dt.timedelta(days=EINDE_DAGEN),
    )


def te_melden(vandaag: dt.date) -> list[int]:
    return list(_aan_te_kondigen(vandaag).order_by("geldig_tot", "pk").values_list("pk", flat=True)[:500])


def ontvangers(mandaat: Mandaat) -> list[Gebruiker]:
    """The holder and the organisation's managers (the outbox leaves out who is inactive), each once."""
    beheerders = Gebruiker.objects.filter(
        lidmaatschappen__organisatie=mandaat.organisatie, lidmaatschappen__rol=Rol.BEHEERDER
    )
    return [mandaat.gebruiker, *beheerders]


def bericht(mandaat: Mandaat) -> tuple[str, str, str]:
    """Subject, text and link (a path) of the announcement; the outbox adds greeting and footer."""
    assert mandaat.geldig_tot is not None  # noqa: S101  # only mandates with an end date are announced
    link = reverse("regio:mandaten", args=[mandaat.organisatie_id])
    velden = {
        "wie": mandaat.gebruiker.get_full_name(),
        "org": mandaat.organisatie.naam,
        "onderwerp": mandaat.get_onderwerp_display(),
        "regio": mandaat.regio.naam,
        "datum": date_format(mandaat.geldig_tot, "j F Y"),
    }
    onderwerp = _("[Regio] Mandaat %(onderwerp)s van %(wie)s loopt af op %(datum)s") % velden
    tekst = (
        _(
            "Het mandaat van %(wie)s om namens %(org)s te besluiten over %(onderwerp)s in %(regio)s loopt af op "
            "%(datum)s. Daarna kan %(wie)s daarover niet meer namens %(org)s besluiten.\n\n"
            "Moet het mandaat doorlopen, dan verlengt een beheerder van %(org)s het, met het kenmerk van het nieuwe "
            "bestuursbesluit."
        )
        % velden
    )
    return onderwerp, tekst, link


def einde_mailen(pk: int, vandaag: dt.date | None = None) -> int:
    """Announce the end of mandate `pk` once; returns the number of e-mails sent at once (digests come later)."""
    vandaag = vandaag or timezone.localdate()
    with transaction.atomic():
        mandaat = (
            _aan_te_kondigen(vandaag)
            .select_for_update(of=("self",))
            .select_related("gebruiker", "organisatie", "regio")
            .filter(pk=pk)
            .first()
        )
        if mandaat is None:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            onderwerp, tekst, link = bericht(mandaat)
        verstuurd = berichten.bezorgen(
            ontvangers=ontvangers(mandaat),
            soort=berichten.Berichtsoort.MANDAAT_EINDE,
            onderwerp=onderwerp,
            tekst=tekst,
            link=link,
            regio=mandaat.regio,
        )
        # update(): marking is no change of the mandate, so no history row.
        Mandaat.objects.filter(pk=pk).update(einde_gemeld_op=timezone.now())
    return verstuurd
