"""Writing comments on any document: post (with mentions), reply, resolve. E-mails go out after commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from regio.gesprekken.noemen import genoemden

if TYPE_CHECKING:
    from regio.gesprekken.basis import Reactiebasis
    from regio.gesprekken.gesprek import Gesprek
    from regio.models import Gebruiker, Organisatie


@transaction.atomic
def reactie_plaatsen(
    *,
    gesprek: Gesprek,
    document: Any,
    tekst: str,
    acting_user: Gebruiker,
    onderwerp: Model | None = None,
    antwoord_op: Reactiebasis | None = None,
    intern_voor: Organisatie | None = None,
    genoemd: Iterable[Gebruiker | int] = (),
) -> Reactiebasis:
    """Post a comment on `document` or one of its subjects, a reply in a thread, or an internal note of the
    author's party. `genoemd`: the people picked to mention (the text's `@Naam` counts too); only people who may
    read the thread. E-mails go out after commit."""
    eigen = gesprek.deelnemers(acting_user, document)
    if not eigen:
        raise PermissionDenied(_("Alleen leden van een deelnemende partij kunnen reageren."))
    velden: dict[str, Model | None] = {soort.veld: None for soort in gesprek.onderwerpen}
    eigen_document = f"{gesprek.document}_id"
    if onderwerp is not None:
        if getattr(onderwerp, eigen_document) != document.pk:
            raise ValidationError(_("Reageer op een onderdeel van dit document."))
        velden[gesprek.soort_van(onderwerp).veld] = onderwerp
    if antwoord_op is not None:
        if getattr(antwoord_op, eigen_document) != document.pk:
            raise ValidationError({"antwoord_op": _("Die reactie hoort bij een ander document.")})
        # A reply belongs to the thread it answers: same subject, same visibility.
        velden = {soort.veld: getattr(antwoord_op, soort.veld) for soort in gesprek.onderwerpen}
        intern_voor = antwoord_op.intern_voor
        antwoord_op = antwoord_op.antwoord_op or antwoord_op
    # Checked after a reply took over its thread's visibility: nobody writes inside another party's internal note.
    if intern_voor is not None and intern_voor not in eigen:
        raise PermissionDenied(_("U kunt alleen interne notities van uw eigen organisatie plaatsen."))
    if not tekst.strip():
        raise ValidationError({"tekst": _("Schrijf eerst uw reactie.")})
    gekozen = list(genoemd)
    # Who may read the thread is asked only when someone is mentioned (a region can have thousands of members).
    mensen = genoemden(tekst, gekozen, gesprek.lezers(document, intern_voor)) if gekozen or "@" in tekst else []
    waarden: dict[str, Any] = {
        gesprek.document: document,
        **velden,
        "antwoord_op": antwoord_op,
        "auteur": acting_user,
        "namens": intern_voor or gesprek.namens(document, acting_user, eigen),
        "intern_voor": intern_voor,
        "tekst": tekst.strip(),
    }
    reactie = gesprek.model(**waarden)
    reactie.full_clean()
    reactie.save()
    # The author does not mention herself: she knows what she wrote.
    reactie.genoemd.set([g for g in mensen if g.pk != acting_user.pk])
    from regio import tasks

    tasks.reactie_mailen.delay_on_commit(gesprek.label, reactie.pk)
    return reactie


@transaction.atomic
def reactie_oplossen(*, reactie: Reactiebasis, opgelost: bool, acting_user: Gebruiker) -> Reactiebasis:
    """Mark a thread resolved (or open it again). Only the thread's first comment carries the state."""
    hoofd = reactie.antwoord_op or reactie
    hoofd.opgelost_op = timezone.now() if opgelost else None
    hoofd.opgelost_door = acting_user if opgelost else None
    hoofd.save(update_fields=["opgelost_op", "opgelost_door"])
    return hoofd
