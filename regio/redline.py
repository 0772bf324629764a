"""A word-level difference (`regio.verschil.Stuk`s) as HTML a person reads: deleted words struck through, inserted
words underlined, each with hidden words for a screen reader ("[verwijderd:]", "[toegevoegd:]"), so the change is
not told by colour alone.

A text of more than one line is Markdown (a plan part, an interpretation): its redline is shown the way the text
itself is shown (headings, lists, emphasis), not as Markdown source with its `###` and `**`. To get there the changed
words are wrapped in private-use characters, the whole is converted by the one Markdown converter
(`regio.opmaak`), and only then do the characters become <ins> and <del>; nh3 cleans the result once more, which
also closes tags that a change across an emphasis left crossed. A one-line value (a title, an amount) stays inline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from regio.opmaak import TOEGESTANE_ATTRIBUTEN, TOEGESTANE_SCHEMAS, TOEGESTANE_TAGS, omzetten
from regio.verschil import Stuk

_TEKENS = {"weg": ("\ue002", "\ue003"), "erbij": ("\ue000", "\ue001")}
_PRIVE = {ord(c): None for paar in _TEKENS.values() for c in paar}
# What opens a Markdown block at the start of a line: it stays outside the marks, so a changed heading or list
# item is still a heading or a list item.
_BLOKBEGIN = re.compile(r"^(?:\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?))*")
_TAGS = TOEGESTANE_TAGS | {"ins", "del", "span"}
_ATTRIBUTEN = {**TOEGESTANE_ATTRIBUTEN, "span": {"class"}}


def _open(soort: str) -> str:
    tag, woord = ("del", _("[verwijderd:]")) if soort == "weg" else ("ins", _("[toegevoegd:]"))
    return f'<{tag}><span class="visueel-verborgen">{escape(woord)} </span>'


def _sluit(soort: str) -> str:
    return "</del>" if soort == "weg" else "</ins>"


def redline_html(stukken: Sequence[Stuk]) -> SafeString:
    if not any("\n" in s.tekst.strip("\n") for s in stukken):
        return mark_safe(  # noqa: S308 - every text is escaped here
            "".join(
                escape(s.tekst) if s.soort == "gelijk" else _open(s.soort) + escape(s.tekst) + _sluit(s.soort)
                for s in stukken
            )
        )
    bron: list[str] = []
    for s in stukken:
        tekst = s.tekst.translate(_PRIVE)
        if s.soort == "gelijk":
            bron.append(tekst)
            continue
        begin, eind = _TEKENS[s.soort]
        for deel in re.split(r"(\n)", tekst):
            if not deel.strip():
                bron.append(deel)
                continue
            voor = ""
            if not bron or "".join(bron[-1:]).endswith("\n"):
                voor = m.group(0) if (m := _BLOKBEGIN.match(deel)) else ""  # the pattern matches empty too
                deel = deel[len(voor) :]
            kern = deel.strip()
            links, rechts = deel[: len(deel) - len(deel.lstrip())], deel[len(deel.rstrip()) :]
            bron.append(f"{voor}{links}{begin}{kern}{eind}{rechts}")
    html = omzetten("".join(bron))
    for soort, (begin, eind) in _TEKENS.items():
        html = html.replace(begin, _open(soort)).replace(eind, _sluit(soort))
    return mark_safe(  # noqa: S308 - cleaned by nh3 right here
        nh3.clean(
            html, tags=_TAGS, attributes=_ATTRIBUTEN, url_schemes=TOEGESTANE_SCHEMAS, link_rel="noopener noreferrer"
        )
    )
