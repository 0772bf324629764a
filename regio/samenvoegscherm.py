"""The pages around a merged save: telling a person their save was merged, and the conflict page that shows only
the passages both changed, side by side, and reads back what the person chose for each.

The conflict form posts the version the merge started from (`samenvoegen-basis`), the version stored now
(`versie`), the person's whole text per field (`<veld>-mijn`) and per passage a choice (`<veld>-keuze-<n>`:
hun, mijn or eigen) with the person's own wording (`<veld>-eigen-<n>`). The server merges again from those
versions, so the passages are the same ones the person saw, and fills in the choices; the result is saved as
any save, checked against the version stored now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, QueryDict
from django.utils.formats import localize
from django.utils.translation import gettext as _

from regio.gelijktijdig import (
    Bewerkingsconflict,
    basistekst,
    historie_bij_versie,
    opslagen_tussen,
    samengevoegd_met,
    wie_wanneer,
)
from regio.samenvoegen import Eigen, Keuze, Overlap, teksten_samenvoegen

BASIS = "samenvoegen-basis"
_GROOTSTE = 2**31 - 1  # a version beyond what the column holds is no version that was ever shown


@dataclass(frozen=True)
class Passage:
    """One overlapping passage as the page shows it: what is stored (`hun`), what the person typed (`mijn`)."""

    nummer: int
    veld: str
    overlap: Overlap

    @property
    def keuze_naam(self) -> str:
        return f"{self.veld}-keuze-{self.nummer}"

    @property
    def eigen_naam(self) -> str:
        return f"{self.veld}-eigen-{self.nummer}"


@dataclass(frozen=True)
class Tekstconflict:
    """A text field with overlapping passages: its form field, label, the person's whole text and the passages."""

    veld: str
    label: str
    mijn: str
    passages: list[Passage]
    voorbeeld: str  # the whole merged text with the person's side of every passage

    @property
    def mijn_naam(self) -> str:
        return f"{self.veld}-mijn"


@dataclass(frozen=True)
class Waardeconflict:
    label: str
    hun: str
    mijn: str


def weergave(model: type[Model], attname: str, waarde: Any) -> str:
    """A stored value as a person reads it: a choice's label, a linked row's name, yes or no, a local number."""
    veld = next(f for f in model._meta.concrete_fields if f.attname == attname)
    if waarde is None or waarde == "":
        return "—"
    if veld.choices:
        return str(dict(veld.flatchoices).get(waarde, waarde))
    if veld.is_relation and veld.related_model is not None:
        gekoppeld = veld.related_model._default_manager.filter(pk=waarde).first()
        return str(gekoppeld) if gekoppeld is not None else "—"
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    return str(localize(waarde))


def conflictcontext(conflict: Bewerkingsconflict[Any], velden: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """What the conflict page needs. `velden` maps a model attribute to (form field name, label)."""
    huidig = conflict.huidig
    model = type(huidig)
    basis = conflict.basis_versie
    tekstconflicten = [
        Tekstconflict(
            veld=velden[attname][0],
            label=velden[attname][1],
            mijn=conflict.mijn.get(attname) or "",
            passages=[Passage(i, velden[attname][0], o) for i, o in enumerate(samen.overlappen)],
            voorbeeld=samen.ingevuld([]),
        )
        for attname, samen in conflict.overlappende_teksten.items()
        if attname in velden
    ]
    waardeconflicten = [
        Waardeconflict(velden[attname][1], weergave(model, attname, b.hun), weergave(model, attname, b.mijn))
        for attname, b in conflict.botsingen.items()
        if attname in velden
    ]
    opslagen = opslagen_tussen(huidig, basis, huidig.versie + 1) if basis is not None else []
    return {
        "conflict": True,
        "basis_versie": basis if basis is not None else huidig.versie,
        "tekstconflicten": tekstconflicten,
        "tekstconflict_velden": [t.veld for t in tekstconflicten],
        "waardeconflicten": waardeconflicten,
        "hun_wijziging": opslagen[-1] if opslagen else huidig.history.select_related("history_user").first(),
        "hun_wie_wanneer": wie_wanneer(opslagen),
    }


def _keuze(post: QueryDict, passage: str, eigen: str) -> Keuze | Eigen:
    gekozen = post.get(passage, "mijn")
    if gekozen == "hun":
        return "hun"
    if gekozen == "eigen":
        return Eigen(post.get(eigen, ""))
    return "mijn"


def oplossing_toepassen(post: QueryDict, obj: Model, velden: Iterable[tuple[str, str]]) -> QueryDict:
    """The posted form with each text field settled on the conflict page (a (model attribute, form field) pair in
    `velden`) filled in from the person's choices; the post unchanged when it is no conflict page."""
    if BASIS not in post:
        return post
    try:
        basis_versie, hun_versie = int(post.get(BASIS, "")), int(post.get("versie", ""))
    except ValueError:
        return post  # the form's own version check refuses it
    if not (0 < basis_versie <= _GROOTSTE and 0 < hun_versie <= _GROOTSTE):
        return post
    data = post.copy()
    for attname, veld in velden:
        mijn = post.get(f"{veld}-mijn")
        if mijn is None:
            continue
        hun_rij = historie_bij_versie(obj, hun_versie)
        hun = getattr(hun_rij if hun_rij is not None else obj, attname) or ""
        samen = teksten_samenvoegen(basistekst(obj, attname, basis_versie), hun, mijn)
        keuzes = [_keuze(post, f"{veld}-keuze-{i}", f"{veld}-eigen-{i}") for i in range(len(samen.overlappen))]
        data[veld] = samen.ingevuld(keuzes)
    return data


def samenvoeging_melden(request: HttpRequest, obj: Model, gelezen_versie: int | None) -> None:
    """Tell the person their save was merged with the saves of others since they opened the page, if it was."""
    andere = samengevoegd_met(obj, gelezen_versie) if gelezen_versie else []
    if andere:
        messages.info(
            request,
            _("Uw wijziging is samengevoegd met de wijziging die %(wie)s opsloeg; er ging niets verloren.")
            % {"wie": wie_wanneer(andere)},
        )
