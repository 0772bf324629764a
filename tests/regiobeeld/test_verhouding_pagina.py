"""Ratio indicators on the pages: the Vektis costs per insured year the catalogue computes (migration 0011) in the
key figures against the Netherlands and in the charts, the koepel defining one in the admin, and an import that
never fills one.

One world for the module (tests/eenmalig.py): the personas' region has gemeenten of 60.000 and 45.000 inhabitants,
the other region one of 30.000, all in Limburg (the province is the Netherlands here). Pharmacy costs and insured
years in 2024:

    gemeente   kosten farmacie   verzekerdejaren   own ratio
    g1 (60k)         6.000.000            20.000         300
    g2 (45k)         4.000.000            10.000         400
    g3 (30k)         1.000.000            10.000         100

Region: 10.000.000 / 30.000 = 333,33 (the mean of the own ratios would be 350). Netherlands: 11.000.000 / 40.000 =
275 (the mean of the ratios 266,67, weighted by inhabitants 281,5). Index 333,33 / 275 x 100 = 121.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pandas as pd
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from regio.koepelgroep import KOEPELGROEP, koepelgroep_verzekeren
from regiobeeld import pagina, services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Aggregatie, Indicator
from tests import eenmalig
from tests.personas import Wereld, wereld_bouwen

pytestmark = pytest.mark.django_db
RATIO = "kosten_farmacie_per_verzekerdejaar_berekend"


def _bouwen() -> Wereld:
    wereld = wereld_bouwen()
    kernset_laden()
    wereld.regiobeeld = services.regiobeeld_aanmaken(  # type: ignore[attr-defined]
        regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker
    )
    g1, g2 = wereld.regio.gemeenten.order_by("-inwoners").values_list("code", flat=True)
    (g3,) = wereld.andere_regio.gemeenten.values_list("code", flat=True)
    rijen = [
        ("kosten_farmacie", g1, 2024, 6_000_000), ("verzekerdejaren", g1, 2024, 20_000),
        ("kosten_farmacie", g2, 2024, 4_000_000), ("verzekerdejaren", g2, 2024, 10_000),
        ("kosten_farmacie", g3, 2024, 1_000_000), ("verzekerdejaren", g3, 2024, 10_000),
        ("kosten_farmacie", g1, 2023, 5_000_000), ("verzekerdejaren", g1, 2023, 20_000),
        ("kosten_farmacie", g2, 2023, 3_000_000), ("verzekerdejaren", g2, 2023, 10_000),
    ]  # fmt: skip
    services.cijfers_opslaan(
        regio=wereld.regio,
        waarden=pd.DataFrame(rijen, columns=["indicator", "gemeente", "jaar", "waarde"]),
        bron="Vektis open data",
        is_illustratief=False,
        importbestand=None,
    )
    return wereld


verhoudingwereld = eenmalig.eenmalige_wereld("verhoudingwereld", _bouwen)


@pytest.fixture
def wereld(verhoudingwereld: Wereld, db: None) -> Wereld:
    return eenmalig.kopie(verhoudingwereld, "verhoudingwereld")


def test_the_catalogue_computes_vektis_costs_per_insured_year_from_the_open_files_totals(wereld: Wereld) -> None:
    ratio = Indicator.objects.select_related("teller", "noemer").get(code=RATIO, regio=None)
    assert ratio.aggregatie == Aggregatie.VERHOUDING
    assert ratio.teller is not None and ratio.noemer is not None
    assert (ratio.teller.code, ratio.noemer.code, ratio.factor) == ("kosten_farmacie", "verzekerdejaren", 1)
    assert ratio.deel == "kosten"


def test_the_key_figures_show_costs_per_insured_year_against_the_netherlands(wereld: Wereld) -> None:
    client = Client()
    client.force_login(wereld.lezer)
    html = client.get(reverse("regiobeeld:kerncijfers", args=[wereld.regio.slug, 2026])).content.decode()
    rij = html.split(f'id="rij-{RATIO}"')[1].split("</tr>")[0]
    assert "Kosten farmacie per verzekerdejaar (berekend)" in rij
    assert "€\xa0333" in rij or "€ 333" in rij  # 10.000.000 / 30.000, not the mean of the ratios (350)
    assert "€\xa0275" in rij or "€ 275" in rij  # 11.000.000 / 40.000 for the Netherlands
    assert "index 121 (Nederland = 100)" in rij
    assert "Vektis open data" in rij  # the source of its numerator and denominator
    assert "per 10.000 inwoners" not in rij  # a ratio is never compared per inhabitant


def test_the_charts_divide_sums_for_areas_and_show_each_gemeentes_own_ratio(wereld: Wereld) -> None:
    beeld = pagina.cijferbeeld(wereld.regio, RATIO)
    assert beeld.gekozen is not None and beeld.gekozen.code == RATIO
    grafieken = {g.id: g for g in beeld.grafieken}
    # Whole euros: 8.000.000 / 30.000 = 266,67 in 2023, 333,33 in 2024.
    assert [r[:2] for r in grafieken["trend"].tabel_rijen] == [["2023", "267"], ["2024", "333"]]
    vergelijking = {r[0]: r[1] for r in grafieken["vergelijking"].tabel_rijen}
    assert vergelijking[wereld.regio.naam] == "333"
    assert vergelijking["Nederland"] == "275"
    assert sorted(r[1] for r in grafieken["gemeenten"].tabel_rijen) == ["300", "400"]


def test_the_koepel_defines_a_ratio_in_the_admin_and_a_wrong_one_is_refused(wereld: Wereld) -> None:
    koepelgroep_verzekeren()
    wereld.koepel.groups.add(Group.objects.get(name=KOEPELGROEP))
    client = Client()
    client.force_login(wereld.koepel)
    teller = Indicator.objects.get(code="huisartsenpraktijken", regio=None)
    noemer = Indicator.objects.get(code="inwoners", regio=None)
    gegevens = {
        "naam": "Praktijken per 10.000 inwoners",
        "code": "praktijken_per_10000",
        "eenheid": "per 10.000 inwoners",
        "aggregatie": "verhouding",
        "domein": "aanbod",
        "teller": teller.pk,
        "noemer": noemer.pk,
        "factor": "10000",
        "bron": "CBS en Nivel",
        "volgorde": "100",
        "actief": "on",
        "aliassen-TOTAL_FORMS": "0",
        "aliassen-INITIAL_FORMS": "0",
    }
    url = reverse("admin:regiobeeld_indicator_add")
    fout = client.post(url, {**gegevens, "noemer": teller.pk})
    assert fout.status_code == 200
    assert "Teller en noemer moeten verschillende indicatoren zijn." in fout.content.decode()
    assert client.post(url, gegevens).status_code == 302
    gemaakt = Indicator.objects.get(code="praktijken_per_10000")
    assert (gemaakt.teller_id, gemaakt.noemer_id, gemaakt.factor) == (teller.pk, noemer.pk, Decimal("10000.00"))


def test_a_ratio_needs_two_imported_indicators_and_nothing_else_has_a_numerator(wereld: Wereld) -> None:
    ratio = Indicator.objects.get(code=RATIO)
    zonder = Indicator(code="x", naam="X", eenheid="euro", aggregatie="verhouding", domein="kosten", bron="B")
    with pytest.raises(ValidationError) as fout:
        zonder.full_clean()
    assert set(fout.value.message_dict) >= {"teller", "noemer"}
    van_ratio = Indicator(
        code="y", naam="Y", eenheid="euro", aggregatie="verhouding", domein="kosten", bron="B", teller=ratio
    )
    with pytest.raises(ValidationError, match="geen andere verhouding"):
        van_ratio.full_clean()
    telling = Indicator(code="z", naam="Z", eenheid="euro", aggregatie="som", domein="kosten", bron="B", teller=ratio)
    with pytest.raises(ValidationError, match="Alleen een verhouding"):
        telling.full_clean()


def test_an_import_never_maps_a_column_to_a_ratio(wereld: Wereld) -> None:
    assert RATIO not in services.indicatoren_voor(wereld.regio, inleesbaar=True)
    assert RATIO in services.indicatoren_voor(wereld.regio)  # a challenge may point at it
    assert RATIO not in services.aliassen_voor(wereld.regio).values()


def test_the_csv_holds_each_own_gemeentes_ratio_and_the_areas_ratio_of_sums(wereld: Wereld) -> None:
    client = Client()
    client.force_login(wereld.lezer)
    antwoord = client.get(reverse("regiobeeld:cijfers_csv", args=[wereld.regio.slug, 2026]))
    _kop, *rijen = csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig"), newline=""), delimiter=";")
    g1, g2 = wereld.regio.gemeenten.order_by("-inwoners").values_list("code", flat=True)
    ratio = {(r[3], r[4] or r[5], r[6]): (r[7], r[9]) for r in rijen if r[1] == RATIO}
    # Each gemeente its own numerator / denominator; g3 of the other region is only inside the Netherlands.
    assert ratio[("gemeente", g1, "2024")] == ("300", "Vektis open data")  # 6.000.000 / 20.000
    assert ratio[("gemeente", g2, "2024")] == ("400", "Vektis open data")  # 4.000.000 / 10.000
    assert ratio[("gemeente", g1, "2023")][0] == "250"  # 5.000.000 / 20.000
    assert ratio[("gemeente", g2, "2023")][0] == "300"  # 3.000.000 / 10.000
    assert sorted(k for k in ratio if k[0] == "gemeente") == sorted(
        [("gemeente", g, j) for g in (g1, g2) for j in ("2023", "2024")]
    )
    assert ratio[("regio", wereld.regio.naam, "2024")][0] == "333,3333"  # 10.000.000 / 30.000, not (300 + 400) / 2
    assert ratio[("Nederland (vergelijking)", "Nederland", "2024")][0] == "275"  # 11.000.000 / 40.000


def test_a_ratios_forecast_divides_the_forecast_sums_and_is_drawn_dashed_after_the_measured_years(
    wereld: Wereld,
) -> None:
    g1, g2 = wereld.regio.gemeenten.order_by("-inwoners").values_list("code", flat=True)
    rijen = [
        ("kosten_farmacie", g1, 2030, 9_000_000), ("verzekerdejaren", g1, 2030, 20_000),
        ("kosten_farmacie", g2, 2030, 6_000_000), ("verzekerdejaren", g2, 2030, 10_000),
    ]  # fmt: skip
    services.cijfers_opslaan(
        regio=wereld.regio,
        waarden=pd.DataFrame(rijen, columns=["indicator", "gemeente", "jaar", "waarde"]),
        bron="Vektis prognose",
        is_illustratief=False,
        importbestand=None,
        prognosejaar=2025,
    )
    trend = next(g for g in pagina.cijferbeeld(wereld.regio, RATIO).grafieken if g.id == "trend")
    # 15.000.000 / 30.000 = 500 (the mean of the gemeenten's 450 and 600 would be 525); measured 2024 stays 333.
    assert [r[:2] for r in trend.tabel_rijen] == [
        ["2023", "267"],
        ["2024", "333"],
        ["2030 (prognose (gemaakt in 2025))", "500"],
    ]
    gestippeld = [s for s in json.loads(trend.figuur_json)["data"] if s.get("line", {}).get("dash") == "dash"]
    assert len(gestippeld) == 1 and gestippeld[0]["x"] == [2024, 2030]
