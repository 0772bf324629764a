"""The chart page chromium opens for the PDF loads nothing from the internet (the product runs offline)."""

import re

from kaleido._page_generator import PageGenerator

from regio.pdf import KALEIDO_OPTIES


def test_the_page_kaleido_draws_charts_on_loads_its_scripts_from_disk_only() -> None:
    pagina = PageGenerator(mathjax=KALEIDO_OPTIES["mathjax"]).generate_index()
    bronnen = re.findall(r'<script[^>]*\bsrc="([^"]+)"', pagina)
    assert any("plotly" in b for b in bronnen)
    assert all(b.startswith("file://") for b in bronnen), bronnen
    assert "cdnjs" not in pagina and "https://" not in pagina
