"""A proposal's or a comparison's redline reads like the text itself: Markdown shown as headings, lists and emphasis,
with deleted and inserted words marked by <del>/<ins> and by hidden words for screen readers."""

from __future__ import annotations

from regio.redline import redline_html
from regio.verschil import Stuk, regelgewijs_verschil

OUD = "### Mensen en tijd\n\nDe zorggroep zet **een** programmamanager in.\n\n- punt een\n- punt twee\n"
NIEUW = (
    "### Mensen, tijd en geld\n\nDe zorggroep zet **twee** programmamanagers in.\n\n"
    "- punt een\n- punt drie\n- nieuw punt\n"
)


def test_markdown_redline_keeps_headings_lists_and_emphasis() -> None:
    html = redline_html(regelgewijs_verschil(OUD, NIEUW))
    assert "###" not in html and "**" not in html
    assert html.startswith("<h3>") and "<ul>" in html
    assert "<strong>twee</strong> programmamanagers</ins>" in html
    assert '<del><span class="visueel-verborgen">[verwijderd:] </span>twee</del>' in html
    assert '<li><ins><span class="visueel-verborgen">[toegevoegd:] </span>nieuw punt</ins></li>' in html


def test_one_line_value_stays_inline_and_escaped() -> None:
    html = redline_html([Stuk("weg", "€ 35.000"), Stuk("gelijk", " "), Stuk("erbij", "<b>€ 40.000</b>")])
    assert "<p>" not in html
    assert "&lt;b&gt;€ 40.000&lt;/b&gt;" in html
    assert html.count("<del>") == 1 and html.count("<ins>") == 1


def test_typed_html_and_private_marks_do_not_become_markup() -> None:
    oud = "Eerste regel\n\nTweede regel"
    nieuw = "Eerste regel\n\nTweede <script>alert(1)</script> regel \ue000"
    html = redline_html(regelgewijs_verschil(oud, nieuw))
    assert "<script>" not in html and "\ue000" not in html
    assert "&lt;script&gt;" in html
