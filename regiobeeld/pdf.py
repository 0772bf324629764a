"""The regiobeeld as a printed report, and what every printed document of the product shares.

`RegiobeeldPdf` renders templates/regiobeeld/pdf/regiobeeld.html (which extends templates/pdf/basis.html). The
charts are the page's own figures (regiobeeld.pagina.cijferbeeld), drawn to SVG for paper in the PDF's font.

The helpers here (CSS texts for the page margins, Dutch numbers, charts for print) are used by regioplan's PDF
too: regioplan sits above regiobeeld, so they live in the lower app.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from regio.access import RegioActie, mag_regio
from regio.getallen import getal
from regio.pdf import Pdfdocument, svg_van
from regiobeeld import kerncijfers, pagina, selectors
from regiobeeld.models import Aggregatie, Cijfer, Regiobeeld

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from regio.access import AnyUser
    from regio.models import Regio


class Tekenaar(Protocol):
    """Turns a figure (plotly's figure as a dict) into an image URI for the print template (regio.pdf.svg_van, or a
    test's recorder)."""

    def __call__(self, figuur: dict[str, Any], *, breedte: int = ..., hoogte: int | None = ...) -> str: ...


# The family of the @font-face rules in templates/pdf/basis.html. The charts name it first so WeasyPrint draws
# their text with the shipped font (Liberation Sans, whose metrics regio.grafiek_svg measures labels with).
LETTERTYPE = '"Regio Sans", "Liberation Sans", Arial, sans-serif'
# px of a chart as regio.grafiek_svg lays it out; the print stylesheet scales it to the text width (about 165 mm).
GRAFIEKBREEDTE = 640
# The most charts of the region's figures a document prints (a report, not the page).
MAXIMUM_REGIOGRAFIEKEN = 6


# --- texts for CSS ---


def css_tekst(tekst: str) -> str:
    """A CSS string literal of `tekst`: quotes, backslashes and line ends escaped, so it cannot end the string."""
    uit = []
    for teken in str(tekst):
        if teken in {'"', "\\"} or ord(teken) < 0x20 or teken in {"<", ">", "&"}:
            uit.append(f"\\{ord(teken):x} ")
        else:
            uit.append(teken)
    return '"' + "".join(uit) + '"'


def paginatekst() -> SafeString:
    """The footer's `content` value: "pagina 3 van 12", translated, with CSS page counters in the gaps."""
    sjabloon = _("pagina {pagina} van {paginas}")
    delen: list[str] = []
    rest = sjabloon
    while rest:
        plekken = [(rest.find(n), n) for n in ("{pagina}", "{paginas}") if n in rest]
        if not plekken:
            delen.append(css_tekst(rest))
            break
        plek, naam = min(plekken)
        if plek:
            delen.append(css_tekst(rest[:plek]))
        delen.append("counter(page)" if naam == "{pagina}" else "counter(pages)")
        rest = rest[plek + len(naam) :]
    return mark_safe(" ".join(delen))  # noqa: S308 - string literals escaped by css_tekst, counters fixed


def markering_css(markering: str) -> SafeString:
    return mark_safe(css_tekst(markering))  # noqa: S308 - escaped by css_tekst


# --- the region's charts, for paper ---


@dataclass(frozen=True)
class Drukgrafiek:
    """A chart as the PDF prints it: a picture with a text alternative, a caption and its source."""

    soort: str  # the chart's id in pagina.cijferbeeld: "leeftijd", "trend", "vergelijking", "kaart", ...
    indicator: str
    titel: str
    bijschrift: str
    bron: str
    illustratief: bool
    label: str
    afbeelding: str
    nummer: int = 0
    # The page's "Tabel bij deze grafiek", printed beside the chart: every figure can be checked on paper.
    tabel_koppen: tuple[str, ...] = ()
    tabel_rijen: tuple[tuple[str, ...], ...] = ()

    @property
    def id(self) -> str:
        return f"{self.soort}-{self.indicator}"


def genummerd(grafieken: Iterable[Drukgrafiek], *, vanaf: int = 1) -> list[Drukgrafiek]:
    """The charts numbered in the order the document prints them ("Figuur 1", "Figuur 2", ...)."""
    return [replace(g, nummer=i) for i, g in enumerate(grafieken, start=vanaf)]


def voor_druk(figuur: go.Figure | dict[str, Any]) -> dict[str, Any]:
    """The page's figure, as a plain dict, in the PDF's font (the rest of the figure is the page's, so both say the
    same). A dict, not a plotly Figure: paper needs no validation of what the page's builder made, and building
    plotly's objects would cost more than drawing the chart."""
    gegevens = figuur if isinstance(figuur, dict) else figuur.to_dict()
    layout = gegevens.setdefault("layout", {})
    layout["font"] = {**(layout.get("font") or {}), "family": LETTERTYPE}
    return gegevens


def figuur_tekenen(figuur: go.Figure | dict[str, Any], tekenaar: Tekenaar, *, hoogte: int | None = None) -> str:
    return tekenaar(voor_druk(figuur), breedte=GRAFIEKBREEDTE, hoogte=hoogte)


def _eerste_klein(tekst: str) -> str:
    return tekst[:1].lower() + tekst[1:] if tekst[1:2].islower() or len(tekst) < 2 else tekst


@dataclass(frozen=True)
class Regiocijfers:
    """The region's figures as a document prints them: its inhabitants and the chosen charts."""

    inwoners: int
    inwoners_bron: str
    grafieken: list[Drukgrafiek]

    @property
    def bronnen(self) -> list[str]:
        """Every source the document's figures come from, once, in order of appearance."""
        gezien: dict[str, None] = {self.inwoners_bron.removeprefix(_("Bron: ")): None}
        for g in self.grafieken:
            for bron in g.bron.split("; "):
                if bron:
                    gezien.setdefault(bron, None)
        return list(gezien)

    @property
    def illustratief(self) -> bool:
        return any(g.illustratief for g in self.grafieken)

    @property
    def inwoners_tekst(self) -> str:
        return getal(self.inwoners)


def _leeftijdsbronnen(regio: Regio) -> tuple[str, bool]:
    rijen = set(
        Cijfer.objects.filter(regio=regio)
        .exclude(indicator__leeftijdsgroep="")
        .values_list("bron", "is_illustratief")
        .distinct()
    )
    return "; ".join(sorted({b for b, _i in rijen})), any(i for _b, i in rijen)


def regiocijfers(regio: Regio, keuzes: Iterable[tuple[str, str]], tekenaar: Tekenaar) -> Regiocijfers:
    """The charts `keuzes` names, as (indicator code, chart id of pagina.cijferbeeld), drawn for paper.

    A chart the region has no figures for is left out; so is a chosen indicator the region does not have (the
    page would fall back to another one, a document should not). At most MAXIMUM_REGIOGRAFIEKEN charts.
    """
    per_indicator: dict[str, pagina.Cijferbeeld] = {}
    grafieken: list[Drukgrafiek] = []
    inwoners, inwoners_bron = 0, _("Bron: CBS, 1 januari 2024")
    gezien: set[tuple[str, str]] = set()
    for code, grafiek_id in keuzes:
        if len(grafieken) >= MAXIMUM_REGIOGRAFIEKEN:
            break
        sleutel = ("" if grafiek_id == "leeftijd" else code, grafiek_id)
        if sleutel in gezien:
            continue
        gezien.add(sleutel)
        if code not in per_indicator:
            per_indicator[code] = pagina.cijferbeeld(regio, code)
        beeld = per_indicator[code]
        inwoners, inwoners_bron = beeld.inwoners, beeld.inwoners_bron
        if beeld.gekozen is None or beeld.gekozen.code != code:
            continue
        gevonden = next((g for g in beeld.grafieken if g.id == grafiek_id), None)
        if gevonden is None:
            continue
        if grafiek_id == "leeftijd":
            bron, illustratief = _leeftijdsbronnen(regio)
            titel = gevonden.titel
        else:
            bron, illustratief = "; ".join(beeld.bronnen), beeld.illustratief
            titel = _("%(indicator)s: %(grafiek)s") % {
                "indicator": beeld.gekozen.naam,
                "grafiek": _eerste_klein(gevonden.titel),
            }
        if grafiek_id == "kaart":
            bron = "; ".join(filter(None, [bron, _("gemeentegrenzen: CBS/PDOK")]))
        figuur = json.loads(gevonden.figuur_json)
        grafieken.append(
            Drukgrafiek(
                soort=grafiek_id,
                indicator=code,
                titel=titel,
                bijschrift=gevonden.bijschrift,
                bron=bron,
                illustratief=illustratief,
                label=gevonden.label,
                afbeelding=figuur_tekenen(figuur, tekenaar),
                tabel_koppen=tuple(gevonden.tabel_koppen),
                tabel_rijen=tuple(tuple(rij) for rij in gevonden.tabel_rijen),
            )
        )
    if not per_indicator:
        beeld = pagina.cijferbeeld(regio)
        inwoners, inwoners_bron = beeld.inwoners, beeld.inwoners_bron
    return Regiocijfers(inwoners, inwoners_bron, grafieken)


def sleutelindicatoren(regio: Regio, uitdaging_ids: Sequence[int], *, aantal: int) -> list[str]:
    """Codes of the indicators the given challenges of the regiobeeld point at, in the challenges' order: the
    percentages and averages first (they compare with province and country; a count does not)."""
    from regiobeeld.models import Uitdaging

    rijen = list(
        Uitdaging.indicatoren.through.objects.filter(uitdaging_id__in=uitdaging_ids)
        .filter(Q(indicator__regio__isnull=True) | Q(indicator__regio=regio))
        .values_list("uitdaging_id", "indicator__code", "indicator__aggregatie", "pk")
    )
    volgorde = {pk: i for i, pk in enumerate(uitdaging_ids)}
    rijen.sort(key=lambda r: (r[2] != Aggregatie.GEWOGEN, volgorde.get(r[0], 99), r[3]))
    codes: list[str] = []
    for _u, code, _a, _pk in rijen:
        if code not in codes:
            codes.append(code)
    return codes[:aantal]


# --- the regiobeeld document ---


class PdfMetGrafieken(Pdfdocument):
    """A document with charts: they are drawn by `tekenaar` (regio.pdf.svg_van; a test may pass a recorder)."""

    def __init__(self, obj: Any, *, tekenaar: Tekenaar | None = None) -> None:
        super().__init__(obj)
        self.tekenaar: Tekenaar = tekenaar or svg_van


class RegiobeeldPdf(PdfMetGrafieken):
    """The regiobeeld of one year: cover, contents, its six parts with their interpretation, the region's
    figures, the challenges, and where the contracting parties stand (agreed to this version or not)."""

    soort: ClassVar[str] = "regiobeeld"
    template_name: ClassVar[str] = "regiobeeld/pdf/regiobeeld.html"
    obj: Regiobeeld

    @classmethod
    def ophalen(cls, object_id: int) -> Regiobeeld:
        return Regiobeeld.objects.select_related("regio").get(pk=object_id)

    @classmethod
    def mag_lezen(cls, user: AnyUser, obj: Any) -> bool:
        return mag_regio(user, obj.regio, RegioActie.BEKIJKEN)

    def regio(self) -> Regio:
        return self.obj.regio

    def titel(self) -> str:
        return _("Regiobeeld %(jaar)s %(regio)s") % {"jaar": self.obj.jaar, "regio": self.obj.regio.naam}

    def versie(self) -> int:
        return self.obj.versie

    def context(self) -> dict[str, Any]:
        regiobeeld: Regiobeeld = self.obj
        doc = selectors.document(regiobeeld)
        uitdagingen = [u.pk for u in doc.uitdagingen]
        sleutels = sleutelindicatoren(regiobeeld.regio, uitdagingen, aantal=3)
        keuzes = [("inwoners", "leeftijd"), ("inwoners", "trend"), ("inwoners", "gemeenten")]
        keuzes += [(code, "vergelijking") for code in sleutels]
        cijfers = regiocijfers(regiobeeld.regio, keuzes, self.tekenaar)
        # Each comparison chart goes with the first challenge that points at its indicator; the rest describe
        # the region.
        per_code = {g.indicator: g for g in cijfers.grafieken if g.soort == "vergelijking"}
        bij_uitdaging: dict[int, list[Drukgrafiek]] = {}
        geplaatst: set[str] = set()
        for u in doc.uitdagingen:
            for indicator in u.indicatoren.all():
                if indicator.code in per_code and indicator.code not in geplaatst:
                    bij_uitdaging.setdefault(u.pk, []).append(per_code[indicator.code])
                    geplaatst.add(indicator.code)
        beschrijving = [g for g in cijfers.grafieken if g.soort != "vergelijking"]
        beschrijving += [g for code, g in per_code.items() if code not in geplaatst]
        volgorde = genummerd([*beschrijving, *(g for u in doc.uitdagingen for g in bij_uitdaging.get(u.pk, []))])
        nummer = {g.id: g for g in volgorde}
        beschrijving = [nummer[g.id] for g in beschrijving]
        bij_uitdaging = {pk: [nummer[g.id] for g in lijst] for pk, lijst in bij_uitdaging.items()}
        gedragen = doc.gezamenlijk_gedragen
        markering = "" if gedragen else _("CONCEPT")
        return {
            "kern": kerncijfers.opbouwen(regiobeeld.regio, regiobeeld),
            "regio": regiobeeld.regio,
            "regiobeeld": regiobeeld,
            "doc": doc,
            "cijfers": cijfers,
            "beschrijving_grafieken": beschrijving,
            "uitdagingen": [(u, bij_uitdaging.get(u.pk, [])) for u in doc.uitdagingen],
            "status": _("gezamenlijk gedragen") if gedragen else _("nog niet gezamenlijk gedragen"),
            "markering": markering,
            "markering_css": markering_css(markering),
            "paginatekst": paginatekst(),
            "contractpartijen": [d for d in doc.deelnames if d.is_contractpartij],
        }
