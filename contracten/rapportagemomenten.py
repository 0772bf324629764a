"""Reporting dates that follow from the contract: each measuring point on its lines reports at the rhythm of its
frequency (regioplan.Meetpunt.frequentie) over the contract's term.

A period ends on the last day of a month, quarter, half year or year; its report is due at the end of the month
after (a quarter ending 31 March is reported by 30 April), so the figure can be gathered first. A one-off measuring
point reports once, after its target date (or at the end of the term when that lies outside it).
Only dates from today on are made (a past date cannot be reported on time), none after the end date of a contract
ended early, and a date the point already has is
left alone: generating again adds what is missing and changes nothing else. The dates stay editable afterwards
(resultaten.rapportagemoment_toevoegen / _verwijderen / this module's `rapportagemoment_wijzigen`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracten import access
from contracten.access import ContractActie
from contracten.models import Contract, Contractafspraak, Contractbeeindiging, Rapportagemoment
from contracten.monitoring import datum_tekst
from contracten.resultaten import (
    BEWERKENDE_ROLLEN,
    _mag_bewerken,
    eigenaar_en_datum_controleren,
    laatste_rapportagedatum,
)
from contracten.services import vergrendeld, wijziging_loggen
from regio.historie import door
from regio.models import Gebruiker, Organisatie
from regioplan.models import Meetpunt

if TYPE_CHECKING:
    from collections.abc import Sequence

Frequentie = Meetpunt.Frequentie

# Months a period lasts, per frequency.
_MAANDEN: dict[str, int] = {
    Frequentie.MAAND: 1,
    Frequentie.KWARTAAL: 3,
    Frequentie.HALFJAAR: 6,
    Frequentie.JAAR: 12,
}


def _maandeinde(jaar: int, maand: int) -> dt.date:
    """The last day of `maand` of `jaar`; a month past December rolls into the next year."""
    jaar, maand = jaar + (maand - 1) // 12, (maand - 1) % 12 + 1
    return dt.date(jaar, maand, calendar.monthrange(jaar, maand)[1])


def rapportagedata(frequentie: str, startjaar: int, eindjaar: int, streefdatum: dt.date | None = None) -> list[dt.date]:
    """Every reporting date of a measuring point with `frequentie` over the years `startjaar`..`eindjaar`
    (pure: no database, no today). Each period's report is due at the end of the month after the period."""
    if frequentie == Frequentie.EENMALIG:
        einde_looptijd = dt.date(eindjaar, 12, 31)
        peil = streefdatum if streefdatum and dt.date(startjaar, 1, 1) <= streefdatum <= einde_looptijd else None
        peil = peil or einde_looptijd
        return [_maandeinde(peil.year, peil.month + 1)]
    stap = _MAANDEN.get(frequentie, 12)
    return [_maandeinde(jaar, maand + 1) for jaar in range(startjaar, eindjaar + 1) for maand in range(stap, 13, stap)]


def _standaard_eigenaar(contract: Contract, meetpunt: Meetpunt, acting_user: Gebruiker) -> Gebruiker | None:
    """Who reports by default: an editor of the party that measures the point (its owner) if that is a party of
    the contract, else of the GP organisation; the person generating if nobody else can."""
    partijen: list[Organisatie] = [contract.huisartsenorganisatie, contract.zorgverzekeraar]
    if meetpunt.eigenaar_id in {p.pk for p in partijen}:
        partijen.sort(key=lambda p: p.pk != meetpunt.eigenaar_id)
    for partij in partijen:
        for kandidaat in Gebruiker.objects.filter(
            is_active=True, lidmaatschappen__organisatie=partij, lidmaatschappen__rol__in=BEWERKENDE_ROLLEN
        ).order_by("pk"):
            if access.mag_contract(kandidaat, contract, ContractActie.BEWERKEN):
                return kandidaat
    return acting_user if access.mag_contract(acting_user, contract, ContractActie.BEWERKEN) else None


def meetpunten_van(contract: Contract) -> Sequence[Meetpunt]:
    return list(
        Meetpunt.objects.filter(
            pk__in=Contractafspraak.meetpunten.through.objects.filter(contractafspraak__contract=contract).values(
                "meetpunt_id"
            )
        ).order_by("pk")
    )


@transaction.atomic
def rapportagemomenten_aanmaken(*, contract: Contract, acting_user: Gebruiker, controleren: bool = True) -> int:
    """Make the missing reporting dates of every measuring point of the contract; returns how many were made.

    `controleren=False` is for the signing service, which already checked the signer (who may hold a mandate
    without being an editor): the dates are part of the contract taking effect.
    """
    huidig = vergrendeld(contract)
    if controleren:
        _mag_bewerken(huidig, acting_user)
    vandaag, eind = timezone.localdate(), laatste_rapportagedatum(huidig)
    laatste_jaar = eind.year - 1  # the term as signed addenda extended it
    beeindiging = Contractbeeindiging.objects.filter(contract=huidig).first()
    if beeindiging is not None:
        # Ended early: nothing is due after the end date (and no reminder goes out for it: herinneringen.py).
        eind = min(eind, beeindiging.einddatum)
    bestaand = set(Rapportagemoment.objects.filter(contract=huidig).values_list("meetpunt_id", "uiterlijk"))
    nieuw: list[Rapportagemoment] = []
    for meetpunt in meetpunten_van(huidig):
        eigenaar = _standaard_eigenaar(huidig, meetpunt, acting_user)
        if eigenaar is None:
            continue
        for datum in rapportagedata(meetpunt.frequentie, huidig.startjaar, laatste_jaar, meetpunt.streefdatum):
            if datum < vandaag or datum > eind or (meetpunt.pk, datum) in bestaand:
                continue
            moment = Rapportagemoment(contract=huidig, meetpunt=meetpunt, uiterlijk=datum, eigenaar=eigenaar)
            moment.full_clean(validate_constraints=False)
            door(moment, acting_user)
            nieuw.append(moment)
    for moment in nieuw:
        moment.save()
    if nieuw:
        wijziging_loggen(
            huidig,
            acting_user,
            ngettext(
                "%(n)s rapportagemoment aangemaakt uit de frequentie van de meetpunten",
                "%(n)s rapportagemomenten aangemaakt uit de frequentie van de meetpunten",
                len(nieuw),
            )
            % {"n": len(nieuw)},
        )
    return len(nieuw)


@transaction.atomic
def rapportagemoment_wijzigen(
    *, moment: Rapportagemoment, uiterlijk: dt.date, eigenaar: Gebruiker, acting_user: Gebruiker
) -> Rapportagemoment:
    """Move a reporting date or give it to someone else (the same rules as adding one)."""
    huidig = vergrendeld(moment.contract)
    _mag_bewerken(huidig, acting_user)
    eigenaar_en_datum_controleren(huidig, eigenaar=eigenaar, uiterlijk=uiterlijk)
    if uiterlijk != moment.uiterlijk and uiterlijk < timezone.localdate():
        raise ValidationError({"uiterlijk": _("Deze datum is al voorbij; kies een datum vanaf vandaag.")})
    if (
        Rapportagemoment.objects.filter(contract=huidig, meetpunt_id=moment.meetpunt_id, uiterlijk=uiterlijk)
        .exclude(pk=moment.pk)
        .exists()
    ):
        raise ValidationError({"uiterlijk": _("Voor dit meetpunt staat op deze datum al een rapportagemoment.")})
    oud = moment.uiterlijk
    moment.uiterlijk, moment.eigenaar = uiterlijk, eigenaar
    # A moved date reminds again.
    if uiterlijk != oud:
        moment.herinnerd_op = moment.aangemaand_op = None
    moment.full_clean(validate_constraints=False)
    door(moment, acting_user)
    moment.save()
    wijziging_loggen(
        huidig,
        acting_user,
        _("Rapportagemoment gewijzigd voor “%(meetpunt)s”: uiterlijk %(datum)s (was %(oud)s), door %(wie)s")
        % {
            "meetpunt": moment.meetpunt.omschrijving,
            "datum": datum_tekst(uiterlijk),
            "oud": datum_tekst(oud),
            "wie": eigenaar.get_full_name(),
        },
    )
    return moment
