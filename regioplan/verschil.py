"""Differences between two texts or two plan versions, as pieces a page (or a PDF) can mark up."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Soort = Literal["gelijk", "weg", "erbij"]
_WOORDEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Stuk:
    soort: Soort
    tekst: str


def tekstverschil(oud: str, nieuw: str) -> list[Stuk]:
    """Word-level difference between `oud` and `nieuw`; whitespace is kept, so line breaks survive."""
    a, b = _WOORDEN.findall(oud or ""), _WOORDEN.findall(nieuw or "")
    stukken: list[Stuk] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            stukken.append(Stuk("gelijk", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            stukken.append(Stuk("weg", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            stukken.append(Stuk("erbij", "".join(b[j1:j2])))
    return _samenvoegen(stukken)


def _samenvoegen(stukken: list[Stuk]) -> list[Stuk]:
    uit: list[Stuk] = []
    for s in stukken:
        if not s.tekst:
            continue
        if uit and uit[-1].soort == s.soort:
            uit[-1] = Stuk(s.soort, uit[-1].tekst + s.tekst)
        else:
            uit.append(s)
    return uit


def is_gewijzigd(stukken: list[Stuk]) -> bool:
    return any(s.soort != "gelijk" for s in stukken)


def regelgewijs_verschil(oud: str, nieuw: str) -> list[Stuk]:
    """As `tekstverschil`, but first line by line and word by word only within the lines that changed: a long text
    with a few changed sentences costs milliseconds instead of a word-by-word comparison of the whole."""
    a, b = (oud or "").splitlines(keepends=True), (nieuw or "").splitlines(keepends=True)
    stukken: list[Stuk] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        weg, erbij = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            stukken.append(Stuk("gelijk", weg))
        elif op == "replace":
            stukken.extend(tekstverschil(weg, erbij))
        else:
            stukken.append(Stuk("weg", weg) if weg else Stuk("erbij", erbij))
    return _samenvoegen(stukken)
