"""Optimistic locking with a three-way merge: a save built on an older version is merged with what others saved
since (`regio.samenvoegen`), and refused only where both changed the same passage or value.

The check is in the UPDATE itself (`WHERE versie = <version>`), so two saves at the same moment cannot both win, on
SQLite or PostgreSQL. The base of a merge is the row's history (django-simple-history) at the version the person
read; every model saved here has `history` and `versie`.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db import transaction
from django.db.models import F, Model, TextField
from django.utils import timezone
from django.utils.translation import gettext as _

from regio.historie import historie_van
from regio.samenvoegen import (
    Tekstsamenvoeging,
    Waardebotsing,
    teksten_samenvoegen,
    verzamelingen_samenvoegen,
    waarde_samenvoegen,
)

M = TypeVar("M", bound=Model)

# Another save can slip in between a merge and its write; after this many rounds the person settles it.
_POGINGEN = 3


class Bewerkingsconflict(Exception, Generic[M]):
    """Someone else saved this row after it was read, and the changes overlap; nothing was overwritten.

    `huidig` is the row as stored now, of the model that was saved (a handler names it: `huidig: Deel = ...`).
    After a merge attempt, `basis_versie` is the version the merge started from, `mijn` the values merged into
    the stored ones (the person's own, or already merged with an earlier save), `teksten` the merge of each text field
    (with its overlapping passages), `botsingen` the other values both changed differently, and `samengevoegd`
    the values that did merge (what the form shows for them). Raised without them where no merge applies.
    """

    def __init__(
        self,
        huidig: M,
        *,
        basis_versie: int | None = None,
        mijn: dict[str, Any] | None = None,
        teksten: dict[str, Tekstsamenvoeging] | None = None,
        botsingen: dict[str, Waardebotsing] | None = None,
        samengevoegd: dict[str, Any] | None = None,
    ) -> None:
        super().__init__("bewerkingsconflict")
        self.huidig = huidig
        self.basis_versie = basis_versie
        self.mijn = mijn or {}
        self.teksten = teksten or {}
        self.botsingen = botsingen or {}
        self.samengevoegd = samengevoegd or {}

    @property
    def overlappende_teksten(self) -> dict[str, Tekstsamenvoeging]:
        return {veld: s for veld, s in self.teksten.items() if not s.gelukt}


def historie_bij_versie(obj: Model, versie: int) -> Any | None:
    """The history row holding `obj` as it was at `versie` (the last one written at that version), if kept."""
    return historie_van(obj).filter(versie=versie).order_by("-history_date", "-history_id").first()


def is_tekstveld(model: type[Model], attname: str) -> bool:
    return any(isinstance(f, TextField) and f.attname == attname for f in model._meta.concrete_fields)


def samenvoegen_met_opgeslagen(huidig: M, gelezen_versie: int, velden: dict[str, Any]) -> dict[str, Any]:
    """`velden` (written by someone who read `gelezen_versie`) merged with the row as stored now, `huidig`.

    Text fields merge by line, other values as a whole. Raises Bewerkingsconflict when anything overlaps.
    """
    basis = historie_bij_versie(huidig, gelezen_versie)
    samengevoegd: dict[str, Any] = {}
    teksten: dict[str, Tekstsamenvoeging] = {}
    botsingen: dict[str, Waardebotsing] = {}
    for attname, mijn in velden.items():
        hun = getattr(huidig, attname)
        vorig = getattr(basis, attname) if basis is not None else None
        if is_tekstveld(type(huidig), attname):
            tekst = teksten_samenvoegen(None if basis is None else vorig or "", hun or "", mijn or "")
            teksten[attname] = tekst
            if tekst.gelukt:
                samengevoegd[attname] = tekst.tekst
            continue
        if basis is None:  # an unchanged and a changed value cannot be told apart: only equal values agree
            uitkomst = hun if hun == mijn else Waardebotsing(None, hun, mijn)
        else:
            uitkomst = waarde_samenvoegen(vorig, hun, mijn)
        if isinstance(uitkomst, Waardebotsing):
            botsingen[attname] = uitkomst
        else:
            samengevoegd[attname] = uitkomst
    if botsingen or any(not t.gelukt for t in teksten.values()):
        raise Bewerkingsconflict(
            huidig,
            basis_versie=gelezen_versie,
            mijn=velden,
            teksten=teksten,
            botsingen=botsingen,
            samengevoegd=samengevoegd,
        )
    return samengevoegd


@transaction.atomic
def opslaan_met_versie(obj: Model, gelezen_versie: int, velden: dict[str, Any]) -> int:
    """Write `velden` to `obj` if its stored version is still `gelezen_versie`; return the new version.

    If others saved since, their changes and these are merged first (and the merged values are written and
    validated); raises Bewerkingsconflict (with the current row and the overlaps) when they overlap.
    """
    model = type(obj)
    versie = gelezen_versie
    for _poging in range(_POGINGEN):
        bijgewerkt = model._default_manager.filter(pk=obj.pk, versie=versie).update(versie=F("versie") + 1, **velden)
        if bijgewerkt == 1:
            break
        huidig = model._default_manager.get(pk=obj.pk)
        # Merged against `versie`: the person's version first, then the one the previous round merged with.
        velden = samenvoegen_met_opgeslagen(huidig, versie, velden)
        versie = getattr(huidig, "versie")  # noqa: B009  # every model saved here has it; Model's type does not
    else:
        raise Bewerkingsconflict(model._default_manager.get(pk=obj.pk))
    obj.refresh_from_db()
    if versie != gelezen_versie:
        # Both changes were fine alone; together they must still be valid (e.g. a start after a moved end).
        obj.full_clean(
            exclude=[f.name for f in model._meta.concrete_fields if f.attname not in velden],
            validate_unique=False,
            validate_constraints=False,
        )
    # The row is ours until commit; saving the same values once more lets django-simple-history
    # record who changed what (it listens to save(), not to queryset updates).
    obj.save()
    # The UPDATE matched `versie` and raised it by one; the row stays ours until commit.
    return versie + 1


def opslagen_tussen(obj: Model, na: int, tot: int) -> list[Any]:
    """The history rows of the saves that made versions `na` + 1 up to `tot` - 1 of `obj`, oldest first."""
    rijen = historie_van(obj).filter(versie__gt=na, versie__lt=tot).select_related("history_user")
    laatste: dict[int, Any] = {}
    for rij in rijen.order_by("history_date", "history_id"):
        laatste[rij.versie] = rij
    return [laatste[v] for v in sorted(laatste)]


def samengevoegd_met(obj: Model, gelezen_versie: int) -> list[Any]:
    """The history rows of the saves by others that the last save of `obj` (read at `gelezen_versie`) was merged
    with: none when it was saved on the version it was read at."""
    return opslagen_tussen(obj, gelezen_versie, getattr(obj, "versie"))  # noqa: B009  # as above


def samenvoegnotitie(obj: Model, gelezen_versie: int) -> str:
    """For the change record: " (samengevoegd met de wijziging van X van 7-12 10:42)", or "" without a merge."""
    andere = samengevoegd_met(obj, gelezen_versie)
    if not andere:
        return ""
    return " " + _("(samengevoegd met de wijziging van %(wie)s)") % {"wie": wie_wanneer(andere)}


def wie_wanneer(opslagen: list[Any]) -> str:
    """ "Daan Willems om 07-12-2026 10:42, ..." for history rows: who saved, and when."""
    return ", ".join(
        _("%(wie)s op %(op)s")
        % {
            "wie": rij.history_user.get_full_name() if rij.history_user else _("onbekend"),
            "op": timezone.localtime(rij.history_date).strftime("%d-%m-%Y %H:%M"),
        }
        for rij in opslagen
    )


def basistekst(obj: Model, attname: str, versie: int) -> str | None:
    """The text of field `attname` at `versie`, the base of a merge; None when that version's history is gone."""
    rij = historie_bij_versie(obj, versie)
    return None if rij is None else getattr(rij, attname) or ""


def koppelingen_samengevoegd(
    obj: Model, gelezen_versie: int | None, veld: str, doel: str, gekozen: set[int]
) -> set[int]:
    """The rows a many-to-many field `veld` of `obj` links to (`gekozen`: their pks, as the person chose them on
    `gelezen_versie`), merged with a save by someone else since: what either added is linked, what either removed
    is not (a set has no overlap to settle). `doel`: the history's through-row attribute holding the linked pk
    (e.g. "planuitdaging_id"). The person's choice as is when nobody saved since or the history is gone."""
    opgeslagen = type(obj)._default_manager.filter(pk=obj.pk).values_list("versie", flat=True).first()
    if gelezen_versie is None or opgeslagen in (None, gelezen_versie):
        return gekozen
    basis = historie_bij_versie(obj, gelezen_versie)
    if basis is None:
        return gekozen
    return verzamelingen_samenvoegen(
        {getattr(r, doel) for r in getattr(basis, veld).all()},
        set(getattr(obj, veld).values_list("pk", flat=True)),
        gekozen,
    )
