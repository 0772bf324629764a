"""Mentions: `@Voornaam Achternaam` in a comment, or picked from the suggestions (their ids come along)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from regio.models import Gebruiker

MAX_SUGGESTIES = 8


def _noemt(tekst: str, naam: str) -> bool:
    """Whether `tekst` holds `@naam` as a whole name (not the start of a longer word), whatever the case."""
    return bool(naam) and re.search("@" + re.escape(naam) + r"(?!\w)", tekst, flags=re.IGNORECASE) is not None


def genoemden(tekst: str, gekozen: Iterable[Gebruiker | int], lezers: Iterable[Gebruiker]) -> list[Gebruiker]:
    """The people a comment mentions: those picked (`gekozen`: people or their ids) and those whose full name
    follows an `@` in the text. Only `lezers`, the people who may read the thread; picking anyone else is
    refused, whereas an `@` before a name of nobody allowed stays plain text (so it tells nothing about others)."""
    toegestaan = {g.pk: g for g in lezers}
    pks = [g if isinstance(g, int) else g.pk for g in gekozen]
    if any(pk not in toegestaan for pk in pks):
        raise ValidationError(
            {"genoemd": _("U kunt alleen mensen noemen die deze reactie mogen lezen. Kies een naam uit de lijst.")}
        )
    uit = dict.fromkeys(pks)
    uit.update(dict.fromkeys(pk for pk, g in toegestaan.items() if _noemt(tekst, g.get_full_name())))
    return [toegestaan[pk] for pk in uit]


def suggesties(zoekterm: str, lezers: QuerySet[Gebruiker]) -> list[Gebruiker]:
    """Of `lezers`, those whose name (any word of it) or e-mail address starts with `zoekterm`; by name."""
    term = zoekterm.strip()
    if not term:
        return []
    return list(
        lezers.filter(Q(naam__istartswith=term) | Q(naam__icontains=f" {term}") | Q(email__istartswith=term))[
            :MAX_SUGGESTIES
        ]
    )
