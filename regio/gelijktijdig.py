"""Optimistic locking: a save succeeds only if nobody else saved the same row since it was read.

The check is in the UPDATE itself (`WHERE versie = <read version>`), so two saves at the same
moment cannot both win, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db import transaction
from django.db.models import F, Model

M = TypeVar("M", bound=Model)


class Bewerkingsconflict(Exception, Generic[M]):
    """Someone else saved this part after it was opened; nothing was overwritten.

    `huidig` is the row as stored now, of the model that was saved (a handler names it: `huidig: Deel = ...`).
    """

    def __init__(self, huidig: M) -> None:
        super().__init__("bewerkingsconflict")
        self.huidig = huidig


@transaction.atomic
def opslaan_met_versie(obj: Model, gelezen_versie: int, velden: dict[str, Any]) -> int:
    """Write `velden` to `obj` if its stored version is still `gelezen_versie`; return the new version.

    Raises Bewerkingsconflict (with the current row) when another save came first.
    """
    model = type(obj)
    bijgewerkt = model._default_manager.filter(pk=obj.pk, versie=gelezen_versie).update(
        versie=F("versie") + 1, **velden
    )
    if bijgewerkt != 1:
        raise Bewerkingsconflict(model._default_manager.get(pk=obj.pk))
    obj.refresh_from_db()
    # The row is ours until commit; saving the same values once more lets django-simple-history
    # record who changed what (it listens to save(), not to queryset updates).
    obj.save()
    # The UPDATE matched `gelezen_versie` and raised it by one; the row stays ours until commit.
    return gelezen_versie + 1
