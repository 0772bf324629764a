"""Regioplan objects for the permission matrix: in the own region a plan (and a second one to compare with),
with an activity, a measuring point, a comment and the insurer's internal note; and a plan of the other region."""

from __future__ import annotations

from regioplan import services
from regioplan.models import Regioplan
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, meetpunt_maken


def _plan(wereld: Wereld, regio_attr: str, regiobeeld_attr: str, titel: str) -> Regioplan:
    return services.regioplan_aanmaken(
        regio=getattr(wereld, regio_attr),
        regiobeeld=getattr(wereld, regiobeeld_attr),
        titel=titel,
        startjaar=2026,
        eindjaar=2028,
        acting_user=wereld.koepel,
    )


def regioplan_wereld(wereld: Wereld) -> Wereld:
    """Needs tests.regiobeeld.werelden.regiobeeld_wereld first (the plans build on its regiobeelden)."""
    plan = _plan(wereld, "regio", "regiobeeld", "Regioplan Eigen")
    activiteit = activiteit_maken(wereld, plan)
    meetpunt_maken(wereld, activiteit)
    deel = plan.delen.get(soort="missie-visie")
    services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst="Eerste tekst", acting_user=wereld.bewerker)
    wereld.plan = plan  # type: ignore[attr-defined]
    wereld.plan_activiteit = activiteit  # type: ignore[attr-defined]
    wereld.plan_reactie = services.reactie_plaatsen(  # type: ignore[attr-defined]
        regioplan=plan, tekst="Een vraag", plandeel=deel, acting_user=wereld.lezer
    )
    wereld.interne_notitie = services.reactie_plaatsen(  # type: ignore[attr-defined]
        regioplan=plan, tekst="Intern", intern_voor=wereld.verzekeraar, acting_user=wereld.zorginkoper
    )
    wereld.tweede_plan = _plan(wereld, "regio", "regiobeeld", "Tweede plan")  # type: ignore[attr-defined]
    wereld.ander_plan = _plan(wereld, "andere_regio", "ander_regiobeeld", "Plan Anders")  # type: ignore[attr-defined]
    return wereld
