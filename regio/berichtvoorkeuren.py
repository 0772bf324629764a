"""The form of the "Meldingen" page: per kind of e-mail, at once or in the daily digest."""

from __future__ import annotations

from typing import Any

from django import forms

from regio.berichten import Berichtsoort, Bezorging


class VoorkeurenForm(forms.Form):
    """One required radio group per kind of message (`Berichtsoort`), named after the kind."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for soort in Berichtsoort:
            self.fields[soort.value] = forms.ChoiceField(
                label=soort.label, choices=Bezorging.choices, widget=forms.RadioSelect
            )
