"""Tables that hold a decision show their deciding columns on a laptop (1366 px) and on a phone (390 px): nothing
that decides (an amount, a total, a status, what is late) hides behind a sideways scroll. On the phone the rows are
stacked cards, each value under its column's heading (static/js/regio.js)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import inloggen, screenshot, toegankelijkheid
from tests.contracten.werelden import contract_wereld
from tests.personas import Wereld

pytestmark = pytest.mark.needs_browser

# For the first row of the table headed by these columns: is the cell on the screen and not clipped by a scrolling
# container? On a phone: does it carry its heading?
_ZICHTBAAR = """([kolommen]) => {
  const uit = {};
  for (const tabel of document.querySelectorAll('main table')) {
    if (!tabel.tHead || !tabel.tBodies.length || !tabel.tBodies[0].rows.length) continue;
    const koppen = Array.from(tabel.tHead.rows[tabel.tHead.rows.length - 1].cells)
      .map(th => th.textContent.replace(/\\s+/g, ' ').trim());
    for (const naam of kolommen) {
      const i = koppen.indexOf(naam);
      if (i < 0 || naam in uit) continue;
      const cel = tabel.tBodies[0].rows[0].cells[i];
      const r = cel.getBoundingClientRect();
      let zichtbaar = r.width > 0 && r.height > 0 && r.left >= -1 && r.right <= window.innerWidth + 1;
      for (let el = cel.parentElement; el && zichtbaar; el = el.parentElement) {
        const o = getComputedStyle(el).overflowX;
        if (o !== 'visible') {
          const a = el.getBoundingClientRect();
          zichtbaar = r.right <= a.right + 1 && r.left >= a.left - 1;
        }
      }
      uit[naam] = {zichtbaar, kop: cel.getAttribute('data-kop')};
    }
  }
  return uit;
}"""

PAGINAS = {
    "contract": ("", ["Afspraak", "Segment", "Totaal", "Praktijk / regio"]),
    "financien": ("financien/", ["Jaar", "Totaal", "Praktijken", "Regio-organisatie"]),
    "monitoring": ("monitoring/", ["Meetpunt", "Stand", "Volgende rapportage", "Te laat"]),
}


@pytest.mark.parametrize("breedte", [1366, 390])
def test_the_deciding_columns_are_in_view_at_laptop_and_phone_width(
    wereld_live: Wereld, nieuwe_pagina, breedte: int
) -> None:
    contract_wereld(wereld_live)
    contract = wereld_live.contract  # type: ignore[attr-defined]
    pagina = nieuwe_pagina(breedte)
    inloggen(pagina, wereld_live.bewerker.email)
    basis = f"/regio/{wereld_live.regio.slug}/contracten/{contract.pk}/"
    for naam, (pad, kolommen) in PAGINAS.items():
        pagina.goto(basis + pad)
        gezien = pagina.evaluate(_ZICHTBAAR, [kolommen])
        screenshot(pagina, f"tabellen-{naam}-{breedte}")
        assert set(gezien) == set(kolommen), f"{naam}: columns not found: {set(kolommen) - set(gezien)}"
        verborgen = [k for k, v in gezien.items() if not v["zichtbaar"]]
        assert not verborgen, f"{naam} at {breedte} px hides {verborgen}"
        if breedte == 390:
            assert all(v["kop"] == k for k, v in gezien.items()), f"{naam}: a value without its heading: {gezien}"
            assert pagina.evaluate("document.documentElement.scrollWidth") <= 391
            assert toegankelijkheid(pagina) == []  # the stacked cards keep the table's roles
