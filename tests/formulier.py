"""Reading a rendered form as a browser would post it, for tests that post a page's own form back (the conflict
page's choices, a form prefilled with merged values)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

# One overlapping passage on a conflict page (templates/_samenvoegen.html).
PASSAGE = re.compile(r'<fieldset class="passage".*?</fieldset>', re.DOTALL)


class _Formulier(HTMLParser):
    """What a browser posts for the page's form with class "formulier": filled fields, checked choices."""

    def __init__(self) -> None:
        super().__init__()
        self.velden: dict[str, list[str]] = {}
        self._in_form = False
        self._tekstvak: str | None = None
        self._keuzelijst: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "formulier" in a.get("class", ""):
            self._in_form = True
        if not self._in_form or "name" not in a:
            if tag == "option" and self._keuzelijst and "selected" in a:
                self.velden.setdefault(self._keuzelijst, []).append(a.get("value", ""))
            return
        if tag == "input" and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            # A checked box without a value posts "on"; any other input without a value posts "".
            leeg = "on" if a.get("type") in ("checkbox", "radio") else ""
            self.velden.setdefault(a["name"], []).append(a.get("value", leeg))
        elif tag == "textarea":
            self._tekstvak = a["name"]
            self.velden[a["name"]] = [""]
        elif tag == "select":
            self._keuzelijst = a["name"]

    def handle_data(self, data: str) -> None:
        if self._tekstvak:
            self.velden[self._tekstvak][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._tekstvak:
            tekst = self.velden[self._tekstvak][0]
            self.velden[self._tekstvak][0] = tekst[1:] if tekst.startswith("\n") else tekst
            self._tekstvak = None
        elif tag == "select":
            self._keuzelijst = None
        elif tag == "form":
            self._in_form = False


def ingevuld(html_: str, **anders: str) -> dict[str, Any]:
    """The fields of the page's form with class "formulier" as posted (CSRF token left out), with `anders` instead."""
    lezer = _Formulier()
    lezer.convert_charrefs = True
    lezer.feed(html_)
    velden: dict[str, Any] = {k: v if len(v) > 1 else v[0] for k, v in lezer.velden.items()}
    velden.pop("csrfmiddlewaretoken", None)
    return {**velden, **anders}
