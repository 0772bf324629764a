"""E-mails about a plan: who gets told of an approval that a change withdrew (comments: regio/gesprekken).

Run by the worker. Each function re-checks who may read what at the moment of sending, marks the row as
sent in the same transaction, and skips rows already marked, so running it twice sends nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regio import goedkeuring
from regioplan.models import Goedkeuring, Regioplan


def _plan_url(plan: Regioplan, anker: str = "") -> str:
    pad = reverse("regioplan:detail", args=[plan.regio.slug, plan.pk])
    return f"{settings.REGIO_BASIS_URL}{pad}{anker}"


def intrekking_mailen(pks: list[int]) -> int:
    """Tell each approver whose approval a change withdrew; once per approval."""

    def bericht(g: Goedkeuring) -> tuple[str, str]:
        onderwerp = _("[Regio] Uw goedkeuring van %(plan)s is ingetrokken") % {"plan": g.regioplan.titel}
        tekst = _(
            "Goedendag,\n\nU keurde %(plan)s goed namens %(org)s. Daarna is het plan gewijzigd, "
            "zodat uw goedkeuring niet meer geldt:\n\n%(omdat)s\n\nBekijk de wijzigingen en keur het plan "
            "opnieuw goed als u het ermee eens bent: %(url)s\n\n"
            "(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
        ) % {
            "plan": g.regioplan.titel,
            "org": g.organisatie.naam,
            "omdat": g.ingetrokken_omdat,
            "url": _plan_url(g.regioplan, "#vaststelling"),
        }
        return onderwerp, tekst

    return goedkeuring.intrekkingen_mailen(
        Goedkeuring.objects.filter(pk__in=pks).select_related("regioplan__regio"), bericht=bericht
    )


def wachtende_meldingen(ouder_dan: dt.timedelta) -> list[int]:
    """Withdrawals whose e-mail has not gone out (the broker was down when they were made). Comments have their
    own relay for every document (regio.gesprekken.meldingen.wachtende_reacties)."""
    grens = timezone.now() - ouder_dan
    return list(
        Goedkeuring.objects.filter(ingetrokken_op__lt=grens, intrekking_gemeld_op__isnull=True).values_list(
            "pk", flat=True
        )[:500]
    )
