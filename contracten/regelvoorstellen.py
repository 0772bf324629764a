"""Negotiating the contract's lines: proposals and counter-proposals on a line's amounts per year, its split and
its conditions (or on a new line), and a party's agreement to what the other party wrote.

The proposals' life (open, accepted, rejected, superseded, withdrawn; one of two people deciding at once wins) is
regio.voorstellen's; this module says what a line proposal holds and how an accepted one is applied: through the
line's normal save (`services.afspraak_schrijven`, so the contract's version rises, signatures lapse and the
change record says so).

Agreed by both: a line's current content was written by one party (an edit, or the proposal that was accepted)
and accepted by the other (by accepting that proposal, or with "Akkoord met deze regel" after a plain edit). Any
later edit raises the line's version and so opens it again. A contract is signed only when every line is agreed by
both and no proposal is open (`selectors.niet_akkoord`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contracten import access, meldingen, services
from contracten.models import Contract, Contractafspraak, Pakket, Regelvoorstel
from regio import voorstellen
from regio.models import Organisatie
from regioplan.models import Activiteit, Doel, Meetpunt

if TYPE_CHECKING:
    from regio.models import Gebruiker

REGELVELDEN = ("aandeel_praktijk", "aandeel_regio", "voorwaarden")
# A proposal for a new line also names what the line fixes (primary keys, "meetpunten" a list of them).
NIEUWE_REGELVELDEN = ("titel", "segment", "activiteit", "doel", "pakket", "meetpunten")
_VERWIJZINGEN: dict[str, Any] = {"activiteit": Activiteit, "doel": Doel, "pakket": Pakket}
_GROOTSTE_BEDRAG = Decimal("9999999999.99")  # Afspraakbedrag.bedrag: 12 digits, 2 decimals


def bedragsleutel(jaar: int) -> str:
    return f"bedrag_{jaar}"


def _json_decimaal(waarde: Decimal | None) -> str | None:
    return None if waarde is None else f"{waarde:.2f}"


def regelwaarden(afspraak: Contractafspraak, jaren: list[int]) -> dict[str, Any]:
    """The negotiable fields of a line as they are, in a proposal's JSON terms."""
    geld = {b.jaar: b.bedrag for b in afspraak.bedragen.all()}
    return {
        **{bedragsleutel(j): _json_decimaal(geld.get(j)) for j in jaren},
        "aandeel_praktijk": _json_decimaal(afspraak.aandeel_praktijk),
        "aandeel_regio": _json_decimaal(afspraak.aandeel_regio),
        "voorwaarden": afspraak.voorwaarden,
    }


def _decimaal(waarde: Any, veld: str, *, grootste: Decimal) -> Decimal | None:
    """A proposed amount or share, exact: at most two decimals (cents), never through float."""
    if waarde is None or waarde == "":
        return None
    try:
        getal = Decimal(str(waarde))
    except InvalidOperation:
        getal = Decimal("NaN")
    exponent = getal.as_tuple().exponent
    if not getal.is_finite() or not isinstance(exponent, int) or exponent < -2:
        raise ValidationError({veld: _("Geef een bedrag of percentage met hoogstens twee decimalen.")})
    if not Decimal(0) <= getal <= grootste:
        raise ValidationError({veld: _("Dit getal ligt buiten wat een afspraak kan bevatten.")})
    return getal


def regelvelden(waarden: Mapping[str, Any], jaren: list[int]) -> dict[str, Any]:
    """The negotiable fields of a line (amounts of `jaren`, split, conditions) in a proposal's JSON terms, checked
    one by one; also for a line of an addendum (contracten/addendumvoorstellen.py)."""
    uit: dict[str, Any] = {}
    for jaar in jaren:
        sleutel = bedragsleutel(jaar)
        uit[sleutel] = _json_decimaal(_decimaal(waarden.get(sleutel), sleutel, grootste=_GROOTSTE_BEDRAG))
    for veld in ("aandeel_praktijk", "aandeel_regio"):
        uit[veld] = _json_decimaal(_decimaal(waarden.get(veld), veld, grootste=Decimal(100)))
    uit["voorwaarden"] = str(waarden.get("voorwaarden") or "").strip()
    return uit


def _genormaliseerd(waarden: Mapping[str, Any], contract: Contract, nieuw: bool) -> dict[str, Any]:
    """The proposed values in JSON terms, checked one by one; only the negotiable fields (and, for a new line,
    what it fixes) are taken."""
    uit = regelvelden(waarden, contract.jaren)
    if nieuw:
        uit["titel"] = str(waarden.get("titel") or "").strip()
        uit["segment"] = str(waarden.get("segment") or "")
        for veld in _VERWIJZINGEN:
            uit[veld] = _pk(waarden.get(veld))
        uit["meetpunten"] = sorted(p for p in (_pk(m) for m in waarden.get("meetpunten") or []) if p is not None)
    return uit


def _pk(waarde: Any) -> int | None:
    if hasattr(waarde, "pk"):
        return int(waarde.pk)
    try:
        return int(waarde) if waarde not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _regel_met(
    contract: Contract, afspraak: Contractafspraak | None, waarden: Mapping[str, Any]
) -> tuple[Contractafspraak, dict[int, Decimal], list[Meetpunt]]:
    """The line as it would be with `waarden` (unsaved), its amounts per year and measuring points."""
    regel = Contractafspraak.objects.get(pk=afspraak.pk) if afspraak else Contractafspraak(contract=contract)
    regel.aandeel_praktijk = Decimal(waarden["aandeel_praktijk"]) if waarden.get("aandeel_praktijk") else None  # type: ignore[assignment]
    regel.aandeel_regio = Decimal(waarden["aandeel_regio"]) if waarden.get("aandeel_regio") else None  # type: ignore[assignment]
    regel.voorwaarden = waarden.get("voorwaarden") or ""
    if afspraak is None:
        regel.titel = waarden.get("titel") or ""
        regel.segment = waarden.get("segment") or ""
        for veld, model in _VERWIJZINGEN.items():
            setattr(regel, veld, model.objects.filter(pk=waarden.get(veld)).first() if waarden.get(veld) else None)
        meetpunten = list(Meetpunt.objects.filter(pk__in=waarden.get("meetpunten") or []).select_related("activiteit"))
    else:
        meetpunten = list(regel.meetpunten.select_related("activiteit"))
    bedragen = {
        j: Decimal(waarden[bedragsleutel(j)]) for j in contract.jaren if waarden.get(bedragsleutel(j)) is not None
    }
    return regel, bedragen, meetpunten


def voorgestelde_wijziging(
    huidig: dict[str, Any], voorgesteld: dict[str, Any], toelichting: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a proposal on a line changes (`wijziging`) and from what (`basis`); refused when it does not say why."""
    if not toelichting.strip():
        raise ValidationError({"toelichting": _("Zeg waarom u dit voorstelt; de andere partij leest het.")})
    return voorstellen.wijziging_van(huidig, voorgesteld)


def _voorstel(
    contract: Contract, afspraak: Contractafspraak | None, waarden: Mapping[str, Any], toelichting: str
) -> Regelvoorstel:
    """An unsaved proposal on `afspraak` (None: a new line), checked as the line it would make."""
    huidig = regelwaarden(afspraak, contract.jaren) if afspraak else {}
    # A field left out keeps the line's value (None: no amount that year, for a year named with None).
    voorgesteld = _genormaliseerd({**huidig, **waarden}, contract, nieuw=afspraak is None)
    regel, bedragen, meetpunten = _regel_met(contract, afspraak, voorgesteld)
    if regel.aandeel_praktijk is None or regel.aandeel_regio is None:
        raise ValidationError(_("Geef het aandeel van de praktijk en van de regio-organisatie."))
    services.afspraak_controleren(regel, contract, bedragen, meetpunten)
    wijziging, basis = voorgestelde_wijziging(huidig, voorgesteld, toelichting)
    return Regelvoorstel(
        contract=contract,
        afspraak=afspraak,
        wijziging=wijziging,
        basis=basis,
        basisversie=contract.versie,
        toelichting=toelichting,
    )


# --- how regio.voorstellen's state machine works on a contract line -------------------------------------------


def _partijen(voorstel: Regelvoorstel, gebruiker: Gebruiker) -> list[Organisatie]:
    return access.partijen_om_te_onderhandelen(gebruiker, voorstel.contract)


def _zelfde_doel(voorstel: Regelvoorstel) -> QuerySet[Regelvoorstel]:
    if voorstel.afspraak_id is None:  # every proposal for a new line is a target of its own
        return Regelvoorstel.objects.none()
    return Regelvoorstel.objects.filter(afspraak_id=voorstel.afspraak_id).exclude(pk=voorstel.pk)


def labels(jaren: list[int]) -> dict[str, str]:
    """How a refusal names a line's negotiable field."""
    return {
        **{bedragsleutel(j): _("Het bedrag %(jaar)s") % {"jaar": j} for j in jaren},
        "aandeel_praktijk": _("Het aandeel van de praktijk"),
        "aandeel_regio": _("Het aandeel van de regio-organisatie"),
        "voorwaarden": _("De voorwaarden"),
    }


def _toepassen(voorstel: Regelvoorstel, acting_user: Gebruiker) -> None:
    """Write the accepted proposal as the line's normal save; the accepting party agrees to the result."""
    contract = services.vergrendeld(voorstel.contract)
    beslisser = next(p for p in _partijen(voorstel, acting_user) if p.pk != voorstel.namens_id)
    afspraak = (
        Contractafspraak.objects.prefetch_related("bedragen").get(pk=voorstel.afspraak_id)
        if voorstel.afspraak_id
        else None
    )
    huidig = regelwaarden(afspraak, contract.jaren) if afspraak else {}
    waarden = {**huidig, **voorstellen.samengevoegd(voorstel, huidig, labels=labels(contract.jaren))}
    if afspraak is None:
        waarden = _genormaliseerd(waarden, contract, nieuw=True)
    regel, bedragen, meetpunten = _regel_met(contract, afspraak, waarden)
    services.afspraak_schrijven(
        afspraak=regel,
        contract=contract,
        gelezen_versie=regel.versie if afspraak else None,
        bedragen=bedragen,
        meetpunten=meetpunten,
        namens=voorstel.namens,
        wat=_("Voorstel van %(org)s aanvaard: %(t)s") % {"org": voorstel.namens.naam, "t": regel.titel},
        acting_user=acting_user,
    )
    _akkoord_vastleggen(regel, beslisser, acting_user)
    voorstel.afspraak = regel


def _akkoord_vastleggen(afspraak: Contractafspraak, partij: Organisatie, acting_user: Gebruiker) -> None:
    Contractafspraak.objects.filter(pk=afspraak.pk).update(
        akkoord_namens=partij, akkoord_versie=afspraak.versie, akkoord_door=acting_user, akkoord_op=timezone.now()
    )


STROOM: voorstellen.Voorstelstroom[Regelvoorstel] = voorstellen.Voorstelstroom(
    toepassen=_toepassen, partijen=_partijen, zelfde_doel=_zelfde_doel, ingediend=meldingen.regelvoorstel_melden
)


def _titel(voorstel: Regelvoorstel) -> str:
    return voorstel.afspraak.titel if voorstel.afspraak else str(voorstel.wijziging.get("titel", ""))


def _open_contract(contract: Contract) -> Contract:
    huidig = services.vergrendeld(contract)
    services.LEVENSLOOP.niet_bevroren(huidig)
    return huidig


# --- the services ---------------------------------------------------------------------------------------------


@transaction.atomic
def regelvoorstel_doen(
    *,
    contract: Contract,
    afspraak: Contractafspraak | None,
    waarden: Mapping[str, Any],
    toelichting: str,
    acting_user: Gebruiker,
) -> Regelvoorstel:
    """Propose other amounts, split or conditions for `afspraak` (None: propose a new line), for one's party.
    A newer proposal of the same party on the same line supersedes its open one."""
    huidig = _open_contract(contract)
    if afspraak is not None and afspraak.contract_id != huidig.pk:
        raise ValidationError(_("Deze afspraak hoort niet bij dit contract."))
    voorstel = voorstellen.indienen(STROOM, _voorstel(huidig, afspraak, waarden, toelichting), acting_user=acting_user)
    wat = _("Voorstel gedaan voor afspraak: %(t)s") if afspraak else _("Nieuwe afspraak voorgesteld: %(t)s")
    services.wijziging_loggen(huidig, acting_user, wat % {"t": _titel(voorstel)}, namens=voorstel.namens)
    return voorstel


@transaction.atomic
def regelvoorstel_beslissen(
    *, voorstel: Regelvoorstel, aanvaard: bool, toelichting: str = "", acting_user: Gebruiker
) -> Regelvoorstel:
    """The other party accepts (the line takes the proposal, agreed by both) or rejects (with a reason)."""
    huidig = _open_contract(voorstel.contract)
    voorstel = voorstellen.beslissen(
        STROOM, voorstel, aanvaard=aanvaard, acting_user=acting_user, toelichting=toelichting
    )
    if not aanvaard:
        services.wijziging_loggen(
            huidig,
            acting_user,
            _("Voorstel van %(org)s afgewezen: %(t)s") % {"org": voorstel.namens.naam, "t": _titel(voorstel)},
            namens=voorstel.besloten_namens,
        )
    return voorstel


@transaction.atomic
def regelvoorstel_tegenvoorstellen(
    *, voorstel: Regelvoorstel, waarden: Mapping[str, Any], toelichting: str, acting_user: Gebruiker
) -> Regelvoorstel:
    """The other party answers with values of its own; the answered proposal is superseded."""
    huidig = _open_contract(voorstel.contract)
    afspraak = Contractafspraak.objects.get(pk=voorstel.afspraak_id) if voorstel.afspraak_id else None
    tegen = voorstellen.tegenvoorstellen(
        STROOM, voorstel, _voorstel(huidig, afspraak, waarden, toelichting), acting_user=acting_user
    )
    services.wijziging_loggen(
        huidig, acting_user, _("Tegenvoorstel gedaan: %(t)s") % {"t": _titel(tegen)}, namens=tegen.namens
    )
    return tegen


@transaction.atomic
def regelvoorstel_intrekken(*, voorstel: Regelvoorstel, toelichting: str = "", acting_user: Gebruiker) -> Regelvoorstel:
    huidig = _open_contract(voorstel.contract)
    voorstel = voorstellen.intrekken(STROOM, voorstel, acting_user=acting_user, toelichting=toelichting)
    services.wijziging_loggen(
        huidig, acting_user, _("Voorstel ingetrokken: %(t)s") % {"t": _titel(voorstel)}, namens=voorstel.namens
    )
    return voorstel


@transaction.atomic
def afspraak_akkoord_geven(*, afspraak: Contractafspraak, gelezen_versie: int, acting_user: Gebruiker) -> None:
    """ "Akkoord met deze regel": the other party accepts the line as the one party last wrote it."""
    contract = _open_contract(afspraak.contract)
    regel = Contractafspraak.objects.select_related("opgesteld_namens").get(pk=afspraak.pk, contract=contract)
    if regel.versie != gelezen_versie:
        raise ValidationError(_("Deze afspraak is gewijzigd nadat u haar opende. Bekijk haar opnieuw."))
    if regel.akkoord_van_beide:
        raise ValidationError(_("Beide partijen zijn al akkoord met deze afspraak."))
    if Regelvoorstel.objects.open().filter(afspraak=regel).exists():
        raise ValidationError(_("Er ligt een open voorstel op deze afspraak: beslis eerst daarover."))
    partij = next(
        (p for p in access.partijen_om_te_onderhandelen(acting_user, contract) if p.pk != regel.opgesteld_namens_id),
        None,
    )
    if partij is None:
        raise PermissionDenied(_("Alleen de andere partij kan akkoord geven op wat uw partij schreef."))
    _akkoord_vastleggen(regel, partij, acting_user)
    services.wijziging_loggen(
        contract, acting_user, _("Akkoord met afspraak: %(t)s") % {"t": regel.titel}, namens=partij
    )
