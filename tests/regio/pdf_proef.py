"""A small printable document for testing the PDF job machinery without a real plan (and without chromium)."""

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
    """As on a machine without chromium: kaleido cannot be imported and no program can be started, so a PDF
    path that still looked for a browser fails here instead of waiting for it."""
    import subprocess
    import sys

    def geen_programma(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"the PDF path started a program: {args[:1]}")

    for module in ("kaleido", "choreographer"):
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.setattr(subprocess.Popen, "__init__", geen_programma)
