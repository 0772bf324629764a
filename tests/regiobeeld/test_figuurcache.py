"""The figures of the regiobeeld page come from a cache (regiobeeld/figuurcache.py): never stale.

Each test first opens the page, so the charts and tables are in the cache, then changes what the page shows in
one of the ways the product allows, and opens the page again: the change must show at once.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from regio.models import Gemeente
from regiobeeld import figuurcache, pagina, services
from regiobeeld.analysis import spreiding, waarden_frame
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Cijfer, Deel, Deelsoort, Importbestand, Indicator, Uitdaging
from tests.factories import GemeenteFactory, RegioFactory
from tests.personas import Wereld
from tests.regiobeeld.werelden import import_maken

pytestmark = pytest.mark.django_db

GEZONDHEID = "ervaren_gezondheid_goed"  # a percentage: weighted by inhabitants


@pytest.fixture(autouse=True)
def _leeg() -> None:
    cache.clear()


@pytest.fixture
def regiobeeld(wereld: Wereld):
    kernset_laden()
    regiobeeld = services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)
    g1, g2 = _eigen(wereld)
    _opslaan(wereld, [(GEZONDHEID, g1, 2024, 70.0), (GEZONDHEID, g2, 2024, 80.0)])
    return regiobeeld


def _eigen(wereld: Wereld) -> list[str]:
    """The own region's gemeenten: 60,000 and 45,000 inhabitants."""
    return list(wereld.regio.gemeenten.order_by("-inwoners").values_list("code", flat=True))


def _opslaan(wereld: Wereld, rijen: list[tuple[str, str, int, float]]) -> None:
    services.cijfers_opslaan(
        regio=wereld.regio,
        waarden=pd.DataFrame(rijen, columns=["indicator", "gemeente", "jaar", "waarde"]),
        bron="Testbron",
        is_illustratief=False,
        importbestand=None,
    )


def _client(wereld: Wereld, taal: str = "nl") -> Client:
    client = Client()
    client.force_login(wereld.lezer)
    client.cookies["django_language"] = taal
    return client


def _pagina(wereld: Wereld, indicator: str = GEZONDHEID, client: Client | None = None) -> str:
    url = reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])
    antwoord = (client or _client(wereld)).get(url, {"indicator": indicator})
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def _tabel(html: str, grafiek: str) -> list[list[str]]:
    """The data table of one chart, as rows of cell texts."""
    figuur = html.split(f'id="grafiek-{grafiek}"')[1].split("</figure>")[0]
    tbody = figuur.split("<tbody>")[1].split("</tbody>")[0]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij) for rij in tbody.split("</tr>") if rij]


def _zonder_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _regiowaarde(html: str) -> str:
    return _tabel(html, "trend")[-1][1]


def test_the_page_shows_the_weighted_figure(wereld: Wereld, regiobeeld) -> None:
    # (70 x 60,000 + 80 x 45,000) / 105,000
    assert _regiowaarde(_pagina(wereld)) == "74,3"


def test_the_figures_are_built_once_for_equal_input_and_again_after_a_change(
    wereld: Wereld, regiobeeld, monkeypatch
) -> None:
    bouwen = pagina._figuren
    gebouwd: list[object] = []

    def tellend(invoer: object) -> object:
        gebouwd.append(invoer)
        return bouwen(invoer)  # type: ignore[arg-type]

    monkeypatch.setattr(pagina, "_figuren", tellend)
    client = _client(wereld)
    eerste = _zonder_csrf(_pagina(wereld, client=client))
    assert _zonder_csrf(_pagina(wereld, client=client)) == eerste
    assert _zonder_csrf(_pagina(wereld)) == eerste
    assert len(gebouwd) == 1
    _opslaan(wereld, [(GEZONDHEID, _eigen(wereld)[0], 2024, 71.0)])
    _pagina(wereld, client=client)
    assert len(gebouwd) == 2


def test_a_new_import_shows_at_once(wereld: Wereld, regiobeeld) -> None:
    assert _regiowaarde(_pagina(wereld)) == "74,3"
    g1, g2 = _eigen(wereld)
    _opslaan(wereld, [(GEZONDHEID, g1, 2024, 60.0), (GEZONDHEID, g2, 2025, 90.0)])
    html = _pagina(wereld)
    assert _tabel(html, "trend") == [["2024", "68,6", "2 / 2"], ["2025", "90,0", "1 / 2"]]
    assert "Per gemeente in 2025" in html


def test_an_import_through_its_steps_shows_at_once(wereld: Wereld, regiobeeld) -> None:
    # No inhabitants' figures yet: the page falls back to the first indicator with figures.
    assert _tabel(_pagina(wereld, "inwoners"), "trend") == [["2024", "74,3", "2 / 2"]]
    imp = import_maken(wereld.regio, wereld)
    services.import_koppelen(
        importbestand=imp,
        koppeling=services.koppeling_uit(
            {
                "vorm": "lang",
                "gemeente_kolom": "Regio's",
                "jaar_kolom": "Perioden",
                "vaste_indicator": "inwoners",
                "waarde_kolom": "Bevolking op 1 januari (aantal)",
            }
        ),
        acting_user=wereld.bewerker,
    )
    services.import_omzetten(imp.pk)
    imp.refresh_from_db()
    services.import_bevestigen(importbestand=imp, afwijzingen_begrepen=True, acting_user=wereld.bewerker)
    services.import_opslaan(imp.pk)
    imp.refresh_from_db()
    assert imp.status == Importbestand.Status.OPGESLAGEN
    assert _tabel(_pagina(wereld, "inwoners"), "trend") == [["2023", "105.000", "2 / 2"]]


def test_a_cancelled_import_leaves_the_page_as_it_was(wereld: Wereld, regiobeeld) -> None:
    voor = _tabel(_pagina(wereld), "trend")
    imp = import_maken(wereld.regio, wereld)
    services.import_annuleren(importbestand=imp, acting_user=wereld.bewerker)
    assert _tabel(_pagina(wereld), "trend") == voor


def test_a_rolled_back_import_seen_while_it_ran_does_not_stay_on_the_page(wereld: Wereld, regiobeeld) -> None:
    """A page opened inside the import's transaction (the figures not yet committed) fills the cache with them;
    after the rollback the page must show the figures that are really stored."""
    assert _regiowaarde(_pagina(wereld)) == "74,3"
    with pytest.raises(RuntimeError), transaction.atomic():
        _opslaan(wereld, [(GEZONDHEID, _eigen(wereld)[0], 2024, 10.0)])
        assert _regiowaarde(_pagina(wereld)) == "40,0"
        raise RuntimeError("het opslaan mislukt")
    assert _regiowaarde(_pagina(wereld)) == "74,3"


def test_a_corrected_and_a_deleted_figure_show_at_once(wereld: Wereld, regiobeeld) -> None:
    assert _regiowaarde(_pagina(wereld)) == "74,3"
    _g1, g2 = _eigen(wereld)
    Cijfer.objects.filter(regio=wereld.regio, gemeente__code=g2).update(waarde=50)
    assert _regiowaarde(_pagina(wereld)) == "61,4"
    Cijfer.objects.filter(regio=wereld.regio, gemeente__code=g2).delete()
    assert _tabel(_pagina(wereld), "trend") == [["2024", "70,0", "1 / 2"]]


def test_a_gemeente_added_to_the_region_shows_at_once(wereld: Wereld, regiobeeld) -> None:
    assert len(_tabel(_pagina(wereld), "gemeenten")) == 2
    nieuw = GemeenteFactory.create(naam="Nieuwdorp", inwoners=35_000)
    _opslaan(wereld, [(GEZONDHEID, nieuw.code, 2024, 90.0)])
    html = _pagina(wereld)
    assert ["Nieuwdorp", "90,0"] not in _tabel(html, "gemeenten")  # not (yet) a gemeente of the region
    wereld.regio.gemeenten.add(nieuw)
    html = _pagina(wereld)
    assert ["Nieuwdorp", "90,0"] in _tabel(html, "gemeenten")
    assert ["Nieuwdorp", "90,0"] in _tabel(html, "kaart")
    assert _regiowaarde(html) == "78,2"  # (70 x 60,000 + 80 x 45,000 + 90 x 35,000) / 140,000


def test_changed_inhabitants_and_a_renamed_indicator_show_at_once(wereld: Wereld, regiobeeld) -> None:
    html = _pagina(wereld)
    assert "Ervaren gezondheid goed of zeer goed (%)" in html
    Gemeente.objects.filter(code=_eigen(wereld)[1]).update(inwoners=15_000)
    assert _regiowaarde(_pagina(wereld)) == "72,0"  # (70 x 60,000 + 80 x 15,000) / 75,000
    landelijk = Indicator.objects.filter(code=GEZONDHEID, regio__isnull=True)
    landelijk.update(naam="Goede gezondheid")
    html = _pagina(wereld)
    assert _tabel(html, "gemeenten") and "Goede gezondheid (%)" in html
    assert "Ervaren gezondheid goed" not in html
    landelijk.update(eenheid="procent")
    html = _pagina(wereld)
    assert "Goede gezondheid (procent)" in html
    assert "Goede gezondheid (%)" not in html


def test_a_renamed_region_another_indicator_and_another_way_of_adding_up_show_at_once(
    wereld: Wereld, regiobeeld
) -> None:
    g1, g2 = _eigen(wereld)
    _opslaan(wereld, [("huisartsen_per_10000", g1, 2024, 5.0), ("huisartsen_per_10000", g2, 2024, 6.0)])
    assert _tabel(_pagina(wereld), "vergelijking")[0][0] == "Eigen regio"
    wereld.regio.naam = "Hernoemde regio"
    wereld.regio.save()
    assert _tabel(_pagina(wereld), "vergelijking")[0][0] == "Hernoemde regio"
    assert _regiowaarde(_pagina(wereld, "huisartsen_per_10000")) == "5,4"  # weighted
    Indicator.objects.filter(code=GEZONDHEID, regio__isnull=True).update(aggregatie="som")
    assert _regiowaarde(_pagina(wereld)) == "150"


def test_the_other_regions_and_the_age_groups_are_part_of_the_key(wereld: Wereld, regiobeeld) -> None:
    """The spread over other regions (at least three with a figure) and the labels of the age structure."""
    anderen = [wereld.andere_regio, RegioFactory.create(), RegioFactory.create()]
    nieuw = [GemeenteFactory.create() for _ in range(3)]
    for regio, gemeente in zip(anderen[1:], nieuw, strict=False):
        regio.gemeenten.set([gemeente])
    codes = [anderen[0].gemeenten.get().code, *(g.code for g in nieuw)]
    _opslaan(wereld, [(GEZONDHEID, c, 2024, 60.0 + i) for i, c in enumerate(codes)])
    _opslaan(wereld, [("inwoners_0_14", c, 2024, 1000.0) for c in _eigen(wereld)])
    html = _pagina(wereld)
    assert "plaats 1 van 4" in html
    assert _tabel(html, "leeftijd")[0][0] == "0-14 jaar"
    RegioFactory.create().gemeenten.set([nieuw[2]])  # a fourth other region with a figure
    html = _pagina(wereld)
    assert "plaats 1 van 5" in html
    Indicator.objects.filter(code="inwoners_0_14").update(leeftijdsgroep="tot 15 jaar")
    html = _pagina(wereld)
    assert _tabel(html, "leeftijd")[0][0] == "tot 15 jaar"


def test_the_language_is_part_of_the_key(wereld: Wereld, regiobeeld) -> None:
    assert "Verloop over de jaren" in _pagina(wereld)
    engels = _pagina(wereld, client=_client(wereld, "en"))
    assert "Trend over the years" in engels
    assert "Verloop over de jaren" not in engels
    assert "Verloop over de jaren" in _pagina(wereld)


def test_edited_texts_and_challenges_show_at_once(wereld: Wereld, regiobeeld) -> None:
    _pagina(wereld)
    deel = Deel.objects.get(regiobeeld=regiobeeld, soort=Deelsoort.BESCHRIJVING)
    services.deel_opslaan(
        deel=deel, gelezen_versie=deel.versie, duiding="Een nieuwe duiding.", acting_user=wereld.bewerker
    )
    services.uitdaging_opslaan(
        uitdaging=Uitdaging(regiobeeld=regiobeeld, titel="Krapte op de arbeidsmarkt"), acting_user=wereld.bewerker
    )
    html = _pagina(wereld)
    assert "Een nieuwe duiding." in html
    assert "Krapte op de arbeidsmarkt" in html


def test_without_the_cache_the_page_still_opens(wereld: Wereld, regiobeeld, monkeypatch) -> None:
    def weg(*args: object, **kwargs: object) -> None:
        raise ConnectionError("Redis is weg")

    monkeypatch.setattr(cache, "get", weg)
    monkeypatch.setattr(cache, "set", weg)
    assert _regiowaarde(_pagina(wereld)) == "74,3"


def test_a_new_release_gets_other_keys(tmp_path, monkeypatch) -> None:
    bestand = tmp_path / "charts.py"
    bestand.write_text("versie 1")
    monkeypatch.setattr(figuurcache, "_bronbestanden", lambda: [bestand])
    figuurcache.codeversie.cache_clear()
    try:
        eerste = figuurcache.sleutel("invoer")
        figuurcache.codeversie.cache_clear()
        assert figuurcache.sleutel("invoer") == eerste
        bestand.write_text("versie 2")
        figuurcache.codeversie.cache_clear()
        assert figuurcache.sleutel("invoer") != eerste
    finally:
        figuurcache.codeversie.cache_clear()


def test_the_key_holds_every_value_of_the_input() -> None:
    """Floats exactly (repr), and nothing of the input is left out."""
    assert figuurcache.sleutel((1.0000000000000002,)) != figuurcache.sleutel((1.0,))
    assert figuurcache.sleutel(("a", ("b",))) != figuurcache.sleutel(("a", ("c",)))


def test_the_spread_skips_regions_without_figures_and_gives_the_same_answer() -> None:
    rijen = [("x", f"G{i}", 2024, float(i)) for i in range(12)]
    waarden = waarden_frame(rijen)
    andere = [("G3", "G4"), ("G5",), ("G6", "G7"), ("G8",)]
    leeg = [("L1", "L2"), ("L3",)] * 30  # regions none of whose gemeenten has a figure
    gewichten = {f"G{i}": 1000.0 for i in range(12)}
    zonder = spreiding(
        waarden, indicator="x", eigen=["G1", "G2"], andere=andere, aggregatie="gewogen", gewichten=gewichten, jaar=2024
    )
    met = spreiding(
        waarden,
        indicator="x",
        eigen=["G1", "G2"],
        andere=[*leeg, *andere, *leeg],
        aggregatie="gewogen",
        gewichten=gewichten,
        jaar=2024,
    )
    assert met == zonder
    assert zonder is not None and zonder.aantal == 5 and zonder.laagste == 3.5 and zonder.hoogste == 8.0
