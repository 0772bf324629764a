"""The plan's comment threads (regio/gesprekken): on the plan, a part, a challenge or an activity."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regio.gesprekken.gesprek import Onderwerpsoort, regiodocumentgesprek, registreren
from regioplan import access
from regioplan.models import Activiteit, Plandeel, PlanUitdaging, Reactie

PLANGESPREK = registreren(
    regiodocumentgesprek(
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
            Onderwerpsoort.op_pk(
                "uitdaging",
                PlanUitdaging,
                access.planuitdaging_van,
                lambda u: _("de uitdaging “%(titel)s”") % {"titel": u.titel},
            ),
            Onderwerpsoort.op_pk(
                "activiteit",
                Activiteit,
                access.activiteit_van,
                lambda a: _("activiteit “%(titel)s”") % {"titel": a.titel},
            ),
        ),
        bewerker=access.bewerkt_plan,
        url_args=lambda plan: (plan.regio.slug, plan.pk),
        titel=lambda plan: plan.titel,
        over_document=gettext_lazy("het plan"),
    )
)
