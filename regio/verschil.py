"""Differences between two texts, or between two sets of named rows (challenges, activities, contract lines), as
pieces a page (or a PDF) can mark up. Used by every document: the regiobeeld, the plan and the contract."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
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
    return _samenvoegen(_zinsdelen(stukken))


def _tussenruimte(s: Stuk) -> bool:
    return s.soort == "gelijk" and not s.tekst.strip() and "\n" not in s.tekst


def _zinsdelen(stukken: list[Stuk]) -> list[Stuk]:
    """Changes separated only by a space read as one: "wat ~beide~ _zorggroep_ ~partijen~ _en zorgverzekeraar
    samen_" becomes "wat ~beide partijen~ _zorggroep en zorgverzekeraar samen_" (the space is in both texts)."""
    uit: list[Stuk] = []
    reeks: list[Stuk] = []  # changes, and the spaces between them

    def afsluiten() -> None:
        staart: list[Stuk] = []
        while reeks and reeks[-1].soort == "gelijk":
            staart.insert(0, reeks.pop())
        weg = "".join(s.tekst for s in reeks if s.soort != "erbij")
        erbij = "".join(s.tekst for s in reeks if s.soort != "weg")
        uit.extend([Stuk("weg", weg), Stuk("erbij", erbij), *staart])
        reeks.clear()

    for s in stukken:
        if s.soort != "gelijk" or (reeks and _tussenruimte(s)):
            reeks.append(s)
        else:
            if reeks:
                afsluiten()
            uit.append(s)
    if reeks:
        afsluiten()
    return uit


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


@dataclass(frozen=True)
class Deelverschil:
    """One written part (a plan part, a regiobeeld part) in two versions."""

    soort: str
    naam: str
    stukken: list[Stuk]

    @property
    def gewijzigd(self) -> bool:
        return is_gewijzigd(self.stukken)


@dataclass(frozen=True)
class Veldverschil:
    veld: str
    oud: str
    nieuw: str


@dataclass(frozen=True)
class Regelverschil:
    """A named row (a challenge, an activity, a contract line): added, removed or changed (verschillen)."""

    titel: str
    oud: Mapping[str, str] | None
    nieuw: Mapping[str, str] | None
    verschillen: list[Veldverschil]

    @property
    def soort(self) -> str:
        return soort_van(self.oud, self.nieuw, gewijzigd=bool(self.verschillen))


def soort_van(oud: object | None, nieuw: object | None, *, gewijzigd: bool) -> str:
    """What became of a row between two versions: "erbij" (no `oud`), "weg" (no `nieuw`), "gewijzigd" or "gelijk"."""
    if oud is None:
        return "erbij"
    if nieuw is None:
        return "weg"
    return "gewijzigd" if gewijzigd else "gelijk"


Regels = Mapping[str, Mapping[str, str]]  # a row's name -> its fields as a person reads them (label -> value)


def regelverschillen(oud: Regels, nieuw: Regels) -> list[Regelverschil]:
    """Rows matched by name: the new ones in their order, then the ones that are gone."""
    regels = []
    for naam in [*nieuw, *(k for k in oud if k not in nieuw)]:
        o, n = oud.get(naam), nieuw.get(naam)
        verschillen = []
        if o is not None and n is not None:
            verschillen = [
                Veldverschil(veld, o.get(veld, ""), waarde) for veld, waarde in n.items() if o.get(veld, "") != waarde
            ]
            verschillen += [Veldverschil(veld, waarde, "") for veld, waarde in o.items() if veld not in n and waarde]
        regels.append(Regelverschil(naam, o, n, verschillen))
    return regels


def deelverschillen(
    oud: Mapping[str, str], nieuw: Mapping[str, str], namen: Iterable[tuple[str, object]]
) -> list[Deelverschil]:
    """The written parts `namen` (soort, name), each as a word-level difference."""
    return [
        Deelverschil(soort, str(naam), tekstverschil(oud.get(soort, ""), nieuw.get(soort, ""))) for soort, naam in namen
    ]


@dataclass(frozen=True)
class Regelgroep:
    kop: str
    regels: list[Regelverschil]

    @property
    def gewijzigd(self) -> bool:
        return any(r.soort != "gelijk" for r in self.regels)


@dataclass(frozen=True)
class Documentverschil:
    """A document at an earlier moment (the version a party agreed to, approved or signed) against today: its
    written parts and its groups of named rows."""

    delen: list[Deelverschil]
    groepen: list[Regelgroep]

    @property
    def gewijzigd(self) -> bool:
        return any(d.gewijzigd for d in self.delen) or any(g.gewijzigd for g in self.groepen)

    @property
    def ongewijzigd(self) -> list[str]:
        """The names of the parts and groups in which nothing changed (a page names them once, in one line)."""
        return [d.naam for d in self.delen if not d.gewijzigd] + [g.kop for g in self.groepen if not g.gewijzigd]
