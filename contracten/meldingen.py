"""E-mails about a contract. Run by the worker; each re-checks its rows and marks them sent, so a retry sends
nothing twice."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from contracten.models import Contract, Ondertekening
from regio import goedkeuring


def contract_url(contract: Contract, anker: str = "") -> str:
    pad = reverse("contracten:detail", args=[contract.regio.slug, contract.pk])
    return f"{settings.REGIO_BASIS_URL}{pad}{anker}"


def intrekking_mailen(pks: list[int]) -> int:
    """Tell each signer whose signature a change withdrew; once per signature."""

    def bericht(o: Ondertekening) -> tuple[str, str]:
        onderwerp = _("[Regio] Uw handtekening onder %(contract)s is ingetrokken") % {"contract": o.contract.titel}
        tekst = _(
            "Goedendag,\n\nU tekende %(contract)s namens %(org)s. Daarna is het contract gewijzigd, "
            "zodat uw handtekening niet meer geldt:\n\n%(omdat)s\n\nBekijk de wijzigingen en teken opnieuw "
            "als u het ermee eens bent: %(url)s\n\n"
            "(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
        ) % {
            "contract": o.contract.titel,
            "org": o.organisatie.naam,
            "omdat": o.ingetrokken_omdat,
            "url": contract_url(o.contract, "#ondertekening"),
        }
        return onderwerp, tekst

    return goedkeuring.intrekkingen_mailen(
        Ondertekening.objects.filter(pk__in=pks).select_related("contract__regio"), bericht=bericht
    )
