"""The regiobeeld's comment threads (regio/gesprekken): on the regiobeeld, a part or a challenge."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regio.gesprekken.gesprek import Onderwerpsoort, regiodocumentgesprek, registreren
from regiobeeld import access
from regiobeeld.models import Deel, Reactie, Uitdaging

REGIOBEELDGESPREK = registreren(
    regiodocumentgesprek(
        model=Reactie,
        document="regiobeeld",
        urlnaam="regiobeeld",
        onderwerpen=(
            Onderwerpsoort(
                param="deel",
                veld="deel",
                model=Deel,
                zoeken=lambda rb, soort: access.deel_van(rb, soort),
                sleutel=lambda deel: deel.soort,
                naam=lambda deel: _("het deel “%(deel)s”") % {"deel": deel.get_soort_display()},
            ),
            Onderwerpsoort.op_pk(
                "uitdaging",
                Uitdaging,
                access.uitdaging_van,
                lambda u: _("de uitdaging “%(titel)s”") % {"titel": u.titel},
            ),
        ),
        bewerker=access.bewerkt_regiobeeld,
        url_args=lambda rb: (rb.regio.slug, rb.jaar),
        titel=lambda rb: _("regiobeeld %(jaar)s van %(regio)s") % {"jaar": rb.jaar, "regio": rb.regio.naam},
        over_document=gettext_lazy("het regiobeeld"),
    )
)
