"""Formal approval of one exact version of a document by mandated people of each contracting party.

Used by the regioplan (vaststellen) and by contracts (ondertekenen): a document is approved when,
for every party that must approve, a member holding a valid mandate for the document's subject on
that date approved the document's current version. A change raises the version, which withdraws the
approvals given before it (they stay on record, marked withdrawn, with the reason).

`Levensloop` is that life written once: each kind of document (a plan, a contract, later a contract amendment)
makes one, naming its approvals, its words and its mail task, and its services call it for every change and
every approval.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regio import audit, berichten, historie, wijzigingen
from regio.models import Auditregel, Mandaat, Organisatie, Regio

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from config.celery import RegioTask
    from regio.models import Gebruiker


class Goedkeuringsbasis(models.Model):
    """One approval: who, for which party, under which mandate, of which version; withdrawn or not."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("namens organisatie")
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("goedgekeurd door")
    )
    mandaat = models.ForeignKey(Mandaat, on_delete=models.PROTECT, related_name="+", verbose_name=_("mandaat"))
    versie = models.PositiveIntegerField(_("versie"))
    gegeven_op = models.DateTimeField(_("gegeven op"), default=timezone.now)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_omdat = models.CharField(_("ingetrokken omdat"), max_length=300, blank=True)
    # Set by the worker once the approver was told of the withdrawal; a relay resends rows left unset.
    intrekking_gemeld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-gegeven_op"]


@dataclass(frozen=True)
class Partijstand:
    """Where one party stands on the current version."""

    organisatie: Organisatie
    goedkeuring: Any | None  # the approval of the current version, if any
    ingetrokken: Any | None  # the latest withdrawn approval, to show what happened
    gemandateerden: list[Mandaat]  # who may approve for this party today

    @property
    def goedgekeurd(self) -> bool:
        return self.goedkeuring is not None


def stand(
    *,
    partijen: Sequence[Organisatie],
    goedkeuringen: Iterable[Any],
    versie: int,
    mandaten: Iterable[Mandaat],
) -> list[Partijstand]:
    """Per party: its approval of `versie` (if any), its last withdrawn approval and today's mandated people.

    `goedkeuringen` and `mandaten` are passed in already fetched, so a page costs a fixed number of queries.
    """
    per_partij: dict[int, dict[str, Any]] = {p.pk: {"huidig": None, "ingetrokken": None} for p in partijen}
    for g in sorted(goedkeuringen, key=lambda g: g.gegeven_op, reverse=True):
        plek = per_partij.get(g.organisatie_id)
        if plek is None:
            continue
        if g.ingetrokken_op is None and g.versie == versie:
            plek["huidig"] = plek["huidig"] or g
        elif g.ingetrokken_op is not None:
            plek["ingetrokken"] = plek["ingetrokken"] or g
    gemandateerd: dict[int, list[Mandaat]] = {}
    for m in mandaten:
        gemandateerd.setdefault(m.organisatie_id, []).append(m)
    return [
        Partijstand(
            organisatie=p,
            goedkeuring=per_partij[p.pk]["huidig"],
            ingetrokken=per_partij[p.pk]["ingetrokken"],
            gemandateerden=gemandateerd.get(p.pk, []),
        )
        for p in partijen
    ]


def akkoord_per_document(
    goedkeuringen: models.QuerySet[Any], veld: str, versies: dict[int, int]
) -> dict[int, set[int]]:
    """Per document (`versies`: its id -> its current version): the parties (organisation ids) whose standing
    approval is of that version. `veld` is the approval's foreign key to the document. One query."""
    gedaan: dict[int, set[int]] = defaultdict(set)
    for document_id, organisatie_id, versie in goedkeuringen.filter(
        **{f"{veld}__in": list(versies)}, ingetrokken_op__isnull=True
    ).values_list(veld, "organisatie_id", "versie"):
        if versie == versies[document_id]:
            gedaan[document_id].add(organisatie_id)
    return gedaan


def intrekken(goedkeuringen: models.QuerySet[Any], *, omdat: str) -> list[Any]:
    """Withdraw the still-standing approvals in `goedkeuringen`; returns them (to notify the approvers)."""
    staand = list(goedkeuringen.filter(ingetrokken_op__isnull=True).select_related("gebruiker", "organisatie"))
    if staand:
        goedkeuringen.filter(pk__in=[g.pk for g in staand]).update(
            ingetrokken_op=timezone.now(), ingetrokken_omdat=omdat[:300]
        )
    return staand


def intrekken_door(goedkeuringen: models.QuerySet[Any], *, omdat: str, door: Gebruiker) -> list[int]:
    """A change by `door` withdraws the standing approvals in `goedkeuringen`. Returns those whose approver must
    still be told; whoever withdraws their own approval by making the change knows it, so theirs are marked told."""
    ingetrokken = intrekken(goedkeuringen, omdat=omdat)
    eigen = [g.pk for g in ingetrokken if g.gebruiker_id == door.pk]
    if eigen:
        goedkeuringen.model._default_manager.filter(pk__in=eigen).update(intrekking_gemeld_op=timezone.now())
    return [g.pk for g in ingetrokken if g.pk not in eigen]


def versie_verhogen(
    document: Goedkeurbaar, goedkeuringen: models.QuerySet[Any], *, omdat: str, door: Gebruiker
) -> list[int]:
    """A change to `document`: raise its `versie`, withdraw the approvals standing on earlier versions.

    Returns the withdrawn approvals whose approver must still be told (`intrekken_door`).
    """
    document._meta.model._default_manager.filter(pk=document.pk).update(
        versie=models.F("versie") + 1, bijgewerkt_op=timezone.now()
    )
    document.refresh_from_db(fields=["versie", "bijgewerkt_op"])
    return intrekken_door(goedkeuringen, omdat=omdat, door=door)


@dataclass(frozen=True)
class Intrekking:
    """What saving a change would withdraw (the edit forms say so beside the save button): the standing
    agreements, approvals or signatures, each with its party, person and date, and what they are called."""

    wat: StrOrPromise  # "het akkoord", "de goedkeuring", "de handtekening"
    staand: list[Any]

    def __bool__(self) -> bool:
        return bool(self.staand)


def zou_intrekken(goedkeuringen: models.QuerySet[Any], wat: StrOrPromise) -> Intrekking:
    """The approvals in `goedkeuringen` that the next change withdraws: those still standing. One query."""
    staand = goedkeuringen.filter(ingetrokken_op__isnull=True).select_related("gebruiker", "organisatie")
    return Intrekking(wat, sorted(staand, key=lambda g: (g.organisatie.naam, g.gegeven_op)))


def intrekkingen_mailen(goedkeuringen: models.QuerySet[Any], *, bericht: Callable[[Any], tuple[str, str, str]]) -> int:
    """Tell each approver in `goedkeuringen` whose approval a change withdrew, once per approval, through the outbox
    (`regio/berichten.py`: at once, or in the digest if they chose that for lapsed agreements).

    `bericht` gives the subject, text and link (a path) for one approval. Rows already told are skipped and the told
    ones are marked in the same transaction, so running this twice (a retried task) sends nothing twice.
    """
    with transaction.atomic():
        rijen = list(
            goedkeuringen.select_for_update(of=("self",))
            .select_related("gebruiker", "organisatie")
            .filter(ingetrokken_op__isnull=False, intrekking_gemeld_op__isnull=True)
        )
        verstuurd = 0
        for g in rijen:
            with translation.override(settings.LANGUAGE_CODE):
                onderwerp, tekst, link = bericht(g)
            verstuurd += berichten.bezorgen(
                ontvangers=[g.gebruiker],
                soort=berichten.Berichtsoort.AKKOORD_VERVALLEN,
                onderwerp=onderwerp,
                tekst=tekst,
                link=link,
                regio=None,  # told whatever their access now: it was their own approval
            )
        goedkeuringen.model._default_manager.filter(pk__in=[g.pk for g in rijen]).update(
            intrekking_gemeld_op=timezone.now()
        )
    return verstuurd


def intrekkingen_melden(
    goedkeuringen: models.QuerySet[Any],
    *,
    onderwerp: StrOrPromise,
    tekst: StrOrPromise,
    waarden: Callable[[Any], dict[str, Any]],
    link: Callable[[Any], str],
) -> int:
    """`intrekkingen_mailen` with the message every document sends: `onderwerp` and `tekst` (lazy texts) filled in,
    in the site's language, with `waarden(approval)` and the approver's party (`org`) and the reason (`omdat`);
    `link(approval)` is the path to the place to approve again."""

    def bericht(g: Any) -> tuple[str, str, str]:
        w = {**waarden(g), "org": g.organisatie.naam, "omdat": g.ingetrokken_omdat}
        return str(onderwerp) % w, str(tekst) % w, link(g)

    return intrekkingen_mailen(goedkeuringen, bericht=bericht)


def wachtende_intrekkingen(model: type[models.Model], ouder_dan: dt.timedelta) -> list[int]:
    """For a relay: the withdrawn approvals (of `model`) whose approver was not told, withdrawn longer than
    `ouder_dan` ago (their task went out when the broker was down, or never ran). At most 500 at a time."""
    grens = timezone.now() - ouder_dan
    return list(
        model._default_manager.filter(ingetrokken_op__lt=grens, intrekking_gemeld_op__isnull=True).values_list(
            "pk", flat=True
        )[:500]
    )


# --- the life of a document that the parties approve as a whole --------------------------------------------


class Goedkeurbaar(wijzigingen.Document, Protocol):
    """A document with approvals: a plan, a contract. Every change raises `versie` and sets `bijgewerkt_op`."""

    @property
    def regio(self) -> Regio: ...

    @property
    def is_bevroren(self) -> bool: ...

    def refresh_from_db(self, using: str | None = None, fields: list[str] | None = None) -> None: ...


class Tekenbaar(Goedkeurbaar, Protocol):
    """A document the parties sign (a contract, an addendum): once every party signed, it is signed."""

    status: str
    getekend_op: dt.datetime | None

    def save(self, *, update_fields: Iterable[str] | None = None) -> None: ...


@dataclass(frozen=True)
class Levensloop:
    """Changing and approving one kind of document: refuse changes once it is frozen (adopted, signed); on every
    change raise the version, withdraw the approvals of earlier versions with the reason, record the change, and
    after commit mail those whose approval lapsed; on an approval check and record it and say whether every party
    has now approved."""

    # The document's approvals: its related manager (plan.goedkeuringen). Any: the document's own model.
    goedkeuringen: Callable[[Any], Any]
    namens: Callable[[Any, Gebruiker], Organisatie | None]  # the party a person acts for in this document
    bevroren: Callable[[], ValidationError]  # the error for a change to a frozen document
    ingetrokken_omdat: StrOrPromise  # why an approval lapsed, with %(wat)s: the change
    al_goedgekeurd: StrOrPromise  # the error when the party approved this version already, with %(org)s
    intrekking_mailen: RegioTask  # tells approvers their approval lapsed; takes the approvals' primary keys
    woord: StrOrPromise  # what an approval is called where a form warns that saving withdraws it ("de handtekening")
    # Its logboek lines are confidential to the document's parties (contracts, ACM): the koepel's admin hides them.
    vertrouwelijk: bool = False

    def zou_intrekken(self, document: Goedkeurbaar) -> Intrekking:
        """What saving a change to `document` now would withdraw (nothing for a frozen document: it cannot
        change)."""
        if document.is_bevroren:
            return Intrekking(self.woord, [])
        return zou_intrekken(self.goedkeuringen(document).all(), self.woord)

    def niet_bevroren(self, document: Goedkeurbaar) -> None:
        if document.is_bevroren:
            raise self.bevroren()

    def loggen(
        self,
        document: Goedkeurbaar,
        acting_user: Gebruiker,
        wat: str,
        namens: Organisatie | None = None,
        *,
        samen: bool = False,
    ) -> None:
        """Record a change: for `namens`, by default the party the person acts for; `samen`: all parties."""
        partij = None if samen else (namens or self.namens(document, acting_user))
        wijzigingen.vastleggen(document, acting_user=acting_user, wat=wat, namens=partij)

    def gewijzigd(self, document: Goedkeurbaar, acting_user: Gebruiker, wat: str) -> None:
        """The document changed (`wat`, in the document's own words): raise its version, withdraw the approvals
        of earlier versions, record the change, and mail the approvers after commit."""
        pks = versie_verhogen(
            document,
            self.goedkeuringen(document).all(),
            omdat=str(self.ingetrokken_omdat) % {"wat": wat},
            door=acting_user,
        )
        self.loggen(document, acting_user, wat)
        if pks:
            self.intrekking_mailen.delay_on_commit(pks)

    def goedkeuren(
        self,
        document: Goedkeurbaar,
        *,
        mandaat: Mandaat,
        acting_user: Gebruiker,
        partijen: Iterable[Organisatie],
        logboek: str,
        wat: str,
    ) -> tuple[Any, bool]:
        """Record the approval of the document's current version under `mandaat`, in the logboek (`logboek`) and
        the change record (`wat`). Returns the approval and whether every one of `partijen` has now approved."""
        goedkeuringen = self.goedkeuringen(document)
        staand = goedkeuringen.filter(versie=document.versie, ingetrokken_op=None)
        if staand.filter(organisatie=mandaat.organisatie).exists():
            raise ValidationError(str(self.al_goedgekeurd) % {"org": mandaat.organisatie.naam})
        gegeven = goedkeuringen.create(
            organisatie=mandaat.organisatie, gebruiker=acting_user, mandaat=mandaat, versie=document.versie
        )
        audit.vastleggen(
            soort=Auditregel.Soort.GOEDKEURING,
            wat=f"{logboek} onder mandaat {mandaat.pk} ({mandaat.onderwerp}, "
            f"geldig vanaf {mandaat.geldig_van.isoformat()})",
            gebruiker=acting_user,
            organisatie=mandaat.organisatie,
            regio=document.regio,
            vertrouwelijk=self.vertrouwelijk,
        )
        self.loggen(document, acting_user, wat, namens=mandaat.organisatie)
        akkoord = set(staand.values_list("organisatie_id", flat=True))
        partijen = list(partijen)
        return gegeven, bool(partijen) and all(p.pk in akkoord for p in partijen)

    def ondertekenen(
        self,
        document: Tekenbaar,
        *,
        mandaat: Mandaat,
        acting_user: Gebruiker,
        partijen: Iterable[Organisatie],
        logboek: str,
        getekend: str,
    ) -> tuple[Any, bool]:
        """Sign the document's current version under `mandaat` (`goedkeuren`, logged "Getekend namens ..."). When
        every one of `partijen` has signed, the document gets the status `getekend` and its signing time, recorded
        as done by the parties together. Returns the signature and whether the document is now signed."""
        handtekening, door_allen = self.goedkeuren(
            document,
            mandaat=mandaat,
            acting_user=acting_user,
            partijen=partijen,
            logboek=logboek,
            wat=gettext("Getekend namens %(org)s") % {"org": mandaat.organisatie.naam},
        )
        if door_allen:
            document.status = getekend
            document.getekend_op = timezone.now()
            historie.door(document, acting_user)
            document.save(update_fields=["status", "getekend_op", "bijgewerkt_op"])
            self.loggen(document, acting_user, gettext("Getekend door beide partijen"), samen=True)
        return handtekening, door_allen
