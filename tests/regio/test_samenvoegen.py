"""The three-way merge of two people's saves (regio.samenvoegen): what merges by itself, what overlaps, and a
property test that no line is ever lost."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from regio.samenvoegen import (
    Eigen,
    Overlap,
    Waardebotsing,
    teksten_samenvoegen,
    verzamelingen_samenvoegen,
    waarde_samenvoegen,
)

BASIS = "## Missie\n\nZorg dichtbij.\n\n## Visie\n\nDe huisarts is het eerste aanspreekpunt."


def test_changes_to_different_paragraphs_merge_by_themselves() -> None:
    hun = BASIS.replace("Zorg dichtbij.", "Goede zorg dichtbij.")
    mijn = BASIS.replace("eerste aanspreekpunt.", "eerste en vaste aanspreekpunt.")
    samen = teksten_samenvoegen(BASIS, hun, mijn)
    assert samen.gelukt
    assert (
        samen.tekst
        == "## Missie\n\nGoede zorg dichtbij.\n\n## Visie\n\nDe huisarts is het eerste en vaste aanspreekpunt."
    )


def test_a_paragraph_added_by_one_and_a_line_changed_by_the_other_both_survive() -> None:
    hun = BASIS + "\n\n## Randvoorwaarden\n\nGeld."
    mijn = BASIS.replace("## Missie", "## Onze missie")
    samen = teksten_samenvoegen(BASIS, hun, mijn)
    assert samen.tekst == hun.replace("## Missie", "## Onze missie")


def test_both_changing_the_same_paragraph_is_an_overlap_with_only_that_passage() -> None:
    hun = BASIS.replace("Zorg dichtbij.", "Zorg in de wijk.")
    mijn = BASIS.replace("Zorg dichtbij.", "Zorg om de hoek.").replace("## Visie", "## Onze visie")
    samen = teksten_samenvoegen(BASIS, hun, mijn)
    assert not samen.gelukt
    assert samen.overlappen == [Overlap(("Zorg dichtbij.",), ("Zorg in de wijk.",), ("Zorg om de hoek.",))]
    # The rest is already merged; the person settles the passage.
    assert samen.ingevuld(["hun"]) == hun.replace("## Visie", "## Onze visie")
    assert samen.ingevuld(["mijn"]) == mijn
    eigen = "Zorg in de wijk, om de hoek."
    assert samen.ingevuld([Eigen(eigen)]) == mijn.replace("Zorg om de hoek.", eigen)


def test_an_emptied_passage_removes_its_lines_and_a_missing_choice_keeps_the_persons_own() -> None:
    samen = teksten_samenvoegen("a\n\nb", "a\n\nb2", "a\n\nb3")
    assert samen.ingevuld([Eigen("")]) == "a\n"
    assert samen.ingevuld([]) == "a\n\nb3"


def test_the_same_change_on_both_sides_is_no_overlap() -> None:
    assert teksten_samenvoegen("a", "b", "b").tekst == "b"
    assert teksten_samenvoegen("a\n\nb", "a\n\nc", "a\n\nc").tekst == "a\n\nc"


def test_without_a_base_two_different_texts_are_one_overlap() -> None:
    samen = teksten_samenvoegen(None, "hun\n\ntekst", "mijn")
    assert samen.overlappen == [Overlap((), ("hun", "", "tekst"), ("mijn",))]
    assert teksten_samenvoegen(None, "zelfde", "zelfde").tekst == "zelfde"


def test_a_value_changed_by_one_side_takes_that_change_and_by_both_differently_is_a_clash() -> None:
    assert waarde_samenvoegen(2026, 2027, 2026) == 2027
    assert waarde_samenvoegen(2026, 2026, 2028) == 2028
    assert waarde_samenvoegen(Decimal("10"), Decimal("12.00"), Decimal("12")) == Decimal("12")
    assert waarde_samenvoegen("gepland", "gestart", "afgerond") == Waardebotsing("gepland", "gestart", "afgerond")


def test_a_set_keeps_what_either_added_and_drops_what_either_removed() -> None:
    assert verzamelingen_samenvoegen({1, 2, 3}, {1, 2, 4}, {2, 3, 5}) == {2, 4, 5}


# --- property: never silently lose a line ----------------------------------------------------------------------

_teller = iter(range(10**9))


@st.composite
def _bewerking(draw: st.DrawFn, basis: list[str], naam: str) -> list[str]:
    """An edit of `basis`: each paragraph kept, removed or rewritten, and new paragraphs put in between."""
    uit: list[str] = []
    for i, alinea in enumerate([*basis, None]):
        if draw(st.booleans()) and draw(st.booleans()):
            uit.append(f"{naam}-nieuw-{i}-{draw(st.integers(0, 3))}")
        if alinea is None:
            break
        wat = draw(st.sampled_from(["houden", "houden", "weg", "anders"]))
        if wat == "houden":
            uit.append(alinea)
        elif wat == "anders":
            uit.append(f"{alinea}-{naam}")
    return uit


@st.composite
def _drie(draw: st.DrawFn) -> tuple[list[str], list[str], list[str]]:
    basis = [f"alinea-{i}" for i in range(draw(st.integers(0, 8)))]
    return basis, draw(_bewerking(basis, "hun")), draw(_bewerking(basis, "mijn"))


def _tekst(alineas: list[str], regels_per_alinea: bool) -> str:
    # Paragraphs separated by blank lines (Markdown), or one line each with no blank line in between.
    return ("\n" if regels_per_alinea else "\n\n").join(alineas)


@settings(max_examples=400, deadline=None)
@given(_drie(), st.booleans())
def test_any_two_edits_merge_to_a_text_with_both_changes_or_report_an_overlap_never_losing_a_line(
    drie: tuple[list[str], list[str], list[str]], regels_per_alinea: bool
) -> None:
    basis, hun, mijn = drie
    samen = teksten_samenvoegen(
        _tekst(basis, regels_per_alinea), _tekst(hun, regels_per_alinea), _tekst(mijn, regels_per_alinea)
    )
    if samen.gelukt:
        uitkomst = [r for r in samen.tekst.split("\n") if r]
        toegevoegd = (set(hun) | set(mijn)) - set(basis)
        assert toegevoegd <= set(uitkomst), "a line added by one side is missing"
        weg = (set(basis) - set(hun)) | (set(basis) - set(mijn))
        assert not weg & set(uitkomst), "a line removed by one side came back"
        assert set(uitkomst) == (set(basis) & set(hun) & set(mijn)) | toegevoegd
        assert all(n == 1 for n in Counter(uitkomst).values())
        # Order: what both kept stays in the order both had it.
        gehouden = [r for r in uitkomst if r in basis]
        assert gehouden == [r for r in basis if r in gehouden]
    else:
        # Every line either side added, and every line both kept, is on the page: merged, or in an overlap.
        getoond = {r for s in samen.stukken for r in ((*s.hun, *s.mijn) if isinstance(s, Overlap) else s)}
        assert (set(hun) | set(mijn)) - set(basis) <= getoond
        assert set(basis) & set(hun) & set(mijn) <= getoond
        # Taking the person's own side everywhere keeps every line they added.
        met_mijn = set(samen.ingevuld(["mijn"] * len(samen.overlappen)).split("\n"))
        assert set(mijn) - set(basis) <= met_mijn
        met_hun = set(samen.ingevuld(["hun"] * len(samen.overlappen)).split("\n"))
        assert set(hun) - set(basis) <= met_hun
