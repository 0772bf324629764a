"""The comment form: the text, and the ids of the people picked from the name suggestions (static/js/noemen.js)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Gekozen(forms.Field):
    """The ids the suggestions left in hidden fields; anything else is refused, not guessed at."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        waarden = value if isinstance(value, list | tuple) else [value] if value else []
        if not all(isinstance(w, str) and w.isdigit() and len(w) < 10 for w in waarden):
            raise ValidationError(_("Kies de mensen die u wilt noemen uit de lijst."), code="ongeldig")
        return [int(w) for w in waarden]


class ReactieForm(forms.Form):
    tekst = forms.CharField(
        label=_("Uw reactie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text=_(
            "Iemand noemen: typ @ en de eerste letters van de naam, en kies met de pijltjes en Enter. "
            "Wie u noemt, krijgt een e-mail met een link naar uw reactie; de anderen zien haar op de pagina."
        ),
    )
    genoemd = Gekozen(required=False)

    def __init__(self, *args: Any, namen_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tekst"].widget.attrs.update(
            {
                "data-noemen": namen_url,
                "aria-autocomplete": "list",
                "autocomplete": "off",
                # What static/js/noemen.js says (through a live region) and names its list; %s is filled in there.
                "data-noemen-lijst": gettext("Mensen om te noemen"),
                "data-noemen-een": gettext("1 naam gevonden. Kies met Enter, sluit met Escape."),
                "data-noemen-gevonden": gettext("%s namen gevonden. Kies met pijl omlaag en Enter, sluit met Escape."),
                "data-noemen-geen": gettext("Geen namen gevonden."),
                "data-noemen-gekozen": gettext("%s genoemd."),
            }
        )

    def clean(self) -> dict[str, Any] | None:
        # The picks live in hidden fields: a refusal shows at the text, where the person typed the names.
        if fouten := self.errors.pop("genoemd", None):
            self.add_error("tekst", fouten)
        return super().clean()
