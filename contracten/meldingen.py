"""E-mails about a contract. Run by the worker; each re-checks its rows and marks them sent, so a retry sends
nothing twice. A contract offered for signing is told through the outbox (regio/berichten.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from contracten.access import wie_mag_tekenen
from contracten.models import Contract, Ondertekening
from regio import berichten, goedkeuring

if TYPE_CHECKING:
    from regio.models import Gebruiker


def contract_url(contract: Contract, anker: str = "") -> str:
    pad = reverse("contracten:detail", args=[contract.regio.slug, contract.pk])
    return f"{settings.REGIO_BASIS_URL}{pad}{anker}"


def aanbieding_melden(contract: Contract, acting_user: Gebruiker) -> None:
    """Inside the offer's transaction: tell everyone who may sign for either party that the contract waits for
    their signature; not the person who offered it."""
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp = _("[Regio] %(contract)s ligt klaar ter ondertekening") % {"contract": contract.titel}
        tekst = _(
            "%(wie)s bood %(contract)s (regio %(regio)s) aan ter ondertekening. Lees het contract; wie een mandaat "
            "heeft voor contracten kan het namens de eigen partij tekenen."
        ) % {"wie": acting_user.get_full_name(), "contract": contract.titel, "regio": contract.regio.naam}
    berichten.klaarzetten(
        ontvangers=[g for g in wie_mag_tekenen(contract) if g.pk != acting_user.pk],
        soort=berichten.Berichtsoort.TER_ONDERTEKENING,
        onderwerp=onderwerp,
        tekst=tekst,
        link=reverse("contracten:detail", args=[contract.regio.slug, contract.pk]) + "#ondertekening",
        regio=contract.regio,
    )


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
