"""Printing a document to PDF: the base every document renderer builds on (RegioplanPdf, RegiobeeldPdf, ContractPdf).

A renderer renders one print template (`templates/<app>/pdf/`) with WeasyPrint. WeasyPrint may fetch only the
product's own static files (fonts, the print stylesheet) and inline `data:` URIs: never a file from the disk, never
anything from the network, whatever a person typed into a plan. Charts are plotly figures turned into SVG by
kaleido (Debian's chromium, offline), the same figure definitions the pages use; a drawn chart is kept in Django's
cache under a fingerprint of its figure, and chromium is stopped before WeasyPrint lays the document out, so a
worker never holds both (together they would pass 600 MB for a long plan).
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import gc
import hashlib
import logging
import mimetypes
import os
import threading
import warnings
from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from regio.access import AnyUser
    from regio.models import Regio

log = logging.getLogger(__name__)

# The base URL of the print templates. Print templates name their files absolutely, e.g.
# `regio-static:/css/print.css` (not with `{% static %}`: urljoin does not resolve paths against an unknown
# scheme, and in production `{% static %}` gives hashed names the finders do not know). Nothing else exists.
BASIS_URL = "regio-static:/"


class GeweigerdeBron(ValueError):
    """WeasyPrint asked for something outside the product's own static files."""


def eigen_bestand(url: str) -> tuple[bytes, str | None]:
    """The static file a `regio-static:/` URL names, or GeweigerdeBron for anything else."""
    pad = None
    if url.startswith(BASIS_URL):
        pad = url[len(BASIS_URL) :]
        statisch = settings.STATIC_URL.lstrip("/")
        if pad.startswith(statisch):
            pad = pad[len(statisch) :]
    if pad is None or ".." in pad.split("/") or "?" in pad or "#" in pad:
        log.warning("PDF: refused to fetch %r", url[:200])
        raise GeweigerdeBron(url[:200])
    gevonden = finders.find(pad)
    if not gevonden or isinstance(gevonden, list):
        log.warning("PDF: no static file %r", pad)
        raise GeweigerdeBron(url[:200])
    with open(gevonden, "rb") as bestand:
        return bestand.read(), mimetypes.guess_type(gevonden)[0]


def url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves only the product's static files and `data:` URIs.

    WeasyPrint skips a resource whose fetch raises (the image or stylesheet is left out, the PDF is still made).
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AlleenEigenBestanden(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            inhoud, soort = eigen_bestand(url)
            return URLFetcherResponse(url, inhoud, {"Content-Type": soort or "application/octet-stream"})

    return AlleenEigenBestanden(allowed_protocols={"data", "regio-static"}, allow_redirects=False)


_kaleido_lock = threading.Lock()
# kaleido's chart page loads MathJax from cdnjs.cloudflare.com unless told not to: the product runs offline and
# its charts have no formulas, so the page chromium opens has only plotly.js and kaleido's script, from disk.
KALEIDO_OPTIES: dict[str, Any] = {"mathjax": False}
# Debian's `chromium-headless-shell` (the package of that name, the same version as `chromium`): chromium without the
# browser UI that `chromium --headless` carries (its browser process and a renderer for the omnibox popup). For the
# four regiobeeld charts 260-280 MB instead of 430-460 MB (PSS), the same SVG, half the CPU; no chromium flag
# comes close (BENCHMARKS.md). Used when installed; otherwise kaleido finds /usr/bin/chromium itself.
KOPLOZE_CHROMIUM = Path("/usr/lib/chromium/chromium-headless-shell")
# A drawn chart stays in Django's cache (Redis in production, shared by the workers) under a fingerprint of its
# figure and size: an unchanged chart (the regiobeeld's figures change only with an import) needs no chromium.
GRAFIEKCACHE_SECONDEN = 30 * 24 * 3600
GRAFIEKCACHE_VERSIE = 1  # raise when the drawing changes while the figures do not (fonts, kaleido's page)


def grafiekcache_sleutel(figuur: go.Figure, breedte: int, hoogte: int) -> str:
    """The cache key of a chart: the figure's JSON (data and layout, so any change is a new key), the size and the
    versions of plotly and kaleido that draw it."""
    from importlib.metadata import version

    vingerafdruk = hashlib.sha256()
    for deel in (figuur.to_json(), f"{breedte}x{hoogte}", version("plotly"), version("kaleido")):
        vingerafdruk.update(deel.encode())
        vingerafdruk.update(b"\0")
    return f"pdf-grafiek:v{GRAFIEKCACHE_VERSIE}:{vingerafdruk.hexdigest()}"


def kaleido_opties() -> dict[str, Any]:
    """The options kaleido starts chromium with: the headless shell when it is installed."""
    opties = dict(KALEIDO_OPTIES)
    if KOPLOZE_CHROMIUM.is_file() and os.access(KOPLOZE_CHROMIUM, os.X_OK):
        opties["path"] = str(KOPLOZE_CHROMIUM)
    return opties


def svg_in_chromium(figuur: go.Figure, *, breedte: int, hoogte: int) -> bytes:
    """A plotly figure as SVG, drawn by kaleido in chromium. Starts chromium if it is not running; it keeps
    running (about 0.3 s a chart afterwards) until `chromium_stoppen`, which Pdfdocument.maken calls once the
    charts are drawn."""
    import kaleido

    with _kaleido_lock:
        if not kaleido._global_server.is_running():  # kaleido has no public "is it running?"
            geheugen_teruggeven()  # chromium's 300-450 MB come on top of what this process holds
            kaleido.start_sync_server(silence_warnings=True, **kaleido_opties())
        with warnings.catch_warnings():
            # plotly warns that per-call kaleido options are ignored with a warm server; we pass none.
            warnings.simplefilter("ignore", UserWarning)
            svg: bytes = figuur.to_image(format="svg", width=breedte, height=hoogte)
    return svg


def chromium_draait() -> bool:
    """Whether this process has kaleido's chromium running."""
    import sys

    kaleido = sys.modules.get("kaleido")
    return kaleido is not None and bool(kaleido._global_server.is_running())


def chromium_stoppen() -> None:
    """Stop kaleido's chromium, if it runs: 300-560 MB that WeasyPrint's layout (300-400 MB of its own) should not
    have to share the worker's memory with. The next chart not in the cache starts it again (about 3 s)."""
    if not chromium_draait():
        return
    import kaleido

    with _kaleido_lock:
        kaleido.stop_sync_server(silence_warnings=True)


def svg_van(figuur: go.Figure, *, breedte: int = 680, hoogte: int | None = None) -> SafeString:
    """A plotly figure as an inline SVG image (data URI) for a print template.

    From the chart cache when the same figure was drawn at the same size before (by any worker); otherwise
    drawn in chromium (`svg_in_chromium`) and cached.
    """
    hoogte = hoogte or int(figuur.layout.height or 400)
    sleutel = grafiekcache_sleutel(figuur, breedte, hoogte)
    try:
        svg = cache.get(sleutel)
    except Exception:  # the cache is a shortcut: without it (Redis away) the chart is drawn
        log.warning("PDF: chart cache unreachable", exc_info=True)
        svg = None
    if not isinstance(svg, bytes):
        svg = svg_in_chromium(figuur, breedte=breedte, hoogte=hoogte)
        try:
            cache.set(sleutel, svg, GRAFIEKCACHE_SECONDEN)
        except Exception:
            log.warning("PDF: chart cache unreachable", exc_info=True)
    return svg_uri(svg)


def svg_uri(svg: bytes) -> SafeString:
    """SVG bytes as a data URI for an <img> of a print template (WeasyPrint fetches data: URIs only)."""
    data = base64.b64encode(svg).decode("ascii")
    return mark_safe(f"data:image/svg+xml;base64,{data}")  # noqa: S308 - base64 of an SVG


class Pdfdocument(ABC):
    """One kind of printable document. Subclasses name their print template and give its context.

    Registered in settings.REGIO_PDF_DOCUMENTEN under a short kind ("regioplan"), so the job machinery in
    regio (which must not import higher apps) can find, check and render them.
    """

    soort: ClassVar[str]
    template_name: ClassVar[str]
    # Confidential to the document's own parties (a contract: ACM): the admin shows koepel staff nothing that
    # identifies it (regio/admin.py), and its log lines are marked so (Auditregel.vertrouwelijk).
    vertrouwelijk: ClassVar[bool] = False

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    @classmethod
    @abstractmethod
    def ophalen(cls, object_id: int) -> Any:
        """The document's object, or raise its DoesNotExist."""

    @classmethod
    @abstractmethod
    def mag_lezen(cls, user: AnyUser, obj: Any) -> bool:
        """Whether `user` may see this document now (re-checked by the worker when it renders)."""

    @abstractmethod
    def regio(self) -> Regio: ...

    @abstractmethod
    def titel(self) -> str: ...

    @abstractmethod
    def versie(self) -> int:
        """The document's current version: a finished PDF of an older version is shown as outdated."""

    def bestandsnaam(self) -> str:
        from django.utils.text import slugify

        return f"{slugify(self.titel())[:80] or 'document'}.pdf"

    @abstractmethod
    def context(self) -> dict[str, Any]: ...

    def html(self) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return render_to_string(
                self.template_name,
                {"document": self, "gemaakt_op": timezone.localtime(), **self.context()},
            )

    def render(self) -> bytes:
        """The PDF: A4, tagged (PDF/UA-1) for screen readers."""
        return self.maken()[0]

    def maken(self) -> tuple[bytes, int]:
        """The PDF and its number of pages.

        Chromium (for the charts not in the cache) is stopped once the charts are drawn, before WeasyPrint lays out:
        a worker should not hold both. A worker calls `geheugen_teruggeven` after it has stored the PDF.
        """
        import weasyprint

        try:
            tekst = self.html()  # the context draws the charts (chromium, unless they are in the cache)
        finally:
            # Chromium is done: it must not hold its memory while WeasyPrint lays out and writes.
            chromium_stoppen()
        html = weasyprint.HTML(string=tekst, base_url=BASIS_URL, url_fetcher=url_fetcher())
        document = html.render(pdf_variant="pdf/ua-1")
        return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)


def geheugen_teruggeven() -> None:
    """Collect garbage and let glibc's malloc return its free pages to the system (malloc_trim). Python keeps
    freed memory for reuse otherwise: after a PDF of 200 activities a worker holds about 450 MB instead of about
    250-300 MB, and a next PDF's chromium (300-450 MB) comes on top of that. 0.5-0.7 CPU-s after a long PDF (the
    garbage collector's full round over WeasyPrint's freed pages, which it would otherwise do later); 0.1 s before
    chromium starts."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def renderer_voor(soort: str) -> type[Pdfdocument]:
    try:
        pad = settings.REGIO_PDF_DOCUMENTEN[soort]
    except KeyError as exc:
        raise LookupError(f"no PDF document kind {soort!r}") from exc
    klasse: type[Pdfdocument] = import_string(pad)
    return klasse
