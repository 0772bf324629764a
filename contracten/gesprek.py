"""The contract's comment threads (regio/gesprekken): on the contract, one of its lines, or one of its addenda
(shown on the addendum's own page). Confidential to the contract's two parties, like the contract
(contracten.access)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracten import access
from contracten.addenda import addendum_pad
from contracten.models import Addendum, Contractafspraak, Reactie
from regio.gesprekken.gesprek import Gesprek, Onderwerpsoort, registreren

CONTRACTGESPREK = registreren(
    Gesprek(
        model=Reactie,
        document="contract",
        urlnaam="contracten",
        onderwerpen=(
            Onderwerpsoort.op_pk(
                "afspraak",
                Contractafspraak,
                access.afspraak_van,
                lambda a: _("de afspraak “%(titel)s”") % {"titel": a.titel},
            ),
            Onderwerpsoort.op_pk(
                "addendum",
                Addendum,
                access.addendum_van,
                lambda a: _("addendum %(n)s") % {"n": a.nummer},
                pagina=addendum_pad,
            ),
        ),
        deelnemers=access.eigen_partijen,
        bewerker=access.bewerkt_contract,
        lezers=access.lezers_van_contractdraad,
        contractpartijen=lambda contract: contract.partijen,
        namens=lambda contract, gebruiker, eigen: eigen[0],
        url_args=lambda contract: (contract.regio.slug, contract.pk),
        regio=lambda contract: contract.regio,
        titel=lambda contract: contract.titel,
        over_document=gettext_lazy("het contract"),
        zichtbaar=lambda gebruiker, regio_ids: Q(contract__in=access.contracten_for_user(gebruiker)),
    )
)
