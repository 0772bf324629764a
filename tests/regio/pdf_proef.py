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
