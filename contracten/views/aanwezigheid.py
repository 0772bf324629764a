"""Who else edits a contract line right now, and what is stored now if it changed (regio/aanwezigheid.py)."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from contracten import access
from contracten.access import ContractActie, contract_vereist
from contracten.meldingen import contract_url
from contracten.models import Contract, Contractafspraak
from contracten.views.paden import C
from regio import aanwezigheid
from regio.getallen import euro, procent
from regio.verzoek import IngelogdVerzoek


def _als_tekst(afspraak: Contractafspraak) -> str:
    """The line as stored, readable next to the form: title, amounts per year, the split, the conditions."""
    regels = [afspraak.titel]
    regels += [f"{b.jaar}: {euro(b.bedrag)}" for b in afspraak.bedragen.order_by("jaar")]
    regels.append(
        _("Aandeel praktijk %(praktijk)s, aandeel regio-organisatie %(regio)s")
        % {"praktijk": procent(afspraak.aandeel_praktijk), "regio": procent(afspraak.aandeel_regio)}
    )
    if afspraak.voorwaarden:
        regels.append(afspraak.voorwaarden)
    return "\n".join(regels)


@require_GET
@never_cache
@contract_vereist(ContractActie.BEWERKEN)
def afspraak_aanwezig(request: IngelogdVerzoek, contract: Contract, pk: int) -> HttpResponse:
    afspraak = access.afspraak_van(contract, pk)
    stand = aanwezigheid.stand_van(afspraak, tekst=_als_tekst(afspraak), url=contract_url(contract, f"afspraak-{pk}"))
    return aanwezigheid.antwoord(request, regio=contract.regio, wat=aanwezigheid.Wat.AFSPRAAK, stand=stand)


urlpatterns: list[URLPattern] = [
    path(C + "afspraak/<int:pk>/aanwezig/", afspraak_aanwezig, name="afspraak_aanwezig"),
]
