"""A small printable document for testing the PDF job machinery without a real plan; helpers to read PDFs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from regio.access import RegioActie, mag_regio
from regio.models import Regio
from regio.pdf import Pdfdocument

if TYPE_CHECKING:
    from regio.access import AnyUser

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


def pdf_tekst_van(pdf: bytes) -> str:
    """The PDF's text as a reader copies it (pypdf: no poppler needed), pages separated by form feeds."""
    import io

    from pypdf import PdfReader

    return "\f".join(pagina.extract_text() or "" for pagina in PdfReader(io.BytesIO(pdf)).pages)


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


def lettertypen_van(pdf: bytes) -> set[str]:
    """The names of the fonts the PDF embeds, its charts' included (pypdf, walking every page's resources)."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    namen: set[str] = set()
    gezien: set[int] = set()

    def bekijken(bronnen: Any) -> None:
        bronnen = bronnen.get_object() if bronnen is not None else None
        if not isinstance(bronnen, DictionaryObject) or id(bronnen) in gezien:
            return
        gezien.add(id(bronnen))
        for font in (bronnen.get("/Font") or {}).values():
            namen.add(str(font.get_object().get("/BaseFont")))
        for xobject in (bronnen.get("/XObject") or {}).values():
            bekijken(xobject.get_object().get("/Resources"))

    for pagina in PdfReader(io.BytesIO(pdf)).pages:
        bekijken(pagina.get("/Resources"))
    return namen


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
    aandelen = [f"{100 * (a + b) / totaal:.1f} %".replace(".", ",") for a, b in groepen.values()]
    return ["61.234", "45.678", *aandelen]


def in_het_meegeleverde_lettertype(pdf: bytes) -> bool:
    """Whether every font in the PDF, its charts' included, is the shipped one ("Regio Sans")."""
    namen = lettertypen_van(pdf)
    return bool(namen) and all("Regio-Sans" in naam for naam in namen)
