"""E-mails about a regiobeeld: the agreement a change withdrew. Run by the worker; the rows are marked told in the
same transaction, so a retried task sends nothing twice (regio.goedkeuring.intrekkingen_mailen)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from regio import goedkeuring
from regiobeeld.models import Akkoord


def intrekking_mailen(pks: list[int]) -> int:
    """Tell each person whose agreement a change withdrew; once per agreement."""

    def bericht(a: Akkoord) -> tuple[str, str]:
        regiobeeld = a.regiobeeld
        naam = _("het regiobeeld %(jaar)s van %(regio)s") % {"jaar": regiobeeld.jaar, "regio": regiobeeld.regio.naam}
        pad = reverse("regiobeeld:sinds_akkoord", args=[regiobeeld.regio.slug, regiobeeld.jaar, a.pk])
        onderwerp = _("[Regio] Uw akkoord met %(naam)s is ingetrokken") % {"naam": naam}
        tekst = _(
            "Goedendag,\n\nU gaf akkoord op %(naam)s namens %(org)s. Daarna is het regiobeeld gewijzigd, "
            "zodat uw akkoord niet meer geldt:\n\n%(omdat)s\n\nBekijk wat er sinds uw akkoord is veranderd en geef "
            "opnieuw akkoord als u het ermee eens bent: %(url)s\n\n"
            "(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
        ) % {
            "naam": naam,
            "org": a.organisatie.naam,
            "omdat": a.ingetrokken_omdat,
            "url": f"{settings.REGIO_BASIS_URL}{pad}",
        }
        return onderwerp, tekst

    return goedkeuring.intrekkingen_mailen(
        Akkoord.objects.filter(pk__in=pks).select_related("regiobeeld__regio"), bericht=bericht
    )
