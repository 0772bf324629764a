"""The regiobeeld's PDF: its six parts with their interpretation, the region's figures as captioned charts with
their sources, the challenges, and where the contracting parties stand. Charts drawn by a recorder, one test
draws them for real.
"""

from __future__ import annotations

import pandas as pd
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regio import services as regio_services
from regio.models import Gemeente, Onderwerp
from regiobeeld import services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Deel, Deelsoort, Regiobeeld, Uitdaging
from regiobeeld.pdf import RegiobeeldPdf, css_tekst, paginatekst
from tests.personas import START, Wereld
from tests.regio.pdf_proef import (
    in_het_meegeleverde_lettertype,
    pdf_lezen,
    pdf_tekst,
    regiocijfers_opslaan,
    zonder_browser,
)
from tests.regioplan.test_pdf_document import Tekenaar

pytestmark = pytest.mark.django_db

DUIDING = "De regio vergrijst sneller dan Nederland; de zorgvraag stijgt elk jaar."


def cijfers_opslaan(wereld: Wereld, codes: list[str], jaren: range, bron: str = "CBS StatLine testtabel") -> None:
    gemeenten = list(wereld.regio.gemeenten.values_list("code", flat=True))
    rijen = [(code, g, jaar, 20.0 + i + jaar % 5) for code in codes for i, g in enumerate(gemeenten) for jaar in jaren]
    services.cijfers_opslaan(
        regio=wereld.regio,
        waarden=pd.DataFrame(rijen, columns=["indicator", "gemeente", "jaar", "waarde"]),
        bron=bron,
        is_illustratief=False,
        importbestand=None,
    )


@pytest.fixture
def regiobeeld(wereld: Wereld) -> Regiobeeld:
    kernset_laden()
    regiobeeld = services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)
    deel = Deel.objects.get(regiobeeld=regiobeeld, soort=Deelsoort.BESCHRIJVING)
    services.deel_opslaan(deel=deel, gelezen_versie=deel.versie, duiding=DUIDING, acting_user=wereld.bewerker)
    indicatoren = services.indicatoren_voor(wereld.regio)
    services.uitdaging_opslaan(
        uitdaging=Uitdaging(regiobeeld=regiobeeld, titel="Opvolging van huisartsen", beschrijving="Veel pensioen."),
        indicatoren=[indicatoren["huisartsen_55_plus"]],
        acting_user=wereld.bewerker,
    )
    return Regiobeeld.objects.select_related("regio").get(pk=regiobeeld.pk)


def test_a_regiobeeld_prints_its_parts_challenges_and_page_numbers_under_a_concept_mark(
    wereld: Wereld, regiobeeld: Regiobeeld
) -> None:
    pdf = RegiobeeldPdf(regiobeeld, tekenaar=Tekenaar()).render()

    tekst = pdf_tekst(pdf)
    assert "Regiobeeld 2026 Eigen regio" in tekst
    for soort in Deelsoort:
        assert str(soort.label) in tekst
    assert DUIDING in tekst
    assert "Opvolging van huisartsen" in tekst
    assert "Blijkt uit: Huisartsen van 55 jaar en ouder" in tekst
    assert "105.000" in tekst  # inhabitants of the region's gemeenten (CBS register)
    assert "Er zijn nog geen cijfers voor deze regio ingelezen." in tekst
    assert "pagina 1 van" in tekst
    assert "CONCEPT" in tekst
    assert "nog geen akkoord" in tekst
    assert "Praktijk De Linde" in tekst  # the participating parties' table
    assert pdf_lezen(pdf).getagd  # tagged for screen readers


def test_the_regions_figures_print_as_numbered_charts_with_caption_and_source(
    wereld: Wereld, regiobeeld: Regiobeeld
) -> None:
    cijfers_opslaan(wereld, ["inwoners"], range(2021, 2025))
    cijfers_opslaan(
        wereld, ["inwoners_0_14", "inwoners_15_64", "inwoners_65_79", "inwoners_80_plus"], range(2024, 2025)
    )
    cijfers_opslaan(wereld, ["huisartsen_55_plus"], range(2022, 2025), bron="Nivel testtabel")
    tekenaar = Tekenaar()

    tekst = pdf_tekst(RegiobeeldPdf(regiobeeld, tekenaar=tekenaar).render())

    assert len(tekenaar.figuren) == 4  # age structure, trend, per gemeente, and the challenge's comparison
    assert all(f["layout"]["font"]["family"].startswith('"Regio Sans"') for f in tekenaar.figuren)
    assert "Figuur 1. Leeftijdsopbouw in 2024" in tekst
    assert "Figuur 2. Inwoners: verloop over de jaren" in tekst
    assert "Figuur 4. Huisartsen van 55 jaar en ouder: regio, provincie en Nederland in 2024" in tekst
    assert "Bron: CBS StatLine testtabel" in tekst
    assert "Bron: Nivel testtabel" in tekst
    assert "Illustratief" not in tekst
    # The comparison goes with the challenge it shows, after the challenge's text.
    assert tekst.index("Veel pensioen.") < tekst.index("Figuur 4.")


def test_a_regiobeeld_both_parties_agreed_to_has_no_concept_mark(wereld: Wereld, regiobeeld: Regiobeeld) -> None:
    for wie, organisatie in ((wereld.beheerder, wereld.zorggroep), (wereld.zorginkoper, wereld.verzekeraar)):
        regio_services.mandaat_verlenen(
            gebruiker=wie,
            organisatie=organisatie,
            regio=wereld.regio,
            onderwerp=Onderwerp.REGIOBEELD,
            geldig_van=START,
            acting_user=wereld.koepel,
        )
        services.akkoord_geven(regiobeeld=regiobeeld, acting_user=wie)

    tekst = pdf_tekst(RegiobeeldPdf(regiobeeld, tekenaar=Tekenaar()).render())

    assert "CONCEPT" not in tekst
    assert "Gezamenlijk gedragen" in tekst
    assert "Bram Beheerder" in tekst and "Daan Inkoper" in tekst


def test_more_challenges_on_the_same_figures_cost_no_more_queries(wereld: Wereld, regiobeeld: Regiobeeld) -> None:
    def tellen() -> int:
        with CaptureQueriesContext(connection) as vragen:
            RegiobeeldPdf(regiobeeld, tekenaar=Tekenaar()).context()
        return len(vragen)

    een = tellen()
    indicatoren = services.indicatoren_voor(wereld.regio)
    for titel in ("Vergrijzing", "Eenzaamheid", "Wachttijden"):
        services.uitdaging_opslaan(
            uitdaging=Uitdaging(regiobeeld=regiobeeld, titel=titel),
            indicatoren=[indicatoren["huisartsen_55_plus"]],
            acting_user=wereld.bewerker,
        )

    assert tellen() == een


def test_only_who_may_see_the_region_may_read_its_regiobeeld_pdf(wereld: Wereld, regiobeeld: Regiobeeld) -> None:
    gevonden = RegiobeeldPdf.ophalen(regiobeeld.pk)
    document = RegiobeeldPdf(gevonden)

    assert RegiobeeldPdf.mag_lezen(wereld.lezer, gevonden)
    assert not RegiobeeldPdf.mag_lezen(wereld.buitenstaander, gevonden)
    assert not RegiobeeldPdf.mag_lezen(AnonymousUser(), gevonden)
    assert document.regio() == wereld.regio
    assert document.titel() == "Regiobeeld 2026 Eigen regio"
    assert document.versie() == regiobeeld.versie
    assert Gemeente.objects.exists()


def test_texts_in_the_page_margins_cannot_break_out_of_their_css_string() -> None:
    assert css_tekst('a"b\\c\n</style>') == '"a\\22 b\\5c c\\a \\3c /style\\3e "'
    assert str(paginatekst()) == '"pagina " counter(page) " van " counter(pages)'


def test_without_a_browser_the_regiobeeld_prints_its_charts_with_their_figures_as_text(
    wereld: Wereld, regiobeeld: Regiobeeld, monkeypatch: pytest.MonkeyPatch
) -> None:
    op_de_staven = regiocijfers_opslaan(wereld.regio)  # "per gemeente" and the age structure write these
    zonder_browser(monkeypatch)

    pdf = RegiobeeldPdf(regiobeeld).render()

    assert in_het_meegeleverde_lettertype(pdf)
    tekst = pdf_lezen(pdf).platte_tekst  # the charts are drawn SVG (form XObjects)
    assert "Figuur 1. Leeftijdsopbouw in 2024" in tekst
    assert [g for g in op_de_staven if g not in tekst] == []


def test_the_pdf_states_the_numbers_the_key_figures_and_beside_every_chart_its_values(
    wereld: Wereld, regiobeeld: Regiobeeld
) -> None:
    # cijfers_opslaan writes 20 + (gemeente's place) + year % 5: in 2021 21 and 22, in 2024 24 and 25.
    cijfers_opslaan(wereld, ["inwoners"], range(2021, 2025))
    cijfers_opslaan(wereld, ["huisartsen_55_plus"], range(2022, 2025), bron="Nivel testtabel")

    tekst = pdf_tekst(RegiobeeldPdf(regiobeeld, tekenaar=Tekenaar()).render())

    assert "Kerncijfers" in tekst
    # Huisartsen 55+ in 2024, weighted by inhabitants (60.000 and 45.000) by hand:
    # (24 x 60.000 + 25 x 45.000) / 105.000 = 2.565.000 / 105.000 = 24,43 -> "24,4%".
    assert "24,4%" in tekst
    kern = tekst[tekst.index("Kerncijfers van de regio") :]
    assert "Huisartsen van 55 jaar en ouder" in kern and "procentpunt" in kern
    # Every chart has its table: the trend's years and sums (2021: 21 + 22 = 43; 2024: 24 + 25 = 49).
    for n in range(1, 4):
        assert f"Tabel bij figuur {n}" in tekst
    trend = tekst[tekst.index("Tabel bij figuur 1") :]
    assert "2021" in trend and "43" in trend and "49" in trend
    # The comparison's caption points at the coverage in its table, and that table is printed.
    assert "de dekking staat in de tabel" in tekst
    assert "Dekking (inwoners)" in tekst
