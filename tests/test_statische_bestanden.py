"""Chart pages load plotly.js's basic bundle, and the static files go out compressed to a browser that accepts it.

Under `make run` WhiteNoise serves from the finders and sends the compressed copies next to the bundle
(static/vendor/plotly/*.gz, *.br); in production CompressedManifestStaticFilesStorage makes them at collectstatic.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import pytest
from django.test import Client

PROJECT = Path(__file__).resolve().parents[1]
PLOTLY = PROJECT / "static" / "vendor" / "plotly"
URL = "/static/vendor/plotly/plotly-basic.min.js"


@pytest.mark.parametrize(("accept", "codering"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("identity", None)])
def test_the_chart_bundle_is_served_compressed_to_a_browser_that_accepts_it(accept: str, codering: str | None) -> None:
    antwoord = Client().get(URL, HTTP_ACCEPT_ENCODING=accept)
    assert antwoord.status_code == 200
    assert antwoord.headers.get("Content-Encoding") == codering
    assert "Accept-Encoding" in antwoord.headers["Vary"]
    inhoud = b"".join(antwoord.streaming_content)  # type: ignore[attr-defined]
    uitpakken = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[codering]
    assert uitpakken(inhoud) == (PLOTLY / "plotly-basic.min.js").read_bytes()
    if codering:
        assert len(inhoud) < 400_000  # the bundle itself is 1.2 MB


def test_the_compressed_copies_are_of_the_bundle_as_it_is() -> None:
    bundel = (PLOTLY / "plotly-basic.min.js").read_bytes()
    assert gzip.decompress((PLOTLY / "plotly-basic.min.js.gz").read_bytes()) == bundel
    assert brotli.decompress((PLOTLY / "plotly-basic.min.js.br").read_bytes()) == bundel


def test_every_page_with_charts_loads_the_basic_bundle_and_none_the_full_one() -> None:
    sjablonen = {p: p.read_text(encoding="utf-8") for p in (PROJECT / "templates").rglob("*.html")}
    kop = sjablonen[PROJECT / "templates" / "_grafieken_kop.html"]
    assert "vendor/plotly/plotly-basic.min.js" in kop and "js/grafieken.js" in kop
    assert not [p for p, tekst in sjablonen.items() if "plotly.min.js" in tekst]
    met_kop = [p.name for p, tekst in sjablonen.items() if '{% include "_grafieken_kop.html" %}' in tekst]
    assert len(met_kop) >= 5, met_kop  # regiobeeld, regioplan, the contract's finances, split model, measuring point
