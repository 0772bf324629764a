"""E-mail about a comment on any document: who gets told, and the message. Run by the worker.

It re-checks who may read the comment at the moment of sending, marks the row as sent in the same transaction,
and skips rows already marked, so running it twice sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regio import berichten
from regio.gesprekken import gesprek as gesprekken
from regio.models import Gebruiker, Lidmaatschap, Rol

if TYPE_CHECKING:
    from regio.gesprekken.basis import Reactiebasis
    from regio.gesprekken.gesprek import Gesprek


def ontvangers_van_reactie(gesprek: Gesprek, reactie: Reactiebasis) -> list[Gebruiker]:
    """The people mentioned in the comment, the editors of the other contracting parties and, for a reply, the
    people who wrote in the thread before; only those who may read the comment (an internal note reaches its
    own party only), never the author."""
    document = gesprek.document_van(reactie)
    andere_partijen = [p for p in gesprek.contractpartijen(document) if p.pk != reactie.namens_id]
    redacteuren = Gebruiker.objects.filter(
        lidmaatschappen__organisatie__in=andere_partijen,
        lidmaatschappen__rol__in=[Rol.BEWERKER, Rol.BEHEERDER],
    )
    in_de_draad: list[Gebruiker] = []
    if (vraag := reactie.antwoord_op) is not None:
        in_de_draad = list(
            Gebruiker.objects.filter(
                Q(pk=vraag.auteur_id) | Q(pk__in=gesprek.reacties().filter(antwoord_op_id=vraag.pk).values("auteur_id"))
            )
        )
    kandidaten = {
        g.pk: g
        for g in [*reactie.genoemd.all(), *redacteuren, *in_de_draad]
        if g.is_active and g.pk != reactie.auteur_id
    }
    if reactie.intern_voor_id is not None:
        leden = set(
            Lidmaatschap.objects.filter(organisatie_id=reactie.intern_voor_id).values_list("gebruiker_id", flat=True)
        )
        kandidaten = {pk: g for pk, g in kandidaten.items() if pk in leden}
    return sorted((g for g in kandidaten.values() if gesprek.deelnemers(g, document)), key=lambda g: g.email)


def pad_van_reactie(gesprek: Gesprek, reactie: Reactiebasis) -> str:
    """The comment on the page that shows its thread (the document's, or its subject's own page)."""
    # The subject is read only for a kind of document with subjects on pages of their own (no extra query else).
    gevonden = gesprek.onderwerp_van(reactie) if any(s.pagina for s in gesprek.onderwerpen) else None
    onderwerp = gevonden[1] if gevonden else None
    return gesprek.pad(gesprek.document_van(reactie), onderwerp, f"reactie-{reactie.pk}")


def _url(gesprek: Gesprek, reactie: Reactiebasis) -> str:
    return f"{settings.REGIO_BASIS_URL}{pad_van_reactie(gesprek, reactie)}"


def _genoemden_melden(
    gesprek: Gesprek, reactie: Reactiebasis, genoemden: list[Gebruiker], waarden: dict[str, str]
) -> int:
    """The people named hear of it through the outbox: at once, or in the digest if they chose that for mentions."""
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp = _("[Regio] %(wie)s noemde u in een %(soort)s bij %(plan)s") % waarden
        tekst = _("%(wie)s (%(org)s) noemde u in een %(soort)s over %(over)s in %(plan)s:\n\n%(tekst)s") % waarden
    return berichten.bezorgen(
        ontvangers=genoemden,
        soort=berichten.Berichtsoort.GENOEMD,
        onderwerp=onderwerp,
        tekst=tekst,
        link=pad_van_reactie(gesprek, reactie),
        regio=gesprek.document_van(reactie).regio,
    )


def reactie_mailen(label: str, pk: int) -> int:
    """Send the e-mails about comment `pk` (of the comment model `label`) once; returns the number sent."""
    gesprek = gesprekken.van(label)
    with transaction.atomic():
        reactie = (
            gesprek.reacties()
            .select_for_update(of=("self",))
            .select_related("auteur", "namens", gesprek.document)
            .filter(pk=pk, gemaild_op__isnull=True)
            .first()
        )
        if reactie is None:
            return 0
        ontvangers = ontvangers_van_reactie(gesprek, reactie)
        document = gesprek.document_van(reactie)
        gevonden = gesprek.onderwerp_van(reactie)
        with translation.override(settings.LANGUAGE_CODE):
            soort = _("interne notitie") if reactie.intern_voor_id else _("reactie")
            onderwerp = _("[Regio] %(wie)s plaatste een %(soort)s bij %(plan)s") % {
                "wie": reactie.auteur.get_full_name(),
                "soort": soort,
                "plan": gesprek.titel(document),
            }
            waarden = {
                "wie": reactie.auteur.get_full_name(),
                "org": reactie.namens.naam,
                "soort": soort,
                "over": gevonden[0].naam(gevonden[1]) if gevonden else str(gesprek.over_document),
                "plan": gesprek.titel(document),
                "tekst": reactie.tekst,
            }
            tekst = _(
                "Goedendag,\n\n%(wie)s (%(org)s) plaatste een %(soort)s over %(over)s in %(plan)s:\n\n%(tekst)s\n\n"
                "Lees en antwoord op: %(url)s\n\n(Dit bericht is automatisch verstuurd; beantwoorden heeft geen zin.)"
            ) % {**waarden, "url": _url(gesprek, reactie)}
        genoemd = set(reactie.genoemd.values_list("pk", flat=True))
        verstuurd = _genoemden_melden(gesprek, reactie, [g for g in ontvangers if g.pk in genoemd], waarden)
        mails = [(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [g.email]) for g in ontvangers if g.pk not in genoemd]
        verstuurd += send_mass_mail(mails, fail_silently=False) if mails else 0
        gesprek.reacties().filter(pk=pk).update(gemaild_op=timezone.now())
    return verstuurd


def wachtende_reacties(ouder_dan: dt.timedelta) -> list[tuple[str, int]]:
    """Comments of every kind whose e-mail has not gone out (the broker was down when they were placed)."""
    grens = timezone.now() - ouder_dan
    uit: list[tuple[str, int]] = []
    for gesprek in gesprekken.alle():
        pks = gesprek.reacties().filter(gemaild_op__isnull=True, geplaatst_op__lt=grens).values_list("pk", flat=True)
        uit.extend((gesprek.label, pk) for pk in pks[:500])
    return uit
