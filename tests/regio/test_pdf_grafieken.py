"""Charts for print (regio.pdf): the chart cache keyed by the figure, and chromium stopped before WeasyPrint lays out.

A PDF worker draws a document's charts in chromium (kaleido), 300-560 MB, then lays the document out with
WeasyPrint, 300-400 MB of its own: chromium must be gone by then, or the worker holds both. An unchanged chart
comes from Django's cache (Redis in production) and needs no chromium at all.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
from django.core.cache import cache

from regio import pdf
from regio.models import Regio
from tests.regio.pdf_proef import FOUT, ProefPdf
from tests.servers import chromium_vereist


@pytest.fixture(autouse=True)
def _lege_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


class Chromium:
    """Stands in for kaleido: counts the charts it is asked to draw and gives each a tiny SVG naming its data."""

    def __init__(self) -> None:
        self.getekend: list[tuple[int, int]] = []

    def __call__(self, figuur: go.Figure, *, breedte: int, hoogte: int) -> bytes:
        self.getekend.append((breedte, hoogte))
        return f'<svg xmlns="http://www.w3.org/2000/svg"><desc>{list(figuur.data[0].y)}</desc></svg>'.encode()


@pytest.fixture
def chromium(monkeypatch: pytest.MonkeyPatch) -> Chromium:
    nep = Chromium()
    monkeypatch.setattr(pdf, "svg_in_chromium", nep)
    return nep


def staaf(*waarden: int) -> go.Figure:
    return go.Figure(go.Bar(x=list(range(len(waarden))), y=list(waarden)), layout={"height": 300})


def svg_uit(uri: str) -> bytes:
    return base64.b64decode(uri.removeprefix("data:image/svg+xml;base64,"))


def test_an_unchanged_chart_comes_from_the_cache_without_chromium(chromium: Chromium) -> None:
    eerste = pdf.svg_van(staaf(1, 2, 3), breedte=640)
    tweede = pdf.svg_van(staaf(1, 2, 3), breedte=640)  # the same figure, built anew (as the next PDF does)

    assert chromium.getekend == [(640, 300)]
    assert eerste == tweede
    assert svg_uit(tweede).startswith(b"<svg")


def test_a_changed_figure_or_size_is_drawn_anew(chromium: Chromium) -> None:
    oud = pdf.svg_van(staaf(1, 2, 3), breedte=640)
    nieuw = pdf.svg_van(staaf(1, 2, 4), breedte=640)  # new figures after an import
    pdf.svg_van(staaf(1, 2, 3), breedte=480)
    pdf.svg_van(staaf(1, 2, 3), breedte=640, hoogte=200)
    titel = staaf(1, 2, 3)
    titel.update_layout(title="Anders")
    pdf.svg_van(titel, breedte=640)

    assert len(chromium.getekend) == 5
    assert b"[1, 2, 3]" in svg_uit(oud) and b"[1, 2, 4]" in svg_uit(nieuw)
    assert pdf.svg_van(staaf(1, 2, 4), breedte=640) == nieuw
    assert len(chromium.getekend) == 5


def test_the_cache_key_is_the_figure_its_size_and_the_drawing_versions() -> None:
    sleutel = pdf.grafiekcache_sleutel(staaf(1, 2), 640, 300)

    assert sleutel == pdf.grafiekcache_sleutel(staaf(1, 2), 640, 300)
    assert sleutel.startswith(f"pdf-grafiek:v{pdf.GRAFIEKCACHE_VERSIE}:")
    assert (
        len({sleutel, pdf.grafiekcache_sleutel(staaf(2, 1), 640, 300), pdf.grafiekcache_sleutel(staaf(1, 2), 640, 301)})
        == 3
    )


def test_a_lost_cache_entry_is_drawn_again(chromium: Chromium) -> None:
    pdf.svg_van(staaf(5), breedte=640)
    cache.delete(pdf.grafiekcache_sleutel(staaf(5), 640, 300))

    pdf.svg_van(staaf(5), breedte=640)

    assert len(chromium.getekend) == 2


@pytest.mark.django_db
def test_maken_stops_chromium_after_the_charts_and_before_weasyprint_lays_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    volgorde: list[str] = []
    monkeypatch.setattr(pdf, "chromium_stoppen", lambda: volgorde.append("chromium gestopt"))
    render = weasyprint.HTML.render

    def opmaken(self: Any, *args: Any, **kwargs: Any) -> Any:
        volgorde.append("opmaak")
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", opmaken)

    ProefPdf(Regio.objects.create(naam="Proefregio")).maken()

    assert volgorde == ["chromium gestopt", "opmaak"]


@pytest.mark.django_db
def test_chromium_is_stopped_also_when_the_context_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    gestopt: list[bool] = []
    monkeypatch.setattr(pdf, "chromium_stoppen", lambda: gestopt.append(True))
    FOUT.append(RuntimeError("kapot"))

    with pytest.raises(RuntimeError):
        ProefPdf(Regio.objects.create(naam="Proefregio")).maken()

    assert gestopt == [True]


class Gestart(Exception):
    pass


def test_chromium_starts_as_the_headless_shell_when_it_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kaleido

    schil = tmp_path / "chromium-headless-shell"
    schil.write_text("#!/bin/sh\n")
    schil.chmod(0o755)
    monkeypatch.setattr(pdf, "KOPLOZE_CHROMIUM", schil)
    monkeypatch.setattr(kaleido._global_server, "is_running", lambda: False)
    gestart: list[dict[str, Any]] = []

    def starten(**opties: Any) -> None:
        gestart.append(opties)
        raise Gestart  # no chromium in this test: what it would start with is the point

    monkeypatch.setattr(kaleido, "start_sync_server", starten)

    with pytest.raises(Gestart):
        pdf.svg_in_chromium(staaf(1, 2), breedte=200, hoogte=150)

    assert gestart == [{"silence_warnings": True, "mathjax": False, "path": str(schil)}]
    assert pdf.KALEIDO_OPTIES == {"mathjax": False}  # the module's defaults are not changed by it


@pytest.mark.parametrize("uitvoerbaar", [False, None], ids=["not executable", "absent"])
def test_without_the_headless_shell_kaleido_finds_chromium_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uitvoerbaar: bool | None
) -> None:
    schil = tmp_path / "chromium-headless-shell"
    if uitvoerbaar is not None:
        schil.write_text("#!/bin/sh\n")
        schil.chmod(0o644)
    monkeypatch.setattr(pdf, "KOPLOZE_CHROMIUM", schil)

    assert pdf.kaleido_opties() == {"mathjax": False}


def _chromium_processen() -> list[int]:
    """This process's descendants that still hold memory (a reaped or zombie process has none)."""
    gevonden, open_ = [], [os.getpid()]
    while open_:
        pid = open_.pop()
        for taak in Path(f"/proc/{pid}/task").glob("*"):
            try:
                kinderen = [int(p) for p in (taak / "children").read_text().split()]
            except OSError:
                continue
            for kind in kinderen:
                try:
                    status = Path(f"/proc/{kind}/status").read_text()
                except OSError:
                    continue
                if "VmRSS:" in status:
                    gevonden.append(kind)
                open_.append(kind)
    return gevonden


@pytest.mark.needs_browser
@pytest.mark.django_db
def test_with_chromium_no_chromium_process_lives_while_weasyprint_lays_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    chromium_vereist()
    tijdens_opmaak: list[tuple[bool, list[int]]] = []
    render = weasyprint.HTML.render

    def opmaken(self: Any, *args: Any, **kwargs: Any) -> Any:
        tijdens_opmaak.append((pdf.chromium_draait(), _chromium_processen()))
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", opmaken)

    class MetGrafiek(ProefPdf):
        def html(self) -> str:
            uri = pdf.svg_van(staaf(3, 1, 2), breedte=320)  # not cached: drawn in chromium
            assert pdf.chromium_draait() and _chromium_processen()
            return f"<html lang='nl'><head><title>Proef</title></head><body><img src='{uri}' alt='Staaf'></body></html>"

    inhoud, paginas = MetGrafiek(Regio.objects.create(naam="Proefregio")).maken()

    assert paginas == 1 and inhoud.startswith(b"%PDF")
    assert tijdens_opmaak == [(False, [])]
    assert not pdf.chromium_draait()


def test_without_the_cache_the_chart_is_still_drawn(chromium: Chromium, monkeypatch: pytest.MonkeyPatch) -> None:
    def weg(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("Redis is weg")

    monkeypatch.setattr(cache, "get", weg)
    monkeypatch.setattr(cache, "set", weg)

    assert svg_uit(pdf.svg_van(staaf(1, 2), breedte=640)).startswith(b"<svg")
    assert chromium.getekend == [(640, 300)]


@pytest.mark.django_db
@pytest.mark.parametrize("fout", [False, True])
def test_the_worker_gives_memory_back_after_each_job_made_or_failed(
    wereld: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fout: bool,
) -> None:
    from regio import pdfwerk
    from regio.models import Pdfopdracht

    settings.REGIO_PDF_DOCUMENTEN = {"proef": "tests.regio.pdf_proef.ProefPdf"}
    settings.MEDIA_ROOT = tmp_path
    teruggegeven: list[str] = []
    monkeypatch.setattr(pdfwerk, "geheugen_teruggeven", lambda: teruggegeven.append(Pdfopdracht.objects.get().status))
    FOUT.clear()
    if fout:
        FOUT.append(RuntimeError("kapot"))

    with django_capture_on_commit_callbacks(execute=True):
        pdfwerk.pdf_aanvragen(document=ProefPdf(wereld.regio), acting_user=wereld.bewerker)

    # After the row says how it went: the memory is given back once the job is done, not before.
    assert teruggegeven == [Pdfopdracht.Status.MISLUKT if fout else Pdfopdracht.Status.KLAAR]
