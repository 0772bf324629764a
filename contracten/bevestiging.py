"""A result counts once both parties stand behind it: the party that did not record it confirms it, or disputes it
with a reason. A correction of the value (resultaten._corrigeren) makes it open again: what was confirmed was the
old value. Like recording, this is carrying the contract out: logged, never raising the contract's version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contracten import access
from contracten.models import Bevestiging, Meetresultaat
from contracten.monitoring import datum_tekst, waarde_tekst
from contracten.services import namens_van, vergrendeld, wijziging_loggen
from regio.historie import door

if TYPE_CHECKING:
    from collections.abc import Iterable

    from regio.models import Gebruiker

MAX_REDEN = 2000


def bevestiging_herstellen(resultaat: Meetresultaat) -> None:
    """Back to open (the caller saves): the value changed, so the other party looks again."""
    resultaat.bevestiging = Bevestiging.OPEN
    resultaat.beoordeeld_door = None
    resultaat.beoordeeld_namens = None
    resultaat.beoordeeld_op = None
    resultaat.betwist_reden = ""


def _beoordelen(
    resultaat: Meetresultaat, uitkomst: Bevestiging, reden: str, acting_user: Gebruiker, gelezen_versie: int | None
) -> Meetresultaat:
    contract = vergrendeld(resultaat.contract)
    huidig = Meetresultaat.objects.select_for_update().select_related("meetpunt").get(pk=resultaat.pk)
    if not access.mag_resultaat_beoordelen(acting_user, contract, huidig):
        raise PermissionDenied(
            _("Alleen een bewerker van de andere contractpartij bevestigt of betwist dit resultaat.")
        )
    if gelezen_versie is not None and gelezen_versie != huidig.versie:
        raise ValidationError(
            _("Het resultaat is intussen gecorrigeerd. Bekijk de nieuwe waarde en beoordeel die opnieuw.")
        )
    huidig.bevestiging = uitkomst
    huidig.betwist_reden = reden
    huidig.beoordeeld_door = acting_user
    huidig.beoordeeld_namens = namens_van(contract, acting_user)
    huidig.beoordeeld_op = timezone.now()
    huidig.full_clean(validate_constraints=False)
    door(huidig, acting_user)
    huidig.save()
    velden = {
        "meetpunt": huidig.meetpunt.omschrijving,
        "datum": datum_tekst(huidig.peildatum),
        "waarde": waarde_tekst(huidig.waarde, huidig.meetpunt.eenheid),
        "reden": reden,
    }
    if uitkomst == Bevestiging.BEVESTIGD:
        wat = _("Resultaat bevestigd voor “%(meetpunt)s” op %(datum)s: %(waarde)s") % velden
    else:
        wat = _("Resultaat betwist voor “%(meetpunt)s” op %(datum)s (%(waarde)s): %(reden)s") % velden
    wijziging_loggen(contract, acting_user, wat)
    return huidig


@transaction.atomic
def resultaat_bevestigen(
    *, resultaat: Meetresultaat, acting_user: Gebruiker, gelezen_versie: int | None = None
) -> Meetresultaat:
    """The other party agrees with the value."""
    return _beoordelen(resultaat, Bevestiging.BEVESTIGD, "", acting_user, gelezen_versie)


@transaction.atomic
def resultaat_betwisten(
    *, resultaat: Meetresultaat, reden: str, acting_user: Gebruiker, gelezen_versie: int | None = None
) -> Meetresultaat:
    """The other party does not agree with the value, and says why (the recording party corrects it or explains)."""
    reden = reden.strip()
    if not reden:
        raise ValidationError({"reden": _("Schrijf waarom u dit resultaat betwist.")})
    if len(reden) > MAX_REDEN:
        raise ValidationError({"reden": _("Houd de reden korter dan %(n)s tekens.") % {"n": MAX_REDEN}})
    return _beoordelen(resultaat, Bevestiging.BETWIST, reden, acting_user, gelezen_versie)


def betwiste_resultaten(contract_ids: Iterable[int]) -> QuerySet[Meetresultaat]:
    """Disputed results of the contracts `contract_ids` (already scoped to what the person may see), oldest first."""
    return (
        Meetresultaat.objects.filter(contract_id__in=list(contract_ids), bevestiging=Bevestiging.BETWIST)
        .select_related("contract__regio", "meetpunt", "beoordeeld_namens")
        .order_by("beoordeeld_op", "pk")
    )
