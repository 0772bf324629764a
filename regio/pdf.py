"""Printing a document to PDF: the base every document renderer builds on (RegioplanPdf, RegiobeeldPdf, ContractPdf).

A renderer renders one print template (`templates/<app>/pdf/`) with WeasyPrint. WeasyPrint may fetch only the
product's own static files (fonts, the print stylesheet) and inline `data:` URIs: never a file from the disk, never
anything from the network, whatever a person typed into a plan. Charts are the pages' own plotly figure definitions
drawn as SVG in Python (regio.grafiek_svg): no browser anywhere in the PDF path.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import functools
import gc
import logging
import mimetypes
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from regio.grafiek_svg import figuur_svg

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


def svg_van(figuur: go.Figure | Mapping[str, Any], *, breedte: int = 680, hoogte: int | None = None) -> SafeString:
    """A plotly figure as an inline SVG image (data URI) for a print template, drawn in Python
    (regio.grafiek_svg: milliseconds a chart, no browser)."""
    return svg_uri(figuur_svg(figuur, breedte=breedte, hoogte=hoogte))


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
        """The PDF and its number of pages. A worker calls `geheugen_teruggeven` after it has stored the PDF."""
        document = weasyprint_html(self.html()).render(pdf_variant="pdf/ua-1")
        return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)


# WeasyPrint's user-agent stylesheet gives every element six pseudo-elements through universal rules (`::marker`,
# and the `::footnote-call`, `::footnote-marker`, `::note-call`, `::note-marker` and `::note-callback` of CSS GCPM),
# and WeasyPrint computes a style for each of them: 33,000 styles for the plan of 200 activities (5,500 elements),
# about 33 MB of the worker's peak (bench/pdf_bench.py, issue 20). Our print stylesheets make no footnotes or notes,
# and only list items and <summary> are shown with a marker: with those rules narrowed to them, the 105 pages of
# that plan and the 16 of the demo plan came out pixel for pixel the same (pdftoppm), the plan's peak 233 instead
# of 266 MB. The sheet's counter styles are WeasyPrint's own already (html._ua_counter_style): parsed into a
# throwaway set here.
_UA_ALLE_MARKERS = "\n::marker {"
_UA_NOTEN = re.compile(r"^::(?:footnote-call|footnote-marker|note-call|note-marker|note-callback) \{[^}\n]*\}$", re.M)


def ua_stylesheet_tekst(ua: str) -> str | None:
    """WeasyPrint's user-agent stylesheet `ua` with its universal pseudo-element rules narrowed (above), or None
    when it does not hold them as expected (another WeasyPrint version: then its own sheet is used unchanged)."""
    if ua.count(_UA_ALLE_MARKERS) != 1 or len(_UA_NOTEN.findall(ua)) != 5:
        return None
    return _UA_NOTEN.sub("", ua.replace(_UA_ALLE_MARKERS, "\nli::marker, summary::marker {"))


@functools.cache
def _html_klasse() -> type[Any]:
    import weasyprint
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA

    tekst = ua_stylesheet_tekst(UA)
    if tekst is None:
        log.warning("PDF: WeasyPrint's user-agent stylesheet is not as expected; used unchanged")
        return weasyprint.HTML
    smal = weasyprint.CSS(string=tekst, counter_style=CounterStyle())

    class Html(weasyprint.HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [smal, *super()._ua_stylesheets(forms)[1:]]

    return Html


def weasyprint_html(html: str) -> Any:
    """WeasyPrint's HTML for a print template's `html`: only the product's own files, the narrowed UA sheet."""
    return _html_klasse()(string=html, base_url=BASIS_URL, url_fetcher=url_fetcher())


def geheugen_teruggeven() -> None:
    """Collect garbage and let glibc's malloc return its free pages to the system (malloc_trim). Python keeps
    freed memory for reuse otherwise: after a PDF of 200 activities a worker holds about 335 MB instead of about
    220-250 MB (bench/pdf_bench.py), which every other task of that worker process would carry on with. Costs
    the garbage collector's full round over WeasyPrint's freed pages (which it would otherwise do later)."""
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
