"""Formal approval of one exact version of a document by mandated people of each contracting party.

Used by the regioplan (vaststellen) and by contracts (ondertekenen): a document is approved when,
for every party that must approve, a member holding a valid mandate for the document's subject on
that date approved the document's current version. A change raises the version, which withdraws the
approvals given before it (they stay on record, marked withdrawn, with the reason).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from regio.models import Mandaat, Organisatie

if TYPE_CHECKING:
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


def versie_verhogen(
    document: models.Model, goedkeuringen: models.QuerySet[Any], *, omdat: str, door: Gebruiker
) -> list[int]:
    """A change to `document`: raise its `versie`, withdraw the approvals standing on earlier versions.

    Returns the withdrawn approvals whose approver must still be told; whoever withdraws their own approval
    by making the change knows it, so theirs are marked as told.
    """
    model = type(document)
    model._default_manager.filter(pk=document.pk).update(versie=models.F("versie") + 1, bijgewerkt_op=timezone.now())
    document.refresh_from_db(fields=["versie", "bijgewerkt_op"])
    ingetrokken = intrekken(goedkeuringen, omdat=omdat)
    eigen = [g.pk for g in ingetrokken if g.gebruiker_id == door.pk]
    if eigen:
        goedkeuringen.model._default_manager.filter(pk__in=eigen).update(intrekking_gemeld_op=timezone.now())
    return [g.pk for g in ingetrokken if g.pk not in eigen]


def intrekkingen_mailen(goedkeuringen: models.QuerySet[Any], *, bericht: Callable[[Any], tuple[str, str]]) -> int:
    """Tell each approver in `goedkeuringen` whose approval a change withdrew, once per approval.

    `bericht` gives the subject and text for one approval. Rows already told are skipped and the told ones are
    marked in the same transaction, so running this twice (a retried task) sends nothing twice.
    """
    with transaction.atomic():
        rijen = list(
            goedkeuringen.select_for_update(of=("self",))
            .select_related("gebruiker", "organisatie")
            .filter(ingetrokken_op__isnull=False, intrekking_gemeld_op__isnull=True)
        )
        with translation.override(settings.LANGUAGE_CODE):
            berichten = [(*bericht(g), settings.DEFAULT_FROM_EMAIL, [g.gebruiker.email]) for g in rijen]
        verstuurd = send_mass_mail(berichten, fail_silently=False) if berichten else 0
        goedkeuringen.model._default_manager.filter(pk__in=[g.pk for g in rijen]).update(
            intrekking_gemeld_op=timezone.now()
        )
    return verstuurd
