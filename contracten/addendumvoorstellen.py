"""Negotiating an addendum's lines as a contract's lines are negotiated: a party proposes other amounts per year,
another split or other conditions for a line of the addendum instead of overwriting it; an editor of the other
party accepts, rejects or counters it; the proposing party may withdraw it.

The proposals' life is regio.voorstellen's (the same state machine as a contract line's, contracten/
regelvoorstellen.py, in the same JSON terms); an accepted proposal is written as the addendum line's normal save
(`addenda.addendumregel_opslaan`), so the addendum's version rises and signatures given before are withdrawn
through its `LEVENSLOOP`. An addendum is signed only when no proposal on its lines is open
(`addenda.addendum_ondertekenen`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from contracten import access, addenda, meldingen, selectors
from contracten.financiering import controleer_verdeling
from contracten.models import Addendum, Addendumregel, Addendumvoorstel
from contracten.regelvoorstellen import bedragsleutel, labels, regelvelden, voorgestelde_wijziging
from regio import voorstellen

if TYPE_CHECKING:
    from regio.models import Gebruiker, Organisatie


def regelwaarden(regel: Addendumregel, jaren: list[int]) -> dict[str, Any]:
    """The negotiable fields of an addendum line as they are, in a proposal's JSON terms."""
    return regelvelden(
        {
            **{bedragsleutel(int(j)): b for j, b in regel.bedragen.items()},
            "aandeel_praktijk": regel.aandeel_praktijk,
            "aandeel_regio": regel.aandeel_regio,
            "voorwaarden": regel.voorwaarden,
        },
        jaren,
    )


def _jaren(addendum: Addendum) -> list[int]:
    return addenda.jaren_van(addenda.overzicht(addendum.contract), addendum)


def _voorstel(
    addendum: Addendum, regel: Addendumregel, waarden: Mapping[str, Any], toelichting: str
) -> Addendumvoorstel:
    """An unsaved proposal on `regel`, checked as the line it would make."""
    if regel.addendum_id != addendum.pk:
        raise ValidationError(_("Deze regel hoort niet bij dit addendum."))
    if regel.vervalt:
        raise ValidationError(_("Deze afspraak vervalt in het addendum; daar valt niets over voor te stellen."))
    jaren = _jaren(addendum)
    huidig = regelwaarden(regel, jaren)
    # A field left out keeps the line's value.
    voorgesteld = regelvelden({**huidig, **waarden}, jaren)
    if voorgesteld["aandeel_praktijk"] is None or voorgesteld["aandeel_regio"] is None:
        raise ValidationError(_("Geef het aandeel van de praktijk en van de regio-organisatie."))
    controleer_verdeling(Decimal(voorgesteld["aandeel_praktijk"]), Decimal(voorgesteld["aandeel_regio"]))
    wijziging, basis = voorgestelde_wijziging(huidig, voorgesteld, toelichting)
    return Addendumvoorstel(
        addendum=addendum,
        regel=regel,
        wijziging=wijziging,
        basis=basis,
        basisversie=addendum.versie,
        toelichting=toelichting,
    )


# --- how regio.voorstellen's state machine works on an addendum line --------------------------------------------


def _partijen(voorstel: Addendumvoorstel, gebruiker: Gebruiker) -> list[Organisatie]:
    return access.partijen_om_te_onderhandelen(gebruiker, voorstel.addendum.contract)


def _zelfde_doel(voorstel: Addendumvoorstel) -> QuerySet[Addendumvoorstel]:
    return Addendumvoorstel.objects.filter(regel_id=voorstel.regel_id).exclude(pk=voorstel.pk)


def _toepassen(voorstel: Addendumvoorstel, acting_user: Gebruiker) -> None:
    """Write the accepted proposal as the addendum line's normal save (version up, signatures withdrawn)."""
    addendum = Addendum.objects.select_related("contract__regio").get(pk=voorstel.addendum_id)
    regel = Addendumregel.objects.get(pk=voorstel.regel_id)
    jaren = _jaren(addendum)
    huidig = regelwaarden(regel, jaren)
    waarden = {**huidig, **voorstellen.samengevoegd(voorstel, huidig, labels=labels(jaren))}
    regel.aandeel_praktijk = Decimal(waarden["aandeel_praktijk"])
    regel.aandeel_regio = Decimal(waarden["aandeel_regio"])
    regel.voorwaarden = waarden["voorwaarden"]
    bedragen = {j: Decimal(b) if (b := waarden.get(bedragsleutel(j))) is not None else None for j in jaren}
    addenda.addendumregel_opslaan(
        addendum=addendum,
        gelezen_versie=addendum.versie,
        regel=regel,
        bedragen=bedragen,
        acting_user=acting_user,
        wat=_("Voorstel van %(org)s aanvaard: %(t)s") % {"org": voorstel.namens.naam, "t": regel.titel},
    )


def _melden(voorstel: Addendumvoorstel) -> None:
    """Inside the proposal's transaction: tell the other party's editors that a proposal awaits their decision."""
    addendum = voorstel.addendum
    with translation.override(settings.LANGUAGE_CODE):
        over = _("de afspraak “%(titel)s” van %(addendum)s") % {
            "titel": voorstel.regel.titel,
            "addendum": addendum.titel,
        }
    meldingen.voorstel_melden(
        voorstel, addendum.contract, over=over, link=addenda.addendum_pad(addendum, f"#regel-{voorstel.regel_id}")
    )


STROOM: voorstellen.Voorstelstroom[Addendumvoorstel] = voorstellen.Voorstelstroom(
    toepassen=_toepassen, partijen=_partijen, zelfde_doel=_zelfde_doel, ingediend=_melden
)


def _open_addendum(addendum: Addendum) -> Addendum:
    """The addendum locked until commit, refused once signed."""
    huidig = Addendum.objects.select_for_update().select_related("contract__regio").get(pk=addendum.pk)
    addenda.LEVENSLOOP.niet_bevroren(huidig)
    return huidig


def _loggen(addendum: Addendum, acting_user: Gebruiker, wat: str, namens: Organisatie | None) -> None:
    addenda.LEVENSLOOP.loggen(addendum, acting_user, wat, namens)


# --- reading: each line of the addendum with its trail ------------------------------------------------------


@dataclass(frozen=True)
class Regelonderhandeling:
    """A line of the addendum and its proposals, newest first, each with the fields it changes."""

    regel: Addendumregel
    spoor: list[selectors.Spoorstap]

    @property
    def open_voorstellen(self) -> list[Any]:
        return [stap.voorstel for stap in self.spoor if stap.voorstel.is_open]


def onderhandelingen(addendum: Addendum, regels: list[Addendumregel]) -> list[Regelonderhandeling]:
    """`regels` (the addendum's lines, read already) with their proposals: one query."""
    per_regel: dict[int, list[Addendumvoorstel]] = defaultdict(list)
    for v in Addendumvoorstel.objects.filter(addendum=addendum).select_related(
        "namens", "ingediend_door", "besloten_door", "besloten_namens"
    ):
        per_regel[v.regel_id].append(v)
    return [Regelonderhandeling(r, selectors.spoor(per_regel[r.pk])) for r in regels]


# --- the services ---------------------------------------------------------------------------------------------


@transaction.atomic
def addendumvoorstel_doen(
    *, addendum: Addendum, regel: Addendumregel, waarden: Mapping[str, Any], toelichting: str, acting_user: Gebruiker
) -> Addendumvoorstel:
    """Propose other amounts, split or conditions for a line of the addendum, for one's party. A newer proposal
    of the same party on the same line supersedes its open one."""
    huidig = _open_addendum(addendum)
    voorstel = voorstellen.indienen(STROOM, _voorstel(huidig, regel, waarden, toelichting), acting_user=acting_user)
    _loggen(huidig, acting_user, _("Voorstel gedaan voor afspraak: %(t)s") % {"t": regel.titel}, voorstel.namens)
    return voorstel


@transaction.atomic
def addendumvoorstel_tegenvoorstellen(
    *, voorstel: Addendumvoorstel, waarden: Mapping[str, Any], toelichting: str, acting_user: Gebruiker
) -> Addendumvoorstel:
    """The other party answers with values of its own; the answered proposal is superseded."""
    huidig = _open_addendum(voorstel.addendum)
    regel = Addendumregel.objects.get(pk=voorstel.regel_id)
    tegen = voorstellen.tegenvoorstellen(
        STROOM, voorstel, _voorstel(huidig, regel, waarden, toelichting), acting_user=acting_user
    )
    _loggen(huidig, acting_user, _("Tegenvoorstel gedaan: %(t)s") % {"t": regel.titel}, tegen.namens)
    return tegen


@transaction.atomic
def addendumvoorstel_beslissen(
    *, voorstel: Addendumvoorstel, aanvaard: bool, toelichting: str = "", acting_user: Gebruiker
) -> Addendumvoorstel:
    """The other party accepts (the addendum line takes the proposal) or rejects it (with a reason)."""
    huidig = _open_addendum(voorstel.addendum)
    voorstel = voorstellen.beslissen(
        STROOM, voorstel, aanvaard=aanvaard, acting_user=acting_user, toelichting=toelichting
    )
    if not aanvaard:
        wat = _("Voorstel van %(org)s afgewezen: %(t)s") % {"org": voorstel.namens.naam, "t": voorstel.regel.titel}
        _loggen(huidig, acting_user, wat, voorstel.besloten_namens)
    return voorstel


@transaction.atomic
def addendumvoorstel_intrekken(
    *, voorstel: Addendumvoorstel, toelichting: str = "", acting_user: Gebruiker
) -> Addendumvoorstel:
    huidig = _open_addendum(voorstel.addendum)
    voorstel = voorstellen.intrekken(STROOM, voorstel, acting_user=acting_user, toelichting=toelichting)
    _loggen(huidig, acting_user, _("Voorstel ingetrokken: %(t)s") % {"t": voorstel.regel.titel}, voorstel.namens)
    return voorstel
