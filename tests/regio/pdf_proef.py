"""The tests' one way to read a PDF back, and a small printable document for testing the PDF job machinery.

PDFs are read with pypdf (from the lock), not poppler's command-line tools, so the PDF tests run on a machine
with nothing but Python installed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from regio.access import RegioActie, mag_regio
from regio.models import Regio
from regio.pdf import Pdfdocument

if TYPE_CHECKING:
    from regio.access import AnyUser


@dataclass(frozen=True)
class GelezenPdf:
    """What a reader finds in a PDF: the text of each page as laid out, the title, whether it is tagged for
    screen readers, and the fonts it embeds."""

    paginas: list[str]
    # As a reader copies it, in the content's order: this includes the text of drawn SVG charts (form XObjects),
    # which pypdf's layout mode leaves out.
    platte_paginas: list[str]
    titel: str | None
    getagd: bool
    lettertypen: frozenset[str]

    @property
    def tekst(self) -> str:
        """All pages, each followed by a form feed (as pdftotext gives them)."""
        return "".join(f"{pagina}\f" for pagina in self.paginas)

    @property
    def platte_tekst(self) -> str:
        """All pages in content order, charts included, each followed by a form feed."""
        return "".join(f"{pagina}\f" for pagina in self.platte_paginas)


def pdf_lezen(pdf: bytes | Path) -> GelezenPdf:
    lezer = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    markering = _woordenboek(_woordenboek(lezer.trailer["/Root"]).get("/MarkInfo"))
    lettertypen: set[str] = set()
    for pagina in lezer.pages:
        _lettertypen_van(pagina.get("/Resources"), lettertypen)
    return GelezenPdf(
        paginas=[_als_gelezen(pagina.extract_text(extraction_mode="layout")) for pagina in lezer.pages],
        platte_paginas=[_als_gelezen(pagina.extract_text()) for pagina in lezer.pages],
        titel=lezer.metadata.title if lezer.metadata else None,
        getagd=bool(markering.get("/Marked")),
        lettertypen=frozenset(lettertypen),
    )


def pdf_tekst(pdf: bytes | Path) -> str:
    """The PDF's text, page by page as laid out, each page followed by a form feed."""
    return pdf_lezen(pdf).tekst


def _als_gelezen(tekst: str) -> str:
    """A reader sees a space where the document keeps words together ('€ 420.000' with a no-break space)."""
    return tekst.replace("\u00a0", " ").replace("\u202f", " ")


def _woordenboek(obj: Any) -> DictionaryObject:
    """A PDF dictionary, followed through its reference; empty when absent."""
    obj = obj.get_object() if obj is not None else None
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


def _lettertypen_van(bronnen: Any, gevonden: set[str]) -> None:
    """The base names of the fonts in these resources and in the forms (drawn SVG) they use, without the subset
    tag ('ABCDEF+Regio-Sans' -> 'Regio-Sans')."""
    bronnen = _woordenboek(bronnen)
    for lettertype in _woordenboek(bronnen.get("/Font")).values():
        naam = str(_woordenboek(lettertype).get("/BaseFont", ""))
        gevonden.add(naam.lstrip("/").split("+", 1)[-1])
    for vorm in _woordenboek(bronnen.get("/XObject")).values():
        vorm = _woordenboek(vorm)
        if vorm.get("/Subtype") == "/Form":
            _lettertypen_van(vorm.get("/Resources"), gevonden)


# Tests set this to make the next render fail.
FOUT: list[Exception] = []


class ProefPdf(Pdfdocument):
    soort: ClassVar[str] = "proef"
    template_name: ClassVar[str] = "proef.html"

    @classmethod
    def ophalen(cls, object_id: int) -> Regio:
        return Regio.objects.get(pk=object_id)

    @classmethod
    def mag_lezen(cls, user: AnyUser, obj: Any) -> bool:
        return mag_regio(user, obj, RegioActie.BEKIJKEN)

    def regio(self) -> Regio:
        return self.obj

    def titel(self) -> str:
        return f"Proef {self.obj.naam}"

    def versie(self) -> int:
        return 1

    def context(self) -> dict[str, Any]:
        return {}

    def html(self) -> str:
        if FOUT:
            raise FOUT.pop()
        return (
            f"<html lang='nl'><head><title>{self.titel()}</title></head>"
            f"<body><h1>{self.obj.naam}</h1><p>Proefdocument</p></body></html>"
        )


def zonder_browser(monkeypatch: Any) -> None:
    """As on a machine without chromium: kaleido cannot be imported and no browser can be started, so a PDF path
    that still looked for one fails here instead of waiting for it."""
    import subprocess
    import sys

    starten = subprocess.Popen.__init__

    def zonder_chromium(self: Any, args: Any, *rest: Any, **kwargs: Any) -> None:
        if "chrom" in str(args).lower():
            raise AssertionError(f"the PDF path started a browser: {args}")
        starten(self, args, *rest, **kwargs)

    for module in ("kaleido", "choreographer"):
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.setattr(subprocess.Popen, "__init__", zonder_chromium)


def regiocijfers_opslaan(regio: Any) -> list[str]:
    """Inhabitants per gemeente (2021-2024) and per age group (2024) for the region's first two gemeenten, as a
    CBS import stores them; gives the figures the printed charts write on their bars."""
    import pandas as pd

    from regiobeeld import services
    from regiobeeld.catalogus import kernset_laden

    kernset_laden()
    eerste, tweede = regio.gemeenten.order_by("code")[:2]
    inwoners = {eerste.code: 61234, tweede.code: 45678}
    groepen = {"inwoners_0_14": (10000, 6000), "inwoners_15_64": (40000, 30000), "inwoners_65_79": (8000, 7000)}
    groepen["inwoners_80_plus"] = (61234 - 58000, 45678 - 43000)
    rijen = [
        ("inwoners", code, jaar, w - 500 * (2024 - jaar)) for code, w in inwoners.items() for jaar in range(2021, 2025)
    ]
    rijen += [(g, c, 2024, w) for g, (a, b) in groepen.items() for c, w in ((eerste.code, a), (tweede.code, b))]
    services.cijfers_opslaan(
        regio=regio,
        waarden=pd.DataFrame(rijen, columns=["indicator", "gemeente", "jaar", "waarde"]),
        bron="CBS StatLine testtabel",
        is_illustratief=False,
        importbestand=None,
    )
    totaal = sum(inwoners.values())
    aandelen = [f"{100 * (a + b) / totaal:.1f}%".replace(".", ",") for a, b in groepen.values()]
    return ["61.234", "45.678", *aandelen]


def in_het_meegeleverde_lettertype(pdf: bytes) -> bool:
    """Whether every font in the PDF, its charts' included, is the shipped one ("Regio Sans")."""
    namen = pdf_lezen(pdf).lettertypen
    return bool(namen) and all("Regio-Sans" in naam for naam in namen)
