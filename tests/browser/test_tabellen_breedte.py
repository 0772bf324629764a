"""Tables that hold a decision show their deciding columns on a laptop (1366 px) and on a phone (390 px): nothing
that decides (an amount, a total, a status, what is late) hides behind a sideways scroll. On the phone the rows are
stacked cards, each value under its column's heading (static/js/regio.js)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import grafieken_tekenen, inloggen, screenshot, toegankelijkheid
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


# Per drawn chart: tick labels, axis titles and legend entries that run into each other, stick out of the chart or
# are turned on end (plotly turns labels that do not fit; on a phone that leaves a strip of plot).
_GRAFIEKLABELS = """() => {
  const uit = [];
  for (const vlak of document.querySelectorAll('[data-grafiek-getekend]:not([hidden])')) {
    const naam = vlak.getAttribute('data-grafiek'), grens = vlak.getBoundingClientRect();
    const labels = Array.from(vlak.querySelectorAll(
      '.xtick text, .ytick text, .legendtext, .g-xtitle text, .g-ytitle text'))
      .map(t => [t.textContent, t.getBoundingClientRect(), t.getAttribute('transform') || ''])
      .filter(([, r]) => r.width > 0);
    labels.forEach(([tekst, r, draai], i) => {
      if (draai.includes('rotate') && !draai.startsWith('rotate(-90')) uit.push(`${naam}: ${tekst} gedraaid`);
      if (r.left < grens.left - 1 || r.right > grens.right + 1) uit.push(`${naam}: ${tekst} buiten de grafiek`);
      for (const [ander, s] of labels.slice(i + 1)) {
        if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1)
          uit.push(`${naam}: ${tekst} over ${ander}`);
      }
    });
  }
  return uit;
}"""

_SCROLT = "(el) => el.scrollWidth > el.clientWidth + 1"


def _zijwaarts(pagina) -> bool:
    return bool(pagina.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"))


def test_on_a_phone_charts_timeline_changes_and_shares_read_without_sideways_scrolling(
    wereld_live: Wereld, nieuwe_pagina
) -> None:
    """Issue 21 at 390 px: chart labels level and apart, the legend under the chart; the plan's timeline follows
    the window when it is narrowed or widened after loading; the contract's latest changes stacked as cards that
    fit, even with the browser's text set larger; shares since the signature as percentages."""
    from decimal import Decimal

    from contracten import services
    from contracten.models import Contractafspraak
    from contracten.verdeelmodel import Aanbiederinvoer, verdeelmodel_opslaan
    from tests.contracten.werelden import aangeboden_en_getekend

    w = contract_wereld(wereld_live)
    contract, handtekening = aangeboden_en_getekend(w)
    afspraak = Contractafspraak.objects.get(pk=w.afspraak.pk)  # type: ignore[attr-defined]
    afspraak.aandeel_praktijk, afspraak.aandeel_regio = Decimal("62.5"), Decimal("37.5")
    services.afspraak_opslaan(
        afspraak=afspraak,
        gelezen_versie=afspraak.versie,
        bedragen={b.jaar: b.bedrag for b in afspraak.bedragen.all()},
        meetpunten=list(afspraak.meetpunten.all()),
        acting_user=w.zorginkoper,
    )
    verdeelmodel_opslaan(
        contract=type(contract).objects.get(pk=contract.pk),
        gelezen_versie=None,
        velden={
            "budget": Decimal("900000"),
            "grondslag": "uren",
            "drempel_procent": Decimal("10"),
            "vangnet_procent": Decimal("10"),
            "toelichting": "",
        },
        aanbieders=[
            Aanbiederinvoer("Zorggroep Eigen regio", Decimal("400000.00"), Decimal("4200")),
            Aanbiederinvoer("Wijkverpleging Noord en Zuid", Decimal("300000.00"), Decimal("3000")),
            Aanbiederinvoer("Ziekenhuis Parkstad, afdeling geriatrie", Decimal("200000.00"), Decimal("2800")),
        ],
        acting_user=w.bewerker,
    )
    pagina = nieuwe_pagina(390, als=w.bewerker.email)
    basis = f"/regio/{w.regio.slug}/contracten/{contract.pk}/"

    for pad, grafiek in (("financien/", "financiering"), ("verdeelmodel/", "verdeelmodel")):
        pagina.goto(basis + pad)
        grafieken_tekenen(pagina)
        pagina.wait_for_selector(f"#grafiek-{grafiek} .main-svg")
        screenshot(pagina, f"grafiek-{grafiek}-390")
        assert pagina.evaluate(_GRAFIEKLABELS) == [], grafiek
        assert not _zijwaarts(pagina), grafiek

    pagina.goto(basis)
    wijzigingen = pagina.locator("#wijzigingen .tabel-scroll")
    assert wijzigingen.locator("table[data-gestapeld] td[data-kop='Wat']").count() > 0
    assert not wijzigingen.evaluate(_SCROLT)
    # The browser's text size "large" (20 px): the cards still fit, nothing scrolls sideways.
    pagina.evaluate("document.documentElement.style.fontSize = '125%'")
    screenshot(pagina, "wijzigingen-390-grote-tekst")
    assert not wijzigingen.evaluate(_SCROLT) and not _zijwaarts(pagina)

    pagina.goto(f"{basis}sinds-ondertekening/{handtekening.pk}/")
    afspraken = pagina.locator("section", has=pagina.get_by_role("heading", name="Afspraken"))
    assert afspraken.locator("del", has_text="70%").count() and afspraken.locator("ins", has_text="62,5%").count()
    assert "70.00" not in afspraken.inner_text() and not _zijwaarts(pagina)

    # The timeline: drawn wide, then the window narrowed (its table instead), then wide again (the chart back).
    plan = f"/regio/{w.regio.slug}/regioplan/{w.vastgesteld_plan.pk}/"  # type: ignore[attr-defined]
    vlak = "#grafiek-tijdpad .grafiek__vlak"
    pagina.set_viewport_size({"width": 1366, "height": 900})
    pagina.goto(plan)
    grafieken_tekenen(pagina)
    pagina.wait_for_selector(f"{vlak} .main-svg")
    pagina.set_viewport_size({"width": 390, "height": 900})
    pagina.wait_for_function("(s) => document.querySelector(s).hidden", arg=vlak)
    screenshot(pagina, "tijdpad-versmald-390")
    tabel = pagina.locator("#grafiek-tijdpad details.grafiek__tabel")
    assert tabel.evaluate("(d) => d.open") and not _zijwaarts(pagina)
    assert pagina.locator("#grafiek-tijdpad").evaluate("(f) => f.getBoundingClientRect().right <= window.innerWidth")
    pagina.set_viewport_size({"width": 1366, "height": 900})
    pagina.wait_for_function("(s) => document.querySelector(s + ' .main-svg').clientWidth > 600", arg=vlak)
    assert not tabel.evaluate("(d) => d.open")
    assert pagina.evaluate(_GRAFIEKLABELS) == []
