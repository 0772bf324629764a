"""Writes for contracts and their agreement lines, packages and signatures.

Every change goes through the contract's `LEVENSLOOP` (`regio.goedkeuring.Levensloop`): it refuses changes to a
signed contract, raises the version (which withdraws signatures given on earlier versions, and tells the signers)
and records who changed what for which party (`regio.wijzigingen`).
Lines are saved against the version they were read at, so two people editing one line never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracten import access, meldingen, selectors, tasks
from contracten.financiering import controleer_verdeling
from contracten.models import (
    Afspraakbedrag,
    Contract,
    Contractafspraak,
    Contractstatus,
    Ondertekening,
    Pakket,
)
from regio import goedkeuring
from regio.gelijktijdig import Bewerkingsconflict
from regio.historie import door
from regio.models import Organisatie, Regio
from regio.selectors import contractpartijen
from regioplan.models import Meetpunt, Regioplan
from regioplan.models import Status as Planstatus

if TYPE_CHECKING:
    from regio.models import Gebruiker, Mandaat

__all__ = ["Bewerkingsconflict", "ContractGetekend"]


class ContractGetekend(ValidationError):
    pass


# --- bookkeeping every change shares ---------------------------------------------------------------


def namens_van(contract: Contract, gebruiker: Gebruiker) -> Organisatie | None:
    eigen = access.eigen_partijen(gebruiker, contract)
    return eigen[0] if eigen else None


def vergrendeld(contract: Contract) -> Contract:
    """The contract row, locked until commit, so changes and signatures are applied one after the other."""
    return Contract.objects.select_for_update().select_related("regio", "regioplan").get(pk=contract.pk)


def _getekend() -> ContractGetekend:
    return ContractGetekend(
        _("Dit contract is getekend en kan niet meer worden gewijzigd. Maak voor een wijziging een nieuw contract.")
    )


LEVENSLOOP = goedkeuring.Levensloop(
    goedkeuringen=lambda contract: contract.ondertekeningen,
    namens=namens_van,
    bevroren=_getekend,
    ingetrokken_omdat=gettext_lazy("Het contract is daarna gewijzigd: %(wat)s"),
    al_goedgekeurd=gettext_lazy("%(org)s heeft deze versie al getekend."),
    intrekking_mailen=tasks.intrekking_mailen,
    woord=gettext_lazy("de handtekening"),
    vertrouwelijk=True,
)
# Recording a change without raising the version (practices' decisions, results: they go on after signing).
wijziging_loggen = LEVENSLOOP.loggen


# --- the contract --------------------------------------------------------------------------------------


def looptijd_buiten_plan(contract: Contract) -> str | None:
    """Why the contract's years do not lie within its adopted plan's term, or None when they do (a contract fixes
    the plan: a year outside it has no plan to fix)."""
    plan = contract.regioplan
    if plan.startjaar <= contract.startjaar and contract.eindjaar <= plan.eindjaar:
        return None
    return _(
        "De looptijd van het contract (%(contract)s) valt buiten die van het vastgestelde regioplan %(titel)s "
        "(%(plan)s). Een contract legt het plan vast: kies jaren binnen %(plan)s, of start het contract op een plan "
        "dat die jaren beslaat."
    ) % {
        "contract": contract.looptijd,
        "titel": plan.titel,
        "plan": plan.looptijd,
    }


def _contract_controleren(contract: Contract) -> None:
    contract.full_clean()
    if contract.regioplan_id and (buiten := looptijd_buiten_plan(contract)):
        raise ValidationError({"eindjaar": buiten})
    partijen = set(contractpartijen(contract.regio, ook_komend=True))
    for veld, org in (
        ("zorgverzekeraar", contract.zorgverzekeraar),
        ("huisartsenorganisatie", contract.huisartsenorganisatie),
    ):
        if org not in partijen:
            raise ValidationError({veld: _("%(org)s is geen contractpartij in deze regio.") % {"org": org.naam}})


@transaction.atomic
def contract_aanmaken(
    *,
    regio: Regio,
    regioplan: Regioplan,
    zorgverzekeraar: Organisatie,
    huisartsenorganisatie: Organisatie,
    titel: str,
    startjaar: int,
    eindjaar: int,
    toelichting: str = "",
    doel_kiezen: bool = False,
    acting_user: Gebruiker,
) -> Contract:
    """Start a contract between two contracting parties of the region, from the region's adopted plan."""
    if regioplan.regio_id != regio.pk:
        raise ValidationError({"regioplan": _("Dit regioplan hoort niet bij deze regio.")})
    if regioplan.status != Planstatus.VASTGESTELD:
        raise ValidationError(
            {
                "regioplan": _("Een contract legt een vastgesteld regioplan vast; dit plan is %(status)s.")
                % {"status": regioplan.get_status_display()}
            }
        )
    contract = Contract(
        regio=regio,
        regioplan=regioplan,
        zorgverzekeraar=zorgverzekeraar,
        huisartsenorganisatie=huisartsenorganisatie,
        titel=titel,
        startjaar=startjaar,
        eindjaar=eindjaar,
        toelichting=toelichting,
        doel_kiezen=doel_kiezen,
        aangemaakt_door=acting_user,
    )
    _contract_controleren(contract)
    if not access.eigen_partijen(acting_user, contract):
        raise PermissionDenied(_("U kunt alleen een contract maken waarin uw eigen organisatie partij is."))
    door(contract, acting_user)
    contract.save()
    access.rechten_toekennen(contract)
    wijziging_loggen(
        contract,
        acting_user,
        _("Contract begonnen op basis van %(plan)s (planversie %(n)s)")
        % {"plan": regioplan.titel, "n": regioplan.volgnummer},
    )
    return contract


@transaction.atomic
def contract_gegevens_opslaan(
    *,
    contract: Contract,
    gelezen_versie: int,
    titel: str,
    startjaar: int,
    eindjaar: int,
    toelichting: str,
    doel_kiezen: bool,
    acting_user: Gebruiker,
) -> Contract:
    huidig = vergrendeld(contract)
    LEVENSLOOP.niet_bevroren(huidig)
    if huidig.versie != gelezen_versie:
        raise Bewerkingsconflict(huidig)
    buiten = (
        Afspraakbedrag.objects.filter(afspraak__contract=huidig)
        .exclude(jaar__range=(startjaar, eindjaar))
        .order_by("jaar")
        .values_list("jaar", flat=True)
        .distinct()
    )
    if buiten:
        raise ValidationError(
            _("Er staan bedragen in %(jaren)s, buiten de nieuwe looptijd. Haal die eerst weg bij de afspraken.")
            % {"jaren": ", ".join(str(j) for j in buiten)}
        )
    huidig.titel, huidig.startjaar, huidig.eindjaar = titel, startjaar, eindjaar
    huidig.toelichting, huidig.doel_kiezen = toelichting, doel_kiezen
    _contract_controleren(huidig)
    door(huidig, acting_user)
    huidig.save()
    LEVENSLOOP.gewijzigd(huidig, acting_user, _("Gegevens van het contract gewijzigd"))
    return huidig


# --- agreement lines -----------------------------------------------------------------------------------


def afspraak_controleren(
    afspraak: Contractafspraak, contract: Contract, bedragen: Mapping[int, Decimal], meetpunten: Iterable[Meetpunt]
) -> None:
    afspraak.full_clean(exclude=["contract"])
    controleer_verdeling(afspraak.aandeel_praktijk, afspraak.aandeel_regio)
    if afspraak.activiteit_id is None and afspraak.doel_id is None:
        raise ValidationError(_("Kies de activiteit uit het regioplan of het doel dat deze afspraak vastlegt."))
    if afspraak.activiteit is not None and afspraak.activiteit.regioplan_id != contract.regioplan_id:
        raise ValidationError({"activiteit": _("Deze activiteit staat niet in de planversie van dit contract.")})
    if afspraak.pakket is not None and afspraak.pakket.contract_id != contract.pk:
        raise ValidationError({"pakket": _("Dit pakket hoort niet bij dit contract.")})
    for mp in meetpunten:
        if mp.activiteit.regioplan_id != contract.regioplan_id:
            raise ValidationError({"meetpunten": _("Een meetpunt staat niet in de planversie van dit contract.")})
    for jaar, bedrag in bedragen.items():
        if jaar not in contract.jaren:
            raise ValidationError(
                _("%(jaar)s valt buiten de looptijd van het contract (%(looptijd)s).")
                % {"jaar": jaar, "looptijd": contract.looptijd}
            )
        if bedrag < 0:
            raise ValidationError(_("Een bedrag kan niet negatief zijn."))


@transaction.atomic
def afspraak_opslaan(
    *,
    afspraak: Contractafspraak,
    gelezen_versie: int | None,
    bedragen: Mapping[int, Decimal],
    meetpunten: Iterable[Meetpunt],
    acting_user: Gebruiker,
) -> Contractafspraak:
    """Save a new or changed agreement line with its amounts per year and its measuring points.

    `bedragen` holds the amount per year of the term (a missing year means no money that year). A changed line
    is saved only if nobody saved it since `gelezen_versie` (else Bewerkingsconflict with the current line).
    """
    contract = vergrendeld(afspraak.contract)
    wat = _("Afspraak toegevoegd: %(t)s") if afspraak.pk is None else _("Afspraak gewijzigd: %(t)s")
    wat = wat % {"t": afspraak.titel}
    return afspraak_schrijven(
        afspraak=afspraak,
        contract=contract,
        gelezen_versie=gelezen_versie,
        bedragen=bedragen,
        meetpunten=meetpunten,
        namens=namens_van(contract, acting_user),
        wat=wat,
        acting_user=acting_user,
    )


def afspraak_schrijven(
    *,
    afspraak: Contractafspraak,
    contract: Contract,
    gelezen_versie: int | None,
    bedragen: Mapping[int, Decimal],
    meetpunten: Iterable[Meetpunt],
    namens: Organisatie | None,
    wat: str,
    acting_user: Gebruiker,
) -> Contractafspraak:
    """The one save of a line (an edit, or an accepted proposal: contracten/regelvoorstellen.py) inside the caller's
    transaction, with `contract` locked: checked, version raised, amounts per year written, the contract's
    LEVENSLOOP told (`wat`: the change in the contract's own words). `namens` wrote the new content; the line is
    open again until the other party agrees to it."""
    LEVENSLOOP.niet_bevroren(contract)
    meetpunten = list(meetpunten)
    afspraak_controleren(afspraak, contract, bedragen, meetpunten)
    nieuw = afspraak.pk is None
    if nieuw:
        afspraak.volgorde = (contract.afspraken.aggregate(m=Max("volgorde"))["m"] or 0) + 1
    else:
        bijgewerkt = Contractafspraak.objects.filter(pk=afspraak.pk, versie=gelezen_versie or 0).update(
            versie=F("versie") + 1
        )
        if bijgewerkt != 1:
            raise Bewerkingsconflict(Contractafspraak.objects.get(pk=afspraak.pk))
        afspraak.versie = (gelezen_versie or 0) + 1
    afspraak.opgesteld_namens = namens
    door(afspraak, acting_user)
    afspraak.save()
    afspraak.meetpunten.set(meetpunten)
    bestaand = {b.jaar: b for b in afspraak.bedragen.all()}
    for jaar in contract.jaren:
        bedrag = bedragen.get(jaar)
        rij = bestaand.get(jaar)
        if bedrag is None:
            if rij is not None:
                door(rij, acting_user)
                rij.delete()
        elif rij is None or rij.bedrag != bedrag:
            rij = rij or Afspraakbedrag(afspraak=afspraak, jaar=jaar)
            rij.bedrag = bedrag
            door(rij, acting_user)
            rij.save()
    LEVENSLOOP.gewijzigd(contract, acting_user, wat)
    return afspraak


@transaction.atomic
def afspraak_verwijderen(*, afspraak: Contractafspraak, acting_user: Gebruiker) -> None:
    contract = vergrendeld(afspraak.contract)
    LEVENSLOOP.niet_bevroren(contract)
    titel = afspraak.titel
    door(afspraak, acting_user)
    afspraak.delete()
    LEVENSLOOP.gewijzigd(contract, acting_user, _("Afspraak verwijderd: %(t)s") % {"t": titel})


# --- packages ------------------------------------------------------------------------------------------


@transaction.atomic
def pakket_opslaan(*, pakket: Pakket, acting_user: Gebruiker) -> Pakket:
    contract = vergrendeld(pakket.contract)
    LEVENSLOOP.niet_bevroren(contract)
    pakket.full_clean(validate_constraints=False)
    if Pakket.objects.filter(contract=contract, naam=pakket.naam).exclude(pk=pakket.pk).exists():
        raise ValidationError({"naam": _("Er is al een pakket met deze naam in dit contract.")})
    nieuw = pakket.pk is None
    door(pakket, acting_user)
    pakket.save()
    wat = _("Pakket toegevoegd: %(n)s") if nieuw else _("Pakket gewijzigd: %(n)s")
    LEVENSLOOP.gewijzigd(contract, acting_user, wat % {"n": pakket.naam})
    return pakket


# --- negotiation and signing ---------------------------------------------------------------------------


@transaction.atomic
def contract_aanbieden(*, contract: Contract, gelezen_versie: int, acting_user: Gebruiker) -> Contract:
    """Put the draft up for signing (in negotiation): from now on the parties' mandated people can sign."""
    huidig = vergrendeld(contract)
    if huidig.status != Contractstatus.CONCEPT:
        raise ValidationError(_("Alleen een concept kan ter ondertekening worden aangeboden."))
    if huidig.versie != gelezen_versie:
        raise Bewerkingsconflict(huidig)
    if not huidig.afspraken.exists():
        raise ValidationError(
            _("Voeg eerst minstens één afspraak toe; een contract zonder afspraken kan niet worden getekend.")
        )
    huidig.status = Contractstatus.ONDERHANDELING
    door(huidig, acting_user)
    huidig.save(update_fields=["status", "bijgewerkt_op"])
    wijziging_loggen(huidig, acting_user, _("Ter ondertekening aangeboden"))
    meldingen.aanbieding_melden(huidig, acting_user)
    return huidig


@transaction.atomic
def contract_terugnemen(*, contract: Contract, acting_user: Gebruiker) -> Contract:
    """Back to draft; signatures given so far are withdrawn."""
    huidig = vergrendeld(contract)
    if huidig.status != Contractstatus.ONDERHANDELING:
        raise ValidationError(_("Alleen een contract in onderhandeling kan worden teruggenomen."))
    huidig.status = Contractstatus.CONCEPT
    door(huidig, acting_user)
    huidig.save(update_fields=["status", "bijgewerkt_op"])
    LEVENSLOOP.gewijzigd(huidig, acting_user, _("Teruggenomen naar concept"))
    return huidig


def mandaat_vereist(contract: Contract, acting_user: Gebruiker) -> Mandaat:
    """The mandate under which the person signs for a party of the contract today (the contract, or an addendum of
    it: contracten/addenda.py); PermissionDenied without one."""
    mandaat = access.mandaat_om_te_tekenen(contract, acting_user)
    if mandaat is None:
        raise PermissionDenied(
            _("U hebt vandaag geen geldig mandaat voor contracten namens een partij van dit contract.")
        )
    return mandaat


@transaction.atomic
def contract_ondertekenen(*, contract: Contract, gelezen_versie: int, acting_user: Gebruiker) -> Ondertekening:
    """Sign this exact version for the person's party. When both parties have, the contract is signed."""
    huidig = vergrendeld(contract)
    if huidig.status != Contractstatus.ONDERHANDELING:
        raise ValidationError(_("Dit contract ligt niet ter ondertekening; tekenen kan nu niet."))
    if huidig.versie != gelezen_versie:
        raise Bewerkingsconflict(huidig)
    mandaat = mandaat_vereist(huidig, acting_user)
    if open_regels := selectors.niet_akkoord(huidig):
        raise ValidationError(
            _("Tekenen kan pas als beide partijen akkoord zijn met elke afspraak. Nog niet akkoord: %(regels)s.")
            % {"regels": "; ".join(open_regels)}
        )
    getekend, door_beide = LEVENSLOOP.ondertekenen(
        huidig,
        mandaat=mandaat,
        acting_user=acting_user,
        partijen=huidig.partijen,
        logboek=f"contract '{huidig.titel}' (wijziging {huidig.versie}) getekend",
        getekend=Contractstatus.GETEKEND,
    )
    if door_beide:
        # Imported here: the reporting dates' module builds on this one.
        from contracten.rapportagemomenten import rapportagemomenten_aanmaken

        rapportagemomenten_aanmaken(contract=huidig, acting_user=acting_user, controleren=False)
    return getekend
