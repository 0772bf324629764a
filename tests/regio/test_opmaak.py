"""Markdown that people type: what looks like a tag is text, and nothing typed disappears (regio/opmaak.py)."""

from __future__ import annotations

import pytest

from regio.opmaak import markdown_naar_html


@pytest.mark.parametrize("tag", ["script", "style", "textarea", "title", "iframe"])
def test_an_unclosed_tag_is_shown_as_text_and_the_rest_of_the_part_stays(tag: str) -> None:
    html = markdown_naar_html(f"Wij gebruiken geen <{tag}> in de portal. Daarna volgt meer.\n\nTweede **alinea**.")
    assert f"Wij gebruiken geen &lt;{tag}&gt; in de portal. Daarna volgt meer." in html
    assert "<p>Tweede <strong>alinea</strong>.</p>" in html
    assert f"<{tag}" not in html


def test_markup_typed_as_html_is_shown_as_written_and_never_becomes_a_tag() -> None:
    html = markdown_naar_html('Zie <b>dit</b> en <img src=x onerror="alert(1)"> en a < b & c.')
    assert "&lt;b&gt;dit&lt;/b&gt;" in html and "&lt;img src=x onerror=" in html and "a &lt; b &amp; c" in html
    assert "<b>" not in html and "<img" not in html


def test_markdown_itself_still_works_with_links_and_autolinks() -> None:
    html = markdown_naar_html("## Kop\n\n- [site](https://example.org) en <https://regio.test/plan>\n\n> citaat")
    assert "<h2>Kop</h2>" in html and "<blockquote>" in html
    assert 'href="https://example.org"' in html and 'href="https://regio.test/plan"' in html
    assert 'rel="noopener noreferrer"' in html
