"""Who wrote a history row, and what a document's rows were at a moment: django-simple-history's middleware only
knows the user of a web request, while the services also run in the worker, in commands and in tests. Every service
names the person itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Field
from django.utils.translation import gettext as _
from simple_history.utils import get_history_manager_for_model

from regio import getallen
from regio.verschil import Stuk, tekstverschil

if TYPE_CHECKING:
    from django.db.models import Model

    from regio.models import Gebruiker


def historie_van(obj: Model | type[Model]) -> Any:
    """django-simple-history's records of a row (its own) or of a model (all rows): the manager that
    `HistoricalRecords()` adds as `history`, which the type stubs do not know."""
    return get_history_manager_for_model(obj)


def door(obj: object, acting_user: Gebruiker) -> None:
    """Name the person in the history row written on the next save() or delete() of `obj`."""
    obj._history_user = acting_user  # type: ignore[attr-defined]


def stand_op(model: type[Model], moment: dt.datetime, *, nu: list[Any] | None = None, **filters: Any) -> list[Any]:
    """The rows of `model` matching `filters` as they were at `moment`, from django-simple-history's records: rows
    deleted since come back, rows made later are left out. A row without any record (made in bulk with its document
    and never changed since) is as it is now. Two queries whatever the number of rows; one when the caller passes
    the rows as they are now (`nu`, the same filters), which it reads anyway to compare.

    Not simple-history's `as_of`: for a model with fields left out of its history (a contract line's agreement) that
    reads each row again for those fields, a query per row. Here they keep their defaults: no comparison shows them."""
    sleutel = model._meta.pk.attname
    velden = [f.attname for f in model._meta.concrete_fields]
    laatste: dict[Any, Any] = {}
    met_historie: set[Any] = set()
    for h in historie_van(model).filter(**filters).order_by("history_date", "history_id"):
        met_historie.add(getattr(h, sleutel))
        if h.history_date <= moment:
            laatste[getattr(h, sleutel)] = h
    rijen = []
    for h in laatste.values():
        if h.history_type == "-":
            continue
        rij = model(**{v: getattr(h, v) for v in velden if hasattr(h, v)})
        rij._state.adding = False
        rijen.append(rij)
    huidig = nu if nu is not None else list(model._default_manager.filter(**filters))
    return rijen + [r for r in huidig if r.pk not in met_historie]


def weergave(obj: Any, veld: str) -> str:
    """A field's value as a person reads it: the label of a choice, ja/nee, a number in the reader's language (as
    its name says: "aandeel praktijk (%)" 70%, not 70.00; "geschatte kosten (euro)" € 12.500,00), nothing for None."""
    waarde = getattr(obj, veld)
    if waarde is None or waarde == "":
        return ""
    field = next((f for f in obj._meta.fields if f.name == veld), None)  # None: a property (an activity's start)
    if isinstance(field, Field) and field.choices:
        return str(getattr(obj, f"get_{veld}_display")())
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if isinstance(waarde, Decimal):
        naam = label(obj, veld)
        if naam.endswith("(%)"):
            return getallen.procent(waarde)
        return getallen.euro(waarde) if naam.endswith(("(€)", "(euro)", "(euros)")) else getallen.getal(waarde)
    return str(waarde)


def label(obj: Any, veld: str) -> str:
    """A field's name as a person reads it."""
    return str(getattr(obj._meta.get_field(veld), "verbose_name", veld))


def euro(waarde: Any) -> str:
    return "" if waarde is None else getallen.euro(waarde)


@dataclass(frozen=True)
class Versie:
    """One saved text of a part: its history row, who saved it when, and the text."""

    history_id: int
    op: dt.datetime
    door: str
    tekst: str


@dataclass(frozen=True)
class Versiekeuze:
    """Every saved text of one part, newest first, with the two a person picked (`a` older, `b` newer; by default
    the last two saves) and the difference between them."""

    versies: list[Versie]
    oud: Versie | None
    nieuw: Versie | None

    @property
    def verschil(self) -> list[Stuk] | None:
        if self.oud is None or self.nieuw is None:
            return None
        return tekstverschil(self.oud.tekst, self.nieuw.tekst)


def versies_kiezen(deel: Model, veld: str, a: str, b: str) -> Versiekeuze:
    """The saved texts (field `veld`) of `deel` from its history, and the two picked by history_id. One query."""
    versies = [
        Versie(h.history_id, h.history_date, h.history_user.get_full_name() if h.history_user else "", getattr(h, veld))
        for h in historie_van(deel).select_related("history_user").order_by("-history_date", "-history_id")
    ]
    per_id = {v.history_id: v for v in versies}

    def gekozen(waarde: str, standaard: int | None) -> int | None:
        return int(waarde) if waarde.isdigit() and int(waarde) in per_id else standaard

    nieuw_id = gekozen(b, versies[0].history_id if versies else None)
    oud_id = gekozen(a, versies[1].history_id if len(versies) > 1 else nieuw_id)
    return Versiekeuze(versies, per_id.get(oud_id) if oud_id else None, per_id.get(nieuw_id) if nieuw_id else None)
