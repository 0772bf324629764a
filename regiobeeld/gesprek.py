"""The regiobeeld's comment threads (regio/gesprekken): on the regiobeeld, a part or a challenge."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regio.gesprekken.gesprek import Gesprek, Onderwerpsoort, contractpartij_eerst, pk_uit, registreren
from regio.selectors import contractpartijen
from regiobeeld import access
from regiobeeld.models import Deel, Reactie, Uitdaging

REGIOBEELDGESPREK = registreren(
    Gesprek(
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
            Onderwerpsoort(
                param="uitdaging",
                veld="uitdaging",
                model=Uitdaging,
                zoeken=lambda rb, pk: access.uitdaging_van(rb, pk_uit(pk)),
                sleutel=lambda u: str(u.pk),
                naam=lambda u: _("de uitdaging “%(titel)s”") % {"titel": u.titel},
            ),
        ),
        deelnemers=access.regiobeeld_deelnemers,
        bewerker=access.bewerkt_regiobeeld,
        lezers=access.lezers_van_regiobeelddraad,
        contractpartijen=lambda rb: contractpartijen(rb.regio),
        namens=lambda rb, gebruiker, eigen: contractpartij_eerst(rb.regio, eigen),
        url_args=lambda rb: (rb.regio.slug, rb.jaar),
        regio=lambda rb: rb.regio,
        titel=lambda rb: _("regiobeeld %(jaar)s van %(regio)s") % {"jaar": rb.jaar, "regio": rb.regio.naam},
        over_document=gettext_lazy("het regiobeeld"),
    )
)
