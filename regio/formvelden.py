"""Small helpers for forms: typed access to the choice fields that forms narrow per page, and the
version field after an editing conflict.

`form.fields[naam]` is a plain `Field` to the type checker, so setting a queryset or choices on it needs
the field's own type. These helpers check that type once (a wrong name fails loudly, not silently).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.http import QueryDict


def modelkeuze(
    form: forms.BaseForm,
    naam: str,
    queryset: QuerySet[Any] | None = None,
    *,
    label: Callable[[Any], str] | None = None,
) -> forms.ModelChoiceField[Model]:
    """The model choice field `naam` of `form`; its choices become `queryset` and read as `label(obj)`, if given."""
    veld = form.fields[naam]
    if not isinstance(veld, forms.ModelChoiceField):
        raise TypeError(f"{naam} is geen ModelChoiceField maar {type(veld).__name__}")
    if queryset is not None:
        veld.queryset = queryset
    if label is not None:
        # Django's documented way is a subclass per label; one instance attribute does the same for one form.
        veld.label_from_instance = label  # type: ignore[method-assign, assignment]
    return veld


def keuzelijst(form: forms.BaseForm, naam: str) -> forms.ChoiceField:
    """The choice field `naam` of `form`, to set its choices."""
    veld = form.fields[naam]
    if not isinstance(veld, forms.ChoiceField):
        raise TypeError(f"{naam} is geen ChoiceField maar {type(veld).__name__}")
    return veld


def versie_bijwerken(form: forms.BaseForm, versie: int) -> None:
    """After a conflict the form is shown again with the person's input, but with the version now stored,
    so the next save (after they merged) is checked against what they have just seen."""
    data: QueryDict | dict[str, Any] = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
    data["versie"] = str(versie)
    form.data = data
