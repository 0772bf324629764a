"""Where a person is mentioned: the open threads on any document (plan, regiobeeld, contract) with a comment that
mentions them, for "Mijn regio's". One query on the mention tables, then one per kind of document the person is
mentioned in, whatever the numbers; and only what the person may still read: documents they may see now (each app's
access rules, `Gesprek.zichtbaar`) and internal notes of parties they are still a member of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db.models import CharField, Model, Q, Value

from regio.gesprekken import gesprek as gesprekken
from regio.gesprekken.meldingen import pad_van_reactie

if TYPE_CHECKING:
    from regio.models import Gebruiker

# Enough for a dashboard; the documents themselves show every thread.
MAX_PER_SOORT = 50


@dataclass(frozen=True)
class Vermelding:
    """A comment that mentions the person, in a thread that is still open."""

    reactie: Any  # the app's Reactie
    document: str  # the document's title, as the e-mails name it
    over: str  # what the thread is about ("het deel “Governance”", "het contract")
    url: str  # the comment on its document's page


def _open_draad() -> Q:
    """The comment starts an open thread, or answers one."""
    return Q(antwoord_op__isnull=True, opgelost_op__isnull=True) | Q(
        antwoord_op__isnull=False, antwoord_op__opgelost_op__isnull=True
    )


def _ooit_genoemd(gebruiker: Gebruiker, soorten: list[gesprekken.Gesprek]) -> set[str]:
    """The kinds of document (Gesprek.label) with any comment that mentions `gebruiker`, open or not: one query on
    the mention tables alone. Most people are mentioned nowhere; they then cost the dashboard one query, not one per
    kind (issue 20)."""
    delen = []
    for gesprek in soorten:
        veld = gesprek.model._meta.get_field("genoemd")
        doorloop = cast("type[Model]", veld.remote_field.through)  # a ManyToManyField's: always a model
        delen.append(
            doorloop._default_manager.filter(**{veld.m2m_reverse_field_name(): gebruiker.pk})
            .annotate(soort=Value(gesprek.label, output_field=CharField()))
            .values_list("soort")
        )
    if not delen:
        return set()
    eerste, *rest = delen
    return {soort for (soort,) in (eerste.union(*rest) if rest else eerste)}


def open_vermeldingen(gebruiker: Gebruiker, regio_ids: list[int], organisatie_ids: list[int]) -> list[Vermelding]:
    """The comments in open threads that mention `gebruiker`, newest first. `regio_ids`: the regions they may see;
    `organisatie_ids`: the organisations they are a member of (their internal notes)."""
    uit: list[Vermelding] = []
    soorten = gesprekken.alle()
    genoemd_in = _ooit_genoemd(gebruiker, soorten)
    for gesprek in soorten:
        if gesprek.label not in genoemd_in:
            continue
        rijen = (
            gesprek.reacties()
            .filter(genoemd=gebruiker)
            .filter(_open_draad())
            .filter(gesprek.zichtbaar(gebruiker, regio_ids))
            .filter(Q(intern_voor__isnull=True) | Q(intern_voor_id__in=organisatie_ids))
            .select_related(
                "auteur", "namens", f"{gesprek.document}__regio", *(soort.veld for soort in gesprek.onderwerpen)
            )
            .order_by("-geplaatst_op", "-pk")[:MAX_PER_SOORT]
        )
        for reactie in rijen:
            document = gesprek.document_van(reactie)
            gevonden = gesprek.onderwerp_van(reactie)
            uit.append(
                Vermelding(
                    reactie=reactie,
                    document=gesprek.titel(document),
                    over=gevonden[0].naam(gevonden[1]) if gevonden else str(gesprek.over_document),
                    url=pad_van_reactie(gesprek, reactie),
                )
            )
    return sorted(uit, key=lambda v: (v.reactie.geplaatst_op, v.reactie.pk), reverse=True)
