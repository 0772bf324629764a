"""E-mails about a contract. Run by the worker; each re-checks its rows and marks them sent, so a retry sends
nothing twice. A contract offered for signing is told through the outbox (regio/berichten.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracten.access import wie_mag_tekenen
from contracten.models import Contract, Ondertekening, Regelvoorstel
from regio import berichten, goedkeuring, voorstellen
from regio.access import bewerkers_van
from regio.voorstellen import Voorstelbasis

if TYPE_CHECKING:
    from regio.models import Gebruiker


def contract_pad(contract: Contract, anker: str = "") -> str:
    return reverse("contracten:detail", args=[contract.regio.slug, contract.pk]) + anker


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
        link=contract_pad(contract, "#ondertekening"),
        regio=contract.regio,
    )


def regelvoorstel_melden(voorstel: Regelvoorstel) -> None:
    """Inside the proposal's transaction: tell the editors of the contract's other party (who decide it) that a
    proposal on a line waits for their party's decision; not the proposer's own party."""
    contract = voorstel.contract
    titel = voorstel.afspraak.titel if voorstel.afspraak else str(voorstel.wijziging.get("titel", ""))
    with translation.override(settings.LANGUAGE_CODE):
        over = (
            _("de afspraak “%(titel)s”") % {"titel": titel}
            if voorstel.afspraak_id
            else _("een nieuwe afspraak “%(titel)s”") % {"titel": titel}
        )
    voorstel_melden(
        voorstel,
        contract,
        over=over,
        link=contract_pad(contract, f"#afspraak-{voorstel.afspraak_id}" if voorstel.afspraak_id else "#afspraken"),
    )


def voorstel_melden(voorstel: Voorstelbasis, contract: Contract, *, over: str, link: str) -> None:
    """Tell the editors of the contract's party that did not make `voorstel` (on a line of the contract or of one
    of its addenda) that it waits for their decision."""
    voorstellen.melden(
        voorstel,
        ontvangers=bewerkers_van([p for p in contract.partijen if p.pk != voorstel.namens_id]),
        document=contract.titel,
        over=over,
        regio=contract.regio,
        link=link,
    )


def intrekking_mailen(pks: list[int]) -> int:
    """Tell each signer whose signature a change withdrew; once per signature."""
    return goedkeuring.intrekkingen_melden(
        Ondertekening.objects.filter(pk__in=pks).select_related("contract__regio"),
        onderwerp=gettext_lazy("[Regio] Uw handtekening onder %(contract)s is ingetrokken"),
        tekst=gettext_lazy(
            "U tekende %(contract)s namens %(org)s. Daarna is het contract gewijzigd, zodat uw handtekening niet "
            "meer geldt:\n\n%(omdat)s\n\nBekijk de wijzigingen en teken opnieuw als u het ermee eens bent."
        ),
        waarden=lambda o: {"contract": o.contract.titel},
        link=lambda o: contract_pad(o.contract, "#ondertekening"),
    )
