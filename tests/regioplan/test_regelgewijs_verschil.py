"""The redline of a proposal (regio.verschil.regelgewijs_verschil): line by line, then word by word within the
changed lines; whatever the texts, the old text is what is not inserted and the new text what is not deleted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regio.verschil import regelgewijs_verschil, tekstverschil

REGELS = st.lists(st.sampled_from(["Zorg dichtbij.", "Goede zorg", "voor iedereen", "", "  ", "De huisarts."]))
TEKSTEN = REGELS.map("\n".join)


@given(TEKSTEN, TEKSTEN)
def test_the_redline_holds_both_texts_and_nothing_else(oud: str, nieuw: str) -> None:
    stukken = regelgewijs_verschil(oud, nieuw)
    assert "".join(s.tekst for s in stukken if s.soort != "erbij") == oud
    assert "".join(s.tekst for s in stukken if s.soort != "weg") == nieuw
    assert all(s.tekst for s in stukken)


def test_a_changed_word_in_a_long_text_is_marked_as_that_word() -> None:
    oud = "\n\n".join(f"Alinea {i}: wij werken samen aan goede zorg." for i in range(200))
    nieuw = oud.replace("Alinea 120: wij werken samen aan goede zorg.", "Alinea 120: wij werken samen aan betere zorg.")
    stukken = regelgewijs_verschil(oud, nieuw)
    assert [(s.soort, s.tekst) for s in stukken if s.soort != "gelijk"] == [("weg", "goede"), ("erbij", "betere")]
    assert [s for s in stukken if s.soort != "gelijk"] == [s for s in tekstverschil(oud, nieuw) if s.soort != "gelijk"]


@given(st.lists(st.sampled_from(["zorg", "dichtbij", "samen", "wij", " ", "  ", "\n"])).map("".join), TEKSTEN)
def test_word_by_word_the_redline_still_holds_both_texts(oud: str, nieuw: str) -> None:
    stukken = tekstverschil(oud, nieuw)
    assert "".join(s.tekst for s in stukken if s.soort != "erbij") == oud
    assert "".join(s.tekst for s in stukken if s.soort != "weg") == nieuw
    assert all(s.tekst for s in stukken)


def test_a_phrase_replaced_word_by_word_reads_as_one_deletion_and_one_insertion() -> None:
    stukken = tekstverschil(
        "Wat beide partijen hierover afspreken.", "Wat zorggroep en zorgverzekeraar samen hierover afspreken."
    )
    assert [(s.soort, s.tekst) for s in stukken] == [
        ("gelijk", "Wat "),
        ("weg", "beide partijen"),
        ("erbij", "zorggroep en zorgverzekeraar samen"),
        ("gelijk", " hierover afspreken."),
    ]
