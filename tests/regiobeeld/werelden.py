"""Regiobeeld objects in the personas' world: a 2026 regiobeeld with a challenge, and an import, per region."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from regio import services as regio_services
from regio.gesprekken import diensten
from regio.models import Gebruiker, Onderwerp, Regio
from regiobeeld import services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.gesprek import REGIOBEELDGESPREK
from regiobeeld.models import Importbestand, Regiobeeld, Uitdaging
from tests.personas import START, Wereld

CBS_CSV = (
    "\ufeffRegio's;Perioden;Bevolking op 1 januari (aantal)\r\n"
    "{g1};2023JJ00;60000\r\n{g2};2023JJ00;45000\r\nAtlantis;2023JJ00;12\r\n"
)


def _regiobeeld(regio: Regio, wereld: Wereld) -> Regiobeeld:
    regiobeeld = services.regiobeeld_aanmaken(regio=regio, jaar=2026, acting_user=wereld.koepel)
    services.uitdaging_opslaan(
        uitdaging=Uitdaging(regiobeeld=regiobeeld, titel="Vergrijzing"), acting_user=wereld.koepel
    )
    return regiobeeld


def akkoordmandaten(wereld: Wereld) -> None:
    """Both contracting parties may agree to the regiobeeld: the zorggroep's manager and insurer Zuid's purchaser."""
    for wie, org in ((wereld.beheerder, wereld.zorggroep), (wereld.zorginkoper, wereld.verzekeraar)):
        regio_services.mandaat_verlenen(
            gebruiker=wie,
            organisatie=org,
            regio=wereld.regio,
            onderwerp=Onderwerp.REGIOBEELD,
            geldig_van=START,
            acting_user=wereld.koepel,
        )


def csv_voor(regio: Regio) -> bytes:
    codes = list(regio.gemeenten.order_by("code").values_list("code", flat=True))
    return CBS_CSV.format(g1=codes[0], g2=codes[-1]).encode("utf-8")


def import_maken(
    regio: Regio, wereld: Wereld, inhoud: bytes | None = None, naam: str = "cbs.csv", door: Gebruiker | None = None
) -> Importbestand:
    """An upload that was read (Celery runs in-process in tests) and waits for its column mapping."""
    imp = services.import_starten(
        regio=regio,
        bestand=SimpleUploadedFile(naam, inhoud if inhoud is not None else csv_voor(regio), "text/csv"),
        bron="CBS StatLine 03759ned",
        acting_user=door or wereld.bewerker,
    )
    services.import_lezen(imp.pk)
    imp.refresh_from_db()
    return imp


def regiobeeld_wereld(wereld: Wereld) -> Wereld:
    kernset_laden()
    wereld.regiobeeld = _regiobeeld(wereld.regio, wereld)  # type: ignore[attr-defined]
    wereld.ander_regiobeeld = _regiobeeld(wereld.andere_regio, wereld)  # type: ignore[attr-defined]
    wereld.importbestand = import_maken(wereld.regio, wereld)  # type: ignore[attr-defined]
    wereld.ander_importbestand = import_maken(wereld.andere_regio, wereld, door=wereld.buitenstaander)  # type: ignore[attr-defined]
    rb = wereld.regiobeeld  # type: ignore[attr-defined]
    wereld.regiobeeld_reactie = diensten.reactie_plaatsen(  # type: ignore[attr-defined]
        gesprek=REGIOBEELDGESPREK,
        document=rb,
        onderwerp=rb.delen.get(soort="trends"),
        tekst="Een vraag",
        acting_user=wereld.lezer,
    )
    wereld.regiobeeld_notitie = diensten.reactie_plaatsen(  # type: ignore[attr-defined]
        gesprek=REGIOBEELDGESPREK,
        document=rb,
        intern_voor=wereld.verzekeraar,
        tekst="Intern",
        acting_user=wereld.zorginkoper,
    )
    return wereld


def figuur_op_pagina(html: str, grafiek: str) -> dict[str, Any]:
    """The plotly figure of one chart (templates/regiobeeld/_grafiek.html) as the page hands it to plotly.js."""
    figuur: dict[str, Any] = json.loads(html.split(f'id="fig-{grafiek}">')[1].split("</script>")[0])
    return figuur


def kolomtitels_laden() -> None:
    """The catalogue's column titles of CBS and Vektis, as migration 0008 loads them. A test that runs after a
    transactional test (the browser journeys) finds the database flushed of migration data; this puts them back,
    from the migration itself (one copy of the data), and does nothing when they are there."""
    import importlib

    from django.apps import apps

    from regiobeeld.models import Indicatoralias

    if not Indicatoralias.objects.exists():
        importlib.import_module("regiobeeld.migrations.0008_catalogus_cbs_vektis_kolomtitels").laden(apps, None)
