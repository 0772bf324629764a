"""regio.historie.weergave: a field's value as a person reads it in a comparison ("sinds ondertekening", plan
versions), numbers written by regio.getallen in the reader's language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from contracten.models import Contractafspraak, Verdeelaanbieder, Verdeelmodel
from regio.historie import weergave
from regioplan.models import Activiteit


@pytest.mark.parametrize(
    ("taal", "verwacht"),
    [("nl", ["70%", "12,5%", "€ 12.500,00", "4.200"]), ("en", ["70%", "12.5%", "€12,500.00", "4,200"])],
)
def test_shares_money_and_numbers_read_as_numbers_in_the_readers_language(taal: str, verwacht: list[str]) -> None:
    with translation.override(taal):
        gezien = [
            weergave(Contractafspraak(aandeel_praktijk=Decimal("70.00")), "aandeel_praktijk"),
            weergave(Verdeelmodel(drempel_procent=Decimal("12.50")), "drempel_procent"),
            weergave(Activiteit(begroting=Decimal("12500.00")), "begroting"),
            weergave(Verdeelaanbieder(grondslag=Decimal("4200.00")), "grondslag"),
        ]
    assert gezien == verwacht


def test_no_estimate_reads_as_nothing() -> None:
    assert weergave(Activiteit(begroting=None), "begroting") == ""
