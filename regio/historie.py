"""Who wrote a history row: django-simple-history's middleware only knows the user of a web request, while the
services also run in the worker, in commands and in tests. Every service names the person itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Model

    from regio.models import Gebruiker


def door(obj: Model, acting_user: Gebruiker) -> None:
    """Name the person in the history row written on the next save() or delete() of `obj`."""
    obj._history_user = acting_user  # type: ignore[attr-defined]
