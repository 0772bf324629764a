"""Amendments (addenda) of a signed contract: drafting, negotiating and signing them, and what holds after them.

A signed contract stays frozen. Either party drafts an addendum: lines changed (their whole new content), added or
removed, and perhaps a later last year, with a reason. The addendum goes through the same life as the contract
(`regio.goedkeuring.Levensloop`, `LEVENSLOOP` below): every change raises its version and withdraws the signatures
given before; it holds once a person with a "contract" mandate valid that day signed its exact version for each
party. What holds is the contract with its signed addenda applied in the order they were signed
(`geldende_stand`); the contract page, the finance overview and the PDF show that. At most one addendum is in
negotiation at a time, so each is drafted against the state it changes.

The state of the lines is `vergelijking.Regelstand`, keyed by `sleutel`: "a<pk>" for a line of the contract,
"r<pk>" for a line an addendum added. `toepassen` is pure.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracten import access, selectors, services, tasks
from contracten.financiering import NUL, controleer_verdeling, verdeel_bedrag
from contracten.models import (
    Addendum,
    Addendumondertekening,
    Addendumregel,
    Addendumstatus,
    Contract,
    Contractafspraak,
    Contractstatus,
)
from contracten.vergelijking import Contractvergelijking, Regelstand, standen_vergelijken
from regio import goedkeuring
from regio.getallen import afronden
from regio.historie import door
from regio.models import Mandaat, Onderwerp
from regio.voorstellen import Voorstelstatus

if TYPE_CHECKING:
    from regio.models import Gebruiker


# --- the state of the lines, and applying an addendum to it (pure) --------------------------------------------


def sleutel_afspraak(pk: int) -> str:
    return f"a{pk}"


def sleutel_regel(pk: int) -> str:
    return f"r{pk}"


@dataclass(frozen=True)
class Regelwijziging:
    """What an addendum does to one line: `nieuw` its new content (a new line when `sleutel` is not in the state),
    or None: the line lapses."""

    sleutel: str
    nieuw: Regelstand | None


@dataclass(frozen=True)
class Stand:
    """The lines that hold (in the contract's order, added lines after) and the last year of the term."""

    regels: dict[str, Regelstand]
    eindjaar: int


def _met_jaren(regel: Regelstand, jaren: Iterable[int]) -> Regelstand:
    return dataclasses.replace(regel, bedragen={j: regel.bedragen.get(j, NUL) for j in jaren})


def toepassen(stand: Stand, startjaar: int, wijzigingen: Iterable[Regelwijziging], eindjaar: int | None) -> Stand:
    """The state after an addendum: its changed lines replaced, lapsed ones gone, new ones after the others, the
    term extended to `eindjaar` (if later). Every line holds an amount (0.00 where none) for every year."""
    laatste = max(stand.eindjaar, eindjaar or stand.eindjaar)
    jaren = range(startjaar, laatste + 1)
    regels = dict(stand.regels)
    for w in wijzigingen:
        if w.nieuw is None:
            regels.pop(w.sleutel, None)
        else:
            regels[w.sleutel] = w.nieuw
    return Stand({k: _met_jaren(r, jaren) for k, r in regels.items()}, laatste)


# --- reading: the addenda of a contract and what holds ------------------------------------------------------------


def regelstand(regel: Addendumregel | Contractafspraak, bedragen: Mapping[int, Decimal]) -> Regelstand:
    """The content of a contract line or an addendum line (the same fields by the same names) with `bedragen`."""
    return Regelstand(
        titel=regel.titel,
        segment=regel.segment,
        aandeel_praktijk=regel.aandeel_praktijk,
        aandeel_regio=regel.aandeel_regio,
        voorwaarden=regel.voorwaarden,
        bedragen=dict(bedragen),
        geldsoort=regel.geldsoort,
        geindexeerd=regel.geindexeerd,
    )


def _regelstand(regel: Addendumregel) -> Regelstand:
    return regelstand(regel, {int(j): Decimal(b) for j, b in regel.bedragen.items()})


def regelsleutel(regel: Addendumregel) -> str:
    """The line of the state an addendum line is about (itself, for a new line)."""
    if regel.afspraak_id is not None:
        return sleutel_afspraak(regel.afspraak_id)
    if regel.nieuw_van_id is not None:
        return sleutel_regel(regel.nieuw_van_id)
    return sleutel_regel(regel.pk)


def wijzigingen_van(addendum: Addendum) -> list[Regelwijziging]:
    return [Regelwijziging(regelsleutel(r), None if r.vervalt else _regelstand(r)) for r in addendum.regels.all()]


def addenda_van(contract: Contract) -> list[Addendum]:
    """The contract's addenda: signed ones in the order they were signed, then the one in negotiation. One query
    for the addenda, one for their lines."""
    alle = list(
        Addendum.objects.filter(contract=contract)
        .select_related("aangemaakt_door")
        .prefetch_related(
            Prefetch("regels", queryset=Addendumregel.objects.select_related("activiteit").order_by("pk"))
        )
    )
    for a in alle:
        a.contract = contract  # the caller's contract, already read with its parties
    return sorted(alle, key=lambda a: (a.getekend_op is None, a.getekend_op or timezone.now(), a.nummer))


def oorspronkelijke_stand(contract: Contract, regels: list[selectors.Afspraakregel]) -> Stand:
    return Stand(
        {sleutel_afspraak(r.afspraak.pk): regelstand(r.afspraak, r.bedragen) for r in regels},
        contract.eindjaar,
    )


@dataclass
class Addendaoverzicht:
    """The contract's addenda with the state before and after each; `geldend`: after the signed ones."""

    contract: Contract
    regels: list[selectors.Afspraakregel]  # the contract's own lines, as signed
    addenda: list[Addendum]
    voor: dict[int, Stand]  # per addendum: the state it changes
    na: dict[int, Stand]  # per addendum: the state after it
    geldend: Stand

    @property
    def getekend(self) -> list[Addendum]:
        return [a for a in self.addenda if a.is_bevroren]

    @property
    def in_onderhandeling(self) -> Addendum | None:
        return next((a for a in self.addenda if not a.is_bevroren), None)


def overzicht(contract: Contract, regels: list[selectors.Afspraakregel] | None = None) -> Addendaoverzicht:
    """The contract's addenda and what holds: three queries more than the contract's lines."""
    regels = selectors.afspraken(contract) if regels is None else regels
    addenda = addenda_van(contract)
    stand = oorspronkelijke_stand(contract, regels)
    voor: dict[int, Stand] = {}
    na: dict[int, Stand] = {}
    geldend = toepassen(stand, contract.startjaar, [], None)
    for a in addenda:
        voor[a.pk] = geldend
        na[a.pk] = toepassen(geldend, contract.startjaar, wijzigingen_van(a), a.eindjaar)
        if a.is_bevroren:
            geldend = na[a.pk]
    return Addendaoverzicht(contract, regels, addenda, voor, na, geldend)


def geldende_regels(contract: Contract, ov: Addendaoverzicht | None = None) -> list[selectors.Afspraakregel]:
    """The contract's lines as amended by its signed addenda, in the shape of `selectors.afspraken` (unsaved copies
    of the lines), so the finance overview and the PDF count them as they count the contract's own lines. Without
    signed addenda: the contract's lines themselves."""
    ov = ov or overzicht(contract)
    if not ov.getekend:
        return ov.regels
    origineel = {sleutel_afspraak(r.afspraak.pk): r for r in ov.regels}
    # The activity a signed addendum line names (the latest one per line), so a new line prints its activity too.
    activiteit = {regelsleutel(r): r.activiteit for a in ov.getekend for r in a.regels.all() if r.activiteit}
    uit = []
    for sleutel, stand in ov.geldend.regels.items():
        oud = origineel.get(sleutel)
        afspraak = copy.copy(oud.afspraak) if oud else Contractafspraak(contract=contract)
        if sleutel in activiteit:
            afspraak.activiteit = activiteit[sleutel]
        afspraak.titel, afspraak.segment, afspraak.voorwaarden = stand.titel, stand.segment, stand.voorwaarden
        afspraak.aandeel_praktijk, afspraak.aandeel_regio = stand.aandeel_praktijk, stand.aandeel_regio
        afspraak.geldsoort, afspraak.geindexeerd = stand.geldsoort, stand.geindexeerd
        totaal = sum(stand.bedragen.values(), NUL)
        praktijk = sum((verdeel_bedrag(b, stand.aandeel_praktijk)[0] for b in stand.bedragen.values()), NUL)
        uit.append(
            selectors.Afspraakregel(
                afspraak=afspraak,
                bedragen=dict(stand.bedragen),
                totaal=totaal,
                praktijk=praktijk,
                regio=totaal - praktijk,
                meetpunten=oud.meetpunten if oud else [],
            )
        )
    return uit


def wat_geldt(contract: Contract) -> list[selectors.Afspraakregel]:
    """The lines that hold: a draft's own, a signed contract's as its signed addenda amend them (the Jaren tab, the
    CSV export)."""
    return geldende_regels(contract) if contract.is_bevroren else selectors.afspraken(contract)


def redline(ov: Addendaoverzicht, addendum: Addendum) -> Contractvergelijking:
    """The addendum against the state before it: which lines it changes, adds or removes, each amount old -> new."""
    oud, nieuw = ov.voor[addendum.pk], ov.na[addendum.pk]
    jaren = list(range(ov.contract.startjaar, nieuw.eindjaar + 1))
    oud_regels = {k: _met_jaren(r, jaren) for k, r in oud.regels.items()}
    volgorde = list(dict.fromkeys([*oud.regels, *nieuw.regels]))
    verschillen, totalen = standen_vergelijken(oud_regels, nieuw.regels, volgorde, jaren)
    return Contractvergelijking(ov.contract, addendum.versie, addendum.versie, verschillen, jaren, totalen)


def jaren_van(ov: Addendaoverzicht, addendum: Addendum) -> list[int]:
    """The years the addendum's lines hold amounts for: the contract's term as the addendum makes it."""
    return list(range(ov.contract.startjaar, (addendum.eindjaar or ov.voor[addendum.pk].eindjaar) + 1))


def ondertekening(addendum: Addendum) -> list[goedkeuring.Partijstand]:
    contract = addendum.contract
    return goedkeuring.stand(
        partijen=contract.partijen,
        goedkeuringen=Addendumondertekening.objects.filter(addendum=addendum).select_related(
            "gebruiker", "organisatie", "mandaat"
        ),
        versie=addendum.versie,
        mandaten=Mandaat.objects.geldig_op(timezone.localdate())
        .filter(regio=contract.regio, onderwerp=Onderwerp.CONTRACT, organisatie__in=contract.partijen)
        .select_related("gebruiker", "organisatie"),
    )


# --- the life of an addendum -------------------------------------------------------------------------------------


def addendum_pad(addendum: Addendum, anker: str = "") -> str:
    contract = addendum.contract
    return reverse("contracten:addendum", args=[contract.regio.slug, contract.pk, addendum.pk]) + anker


def _getekend() -> ValidationError:
    return ValidationError(_("Dit addendum is getekend en kan niet meer worden gewijzigd. Maak een nieuw addendum."))


def intrekking_mailen(pks: list[int]) -> int:
    """Tell each signer whose signature under an addendum a change withdrew; once per signature."""
    return goedkeuring.intrekkingen_melden(
        Addendumondertekening.objects.filter(pk__in=pks).select_related("addendum__contract__regio"),
        onderwerp=gettext_lazy("[Regio] Uw handtekening onder %(addendum)s van %(contract)s is ingetrokken"),
        tekst=gettext_lazy(
            "U tekende %(addendum)s van %(contract)s namens %(org)s. Daarna is het addendum gewijzigd, zodat uw "
            "handtekening niet meer geldt:\n\n%(omdat)s\n\nBekijk de wijzigingen en teken opnieuw als u het ermee "
            "eens bent."
        ),
        waarden=lambda o: {"addendum": o.addendum.titel, "contract": o.addendum.contract.titel},
        link=lambda o: addendum_pad(o.addendum, "#ondertekening"),
    )


LEVENSLOOP = goedkeuring.Levensloop(
    goedkeuringen=lambda addendum: addendum.ondertekeningen,
    namens=lambda addendum, gebruiker: services.namens_van(addendum.contract, gebruiker),
    bevroren=_getekend,
    ingetrokken_omdat=gettext_lazy("Het addendum is daarna gewijzigd: %(wat)s"),
    al_goedgekeurd=gettext_lazy("%(org)s heeft deze versie van het addendum al getekend."),
    intrekking_mailen=tasks.addendum_intrekking_mailen,
    woord=gettext_lazy("de handtekening"),
    vertrouwelijk=True,
)


def _vergrendeld(addendum: Addendum) -> Addendum:
    return Addendum.objects.select_for_update().select_related("contract__regio").get(pk=addendum.pk)


def _eigen_partij(contract: Contract, acting_user: Gebruiker) -> None:
    if not access.partijen_om_te_onderhandelen(acting_user, contract):
        raise PermissionDenied(_("Alleen bewerkers van de twee contractpartijen stellen een addendum op."))


def _eindjaar_controleren(contract: Contract, huidig_eind: int, eindjaar: int | None) -> None:
    if eindjaar is None:
        return
    if eindjaar <= huidig_eind:
        raise ValidationError(
            {
                "eindjaar": _("Een verlenging loopt tot na %(jaar)s, het laatste jaar van het contract nu.")
                % {"jaar": huidig_eind}
            }
        )
    if eindjaar - contract.startjaar > 9:
        raise ValidationError({"eindjaar": _("Een contract loopt hoogstens tien jaar, ook met addenda.")})


@transaction.atomic
def addendum_opstellen(
    *, contract: Contract, reden: str, eindjaar: int | None = None, acting_user: Gebruiker
) -> Addendum:
    """Start an addendum of a signed contract for the person's party; it is in negotiation at once."""
    huidig = services.vergrendeld(contract)
    if huidig.status != Contractstatus.GETEKEND:
        raise ValidationError(_("Alleen een getekend contract krijgt een addendum; wijzig een concept gewoon zelf."))
    _eigen_partij(huidig, acting_user)
    if Addendum.objects.filter(contract=huidig, status=Addendumstatus.ONDERHANDELING).exists():
        raise ValidationError(
            _("Er ligt al een addendum in onderhandeling. Werk dat af of neem de wijziging daarin op.")
        )
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden van de wijziging.")})
    _eindjaar_controleren(huidig, overzicht(huidig).geldend.eindjaar, eindjaar)
    nummer = (Addendum.objects.filter(contract=huidig).aggregate(m=Max("nummer"))["m"] or 0) + 1
    addendum = Addendum(contract=huidig, nummer=nummer, reden=reden.strip(), eindjaar=eindjaar)
    addendum.aangemaakt_door = acting_user
    addendum.full_clean()
    door(addendum, acting_user)
    addendum.save()
    LEVENSLOOP.loggen(addendum, acting_user, _("Addendum opgesteld: %(r)s") % {"r": addendum.reden})
    services.wijziging_loggen(huidig, acting_user, _("%(a)s opgesteld") % {"a": addendum.titel})
    return addendum


def _niet_gewijzigd_sinds(addendum: Addendum, gelezen_versie: int) -> None:
    if addendum.versie != gelezen_versie:
        from regio.gelijktijdig import Bewerkingsconflict

        raise Bewerkingsconflict(addendum)


@transaction.atomic
def addendum_gegevens_opslaan(
    *, addendum: Addendum, gelezen_versie: int, reden: str, eindjaar: int | None, acting_user: Gebruiker
) -> Addendum:
    huidig = _vergrendeld(addendum)
    LEVENSLOOP.niet_bevroren(huidig)
    _eigen_partij(huidig.contract, acting_user)
    _niet_gewijzigd_sinds(huidig, gelezen_versie)
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden van de wijziging.")})
    ov = overzicht(huidig.contract)
    _eindjaar_controleren(huidig.contract, ov.voor[huidig.pk].eindjaar, eindjaar)
    laatste = eindjaar or ov.voor[huidig.pk].eindjaar
    for regel in huidig.regels.all():
        if any(int(j) > laatste for j in regel.bedragen):
            raise ValidationError(
                _("%(t)s heeft bedragen na %(j)s. Haal die eerst weg.") % {"t": regel.titel, "j": laatste}
            )
    huidig.reden, huidig.eindjaar = reden.strip(), eindjaar
    huidig.full_clean()
    door(huidig, acting_user)
    huidig.save()
    LEVENSLOOP.gewijzigd(huidig, acting_user, _("Reden of looptijd van het addendum gewijzigd"))
    return huidig


def bedragen_als_tekst(bedragen: Mapping[int, Decimal | None]) -> dict[str, str]:
    return {str(j): str(afronden(b, 2)) for j, b in sorted(bedragen.items()) if b is not None}


@transaction.atomic
def addendumregel_opslaan(
    *,
    addendum: Addendum,
    gelezen_versie: int,
    regel: Addendumregel,
    bedragen: Mapping[int, Decimal | None],
    acting_user: Gebruiker,
    wat: str | None = None,
) -> Addendumregel:
    """Write one line of the addendum: a changed contract line (`regel.afspraak` or `regel.nieuw_van` set), a new
    line, or a line that lapses (`regel.vervalt`). Raises the addendum's version and withdraws its signatures.
    `wat`: what the change record says, when the caller knows better (an accepted proposal)."""
    huidig = _vergrendeld(addendum)
    LEVENSLOOP.niet_bevroren(huidig)
    _eigen_partij(huidig.contract, acting_user)
    _niet_gewijzigd_sinds(huidig, gelezen_versie)
    contract = huidig.contract
    ov = overzicht(contract)
    voor = ov.voor[huidig.pk]
    laatste = huidig.eindjaar or voor.eindjaar
    regel.addendum = huidig
    if regel.pk is None and (regel.afspraak_id or regel.nieuw_van_id):
        bestaat = huidig.regels.filter(afspraak_id=regel.afspraak_id, nieuw_van_id=regel.nieuw_van_id)
        if bestaat.exists():
            raise ValidationError(_("Dit addendum wijzigt deze afspraak al; bewerk die wijziging."))
    if (regel.afspraak_id or regel.nieuw_van_id) and regelsleutel(regel) not in voor.regels:
        raise ValidationError(_("Deze afspraak geldt niet meer; een eerder addendum heeft haar laten vervallen."))
    if not regel.vervalt:
        controleer_verdeling(regel.aandeel_praktijk, regel.aandeel_regio)
        if regel.afspraak_id is None and regel.nieuw_van_id is None and regel.activiteit is None:
            raise ValidationError({"activiteit": _("Kies de activiteit uit het regioplan die deze afspraak vastlegt.")})
        if regel.activiteit is not None and regel.activiteit.regioplan_id != contract.regioplan_id:
            raise ValidationError({"activiteit": _("Deze activiteit staat niet in de planversie van dit contract.")})
        for jaar, bedrag in bedragen.items():
            if bedrag is None:
                continue
            if not contract.startjaar <= jaar <= laatste:
                raise ValidationError(
                    _("%(jaar)s valt buiten de looptijd (%(looptijd)s).")
                    % {"jaar": jaar, "looptijd": f"{contract.startjaar}\u2013{laatste}"}
                )
            if bedrag < 0:
                raise ValidationError(_("Een bedrag kan niet negatief zijn."))
        regel.bedragen = bedragen_als_tekst(bedragen)
    else:
        regel.bedragen = {}
    regel.full_clean(exclude=["addendum"], validate_constraints=False)
    nieuw = regel.pk is None
    door(regel, acting_user)
    regel.save()
    LEVENSLOOP.gewijzigd(huidig, acting_user, wat or _regelwijziging(regel, nieuw))
    return regel


def _regelwijziging(regel: Addendumregel, nieuw: bool) -> str:
    """What the change record says of a line written (`nieuw`: for the first time)."""
    if regel.vervalt:
        wat = _("Afspraak vervalt: %(t)s")
    elif regel.afspraak_id or regel.nieuw_van_id:
        wat = _("Afspraak gewijzigd: %(t)s") if nieuw else _("Wijziging van afspraak aangepast: %(t)s")
    else:
        wat = _("Afspraak toegevoegd: %(t)s") if nieuw else _("Nieuwe afspraak aangepast: %(t)s")
    return wat % {"t": regel.titel}


@transaction.atomic
def addendumregel_verwijderen(*, regel: Addendumregel, acting_user: Gebruiker) -> None:
    """Take a line out of the addendum: the contract line stays as it was."""
    huidig = _vergrendeld(regel.addendum)
    LEVENSLOOP.niet_bevroren(huidig)
    _eigen_partij(huidig.contract, acting_user)
    titel = regel.titel
    # Its proposals go with it, counter-proposals included (regio.voorstellen: RESTRICT); their history stays.
    door(regel, acting_user)
    regel.delete()
    LEVENSLOOP.gewijzigd(huidig, acting_user, _("Uit het addendum gehaald: %(t)s") % {"t": titel})


@transaction.atomic
def addendum_ondertekenen(*, addendum: Addendum, gelezen_versie: int, acting_user: Gebruiker) -> Any:
    """Sign this exact version of the addendum for the person's party (a "contract" mandate valid today). When both
    parties have, the addendum is signed and holds."""
    contract = services.vergrendeld(addendum.contract)
    huidig = _vergrendeld(addendum)
    if huidig.is_bevroren:
        raise ValidationError(_("Dit addendum is al getekend."))
    _niet_gewijzigd_sinds(huidig, gelezen_versie)
    mandaat = services.mandaat_vereist(contract, acting_user)
    if not huidig.regels.exists() and huidig.eindjaar is None:
        raise ValidationError(_("Dit addendum wijzigt nog niets; voeg eerst een wijziging toe."))
    if open_regels := list(
        Addendumregel.objects.filter(addendum=huidig, voorstellen__status=Voorstelstatus.OPEN)
        .distinct()
        .values_list("titel", flat=True)
    ):
        raise ValidationError(
            _("Nog niet te tekenen: er ligt een open voorstel op %(regels)s. Beslis eerst daarover.")
            % {"regels": "; ".join(open_regels)}
        )
    getekend, door_beide = LEVENSLOOP.ondertekenen(
        huidig,
        mandaat=mandaat,
        acting_user=acting_user,
        partijen=contract.partijen,
        logboek=f"{huidig.titel} van contract '{contract.titel}' (wijziging {huidig.versie}) getekend",
        getekend=Addendumstatus.GETEKEND,
    )
    if door_beide:
        services.wijziging_loggen(
            contract, acting_user, _("%(a)s getekend door beide partijen") % {"a": huidig.titel}, samen=True
        )
    return getekend


def verschil_in_totaal(ov: Addendaoverzicht, addendum: Addendum) -> Decimal:
    """How much the addendum changes the money over the whole term (after minus before), to the cent."""

    def totaal(stand: Stand) -> Decimal:
        return sum((b for r in stand.regels.values() for b in r.bedragen.values()), NUL)

    return totaal(ov.na[addendum.pk]) - totaal(ov.voor[addendum.pk])
