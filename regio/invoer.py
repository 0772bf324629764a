"""Numbers as people type them in the page's language: "12.500,50" in Dutch, "12,500.50" in English.

Django reads "12.500" in a Dutch form as 12.5 (its thousands handling is tied to USE_THOUSAND_SEPARATOR, which
would also print years as "2.026"). A budget of twelve thousand five hundred must never be stored as 12,50:
this field accepts the thousands separator only in real groups of three and refuses anything ambiguous.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _


def getal_lezen(tekst: str) -> Decimal:
    """`tekst` as a Decimal, read with the active language's separators; ValidationError if it is not clear."""
    decimaal = str(get_format("DECIMAL_SEPARATOR"))
    duizend = str(get_format("THOUSAND_SEPARATOR"))
    schoon = re.sub(r"[\s\u00a0\u202f€]", "", tekst).replace("\u2212", "-")
    patroon = rf"^[-+]?(\d{{1,3}}({re.escape(duizend)}\d{{3}})+|\d+)({re.escape(decimaal)}\d+)?$"
    if not re.match(patroon, schoon):
        voorbeeld = f"12{duizend}500{decimaal}50"
        raise ValidationError(_("Vul een getal in, zoals %(voorbeeld)s.") % {"voorbeeld": voorbeeld}, code="invalid")
    try:
        return Decimal(schoon.replace(duizend, "").replace(decimaal, "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid numbers
        raise ValidationError(_("Vul een getal in."), code="invalid") from exc


class Getalveld(forms.DecimalField):
    """A DecimalField that reads numbers as `getal_lezen` does and shows them in the page's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.widget = forms.TextInput(attrs={**self.widget.attrs, "inputmode": "decimal"})
        self.widget.is_localized = True

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs: IntegerField's
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        return getal_lezen(str(value))


class Keuzes(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses a key no database column can hold with the usual form error.

    Django checks each key with an exact lookup (safe), but then asks for them all with `pk__in`, and SQLite
    raises OverflowError on a number beyond 64 bits: a posted "99999999999999999999999" was a 500.
    """

    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, (list, tuple)) else ():
            try:
                getal = int(str(pk))
            except ValueError:
                continue  # not a number at all: Django's own check refuses it
            if not -(2**63) <= getal < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]
