"""What every part of the dashboard ("Mijn regio's") needs to know about the person, asked once per request.

regio cannot import the apps above it, so the dashboard asks the parts listed in settings.REGIO_DASHBOARD
(callables `Dashboard -> HTML`) for their share. Each part used to ask again for the person's regions,
organisations and mandates; now the view asks once (four queries, whatever the numbers) and hands every part
this bundle. What a part may show is still decided in its own app's access module: the bundle only says who the
person is and where they take part, never what they may see of a plan or a contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from regio import selectors
from regio.models import Lidmaatschap, Mandaat, Organisatie, Regio, Rol

if TYPE_CHECKING:
    from django.http import HttpRequest

    from regio.models import Gebruiker
    from regio.verzoek import IngelogdVerzoek


@dataclass(frozen=True)
class Dashboard:
    request: HttpRequest
    gebruiker: Gebruiker
    vandaag: dt.date
    regios: list[Regio]  # the regions the person may see, by name
    lidmaatschappen: list[Lidmaatschap]  # all of the person's memberships, with their organisation, by its name
    mandaten: list[Mandaat]  # the person's mandates valid today in `regios` (every subject)

    @property
    def regio_ids(self) -> list[int]:
        return [r.pk for r in self.regios]

    def organisaties(self, rol: Rol | None = None) -> list[Organisatie]:
        """The person's organisations (with role `rol` only, if given), by name."""
        return [lid.organisatie for lid in self.lidmaatschappen if rol is None or lid.rol == rol]

    def mandaten_voor(self, onderwerp: str) -> set[tuple[int, int]]:
        """(region, organisation) of each mandate valid today on `onderwerp`."""
        return {(m.regio_id, m.organisatie_id) for m in self.mandaten if m.onderwerp == onderwerp}


def dashboard_voor(request: IngelogdVerzoek) -> Dashboard:
    """The bundle for the signed-in person of `request`: regions, memberships and today's mandates."""
    gebruiker = request.user
    vandaag = timezone.localdate()
    regios = selectors.mijn_regios(gebruiker)
    lidmaatschappen = list(
        Lidmaatschap.objects.filter(gebruiker=gebruiker).select_related("organisatie").order_by("organisatie__naam")
    )
    mandaten = (
        list(
            Mandaat.objects.geldig_op(vandaag)
            .filter(gebruiker=gebruiker, regio_id__in=[r.pk for r in regios])
            .order_by("pk")
        )
        if regios
        else []
    )
    return Dashboard(
        request=request,
        gebruiker=gebruiker,
        vandaag=vandaag,
        regios=regios,
        lidmaatschappen=lidmaatschappen,
        mandaten=mandaten,
    )
