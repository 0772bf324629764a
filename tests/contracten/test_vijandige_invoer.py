"""Issue 7, hostile input on the contract forms: whatever is posted, the answer is a page (never a 500), and either
everything is stored or nothing (property-based, with hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracten.models import Afspraakbedrag, Contractafspraak, Meetresultaat, Praktijkdeelname
from regio.invoer import getal_lezen
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

# Text a person (or an attacker) might type: numbers in every notation, markup, quotes, control and wide characters.
RUIS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["12.500,50", "1e9", "-0", "NaN", "Infinity", "100", "99,999", "<script>", "' OR 1=1 --", ""]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
)
VOORBEELDEN = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@given(tekst=RUIS)
@settings(max_examples=300, deadline=None)
def test_reading_a_number_gives_a_number_or_a_plain_dutch_error_and_nothing_else(tekst: str) -> None:
    with translation.override("nl"):
        try:
            waarde = getal_lezen(tekst)
        except ValidationError as fout:
            assert fout.messages[0].startswith("Vul een getal in")
        else:
            assert isinstance(waarde, Decimal) and waarde.is_finite()


@given(waarde=st.decimals(min_value=-(10**9), max_value=10**9, places=2))
@settings(max_examples=200, deadline=None)
def test_a_number_written_in_the_page_s_language_reads_back_as_itself(waarde: Decimal) -> None:
    from regio.getallen import getal

    for taal in ("nl", "en"):
        with translation.override(taal):
            assert getal_lezen(getal(waarde, 2).replace("\u2212", "-")) == waarde


@pytest.fixture
def w(contractwereld: Wereld) -> Any:
    return contractwereld


def _client(gebruiker: Any) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def _aantallen() -> tuple[int, int, int, int]:
    return (
        Contractafspraak.objects.count(),
        Afspraakbedrag.objects.count(),
        Meetresultaat.objects.count(),
        Praktijkdeelname.objects.exclude(besluit="uitgenodigd").count(),
    )


def _afspraak(w: Any) -> dict[str, str]:
    """A valid agreement line, as the form posts it."""
    return {
        "titel": "Wijkverpleging en huisarts",
        "segment": "S2",
        "activiteit": str(w.contract.regioplan.activiteiten.first().pk),
        "aandeel_praktijk": "62,5",
        "aandeel_regio": "37,5",
        "bedrag_2026": "12.500,50",
        "bedrag_2027": "12500",
    }


@given(
    veld=st.sampled_from(
        ["titel", "segment", "activiteit", "aandeel_praktijk", "aandeel_regio", "bedrag_2026", "bedrag_2027"]
    ),
    tekst=RUIS,
)
@VOORBEELDEN
def test_an_agreement_line_with_any_one_field_spoiled_is_stored_whole_or_not_at_all(
    w: Any, veld: str, tekst: str
) -> None:
    voor = _aantallen()
    antwoord = _client(w.bewerker).post(
        reverse("contracten:afspraak_nieuw", args=[w.regio.slug, w.contract.pk]), {**_afspraak(w), veld: tekst}
    )
    assert antwoord.status_code in (302, 400, 409)
    na = _aantallen()
    if antwoord.status_code == 302:
        nieuw = Contractafspraak.objects.latest("pk")
        assert na[0] == voor[0] + 1
        assert na[1] - voor[1] == nieuw.bedragen.count()  # its amounts came with it, no more, no less
    else:
        assert na == voor


@given(veld=st.sampled_from(["peildatum", "waarde", "toelichting", "rapportagemoment"]), tekst=RUIS)
@VOORBEELDEN
def test_a_result_with_any_one_field_spoiled_is_stored_whole_or_not_at_all(w: Any, veld: str, tekst: str) -> None:
    voor = _aantallen()
    geldig = {"peildatum": "2026-01-15", "waarde": "12,5", "toelichting": "", "rapportagemoment": ""}
    antwoord = _client(w.bewerker).post(
        reverse("contracten:resultaat_vastleggen", args=[w.regio.slug, w.contract.pk, w.meetpunt.pk]),
        {**geldig, veld: tekst},
    )
    assert antwoord.status_code in (302, 400, 409)
    if antwoord.status_code != 302:
        assert _aantallen() == voor


@given(besluit=RUIS, besloten_op=RUIS, doel=RUIS, toelichting=RUIS)
@VOORBEELDEN
def test_a_practice_decision_posted_with_anything_is_stored_whole_or_not_at_all(
    w: Any, besluit: str, besloten_op: str, doel: str, toelichting: str
) -> None:
    voor = _aantallen()
    antwoord = _client(w.praktijkhouder).post(
        reverse("contracten:uitnodiging_besluiten", args=[w.regio.slug, w.deelname.pk]),
        {"besluit": besluit, "besloten_op": besloten_op, "doel": doel, "toelichting": toelichting},
    )
    assert antwoord.status_code in (302, 400)
    if antwoord.status_code == 400:
        assert _aantallen() == voor
