"""An organisation manages itself: what its managers (beheerder) do with its members and mandates.

Each service checks that the acting person manages the organisation (`access.mag_organisatie_beheren`), then uses
the same services as the koepel's admin (`regio/services.py`), so groups, rights and the log follow alike. Two
rules only apply here: an organisation keeps at least one manager (so it never locks itself out; the koepel can
still do anything in the admin), and ending a mandate that has not taken effect yet removes it (logged).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regio import services
from regio.access import mag_organisatie_beheren
from regio.models import Lidmaatschap, Mandaat, Rol

if TYPE_CHECKING:
    from regio.models import Gebruiker, Organisatie, Regio


def beheerder_vereist(acting_user: Gebruiker, organisatie: Organisatie) -> None:
    if not mag_organisatie_beheren(acting_user, organisatie):
        raise PermissionDenied(_("Alleen de beheerders van %(org)s doen dit.") % {"org": organisatie.naam})


def _laatste_beheerder(lidmaatschap: Lidmaatschap) -> bool:
    if lidmaatschap.rol != Rol.BEHEERDER:
        return False
    andere = Lidmaatschap.objects.filter(organisatie_id=lidmaatschap.organisatie_id, rol=Rol.BEHEERDER)
    return not andere.exclude(pk=lidmaatschap.pk).exists()


@transaction.atomic
def lid_rol_wijzigen(*, lidmaatschap: Lidmaatschap, rol: str, acting_user: Gebruiker) -> Lidmaatschap:
    beheerder_vereist(acting_user, lidmaatschap.organisatie)
    if rol not in Rol.values:
        raise ValidationError({"rol": _("Kies een van de rollen uit de lijst.")})
    if rol != Rol.BEHEERDER and _laatste_beheerder(lidmaatschap):
        raise ValidationError(
            {"rol": _("Dit is de enige beheerder van de organisatie. Maak eerst iemand anders beheerder.")}
        )
    lidmaatschap.rol = rol
    return services.lidmaatschap_opslaan(lidmaatschap=lidmaatschap, acting_user=acting_user)


@transaction.atomic
def lid_beeindigen(*, lidmaatschap: Lidmaatschap, acting_user: Gebruiker) -> None:
    """End a membership; the person's mandates for the organisation end with it (services.lidmaatschap_beeindigen)."""
    beheerder_vereist(acting_user, lidmaatschap.organisatie)
    if _laatste_beheerder(lidmaatschap):
        raise ValidationError(_("Dit is de enige beheerder van de organisatie. Maak eerst iemand anders beheerder."))
    services.lidmaatschap_beeindigen(lidmaatschap=lidmaatschap, acting_user=acting_user)


@transaction.atomic
def mandaat_toekennen(
    *,
    organisatie: Organisatie,
    gebruiker: Gebruiker,
    regio: Regio,
    onderwerp: str,
    geldig_van: dt.date,
    geldig_tot: dt.date | None,
    besluitreferentie: str,
    toelichting: str = "",
    acting_user: Gebruiker,
) -> Mandaat:
    """Grant a mandate on behalf of the manager's own organisation, with the board decision's reference."""
    beheerder_vereist(acting_user, organisatie)
    if not besluitreferentie.strip():
        raise ValidationError({"besluitreferentie": _("Vul het kenmerk van het bestuursbesluit in.")})
    return services.mandaat_verlenen(
        gebruiker=gebruiker,
        organisatie=organisatie,
        regio=regio,
        onderwerp=onderwerp,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
        besluitreferentie=besluitreferentie.strip(),
        toelichting=toelichting,
        acting_user=acting_user,
    )


@transaction.atomic
def mandaat_verlengen(
    *, mandaat: Mandaat, geldig_tot: dt.date | None, besluitreferentie: str, acting_user: Gebruiker
) -> Mandaat:
    """Give a mandate a new end date (None: no end date), on a new board decision."""
    beheerder_vereist(acting_user, mandaat.organisatie)
    if not besluitreferentie.strip():
        raise ValidationError({"besluitreferentie": _("Vul het kenmerk van het bestuursbesluit in.")})
    vandaag = timezone.localdate()
    if geldig_tot is not None and geldig_tot < vandaag:
        raise ValidationError({"geldig_tot": _("De nieuwe einddatum ligt in het verleden.")})
    mandaat.geldig_tot = geldig_tot
    mandaat.besluitreferentie = besluitreferentie.strip()
    return services.mandaat_opslaan(mandaat=mandaat, acting_user=acting_user)


@transaction.atomic
def mandaat_beeindigen(*, mandaat: Mandaat, acting_user: Gebruiker) -> Mandaat | None:
    """End a mandate today: it was valid until yesterday. One that has not taken effect yet is removed (None)."""
    beheerder_vereist(acting_user, mandaat.organisatie)
    vandaag = timezone.localdate()
    if mandaat.geldig_van >= vandaag:
        services.mandaat_verwijderen(mandaat=mandaat, acting_user=acting_user)
        return None
    if mandaat.geldig_tot is not None and mandaat.geldig_tot < vandaag:
        raise ValidationError(_("Dit mandaat is al afgelopen."))
    mandaat.geldig_tot = vandaag - dt.timedelta(days=1)
    return services.mandaat_opslaan(mandaat=mandaat, acting_user=acting_user)
