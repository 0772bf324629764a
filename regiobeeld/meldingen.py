"""E-mails about a regiobeeld: the agreement a change withdrew. Run by the worker; the rows are marked told in the
same transaction, so a retried task sends nothing twice (regio.goedkeuring.intrekkingen_mailen)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regio import goedkeuring
from regiobeeld.models import Akkoord


def intrekking_mailen(pks: list[int]) -> int:
    """Tell each person whose agreement a change withdrew; once per agreement."""
    return goedkeuring.intrekkingen_melden(
        Akkoord.objects.filter(pk__in=pks).select_related("regiobeeld__regio"),
        onderwerp=gettext_lazy("[Regio] Uw akkoord met %(naam)s is ingetrokken"),
        tekst=gettext_lazy(
            "U gaf akkoord op %(naam)s namens %(org)s. Daarna is het regiobeeld gewijzigd, zodat uw akkoord niet "
            "meer geldt:\n\n%(omdat)s\n\nBekijk wat er sinds uw akkoord is veranderd en geef opnieuw akkoord als u "
            "het ermee eens bent."
        ),
        waarden=lambda a: {
            "naam": _("het regiobeeld %(jaar)s van %(regio)s")
            % {"jaar": a.regiobeeld.jaar, "regio": a.regiobeeld.regio.naam}
        },
        link=lambda a: reverse("regiobeeld:sinds_akkoord", args=[a.regiobeeld.regio.slug, a.regiobeeld.jaar, a.pk]),
    )
