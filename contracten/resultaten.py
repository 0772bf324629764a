"""Writes of a contract's execution: results of its measuring points, and the dates by which they are reported.

Recording results and reporting dates is carrying the contract out, not changing its terms: it goes on after
signing, does not raise the contract's version or withdraw signatures (`services.LEVENSLOOP.gewijzigd` is not
called), but is logged (`services.wijziging_loggen`) and kept in the history with the person's name
(`regio.historie.door`).
A result is one per contract, measuring point and peildatum; recording that peildatum again is a correction of
the row the person saw (`gelezen_versie`), never a silent overwrite.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contracten import access
from contracten.access import ContractActie
from contracten.bevestiging import bevestiging_herstellen
from contracten.models import (
    Contract,
    Contractafspraak,
    Meetresultaat,
    Praktijkdeelname,
    Rapportagemoment,
    eindjaar_na_addenda,
)
from contracten.monitoring import datum_tekst, open_momenten, waarde_tekst
from contracten.services import namens_van, vergrendeld, wijziging_loggen
from regio.gelijktijdig import Bewerkingsconflict
from regio.historie import door
from regio.models import Organisatie, Rol
from regioplan.models import Meetpunt

if TYPE_CHECKING:
    from regio.models import Gebruiker

__all__ = [
    "Bewerkingsconflict",
    "rapportagemoment_toevoegen",
    "rapportagemoment_verwijderen",
    "resultaat_vastleggen",
]

# A reporting date may lie up to half a year after the contract's last year: the last year's result comes later.
NA_LOOPTIJD_MAANDEN = 6
BEWERKENDE_ROLLEN = (Rol.BEWERKER, Rol.BEHEERDER)
Besluit = Praktijkdeelname.Besluit


def _mag_bewerken(contract: Contract, acting_user: Gebruiker) -> None:
    if not access.mag_contract(acting_user, contract, ContractActie.BEWERKEN):
        raise PermissionDenied(
            _("Alleen bewerkers van de twee contractpartijen leggen resultaten en rapportagedata vast.")
        )


def _meetpunt_van_contract(contract: Contract, meetpunt: Meetpunt) -> None:
    if not Contractafspraak.objects.filter(contract=contract, meetpunten=meetpunt).exists():
        raise ValidationError({"meetpunt": _("Dit meetpunt hoort bij geen van de afspraken van dit contract.")})


def deelnemende_praktijken(contract: Contract) -> QuerySet[Organisatie]:
    """The practices that take part in the contract: whose own figures may be recorded (by form or import)."""
    return (
        Organisatie.objects.filter(contractdeelnames__contract=contract, contractdeelnames__besluit=Besluit.DOET_MEE)
        .distinct()
        .order_by("naam", "pk")
    )


def _van_praktijk(praktijk: Organisatie | None) -> str:
    return _(" van %(praktijk)s") % {"praktijk": praktijk.naam} if praktijk is not None else ""


def laatste_rapportagedatum(contract: Contract) -> dt.date:
    """Half a year after the term (as signed addenda extended it) ends."""
    return dt.date(eindjaar_na_addenda(contract) + 1, NA_LOOPTIJD_MAANDEN, 30)


def _moment_bij(contract: Contract, meetpunt: Meetpunt, peildatum: dt.date) -> Rapportagemoment | None:
    """The reporting moment a new result answers: the earliest open one due on or after its peildatum, or else
    the earliest one that is overdue."""
    open_ = open_momenten().filter(contract=contract, meetpunt=meetpunt).order_by("uiterlijk", "pk")
    return open_.filter(uiterlijk__gte=peildatum).first() or open_.filter(uiterlijk__lt=timezone.localdate()).first()


@transaction.atomic
def resultaat_vastleggen(
    *,
    contract: Contract,
    meetpunt: Meetpunt,
    peildatum: dt.date,
    waarde: Decimal,
    toelichting: str = "",
    rapportagemoment: Rapportagemoment | None = None,
    gelezen_versie: int | None = None,
    praktijk: Organisatie | None = None,
    acting_user: Gebruiker,
) -> Meetresultaat:
    """Record the value of `meetpunt` at `peildatum`, or correct the one recorded for that peildatum.

    A new result is linked to `rapportagemoment`, or to the moment it answers (see `_moment_bij`). If a result
    for this peildatum exists, it is changed only when `gelezen_versie` is its current version (the person saw
    it): otherwise Bewerkingsconflict with the stored row, and nothing is written.
    With `praktijk` the value is that practice's own figure (it must take part in the contract).
    """
    huidig = vergrendeld(contract)
    _mag_bewerken(huidig, acting_user)
    _meetpunt_van_contract(huidig, meetpunt)
    if not isinstance(waarde, Decimal) or not waarde.is_finite():
        raise ValidationError({"waarde": _("Vul een getal in, bijvoorbeeld 12,5.")})
    if peildatum > timezone.localdate():
        raise ValidationError({"peildatum": _("De peildatum ligt in de toekomst; een resultaat meet wat al is.")})
    if rapportagemoment is not None and (
        rapportagemoment.contract_id != huidig.pk or rapportagemoment.meetpunt_id != meetpunt.pk
    ):
        raise ValidationError(
            {"rapportagemoment": _("Dit rapportagemoment hoort niet bij dit meetpunt van dit contract.")}
        )
    if praktijk is not None and not deelnemende_praktijken(huidig).filter(pk=praktijk.pk).exists():
        raise ValidationError({"praktijk": _("Deze praktijk doet niet mee aan dit contract.")})
    toelichting = toelichting.strip()
    bestaand = (
        Meetresultaat.objects.select_for_update()
        .filter(contract=huidig, meetpunt=meetpunt, peildatum=peildatum, praktijk=praktijk)
        .first()
    )
    if bestaand is not None:
        return _corrigeren(huidig, bestaand, waarde, toelichting, rapportagemoment, gelezen_versie, acting_user)

    resultaat = Meetresultaat(
        contract=huidig,
        meetpunt=meetpunt,
        peildatum=peildatum,
        waarde=waarde,
        toelichting=toelichting,
        rapportagemoment=rapportagemoment or _moment_bij(huidig, meetpunt, peildatum),
        vastgelegd_door=acting_user,
        namens=namens_van(huidig, acting_user),
        vastgelegd_op=timezone.now(),
        praktijk=praktijk,
    )
    resultaat.full_clean(validate_constraints=False)
    door(resultaat, acting_user)
    try:
        with transaction.atomic():
            resultaat.save()
    except IntegrityError:
        # Someone recorded this peildatum at the same moment; theirs stands, this person sees it.
        raise Bewerkingsconflict(
            Meetresultaat.objects.get(contract=huidig, meetpunt=meetpunt, peildatum=peildatum, praktijk=praktijk)
        ) from None
    wijziging_loggen(
        huidig,
        acting_user,
        _("Resultaat vastgelegd voor “%(meetpunt)s”%(praktijk)s op %(datum)s: %(waarde)s")
        % {
            "meetpunt": meetpunt.omschrijving,
            "praktijk": _van_praktijk(praktijk),
            "datum": datum_tekst(peildatum),
            "waarde": waarde_tekst(resultaat.waarde, meetpunt.eenheid),
        },
    )
    return resultaat


def _corrigeren(
    contract: Contract,
    bestaand: Meetresultaat,
    waarde: Decimal,
    toelichting: str,
    rapportagemoment: Rapportagemoment | None,
    gelezen_versie: int | None,
    acting_user: Gebruiker,
) -> Meetresultaat:
    if gelezen_versie is None or gelezen_versie != bestaand.versie:
        raise Bewerkingsconflict(bestaand)
    bijgewerkt = Meetresultaat.objects.filter(pk=bestaand.pk, versie=gelezen_versie).update(versie=F("versie") + 1)
    if bijgewerkt != 1:
        raise Bewerkingsconflict(Meetresultaat.objects.get(pk=bestaand.pk))
    oud = bestaand.waarde
    bestaand.versie = gelezen_versie + 1
    bestaand.waarde = waarde
    bestaand.toelichting = toelichting
    if rapportagemoment is not None:
        bestaand.rapportagemoment = rapportagemoment
    bestaand.vastgelegd_door = acting_user
    bestaand.namens = namens_van(contract, acting_user)
    bestaand.vastgelegd_op = timezone.now()
    # What the other party confirmed or disputed was the old row: they look again.
    beoordeeld = (bestaand.get_bevestiging_display(), bestaand.beoordeeld_namens) if bestaand.beoordeeld_op else None
    bevestiging_herstellen(bestaand)
    bestaand.full_clean(validate_constraints=False)
    door(bestaand, acting_user)
    bestaand.save()
    eenheid = bestaand.meetpunt.eenheid
    wat = _("Resultaat gecorrigeerd voor “%(meetpunt)s”%(praktijk)s op %(datum)s: %(waarde)s (was %(oud)s)") % {
        "meetpunt": bestaand.meetpunt.omschrijving,
        "praktijk": _van_praktijk(bestaand.praktijk),
        "datum": datum_tekst(bestaand.peildatum),
        "waarde": waarde_tekst(bestaand.waarde, eenheid),
        "oud": waarde_tekst(oud, eenheid),
    }
    if beoordeeld is not None:
        uitkomst, namens = beoordeeld
        wat += _("; de beoordeling (%(uitkomst)s) door %(org)s is ingetrokken en het resultaat wacht weer op hen") % {
            "uitkomst": uitkomst,
            "org": namens.naam if namens else _("de andere partij"),
        }
    wijziging_loggen(contract, acting_user, wat)
    return bestaand


def eigenaar_en_datum_controleren(contract: Contract, *, eigenaar: Gebruiker, uiterlijk: dt.date) -> None:
    """The rules for a reporting date, when it is added and when it is changed: its owner can record results for
    one of the contract's parties, and the date lies in the contract's term or up to half a year after it."""
    if not (eigenaar.is_active and access.mag_contract(eigenaar, contract, ContractActie.BEWERKEN)):
        raise ValidationError(
            {"eigenaar": _("Kies iemand die bij een van de twee contractpartijen resultaten mag vastleggen.")}
        )
    begin, eind = dt.date(contract.startjaar, 1, 1), laatste_rapportagedatum(contract)
    if not begin <= uiterlijk <= eind:
        raise ValidationError(
            {
                "uiterlijk": _(
                    "Kies een datum tussen %(begin)s en %(eind)s: in de looptijd van het contract of "
                    "het half jaar erna."
                )
                % {"begin": datum_tekst(begin), "eind": datum_tekst(eind)}
            }
        )


@transaction.atomic
def rapportagemoment_toevoegen(
    *,
    contract: Contract,
    meetpunt: Meetpunt,
    uiterlijk: dt.date,
    eigenaar: Gebruiker,
    acting_user: Gebruiker,
) -> Rapportagemoment:
    """Add a date by which `eigenaar` reports a result of `meetpunt`; they get an e-mail a week before and
    another one when it has passed without a result (herinneringen.py).

    The owner is an editor of one of the contract's parties (someone who can record the result); the date lies
    in the contract's term or up to half a year after it, and not in the past.
    """
    huidig = vergrendeld(contract)
    _mag_bewerken(huidig, acting_user)
    _meetpunt_van_contract(huidig, meetpunt)
    eigenaar_en_datum_controleren(huidig, eigenaar=eigenaar, uiterlijk=uiterlijk)
    if uiterlijk < timezone.localdate():
        raise ValidationError({"uiterlijk": _("Deze datum is al voorbij; kies een datum vanaf vandaag.")})
    if Rapportagemoment.objects.filter(contract=huidig, meetpunt=meetpunt, uiterlijk=uiterlijk).exists():
        raise ValidationError({"uiterlijk": _("Voor dit meetpunt staat op deze datum al een rapportagemoment.")})
    moment = Rapportagemoment(contract=huidig, meetpunt=meetpunt, uiterlijk=uiterlijk, eigenaar=eigenaar)
    moment.full_clean(validate_constraints=False)
    door(moment, acting_user)
    moment.save()
    wijziging_loggen(
        huidig,
        acting_user,
        _("Rapportagemoment toegevoegd voor “%(meetpunt)s”: uiterlijk %(datum)s, door %(wie)s")
        % {"meetpunt": meetpunt.omschrijving, "datum": datum_tekst(uiterlijk), "wie": eigenaar.get_full_name()},
    )
    return moment


@transaction.atomic
def rapportagemoment_verwijderen(*, moment: Rapportagemoment, acting_user: Gebruiker) -> None:
    """Remove a reporting date that has not been reported on (one with a result is part of the record)."""
    huidig = vergrendeld(moment.contract)
    _mag_bewerken(huidig, acting_user)
    if Meetresultaat.objects.filter(rapportagemoment=moment).exists():
        raise ValidationError(
            _("Voor dit rapportagemoment is al een resultaat vastgelegd; het blijft staan als verantwoording.")
        )
    wat = _("Rapportagemoment verwijderd voor “%(meetpunt)s”: uiterlijk %(datum)s") % {
        "meetpunt": moment.meetpunt.omschrijving,
        "datum": datum_tekst(moment.uiterlijk),
    }
    door(moment, acting_user)
    moment.delete()
    wijziging_loggen(huidig, acting_user, wat)
