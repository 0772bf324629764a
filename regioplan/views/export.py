"""The plan's activities and measuring points as a CSV file for Excel; access as for the plan page.

Only what the plan page shows every reader: comments and internal notes are not part of the export at all.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from regio import csvexport
from regio.access import partijen_van
from regio.verzoek import IngelogdVerzoek
from regioplan import selectors
from regioplan.access import PlanActie, regioplan_vereist
from regioplan.models import Activiteit, Meetpunt, Regioplan


def _rij(activiteit: Activiteit, meetpunt: Meetpunt | None) -> list[csvexport.Cel]:
    uitdagingen = "; ".join(u.titel for u in activiteit.uitdagingen.all())
    eigen = [
        activiteit.titel,
        activiteit.doel.naam if activiteit.doel else "",
        activiteit.verantwoordelijke.naam,
        activiteit.start,
        activiteit.einde,
        activiteit.get_prioriteit_display(),
        activiteit.get_voortgang_display(),
        activiteit.begroting,
        uitdagingen,
    ]
    if meetpunt is None:
        return [*eigen, *[None] * 8]
    return [
        *eigen,
        meetpunt.omschrijving,
        meetpunt.eenheid,
        meetpunt.nulmeting,
        meetpunt.nulmeting_datum,
        meetpunt.streefwaarde,
        meetpunt.streefdatum,
        meetpunt.get_frequentie_display(),
        meetpunt.eigenaar.naam,
    ]


def _meetpunten_of_geen(activiteit: Activiteit) -> list[Meetpunt | None]:
    return [*activiteit.meetpunten.all()] or [None]


@require_GET
@regioplan_vereist(PlanActie.BEKIJKEN)
def activiteiten_csv(request: IngelogdVerzoek, plan: Regioplan) -> HttpResponse:
    """One row per measuring point, its activity's columns repeated (an activity without one: one row)."""
    koppen = [
        _("Activiteit"),
        _("Doel"),
        _("Verantwoordelijke partij"),
        _("Start (kwartaal)"),
        _("Einde (kwartaal)"),
        _("Prioriteit"),
        _("Status"),
        _("Geschatte kosten (euro)"),
        _("Pakt deze uitdagingen aan"),
        _("Meetpunt: wat wordt gemeten"),
        _("Eenheid"),
        _("Nulmeting"),
        _("Datum nulmeting"),
        _("Streefwaarde"),
        _("Streefdatum"),
        _("Frequentie"),
        _("Eigenaar meetpunt"),
    ]
    rijen = [_rij(a, m) for a in selectors.activiteiten_voor_export(plan) for m in _meetpunten_of_geen(a)]
    partijen = partijen_van(request.user, plan.regio)
    csvexport.export_vastleggen(
        request,
        wat=f"activiteiten en meetpunten van regioplan '{plan.titel}' (planversie {plan.volgnummer})",
        regio=plan.regio,
        organisatie=partijen[0] if partijen else None,
        aantal_rijen=len(rijen),
    )
    return csvexport.csv_antwoord(["regioplan", plan.regio.slug, plan.startjaar, f"v{plan.volgnummer}"], koppen, rijen)
