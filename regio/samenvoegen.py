"""Three-way merge of what two people saved from the same starting point: pure functions, no Django.

Texts merge line by line (a Markdown paragraph is a run of lines between blank lines) with `merge3`, against the
base both started from. Changes in different paragraphs merge by themselves; lines that both changed (or lines
right next to each other that each changed) are an overlap, which a person settles. Other values (numbers, dates,
choices) merge as a whole: one side's change wins over an unchanged value, two different changes are an overlap.
Nothing is dropped on the way: an overlap keeps both sides' lines.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

from merge3 import Merge3

Regels = tuple[str, ...]
H = TypeVar("H", bound=Hashable)
Keuze = Literal["hun", "mijn"]


@dataclass(frozen=True)
class Eigen:
    """A passage as the person wrote it themselves (an empty one removes its lines)."""

    tekst: str


def _regels(tekst: str) -> Regels:
    # split("\n") (not splitlines) so that "\n".join gives back the very same text, trailing newline included.
    return tuple(tekst.split("\n"))


@dataclass(frozen=True)
class Overlap:
    """A passage both changed: the lines as they were (`basis`), as stored by the other (`hun`), as typed (`mijn`)."""

    basis: Regels
    hun: Regels
    mijn: Regels

    @property
    def hun_tekst(self) -> str:
        return "\n".join(self.hun)

    @property
    def mijn_tekst(self) -> str:
        return "\n".join(self.mijn)


@dataclass(frozen=True)
class Tekstsamenvoeging:
    """The merged text as runs of lines that merged, with an `Overlap` wherever both sides changed the same lines."""

    stukken: tuple[Regels | Overlap, ...]

    @property
    def overlappen(self) -> list[Overlap]:
        return [s for s in self.stukken if isinstance(s, Overlap)]

    @property
    def gelukt(self) -> bool:
        return not self.overlappen

    @property
    def tekst(self) -> str:
        """The merged text; only when nothing overlaps (else a person chooses: `ingevuld`)."""
        if not self.gelukt:
            raise ValueError("overlappende wijzigingen: kies per passage met ingevuld()")
        return self.ingevuld([])

    def ingevuld(self, keuzes: Sequence[Keuze | Eigen]) -> str:
        """The text with each overlap settled in order: "hun" or "mijn" takes that side, `Eigen` the passage as the
        person wrote it. Overlaps without a choice keep the person's own lines."""
        regels: list[str] = []
        overlappen = iter(keuzes)
        for stuk in self.stukken:
            if not isinstance(stuk, Overlap):
                regels.extend(stuk)
                continue
            keuze = next(overlappen, "mijn")
            if keuze == "hun":
                regels.extend(stuk.hun)
            elif isinstance(keuze, Eigen):
                if keuze.tekst:  # a passage emptied by the person removes its lines
                    regels.extend(_regels(keuze.tekst))
            else:
                regels.extend(stuk.mijn)
        return "\n".join(regels)


def teksten_samenvoegen(basis: str | None, hun: str, mijn: str) -> Tekstsamenvoeging:
    """Merge `mijn` (this person's text) into `hun` (what is stored now), both edits of `basis`.

    Without a base (its history is gone) nothing can be told apart: unless both texts are equal, the whole text is
    one overlap.
    """
    if hun == mijn:
        return Tekstsamenvoeging((_regels(hun),))
    if basis is None:
        return Tekstsamenvoeging((Overlap((), _regels(hun), _regels(mijn)),))
    b, h, m = _regels(basis), _regels(hun), _regels(mijn)
    stukken: list[Regels | Overlap] = []
    for regio in Merge3(list(b), list(h), list(m)).merge_regions():
        soort = regio[0]
        if soort == "unchanged":
            stukken.append(b[regio[1] : regio[2]])
        elif soort in ("a", "same"):
            stukken.append(h[regio[1] : regio[2]])
        elif soort == "b":
            stukken.append(m[regio[1] : regio[2]])
        else:  # "conflict": base, theirs and mine ranges
            _, b1, b2, h1, h2, m1, m2 = cast(tuple[str, int, int, int, int, int, int], regio)
            stukken.append(Overlap(b[b1:b2], h[h1:h2], m[m1:m2]))
    return Tekstsamenvoeging(tuple(stukken))


@dataclass(frozen=True)
class Waardebotsing:
    """Both changed a value differently: what it was, what is stored now, what this person entered."""

    basis: Any
    hun: Any
    mijn: Any


def waarde_samenvoegen(basis: Any, hun: Any, mijn: Any) -> Any:
    """The value both changes agree on, or a `Waardebotsing` when both changed it differently."""
    if hun == mijn or mijn == basis:
        return hun
    if hun == basis:
        return mijn
    return Waardebotsing(basis, hun, mijn)


def verzamelingen_samenvoegen(basis: set[H], hun: set[H], mijn: set[H]) -> set[H]:
    """A set (e.g. linked challenges) both edited: kept by both, plus what either added; what either removed goes."""
    return (basis & hun & mijn) | (hun - basis) | (mijn - basis)
