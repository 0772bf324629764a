"""Benchmark of the regioplan PDF: seconds per page of `RegioplanPdf(plan).maken()`, against plain WeasyPrint.

Run from the repository root (see BENCHMARKS.md):

    .venv/bin/python bench/pdf_bench.py
    .venv/bin/python bench/pdf_bench.py --database-url postgres://postgres@127.0.0.1:5432/regio_bench

It builds a throwaway database (a temporary SQLite file, or the named PostgreSQL database, created and dropped
by this run) with the demo of `make run` (regions, parties, personas, figures through the product's import, the
regiobeeld with its challenges) and, through the services, regioplans of 200, 100 and 50 activities with one to
three measuring points each and four written parts. Then a fresh process, like a PDF worker and pinned to one CPU
core, measures:

1. starting and stopping chromium for one chart (kaleido; a PDF pays it when a chart is not in the cache);
2. the PDF of each plan, `--herhalingen` times: seconds (wall clock and CPU, chromium's included), pages,
   seconds per page, and where the time goes (charts, the rest of the context, the template, WeasyPrint); the
   200-activity plan cold (empty chart cache: chromium starts, draws and stops) and warm (charts cached);
3. the floor: WeasyPrint with the same fonts and print stylesheet laying out plain paragraphs of Dutch text to
   the same number of pages as the 200-activity plan, taken in turns with the plans' PDFs;
4. memory per phase: while the charts are drawn, this process's peak RSS (kernel) plus chromium's PSS just before
   the product stops it; while WeasyPrint lays out and writes, this process's peak RSS and whether any chromium
   process still lives. The worker's peak is the higher of the two phases.

The issue's targets: well under 0.3 s per page on one core including the charts, at most 1.5x the floor per
page, pages growing linearly with the plan, and a PDF worker under 600 MB for the 200-activity plan.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import itertools
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import _gemeen

if TYPE_CHECKING:
    import plotly.graph_objects as go

DOEL_SECONDEN_PER_PAGINA = 0.3
DOEL_VERHOUDING = 1.5
DOEL_GEHEUGEN_MB = 600
GROOTTES = (200, 100, 50)  # the first is the plan the targets are about


# -- the measuring process ---------------------------------------------------------------------------


@dataclass
class Render:
    """One `maken()` of one plan: wall-clock and CPU seconds, seconds per part, pages, charts and queries."""

    seconden: float
    cpu_python: float  # CPU seconds of this process during the render
    cpu_chromium: float  # CPU seconds of chromium's processes during the render (they draw the charts)
    paginas: int
    bytes: int
    grafieken: int
    queries: int
    delen: dict[str, float]
    in_chromium: int = 0  # charts chromium drew (not in the cache)
    piek_grafieken_mb: float = 0.0  # this process's peak RSS until chromium was stopped
    chromium_pss_mb: float = 0.0  # chromium's PSS just before it was stopped (0: it never ran)
    chromium_processen: int = 0  # chromium's processes just before it was stopped
    piek_opmaak_mb: float = 0.0  # this process's peak RSS from then on (WeasyPrint)
    chromium_tijdens_opmaak: int = 0  # processes of this one still alive when WeasyPrint starts (should be 0)

    @property
    def cpu(self) -> float:
        return self.cpu_python + self.cpu_chromium

    @property
    def worker_mb(self) -> float:
        """The worker's peak: the charts phase (process and chromium) or the layout phase, whichever is higher."""
        return max(self.piek_grafieken_mb + self.chromium_pss_mb, self.piek_opmaak_mb)


@dataclass
class Vloer:
    alineas: int
    paginas: int
    seconden: list[float]
    cpu: list[float]


@dataclass
class Uitkomst:
    """What the measuring process hands back to the report (as JSON)."""

    kern: str
    chromium_start: float  # seconds: start chromium, draw one small chart, stop it
    rss_voor_start_mb: float
    chromium_na_start: dict[str, float]
    renders: dict[str, list[Render]] = field(default_factory=dict)  # per number of activities ("200 koud")
    vloer: Vloer | None = None
    kaal: Vloer | None = None
    weasyprint_delen: dict[str, list[float]] = field(default_factory=dict)


class Klok:
    """Seconds per part of one render, from inside the renderer (see `_gemeten_pdf`)."""

    def __init__(self) -> None:
        self.delen: dict[str, float] = defaultdict(float)
        self.grafieken = 0
        self.in_chromium = 0
        self.piek_grafieken_mb = 0.0
        self.chromium = _gemeen.Kindergeheugen(0, 0.0, 0.0)
        self.chromium_tijdens_opmaak = 0
        self.meten_cpu = 0.0  # CPU seconds of the memory sampling inside maken(), taken off the render's
        self.gestopt = False

    @contextlib.contextmanager
    def meet(self, deel: str) -> Iterator[None]:
        begin = time.perf_counter()
        try:
            yield
        finally:
            self.delen[deel] += time.perf_counter() - begin

    def tekenaar(self, figuur: go.Figure, *, breedte: int = 680, hoogte: int | None = None) -> str:
        """The product's svg_van (the chart cache, else kaleido in chromium), timed."""
        from regio.pdf import svg_van

        with self.meet("grafieken"):
            self.grafieken += 1
            return svg_van(figuur, breedte=breedte, hoogte=hoogte)


_klok: Klok | None = None  # the render being measured, for the wrappers below


def _instrumenteren() -> None:
    """Wrap two functions of regio.pdf (module globals, so maken() and svg_van call the wrappers): count the charts
    chromium draws, and sample the memory of the charts phase just before the product stops chromium, then reset
    the kernel's peak so the rest of the render (WeasyPrint) reports its own. The sampling (reading chromium's
    smaps_rollup costs tens of ms) is timed and taken off the render's seconds."""
    from regio import pdf

    in_chromium, stoppen = pdf.svg_in_chromium, pdf.chromium_stoppen

    def geteld(figuur: go.Figure, *, breedte: int, hoogte: int) -> bytes:
        if _klok is not None:
            _klok.in_chromium += 1
        return in_chromium(figuur, breedte=breedte, hoogte=hoogte)

    def gemeten_stoppen() -> None:
        if _klok is None or _klok.gestopt:  # the first call of a render ends its charts phase
            stoppen()
            return
        _klok.gestopt = True
        cpu, begin = time.process_time(), time.perf_counter()
        _klok.piek_grafieken_mb = _piek_mb()
        _klok.chromium = _gemeen.kindergeheugen() if pdf.chromium_draait() else _gemeen.Kindergeheugen(0, 0.0, 0.0)
        _klok.delen["meten"] += time.perf_counter() - begin
        _klok.meten_cpu += time.process_time() - cpu
        with _klok.meet("chromium stoppen"):
            stoppen()
        _klok.chromium_tijdens_opmaak = sum(1 for p in _gemeen.nakomelingen() if _gemeen.status_kb(p, "VmRSS"))
        _gemeen.piek_terugzetten()

    pdf.svg_in_chromium = geteld
    pdf.chromium_stoppen = gemeten_stoppen


def _piek_mb() -> float:
    """This process's peak RSS since the last reset (VmHWM; ru_maxrss would keep the peak of an ended thread,
    and kaleido's thread ends when chromium is stopped)."""
    return _gemeen.status_kb(os.getpid(), "VmHWM") / 1024


def _chromium_cpu() -> float:
    """CPU seconds of chromium so far: its live processes, plus those that ended and were waited for (a PDF
    stops chromium; the kernel adds a reaped child's time to its parent's RUSAGE_CHILDREN)."""
    kinderen = resource.getrusage(resource.RUSAGE_CHILDREN)
    return _gemeen.kinder_cpu_seconden() + kinderen.ru_utime + kinderen.ru_stime


def _gemeten_pdf(plan: Any, klok: Klok) -> Any:
    """The product's RegioplanPdf with timers around context() and html(); maken() is the product's own."""
    from regioplan.pdf import RegioplanPdf

    class GemetenRegioplanPdf(RegioplanPdf):
        laatste_html = ""

        def context(self) -> dict[str, Any]:
            with klok.meet("context"):
                return super().context()

        def html(self) -> str:
            with klok.meet("html"):
                self.laatste_html = super().html()
            return self.laatste_html

    return GemetenRegioplanPdf(plan, tekenaar=klok.tekenaar)


def _render(plan: Any) -> tuple[Render, str, bytes]:
    from django.db import connection

    global _klok
    klok = _klok = Klok()
    queries = 0

    def tellen(execute: Callable[..., Any], *args: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(*args)

    document = _gemeten_pdf(plan, klok)
    _gemeen.piek_terugzetten()
    try:
        with connection.execute_wrapper(tellen):
            chromium_cpu = _chromium_cpu()
            cpu = time.process_time()
            begin = time.perf_counter()
            pdf, paginas = document.maken()
            seconden = time.perf_counter() - begin - klok.delen["meten"]
            cpu = time.process_time() - cpu - klok.meten_cpu
            chromium_cpu = _chromium_cpu() - chromium_cpu
    finally:
        _klok = None
    d = klok.delen
    delen = {
        "grafieken (cache, anders chromium)": d["grafieken"],
        "chromium stoppen": d["chromium stoppen"],
        "context zonder grafieken (queries, figuren, tijdpad-SVG, cijfers)": d["context"] - d["grafieken"],
        "sjabloon (Django-template)": d["html"] - d["context"],
        "WeasyPrint (opmaak + pdf schrijven)": seconden - d["html"] - d["chromium stoppen"],
    }
    render = Render(
        seconden,
        cpu,
        chromium_cpu,
        paginas,
        len(pdf),
        klok.grafieken,
        queries,
        delen,
        in_chromium=klok.in_chromium,
        piek_grafieken_mb=klok.piek_grafieken_mb,
        chromium_pss_mb=klok.chromium.pss_mb,
        chromium_processen=klok.chromium.processen,
        piek_opmaak_mb=_piek_mb(),
        chromium_tijdens_opmaak=klok.chromium_tijdens_opmaak,
    )
    return render, document.laatste_html, pdf


def _weasyprint(html: str) -> tuple[float, float, int]:
    """WeasyPrint alone on `html`, as Pdfdocument.maken calls it: (seconds layout, seconds writing, pages)."""
    import weasyprint

    from regio.pdf import BASIS_URL, url_fetcher

    begin = time.perf_counter()
    document = weasyprint.HTML(string=html, base_url=BASIS_URL, url_fetcher=url_fetcher()).render(
        pdf_variant="pdf/ua-1"
    )
    opmaak = time.perf_counter() - begin
    begin = time.perf_counter()
    document.write_pdf(pdf_variant="pdf/ua-1")
    return opmaak, time.perf_counter() - begin, len(document.pages)


def _alineas(aantal: int, zaad: int) -> list[str]:
    rng = random.Random(zaad)  # noqa: S311 - benchmark texts, not security
    return [" ".join(rng.sample(_gemeen.ZINNEN, rng.randint(3, 5))) for _ in range(aantal)]


def vloer_html(aantal: int, zaad: int, *, kaal: bool = False) -> str:
    """Plain paragraphs in the product's print stylesheet and fonts (or `kaal`: no stylesheet, default font)."""
    from django.utils.html import escape

    alineas = "\n".join(f"<p>{escape(a)}</p>" for a in _alineas(aantal, zaad))
    if kaal:
        return f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"></head><body>{alineas}</body></html>'
    lettertypen = "\n".join(
        f'@font-face {{ font-family: "Regio Sans"; font-weight: {gewicht}; font-style: {stijl}; '
        f'src: url("regio-static:/fonts/LiberationSans-{bestand}.ttf"); }}'
        for gewicht, stijl, bestand in (
            ("normal", "normal", "Regular"),
            ("bold", "normal", "Bold"),
            ("normal", "italic", "Italic"),
            ("bold", "italic", "BoldItalic"),
        )
    )
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Vloer</title>'
        f'<link rel="stylesheet" href="regio-static:/css/print.css"><style>{lettertypen}</style></head>'
        f"<body><main>{alineas}</main></body></html>"
    )


def vloer_pdf(aantal: int, zaad: int, *, kaal: bool = False) -> tuple[float, float, int]:
    """One floor PDF of `aantal` paragraphs, with the same WeasyPrint calls as Pdfdocument.maken (URL fetcher,
    PDF/UA-1): (wall-clock seconds, CPU seconds, pages)."""
    import weasyprint

    from regio.pdf import BASIS_URL, url_fetcher

    html = vloer_html(aantal, zaad, kaal=kaal)
    cpu = time.process_time()
    begin = time.perf_counter()
    document = weasyprint.HTML(string=html, base_url=BASIS_URL, url_fetcher=url_fetcher()).render(
        pdf_variant="pdf/ua-1"
    )
    document.write_pdf(pdf_variant="pdf/ua-1")
    return time.perf_counter() - begin, time.process_time() - cpu, len(document.pages)


def vloer_ijken(paginas: int, zaad: int, *, kaal: bool = False) -> Vloer:
    """As many paragraphs as fill `paginas` pages, within one page, found by a few untimed floor PDFs."""
    aantal = paginas * 6
    for _poging in range(8):
        *_s, gekregen = vloer_pdf(aantal, zaad, kaal=kaal)
        if abs(gekregen - paginas) <= 1:
            return Vloer(aantal, gekregen, [], [])
        aantal = max(1, round(aantal * paginas / gekregen))
    raise SystemExit(f"Vloer: geen {paginas} pagina's gehaald (laatst {gekregen} met {aantal} alinea's).")


def _een_kern() -> str:
    """Pin this process (and chromium, which inherits it) to one CPU core: the target is per core."""
    kern = sorted(os.sched_getaffinity(0))[-1]
    os.sched_setaffinity(0, {kern})
    return f"vastgezet op één kern (CPU {kern})"


def meetfase(opdracht_pad: Path) -> None:
    """The measuring process: a fresh Python process, like a PDF worker (the parent built the plans)."""
    opdracht = json.loads(opdracht_pad.read_text())
    kern = _een_kern() if opdracht["een_kern"] else f"alle {len(os.sched_getaffinity(0))} kernen"
    _gemeen.django_starten(migreren=False)

    import plotly.graph_objects as go
    from django.core.cache import cache

    from regio.pdf import chromium_stoppen, geheugen_teruggeven, svg_in_chromium
    from regioplan.models import Regioplan

    plannen = {
        str(n): Regioplan.objects.select_related("regio", "regiobeeld").get(pk=pk)
        for n, pk in opdracht["plannen"].items()
    }
    herhalingen: int = opdracht["herhalingen"]
    grootste = next(iter(plannen))
    rss_voor = _gemeen.rss_mb()
    begin = time.perf_counter()
    svg_in_chromium(go.Figure(go.Bar(x=[1, 2], y=[3, 4])), breedte=200, hoogte=150)  # starts chromium
    na_start = _gemeen.kindergeheugen()
    chromium_stoppen()
    uitkomst = Uitkomst(kern, time.perf_counter() - begin, rss_voor, asdict(na_start))
    print(f"  chromium gestart en gestopt in {uitkomst.chromium_start:.1f} s ({kern})", flush=True)
    _instrumenteren()
    # In turns, repetition by repetition (the plans, the floor, WeasyPrint alone), so that a busy moment of a shared
    # machine hits the product and its floor alike. The biggest plan twice: cold (the chart cache emptied, as
    # after a Redis flush or an import of new figures) and warm (the regiobeeld's charts cached).
    volgorde = [(grootste, True), *((n, False) for n in plannen)]
    for herhaling in range(1, herhalingen + 1):
        for n, koud in volgorde:
            if koud:
                cache.clear()
            render, html, pdf = _render(plannen[n])
            geheugen_teruggeven()  # as the worker does after storing a PDF (regio.pdfwerk); not timed
            naam = f"{n} koud" if koud else n
            uitkomst.renders.setdefault(naam, []).append(render)
            print(
                f"  {naam}: pdf {herhaling}: {render.seconden:.1f} s, {render.paginas} pagina's, "
                f"{render.in_chromium} van {render.grafieken} grafieken in chromium, werker {render.worker_mb:.0f} MB",
                flush=True,
            )
            if n != grootste or koud:
                continue
            if opdracht["pdf"]:
                Path(opdracht["pdf"]).write_bytes(pdf)
            if uitkomst.vloer is None or uitkomst.kaal is None:
                print(f"  vloer: alinea's zoeken voor {render.paginas} pagina's...", flush=True)
                uitkomst.vloer = vloer_ijken(render.paginas, opdracht["zaad"])
                uitkomst.kaal = vloer_ijken(render.paginas, opdracht["zaad"], kaal=True)
            for vloer, kaal in ((uitkomst.vloer, False), (uitkomst.kaal, True)):
                seconden, cpu, _p = vloer_pdf(vloer.alineas, opdracht["zaad"], kaal=kaal)
                vloer.seconden.append(seconden)
                vloer.cpu.append(cpu)
            # WeasyPrint's two steps on the same HTML, to explain its share (not part of the PDF above).
            opmaak, schrijven, _p = _weasyprint(html)
            uitkomst.weasyprint_delen.setdefault("opmaak (HTML.render)", []).append(opmaak)
            uitkomst.weasyprint_delen.setdefault("pdf schrijven (write_pdf)", []).append(schrijven)
    Path(opdracht["uitkomst"]).write_text(json.dumps(asdict(uitkomst)))
    if opdracht["profiel"]:
        profileren(Path(opdracht["profiel"]), plannen[grootste])


def profileren(pad: Path, plan: Any) -> None:
    """One more render under cProfile (slower than the measured ones: read it for proportions). Chromium's own
    work shows as waiting in kaleido's calls; it runs in other processes."""
    profiel = cProfile.Profile()
    profiel.enable()
    _render(plan)
    profiel.disable()
    profiel.dump_stats(pad)
    for sortering in ("cumulative", "tottime"):
        print(f"\n== cProfile van één pdf, gesorteerd op {sortering} (volledig in {pad}) ==")
        stats = pstats.Stats(profiel, stream=sys.stdout)
        stats.strip_dirs().sort_stats(sortering).print_stats(30)


# -- the report --------------------------------------------------------------------------------------


def _uit_json(gegevens: dict[str, Any]) -> Uitkomst:
    renders = {n: [Render(**r) for r in lijst] for n, lijst in gegevens.pop("renders").items()}
    vloer, kaal = (Vloer(**v) if v else None for v in (gegevens.pop("vloer"), gegevens.pop("kaal")))
    return Uitkomst(**gegevens, renders=renders, vloer=vloer, kaal=kaal)


def _med(waarden: list[float]) -> float:
    return statistics.median(waarden)


def _bereik(waarden: list[float]) -> str:
    return f"{min(waarden):.2f}-{max(waarden):.2f}"


def _oordeel(gehaald: bool) -> str:
    return "gehaald" if gehaald else "NIET gehaald"


def _pdfrij(naam: str, rs: list[Render], vloer_pag: float, vloer_cpu_pag: float) -> str:
    paginas = rs[-1].paginas
    s_pag = _med([r.seconden / r.paginas for r in rs])
    cpu_pag = _med([r.cpu / r.paginas for r in rs])
    return (
        f"| **{naam}** | {_med([r.seconden for r in rs]):.2f} | {_bereik([r.seconden for r in rs])} | {paginas} "
        f"| {s_pag:.3f} | {s_pag / vloer_pag:.2f} | {cpu_pag:.3f} | {cpu_pag / vloer_cpu_pag:.2f} |"
    )


def _delenrijen(rs: list[Render], vloer_pag: float) -> list[str]:
    paginas = rs[-1].paginas
    rijen = []
    for deel in rs[0].delen:
        w = [r.delen[deel] for r in rs]
        rijen.append(
            f"| waarvan {deel} | {_med(w):.2f} | {_bereik(w)} | | {_med(w) / paginas:.3f} "
            f"| {_med(w) / paginas / vloer_pag:.2f} | | |"
        )
    return rijen


def _geheugenregel(naam: str, rs: list[Render]) -> str:
    r = max(rs, key=lambda r: r.worker_mb)
    return (
        f"| {naam} | {r.in_chromium} van {r.grafieken} | {r.piek_grafieken_mb:.0f} | {r.chromium_pss_mb:.0f} "
        f"({r.chromium_processen}) | {r.piek_opmaak_mb:.0f} | {max(x.chromium_tijdens_opmaak for x in rs)} "
        f"| **{r.worker_mb:.0f}** |"
    )


def rapport(u: Uitkomst, database: str, herhalingen: int, opbouw: dict[str, float], meetpunten: dict[str, int]) -> None:
    """Print the tables (Markdown, for BENCHMARKS.md) and whether the targets hold."""
    vloer, kaal = u.vloer, u.kaal
    if vloer is None or kaal is None:
        raise SystemExit("Het meetproces gaf geen vloer terug.")
    print(f"\n{_gemeen.machine(database)}")
    print(f"Meetproces: {u.kern}; mediaan van {herhalingen} herhaling(en)")
    print("Plannen opgebouwd via de services in: " + ", ".join(f"{n} act. {s:.0f} s" for n, s in opbouw.items()))
    groottes = sorted((n for n in u.renders if n.isdigit()), key=int)
    hoofd = groottes[-1]
    rs, koud = u.renders[hoofd], u.renders[f"{hoofd} koud"]
    paginas = rs[-1].paginas
    vloer_pag = _med([s / vloer.paginas for s in vloer.seconden])
    vloer_cpu_pag = _med([c / vloer.paginas for c in vloer.cpu])
    kaal_pag = _med([s / kaal.paginas for s in kaal.seconden])
    kaal_cpu_pag = _med([c / kaal.paginas for c in kaal.cpu])
    zelfde_html = sum(_med(w) for w in u.weasyprint_delen.values())

    print(
        f"\n**Het plan met {hoofd} activiteiten: {paginas} pagina's, {rs[-1].grafieken} grafieken via de tekenaar**\n"
    )
    print(
        "| meting | seconden (mediaan) | min-max | pagina's | s per pagina | x vloer per pagina "
        "| CPU-s per pagina (python + chromium) | x vloer per pagina (CPU) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| chromium starten, één grafiek, stoppen | {u.chromium_start:.2f} | - | | | | | |")
    print(
        _pdfrij("pdf maken, warm (grafieken in de cache): `RegioplanPdf(plan).maken()`", rs, vloer_pag, vloer_cpu_pag)
    )
    print("\n".join(_delenrijen(rs, vloer_pag)))
    print(_pdfrij("pdf maken, koud (cache leeg: chromium start, tekent, stopt)", koud, vloer_pag, vloer_cpu_pag))
    print("\n".join(_delenrijen(koud, vloer_pag)))
    for deel, w in u.weasyprint_delen.items():
        print(
            f"| onderdeel: WeasyPrint {deel}, zelfde HTML | {_med(w):.2f} | {_bereik(w)} | "
            f"| {_med(w) / paginas:.3f} | {_med(w) / paginas / vloer_pag:.2f} | | |"
        )
    print(
        f"| **vloer: WeasyPrint, {vloer.alineas} alinea's, zelfde lettertype en print.css** "
        f"| {_med(vloer.seconden):.2f} | {_bereik(vloer.seconden)} | {vloer.paginas} | {vloer_pag:.3f} | 1.00 "
        f"| {vloer_cpu_pag:.3f} | 1.00 |"
    )
    print(
        f"| onderdeel: WeasyPrint kaal, {kaal.alineas} alinea's zonder css en lettertype "
        f"| {_med(kaal.seconden):.2f} | {_bereik(kaal.seconden)} | {kaal.paginas} | {kaal_pag:.3f} "
        f"| {kaal_pag / vloer_pag:.2f} | {kaal_cpu_pag:.3f} | {kaal_cpu_pag / vloer_cpu_pag:.2f} |"
    )
    print(
        f"\nDe pdf (warm) tegen WeasyPrint alleen op dezelfde HTML (opmaak + schrijven, {zelfde_html:.2f} s): "
        f"{_med([r.seconden for r in rs]) / zelfde_html:.2f}x. CPU per pdf, warm: dit proces "
        f"{_med([r.cpu_python for r in rs]):.2f} s, chromium {_med([r.cpu_chromium for r in rs]):.2f} s; koud: "
        f"{_med([r.cpu_python for r in koud]):.2f} s en {_med([r.cpu_chromium for r in koud]):.2f} s."
    )

    print("\n**Pagina's naar omvang van het plan (warm)**\n")
    print(
        "| activiteiten | meetpunten | grafieken | queries | pagina's | seconden (mediaan) | s per pagina "
        "| CPU-s per pagina | x vloer per pagina (CPU) | piek worker (MB) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in groottes:
        r_n = u.renders[n]
        per_pag = _med([r.seconden / r.paginas for r in r_n])
        cpu_n = _med([r.cpu / r.paginas for r in r_n])
        print(
            f"| {n} | {meetpunten[n]} | {r_n[-1].grafieken} | {r_n[-1].queries} | {r_n[-1].paginas} "
            f"| {_med([r.seconden for r in r_n]):.2f} | {per_pag:.3f} | {cpu_n:.3f} "
            f"| {cpu_n / vloer_cpu_pag:.2f} | {max(r.worker_mb for r in r_n):.0f} |"
        )
    per_activiteit: list[float] = []
    teksten: list[str] = []
    for a, b in itertools.pairwise(groottes):
        extra = (u.renders[b][-1].paginas - u.renders[a][-1].paginas) / (int(b) - int(a))
        per_activiteit.append(extra)
        teksten.append(f"van {a} naar {b}: {extra:.3f}")
    print("\nPagina's per extra activiteit: " + ", ".join(teksten))

    start = u.chromium_na_start
    print("\n**Geheugen van de pdf-worker (hoogste over de herhalingen)**\n")
    print(
        "| pdf | grafieken in chromium | piek proces tot chromium stopt (MB) | chromium PSS vlak voor het stoppen "
        "(MB, processen) | piek proces tijdens WeasyPrint (MB) | chromium-processen tijdens WeasyPrint "
        "| piek worker (MB) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(_geheugenregel(f"{hoofd} activiteiten, koud", koud))
    for n in reversed(groottes):
        print(_geheugenregel(f"{n} activiteiten, warm", u.renders[n]))
    print(
        f"\nChromium na de start met één kleine grafiek: {start['processen']:.0f} processen, {start['pss_mb']:.0f} MB "
        f"PSS (dit proces toen {u.rss_voor_start_mb:.0f} MB)."
    )

    cpu_pag = _med([r.cpu / r.paginas for r in rs])
    cpu_koud = _med([r.cpu / r.paginas for r in koud])
    s_pag = _med([r.seconden / r.paginas for r in rs])
    worker = max(r.worker_mb for lijst in u.renders.values() for r in lijst)
    lineair = max(per_activiteit) <= 1.25 * min(per_activiteit) if per_activiteit else True
    # Judged on CPU seconds (this process and chromium's): on a shared machine the wall clock also counts the
    # time another process had the core; on an idle one the two are the same.
    print(
        f"\nDoel: (ruim) onder {DOEL_SECONDEN_PER_PAGINA:g} s per pagina op één kern, met grafieken: "
        f"{_oordeel(cpu_koud < DOEL_SECONDEN_PER_PAGINA)} (CPU {cpu_pag:.3f} s per pagina warm, {cpu_koud:.3f} koud; "
        f"wandklok warm {s_pag:.3f} s)."
    )
    print(
        f"Doel: hoogstens {DOEL_VERHOUDING:g}x de vloer per pagina: "
        f"{_oordeel(cpu_pag / vloer_cpu_pag <= DOEL_VERHOUDING)} (CPU warm {cpu_pag / vloer_cpu_pag:.2f}x, koud "
        f"{cpu_koud / vloer_cpu_pag:.2f}x; wandklok warm {s_pag / vloer_pag:.2f}x)."
    )
    print(
        f"Doel: pagina's groeien lineair met het plan: {_oordeel(lineair)} (pagina's per extra activiteit hierboven)."
    )
    print(
        f"Doel: pdf-worker onder {DOEL_GEHEUGEN_MB} MB bij {hoofd} activiteiten: "
        f"{_oordeel(worker < DOEL_GEHEUGEN_MB)} (hoogste piek over alle pdf's, koud en warm: {worker:.0f} MB)."
    )


# -- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _gemeen.database_argument(parser)
    parser.add_argument("--herhalingen", type=int, default=3, help="maak elke pdf zo vaak en toon de mediaan")
    parser.add_argument("--zaad", type=int, default=2026, help="vast zaad voor de verzonnen teksten")
    parser.add_argument("--alle-kernen", action="store_true", help="het meetproces niet aan één kern binden")
    parser.add_argument("--profiel", type=Path, help="profileer nog één pdf met cProfile en schrijf de stats hier")
    parser.add_argument("--pdf-bewaren", type=Path, help="bewaar de pdf van het grootste plan (warm) hier")
    parser.add_argument("--meetfase", type=Path, help=argparse.SUPPRESS)  # the measuring process (internal)
    args = parser.parse_args(argv)
    if args.meetfase:
        meetfase(args.meetfase)
        return 0
    if args.herhalingen < 1:
        parser.error("--herhalingen moet minstens 1 zijn")

    with _gemeen.wegwerpomgeving(args.database_url) as werkmap:
        from django.db import connections

        from regioplan.models import Meetpunt

        database = _gemeen.database_beschrijving()
        print(f"Benchmark pdf van het regioplan op {database}: plannen opbouwen...", flush=True)
        wereld = _gemeen.planwereld_laden()
        plannen: dict[str, int] = {}
        opbouw: dict[str, float] = {}
        meetpunten: dict[str, int] = {}
        for n in GROOTTES:
            begin = time.perf_counter()
            plan = _gemeen.plan_bouwen(
                wereld, titel=f"Regioplan {n} activiteiten (benchmark)", activiteiten=n, zaad=args.zaad + n
            )
            opbouw[str(n)] = time.perf_counter() - begin
            plannen[str(n)] = plan.pk
            meetpunten[str(n)] = Meetpunt.objects.filter(activiteit__regioplan=plan).count()
            print(f"  plan met {n} activiteiten: {opbouw[str(n)]:.0f} s", flush=True)
        connections.close_all()
        opdracht = werkmap / "opdracht.json"
        uitkomst = werkmap / "uitkomst.json"
        opdracht.write_text(
            json.dumps(
                {
                    "plannen": plannen,
                    "herhalingen": args.herhalingen,
                    "zaad": args.zaad,
                    "een_kern": not args.alle_kernen,
                    "uitkomst": str(uitkomst),
                    "profiel": str(args.profiel.resolve()) if args.profiel else "",
                    "pdf": str(args.pdf_bewaren.resolve()) if args.pdf_bewaren else "",
                }
            )
        )
        print("Meten in een nieuw proces (zoals een pdf-worker)...", flush=True)
        subprocess.run(  # noqa: S603 - this script itself, with a path we made
            [sys.executable, str(Path(__file__).resolve()), "--meetfase", str(opdracht)], check=True
        )
        rapport(_uit_json(json.loads(uitkomst.read_text())), database, args.herhalingen, opbouw, meetpunten)
    return 0


if __name__ == "__main__":
    sys.exit(main())
