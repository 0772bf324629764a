"""The end of a contract: ended early by a party (termination), or reaching the end of its term (a reminder).

Termination: a mandated person ("contract" mandate valid today) of one of the two parties ends a signed contract
per a date within its term, with a reason. It is recorded in the contract's change record and the logboek, shown on
the contract page, and the other party's editors are told through the outbox (`regio/berichten.py`). Reporting
dates after the end date that have no result are removed (no longer due, no longer on the monitoring).

The end-of-term reminder: REGIO_LOOPTIJD_HERINNERING_MAANDEN months (default 6) before the last contract year ends
(as signed addenda extended the term),
both parties' editors hear that the term ends (time to extend it by amendment, or to start the next contract).
Once per end of the term: the reminder's row (`Looptijdherinnering`, with the last year it reminded of) is made in
the transaction that queues the e-mails, with the contract locked, so a second run, or a retry, sends nothing twice;
an addendum that extends the term gives it a new end, reminded of again in its turn.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracten import access, services
from contracten.models import (
    Contract,
    Contractbeeindiging,
    Contractstatus,
    Looptijdherinnering,
    Rapportagemoment,
    eindjaar_na_addenda,
    met_verlenging,
)
from regio import audit, berichten
from regio.access import bewerkers_van
from regio.historie import door
from regio.models import Auditregel, Gebruiker

if TYPE_CHECKING:
    pass


def _datum(datum: dt.date) -> str:
    return f"{datum:%d-%m-%Y}"


# --- termination ----------------------------------------------------------------------------------------------


@transaction.atomic
def contract_beeindigen(
    *, contract: Contract, einddatum: dt.date, reden: str, acting_user: Gebruiker
) -> Contractbeeindiging:
    """End the signed contract per `einddatum` (within its term) for the person's party, under a valid mandate."""
    huidig = services.vergrendeld(contract)
    if huidig.status != Contractstatus.GETEKEND:
        raise ValidationError(_("Alleen een getekend contract kan worden beëindigd; een concept trekt u terug."))
    if Contractbeeindiging.objects.filter(contract=huidig).exists():
        raise ValidationError(_("Dit contract is al beëindigd."))
    mandaat = access.mandaat_om_te_tekenen(huidig, acting_user)
    if mandaat is None:
        raise PermissionDenied(
            _("Een contract beëindigen kan alleen wie vandaag een mandaat voor contracten heeft namens een partij.")
        )
    begin, einde = dt.date(huidig.startjaar, 1, 1), dt.date(eindjaar_na_addenda(huidig), 12, 31)
    if not begin <= einddatum <= einde:
        raise ValidationError(
            {
                "einddatum": _("Kies een einddatum binnen de looptijd van het contract (%(van)s tot en met %(tot)s).")
                % {"van": _datum(begin), "tot": _datum(einde)}
            }
        )
    reden = reden.strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van de beëindiging; de andere partij leest die.")})
    beeindiging = Contractbeeindiging(
        contract=huidig,
        einddatum=einddatum,
        reden=reden,
        namens=mandaat.organisatie,
        door=acting_user,
        mandaat=mandaat,
    )
    beeindiging.full_clean()
    beeindiging.save()
    vervallen = _momenten_na_einde_weghalen(huidig, einddatum, acting_user)
    audit.vastleggen(
        soort=Auditregel.Soort.GOEDKEURING,
        wat=f"contract '{huidig.titel}' beëindigd per {einddatum.isoformat()} onder mandaat {mandaat.pk}",
        gebruiker=acting_user,
        organisatie=mandaat.organisatie,
        regio=huidig.regio,
        vertrouwelijk=True,
    )
    wat = _("Contract beëindigd per %(datum)s: %(reden)s") % {"datum": _datum(einddatum), "reden": reden}
    if vervallen:
        wat += " " + ngettext(
            "(%(n)s rapportagemoment na de einddatum vervalt en is weggehaald.)",
            "(%(n)s rapportagemomenten na de einddatum vervallen en zijn weggehaald.)",
            vervallen,
        ) % {"n": vervallen}
    services.wijziging_loggen(huidig, acting_user, wat, namens=mandaat.organisatie)
    andere = [p for p in huidig.partijen if p.pk != mandaat.organisatie_id]
    with translation.override(settings.LANGUAGE_CODE):
        velden = {
            "wie": acting_user.get_full_name(),
            "org": mandaat.organisatie.naam,
            "contract": huidig.titel,
            "datum": _datum(einddatum),
            "reden": reden,
        }
        onderwerp = _("[Regio] %(org)s beëindigt %(contract)s per %(datum)s") % velden
        tekst = (
            _("%(wie)s beëindigde namens %(org)s het contract %(contract)s per %(datum)s. De reden:\n\n%(reden)s")
            % velden
        )
    berichten.klaarzetten(
        ontvangers=[g for g in bewerkers_van(andere) if g.pk != acting_user.pk],
        soort=berichten.Berichtsoort.CONTRACT_LOOPTIJD,
        onderwerp=onderwerp,
        tekst=tekst,
        link=_pad(huidig),
        regio=huidig.regio,
    )
    return beeindiging


def _momenten_na_einde_weghalen(contract: Contract, einddatum: dt.date, acting_user: Gebruiker) -> int:
    """Reporting dates after the end date are no longer due: the open ones (no result yet) are removed, so the
    monitoring and the reminders no longer list them; their history keeps who removed them. Returns how many."""
    momenten = list(
        Rapportagemoment.objects.filter(contract=contract, uiterlijk__gt=einddatum, resultaten__isnull=True)
    )
    for moment in momenten:
        door(moment, acting_user)
        moment.delete()
    return len(momenten)


def _pad(contract: Contract) -> str:
    from contracten.meldingen import contract_pad

    return contract_pad(contract, "#looptijd")


def beeindiging_van(contract: Contract) -> Contractbeeindiging | None:
    """The contract's early end, if any: read with the contract by `access.contract_van_regio` (no query then)."""
    return getattr(contract, "beeindiging", None)


def looptijd_context(contract: Contract, user: Gebruiker) -> dict[str, object]:
    """What the contract page shows about the term: years outside the plan, the termination, whether the person
    may end the contract. No query for a contract read by `access.contract_van_regio`, besides the mandate."""
    beeindiging = beeindiging_van(contract)
    return {
        "buiten_plan": services.looptijd_buiten_plan(contract),
        "beeindiging": beeindiging,
        "mag_beeindigen": beeindiging is None
        and contract.status == Contractstatus.GETEKEND
        and access.mandaat_om_te_tekenen(contract, user) is not None,
    }


# --- the end-of-term reminder ------------------------------------------------------------------------------------


def herinnerdatum(eindjaar: int, maanden: int) -> dt.date:
    """The day the reminder is due: `maanden` months before the last day of `eindjaar` (the month's last day when
    that day does not exist: 6 months before 31 December is 30 June)."""
    index = eindjaar * 12 + 11 - maanden  # months since year 0, January = 0
    jaar, maand = divmod(index, 12)
    return dt.date(jaar, maand + 1, calendar.monthrange(jaar, maand + 1)[1])


def _kandidaten(vandaag: dt.date) -> QuerySet[Contract]:
    """Signed contracts running this year (their term as signed addenda extended it), not ended, with the last
    year they were reminded of (`herinnerd_tot`, None when never)."""
    herinnerd = Looptijdherinnering.objects.filter(contract=OuterRef("pk")).order_by("-eindjaar").values("eindjaar")
    return (
        met_verlenging(Contract.objects.all())
        .filter(
            Q(eindjaar__gte=vandaag.year) | Q(verlenging_eindjaar__gte=vandaag.year),
            status=Contractstatus.GETEKEND,
            beeindiging__isnull=True,
        )
        .annotate(herinnerd_tot=Subquery(herinnerd[:1]))
    )


def _te_herinneren(contract: Contract, vandaag: dt.date) -> bool:
    """Its reminder is due for the end of its term as it holds now, and not sent for that end yet."""
    eind = contract.geldend_eindjaar
    herinnerd_tot = getattr(contract, "herinnerd_tot", None)
    return (herinnerd_tot is None or herinnerd_tot < eind) and herinnerdatum(
        eind, settings.REGIO_LOOPTIJD_HERINNERING_MAANDEN
    ) <= vandaag


def te_herinneren(vandaag: dt.date) -> list[int]:
    """The signed, running contracts whose end-of-term reminder is due today and not sent yet for that end."""
    return [c.pk for c in _kandidaten(vandaag).only("pk", "eindjaar").order_by("pk") if _te_herinneren(c, vandaag)]


def herinnering_versturen(pk: int, vandaag: dt.date | None = None) -> int:
    """The end-of-term reminder of contract `pk`, once; returns how many people it went to (0 when not due, or
    sent already)."""
    vandaag = vandaag or timezone.localdate()
    with transaction.atomic():
        contract = (
            _kandidaten(vandaag)
            .select_for_update(of=("self",))
            .select_related("regio", "zorgverzekeraar", "huisartsenorganisatie")
            .filter(pk=pk)
            .first()
        )
        if contract is None or not _te_herinneren(contract, vandaag):
            return 0
        Looptijdherinnering.objects.create(contract=contract, eindjaar=contract.geldend_eindjaar)
        ontvangers = bewerkers_van(contract.partijen)
        with translation.override(settings.LANGUAGE_CODE):
            velden = {
                "contract": contract.titel,
                "partijen": f"{contract.huisartsenorganisatie.naam} · {contract.zorgverzekeraar.naam}",
                "datum": _datum(dt.date(contract.geldend_eindjaar, 12, 31)),
            }
            onderwerp = _("[Regio] %(contract)s loopt af op %(datum)s") % velden
            tekst = (
                _(
                    "Het contract %(contract)s (%(partijen)s) loopt af op %(datum)s. Spreek tijdig af of u het "
                    "verlengt (met een wijziging van het contract) of een nieuw contract begint."
                )
                % velden
            )
        berichten.klaarzetten(
            ontvangers=ontvangers,
            soort=berichten.Berichtsoort.CONTRACT_LOOPTIJD,
            onderwerp=onderwerp,
            tekst=tekst,
            link=_pad(contract),
            regio=contract.regio,
        )
    return len(ontvangers)
