"""Text that people write (Markdown) turned into HTML that is safe to show, on a page and in a PDF."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

# What a plan or interpretation needs: paragraphs, headings, lists, emphasis, links, quotes, simple tables.
TOEGESTANE_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
TOEGESTANE_ATTRIBUTEN = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
# No file:, javascript:, data: or relative tricks: a link goes to the web or to an e-mail address.
TOEGESTANE_SCHEMAS = {"http", "https", "mailto"}


def markdown_naar_html(tekst: str) -> SafeString:
    """Markdown -> sanitised HTML: raw HTML in the text is removed, links get rel="noopener noreferrer"."""
    html = markdown.markdown(tekst or "", extensions=["tables", "sane_lists"], output_format="html")
    schoon = nh3.clean(
        html,
        tags=TOEGESTANE_TAGS,
        attributes=TOEGESTANE_ATTRIBUTEN,
        url_schemes=TOEGESTANE_SCHEMAS,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(schoon)  # noqa: S308 - sanitised by nh3 just above
