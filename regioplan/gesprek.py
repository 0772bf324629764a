"""The plan's comment threads (regio/gesprekken): on the plan, a part, a challenge or an activity."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regio.gesprekken.gesprek import Gesprek, Onderwerpsoort, contractpartij_eerst, pk_uit, registreren
from regio.selectors import contractpartijen
from regioplan import access
from regioplan.models import Activiteit, Plandeel, PlanUitdaging, Reactie

PLANGESPREK = registreren(
    Gesprek(
        model=Reactie,
        document="regioplan",
        urlnaam="regioplan",
        onderwerpen=(
            Onderwerpsoort(
                param="deel",
                veld="plandeel",
                model=Plandeel,
                zoeken=lambda plan, soort: access.plandeel_van(plan, soort),
                sleutel=lambda deel: deel.soort,
                naam=lambda deel: _("het deel “%(deel)s”") % {"deel": deel.get_soort_display()},
            ),
            Onderwerpsoort(
                param="uitdaging",
                veld="uitdaging",
                model=PlanUitdaging,
                zoeken=lambda plan, pk: access.planuitdaging_van(plan, pk_uit(pk)),
                sleutel=lambda u: str(u.pk),
                naam=lambda u: _("de uitdaging “%(titel)s”") % {"titel": u.titel},
            ),
            Onderwerpsoort(
                param="activiteit",
                veld="activiteit",
                model=Activiteit,
                zoeken=lambda plan, pk: access.activiteit_van(plan, pk_uit(pk)),
                sleutel=lambda a: str(a.pk),
                naam=lambda a: _("activiteit “%(titel)s”") % {"titel": a.titel},
            ),
        ),
        deelnemers=access.plan_deelnemers,
        bewerker=access.bewerkt_plan,
        lezers=access.lezers_van_plandraad,
        contractpartijen=lambda plan: contractpartijen(plan.regio),
        namens=lambda plan, gebruiker, eigen: contractpartij_eerst(plan.regio, eigen),
        url_args=lambda plan: (plan.regio.slug, plan.pk),
        regio=lambda plan: plan.regio,
        titel=lambda plan: plan.titel,
        over_document=gettext_lazy("het plan"),
    )
)
