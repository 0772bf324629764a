"""For the data migrations that move a document's own change log (regioplan.Wijziging, contracten.Contractwijziging)
into regio.Documentwijziging, and back. Frozen with them: not app code, and not a migration itself (the loader
skips names starting with an underscore)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VELDEN = ("gebruiker_id", "namens_id", "wat", "op")


@dataclass(frozen=True)
class OudeLog:
    app: str  # the old model: its app, name, foreign key to the document and version field
    model: str
    document: str
    versie: str
    soort: str  # the document's model label in Documentwijziging

    def overzetten(self, apps: Any, schema_editor: Any) -> None:
        Oud = apps.get_model(self.app, self.model)
        Documentwijziging = apps.get_model("regio", "Documentwijziging")
        rijen = Oud.objects.order_by("pk").values(*VELDEN, self.document, f"{self.document}__regio_id", self.versie)
        Documentwijziging.objects.bulk_create(
            (
                Documentwijziging(
                    **{v: r[v] for v in VELDEN},
                    regio_id=r[f"{self.document}__regio_id"],
                    document_soort=self.soort,
                    document_id=r[self.document],
                    versie=r[self.versie],
                )
                for r in rijen.iterator()
            ),
            batch_size=1000,
        )

    def terugzetten(self, apps: Any, schema_editor: Any) -> None:
        Oud = apps.get_model(self.app, self.model)
        # The old model set `op` on insert (auto_now_add); the lines keep the moment they were written.
        Oud._meta.get_field("op").auto_now_add = False
        Documentwijziging = apps.get_model("regio", "Documentwijziging")
        rijen = Documentwijziging.objects.filter(document_soort=self.soort).order_by("pk")
        Oud.objects.bulk_create(
            (
                Oud(**{v: r[v] for v in VELDEN}, **{f"{self.document}_id": r["document_id"], self.versie: r["versie"]})
                for r in rijen.values(*VELDEN, "document_id", "versie").iterator()
            ),
            batch_size=1000,
        )
        rijen.delete()
