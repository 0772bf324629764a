"""Imports without set-up: CBS- and Vektis-shaped files map themselves through the catalogue's column titles, a
confirmed mapping is offered again, a column can become an indicator from inside the import, the mapping screen shows
only what the layout needs, the check step counts the gemeenten found, and empty cells keep or remove older values
by the person's choice. Every file is made here; no source's data is shipped."""

from __future__ import annotations

from decimal import Decimal
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse

from regio.models import Gemeente
from regiobeeld import importeren, services
from regiobeeld.models import Cijfer, Importbestand, Indicator, Indicatoralias, Onthoudenkoppeling
from tests.personas import Wereld
from tests.regiobeeld.werelden import import_maken, kolomtitels_laden

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kolomtitels() -> None:
    kolomtitels_laden()


S = Importbestand.Status


def _codes(wereld: Wereld) -> list[str]:
    return list(wereld.regio.gemeenten.order_by("code").values_list("code", flat=True))


def _cbs_kerncijfers(wereld: Wereld) -> bytes:
    """A CBS StatLine export (kerncijfers wijken en buurten / 71486ned), one column per indicator, with a title line
    and a trailing source line, as StatLine writes it."""
    g1, g2 = _codes(wereld)
    regels = [
        "Kerncijfers wijken en buurten",
        "Regio's;Perioden;Aantal inwoners (aantal);0 tot 15 jaar (aantal);65 jaar of ouder (aantal);"
        "Huishoudens totaal (aantal);Eenpersoonshuishoudens (aantal);Gemiddelde huishoudensgrootte (aantal)",
        f"{g1};2024;60000;9000;13000;27000;10800;2,2",
        f"{g2};2024;45000;6500;11000;21000;8400;2,1",
        "Bron: CBS",
    ]
    return ("\ufeff" + "\r\n".join(regels) + "\r\n").encode()


def _vektis(wereld: Wereld, *, leeg_bij_tweede: bool = False) -> bytes:
    """A Vektis-shaped cost file: names in capitals, costs per insured year per kind of care."""
    eerste, tweede = wereld.regio.gemeenten.order_by("code")
    ggz = "" if leeg_bij_tweede else "310,40"
    regels = [
        "GEMEENTENAAM;JAAR;AANTAL_VERZEKERDEJAREN;Huisartsenzorg per verzekerdejaar;Farmacie per verzekerdejaar;"
        "Ziekenhuiszorg per verzekerdejaar;GGZ per verzekerdejaar",
        f"{eerste.naam.upper()};2023;59500;210,50;440,00;1510,25;295,10",
        f"{tweede.naam.upper()};2023;44800;198,75;451,30;1480,00;{ggz}",
    ]
    return ("\r\n".join(regels) + "\r\n").encode()


def _tot_controle(wereld: Wereld, imp: Importbestand) -> Importbestand:
    """Take the mapping as offered (no indicator made by hand), and check every row."""
    services.import_koppelen(
        importbestand=imp, koppeling=services.koppeling_uit(imp.koppeling), acting_user=wereld.bewerker
    )
    services.import_omzetten(imp.pk)
    imp.refresh_from_db()
    return imp


def _opslaan(wereld: Wereld, imp: Importbestand, lege_cellen: str = "behouden") -> Importbestand:
    services.import_bevestigen(
        importbestand=imp, afwijzingen_begrepen=True, lege_cellen=lege_cellen, acting_user=wereld.bewerker
    )
    services.import_opslaan(imp.pk)
    imp.refresh_from_db()
    return imp


def test_the_catalogue_holds_the_column_titles_of_cbs_and_vektis_with_their_licence() -> None:
    vektis = Indicator.objects.get(code="kosten_farmacie_per_verzekerdejaar", regio=None)
    assert vektis.aggregatie == "gewogen" and vektis.eenheid == "euro" and vektis.deel == "kosten"
    assert "Vektis" in vektis.licentie
    assert Indicatoralias.objects.filter(tekst="KOSTEN_FARMACIE", indicator__code="kosten_farmacie").exists()
    assert Indicator.objects.get(code="huishoudens", regio=None).licentie == "CC-BY 4.0"


def test_a_cbs_file_maps_every_column_itself_telling_a_count_of_households_from_a_percentage(wereld: Wereld) -> None:
    imp = import_maken(wereld.regio, wereld, _cbs_kerncijfers(wereld))

    koppeling = services.koppeling_uit(imp.koppeling)
    assert koppeling.vorm == importeren.Vorm.BREED_INDICATOREN
    assert dict(koppeling.indicator_kolommen) == {
        "Aantal inwoners (aantal)": "inwoners",
        "0 tot 15 jaar (aantal)": "inwoners_0_14",
        "65 jaar of ouder (aantal)": "inwoners_65_plus",
        "Huishoudens totaal (aantal)": "huishoudens",
        # A count, not the percentage "Eenpersoonshuishoudens" of the core set.
        "Eenpersoonshuishoudens (aantal)": "eenpersoonshuishoudens_aantal",
        "Gemiddelde huishoudensgrootte (aantal)": "huishoudensgrootte",
    }


def test_statline_open_data_keys_map_whatever_their_number() -> None:
    tabel = importeren.tabel_lezen(
        b"Codering_3;Perioden;AantalInwoners_5;Eenpersoonshuishoudens_29\nGM0344;2024;361924;89000\n", "k.csv"
    )
    indicatoren, aliassen = services._catalogus(None)  # type: ignore[arg-type]
    koppeling = importeren.koppeling_raden(tabel, indicatoren, aliassen=aliassen)

    assert koppeling is not None
    assert dict(koppeling.indicator_kolommen) == {
        "AantalInwoners_5": "inwoners",
        "Eenpersoonshuishoudens_29": "eenpersoonshuishoudens_aantal",
    }


def test_a_vektis_file_is_imported_without_making_any_indicator_and_the_check_counts_the_gemeenten(
    wereld: Wereld,
) -> None:
    voor = Indicator.objects.count()
    imp = _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld), naam="vektis.csv"))

    assert imp.status == S.CONTROLE
    assert imp.aantal_afgewezen == 0
    assert (imp.gemeenten_herkend, imp.gemeenten_totaal) == (2, Gemeente.objects.count())
    assert (imp.regio_herkend, imp.regio_totaal) == (2, 2)
    html = _client(wereld).get(_detail(wereld, imp)).content.decode()
    assert f"2 van {Gemeente.objects.count()} gemeenten herkend, 2 van 2 van de regio" in html

    _opslaan(wereld, imp)
    eerste = wereld.regio.gemeenten.order_by("code").first()
    cijfer = Cijfer.objects.get(indicator__code="kosten_ziekenhuis_per_verzekerdejaar", gemeente=eerste, jaar=2023)
    assert str(cijfer.waarde.normalize()) == "1510.25"
    assert Cijfer.objects.filter(indicator__code="verzekerdejaren", regio=wereld.regio).count() == 2
    assert Indicator.objects.count() == voor


def test_a_confirmed_mapping_is_offered_again_for_the_next_file_with_the_same_columns(wereld: Wereld) -> None:
    imp = import_maken(wereld.regio, wereld, _vektis(wereld), naam="vektis-2023.csv")
    koppeling = services.koppeling_uit(imp.koppeling)
    # The person leaves the GGZ column out this time.
    gewijzigd = importeren.Koppeling(
        vorm=koppeling.vorm,
        gemeente_kolom=koppeling.gemeente_kolom,
        jaar_kolom=koppeling.jaar_kolom,
        indicator_kolommen={k: c for k, c in koppeling.indicator_kolommen.items() if k != "GGZ per verzekerdejaar"},
    )
    services.import_koppelen(importbestand=imp, koppeling=gewijzigd, acting_user=wereld.bewerker)
    services.import_omzetten(imp.pk)
    imp.refresh_from_db()
    assert not imp.koppeling_onthouden
    _opslaan(wereld, imp)
    assert Onthoudenkoppeling.objects.filter(regio=wereld.regio).count() == 1

    volgende = import_maken(wereld.regio, wereld, _vektis(wereld), naam="vektis-2024.csv")

    assert volgende.koppeling_onthouden
    assert "GGZ per verzekerdejaar" not in services.koppeling_uit(volgende.koppeling).indicator_kolommen
    html = _client(wereld).get(_detail(wereld, volgende)).content.decode()
    assert "de koppeling van toen staat klaar" in html
    # Another region does not get this region's mapping.
    ander = import_maken(wereld.andere_regio, wereld, _vektis(wereld), door=wereld.buitenstaander)
    assert not ander.koppeling_onthouden


def test_a_column_without_an_indicator_becomes_one_from_inside_the_import_and_maps_itself_next_time(
    wereld: Wereld,
) -> None:
    g1, g2 = _codes(wereld)
    inhoud = f"Gemeente;Jaar;Wachttijd POH-GGZ (dagen)\n{g1};2024;12\n{g2};2024;19\n".encode()
    imp = import_maken(wereld.regio, wereld, inhoud, naam="wachttijd.csv")
    client = _client(wereld)
    html = client.get(_detail(wereld, imp)).content.decode()
    assert "Indicator maken van kolom 'Wachttijd POH-GGZ (dagen)'" in html

    antwoord = client.post(
        reverse("regiobeeld:import_indicator", args=[wereld.regio.slug, imp.pk]),
        {
            "kolom": "Wachttijd POH-GGZ (dagen)",
            "naam": "Wachttijd POH-GGZ",
            "eenheid": "dagen",
            "aggregatie": "gewogen",
            "domein": "aanbod",
            "bron": "Eigen registratie zorggroep",
        },
    )

    assert antwoord.status_code == 302
    indicator = Indicator.objects.get(regio=wereld.regio, naam="Wachttijd POH-GGZ")
    assert (indicator.deel, indicator.aggregatie) == ("zorgaanbod", "gewogen")
    imp.refresh_from_db()
    assert imp.status == S.KOPPELEN
    koppeling = services.koppeling_uit(imp.koppeling)
    assert indicator.code in {koppeling.vaste_indicator, *koppeling.indicator_kolommen.values()}
    imp = _tot_controle(wereld, imp)
    assert imp.aantal_waarden == 2

    volgende = import_maken(wereld.regio, wereld, inhoud.replace(b"2024", b"2025"), naam="wachttijd-2025.csv")
    nieuw = services.koppeling_uit(volgende.koppeling)
    assert indicator.code in {nieuw.vaste_indicator, *nieuw.indicator_kolommen.values()}


def test_making_an_indicator_without_a_name_is_refused_in_dutch_and_nothing_is_made(wereld: Wereld) -> None:
    g1, _g2 = _codes(wereld)
    imp = import_maken(wereld.regio, wereld, f"Gemeente;Jaar;Iets onbekends\n{g1};2024;1\n".encode())
    voor = Indicator.objects.count()

    antwoord = _client(wereld).post(
        reverse("regiobeeld:import_indicator", args=[wereld.regio.slug, imp.pk]),
        {"kolom": "Iets onbekends", "naam": "", "eenheid": "", "aggregatie": "som", "domein": "aanbod", "bron": ""},
    )

    assert antwoord.status_code == 400
    assert "Dit veld is verplicht" in antwoord.content.decode()
    assert Indicator.objects.count() == voor


def test_the_mapping_screen_shows_only_the_fields_of_the_detected_layout(wereld: Wereld) -> None:
    imp = import_maken(wereld.regio, wereld, _cbs_kerncijfers(wereld))

    html = " ".join(_client(wereld).get(_detail(wereld, imp)).content.decode().split())

    assert '<div data-vormen="lang" hidden>' in html  # the value column of a long table
    assert '<td data-vormen="breed_jaren" hidden>' in html  # a year per column
    assert '<td data-vormen="breed_indicatoren">' in html  # an indicator per column: shown
    assert '<fieldset class="groep" data-vormen="lang breed_jaren" hidden>' in html


def test_empty_cells_keep_the_older_value_by_default_and_list_it(wereld: Wereld) -> None:
    _opslaan(wereld, _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld))))
    tweede = wereld.regio.gemeenten.order_by("code")[1]

    imp = _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld, leeg_bij_tweede=True)))

    assert imp.aantal_oude_waarden == 1
    assert imp.oude_waarden == [
        {
            "indicator": "Kosten ggz per verzekerdejaar",
            "gemeente": tweede.naam,
            "jaar": 2023,
            "waarde": 310.4,
            "bron": "CBS StatLine 03759ned",
        }
    ]
    imp = _opslaan(wereld, imp)
    assert Cijfer.objects.filter(indicator__code="kosten_ggz_per_verzekerdejaar", gemeente=tweede).exists()
    assert imp.aantal_oude_waarden == 1
    html = _client(wereld).get(_detail(wereld, imp)).content.decode()
    assert "Oude waarden behouden bij lege cellen" in html
    assert "310,4" in html


def test_empty_cells_remove_the_older_value_when_the_person_chooses_so(wereld: Wereld) -> None:
    _opslaan(wereld, _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld))))
    tweede = wereld.regio.gemeenten.order_by("code")[1]
    imp = _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld, leeg_bij_tweede=True)))

    imp = _opslaan(wereld, imp, lege_cellen="verwijderen")

    assert not Cijfer.objects.filter(indicator__code="kosten_ggz_per_verzekerdejaar", gemeente=tweede).exists()
    assert Cijfer.objects.filter(indicator__code="kosten_ggz_per_verzekerdejaar", regio=wereld.regio).count() == 1
    assert imp.aantal_oude_waarden == 0


def test_the_confirmation_offers_the_choice_only_when_older_values_stand_at_empty_cells(wereld: Wereld) -> None:
    imp = _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld, leeg_bij_tweede=True)))
    assert imp.aantal_oude_waarden == 0
    assert 'name="lege_cellen"' not in _client(wereld).get(_detail(wereld, imp)).content.decode()

    _opslaan(wereld, imp)
    imp = _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld, leeg_bij_tweede=True)))
    assert imp.aantal_oude_waarden == 0  # the earlier file left it empty too: nothing older stands there

    _opslaan(wereld, _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld))))
    imp = _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld, leeg_bij_tweede=True)))
    html = _client(wereld).get(_detail(wereld, imp)).content.decode()
    assert 'name="lege_cellen" value="behouden"' in html and "checked" in html


def _client(wereld: Wereld) -> Client:
    client = Client()
    client.force_login(wereld.bewerker)
    return client


def _detail(wereld: Wereld, imp: Importbestand) -> str:
    return reverse("regiobeeld:import_detail", args=[imp.regio.slug, imp.pk])


def test_the_key_figures_mark_a_kept_older_value_in_words_with_its_source_and_list_it_until_renewed(
    wereld: Wereld,
) -> None:
    regiobeeld = services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)
    _opslaan(wereld, _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld))))
    # The older value came from another source than the newer file's.
    Cijfer.objects.filter(regio=wereld.regio).update(bron="Vektis Zorgprisma 2024")
    tweede = wereld.regio.gemeenten.order_by("code")[1]
    leeg = _opslaan(
        wereld, _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld, leeg_bij_tweede=True)))
    )
    url = reverse("regiobeeld:kerncijfers", args=[wereld.regio.slug, regiobeeld.jaar])

    html = _client(wereld).get(url).content.decode()

    rij = html.split('id="rij-kosten_ggz_per_verzekerdejaar"')[1].split("</tr>")[0]
    assert "oude waarde" in rij  # in words, not a colour alone
    jaar = Cijfer.objects.get(indicator__code="kosten_ggz_per_verzekerdejaar", gemeente=tweede).importbestand
    assert jaar is not None and jaar.opgeslagen_op is not None
    assert (
        f"{tweede.naam} 2023: oude waarde uit Vektis Zorgprisma 2024 (ingelezen in {jaar.opgeslagen_op.year}), "
        f"behouden bij {leeg.bestandsnaam}"
    ) in rij
    assert "oude waarde" not in html.split('id="rij-kosten_farmacie_per_verzekerdejaar"')[1].split("</tr>")[0]
    lijst = html.split('id="kop-behouden"')[1].split("</section>")[0]
    assert "Kosten ggz per verzekerdejaar" in lijst and tweede.naam in lijst and "Vektis Zorgprisma 2024" in lijst
    assert '<th scope="col">Bron van de oude waarde</th>' in lijst

    _opslaan(wereld, _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld))))
    html = _client(wereld).get(url).content.decode()
    assert 'id="kop-behouden"' not in html  # renewed: no longer an older value


def test_values_kept_before_the_mark_existed_are_marked_by_the_import_that_listed_them_and_no_others(
    wereld: Wereld,
) -> None:
    _opslaan(wereld, _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld))))
    Cijfer.objects.filter(regio=wereld.regio).update(bron="Vektis Zorgprisma 2024")
    eerste, tweede = wereld.regio.gemeenten.order_by("code")
    leeg = _opslaan(
        wereld, _tot_controle(wereld, import_maken(wereld.regio, wereld, _vektis(wereld, leeg_bij_tweede=True)))
    )
    # As before migration 0013: the import listed the value it kept, nothing marked it. The list also names a value
    # this import wrote itself (not kept, whatever the list says) and one whose figure changed since.
    Cijfer.objects.filter(regio=wereld.regio).update(behouden_bij=None)
    ggz = Cijfer.objects.get(indicator__code="kosten_ggz_per_verzekerdejaar", gemeente=tweede)
    farmacie = Cijfer.objects.get(indicator__code="kosten_farmacie_per_verzekerdejaar", gemeente=tweede)
    huisarts = Cijfer.objects.get(indicator__code="kosten_huisartsenzorg_per_verzekerdejaar", gemeente=eerste)
    Cijfer.objects.filter(pk=huisarts.pk).update(importbestand=ggz.importbestand, waarde=Decimal("999"))
    assert [(w["gemeente"], w["jaar"], w["waarde"]) for w in leeg.oude_waarden] == [(tweede.naam, 2023, 310.4)]
    lijst = [
        *leeg.oude_waarden,
        {"indicator": farmacie.indicator.naam, "gemeente": tweede.naam, "jaar": 2023, "waarde": 451.3, "bron": ""},
        {"indicator": huisarts.indicator.naam, "gemeente": eerste.naam, "jaar": 2023, "waarde": 210.5, "bron": ""},
    ]
    lijst[1]["bron"] = lijst[2]["bron"] = leeg.bron
    lijst[2]["bron"] = "Vektis Zorgprisma 2024"
    Importbestand.objects.filter(pk=leeg.pk).update(oude_waarden=lijst)
    # The migration's own function on the models as they stood then (migrating back and forth costs 20+ CPU-s).
    migratie = import_module("regiobeeld.migrations.0015_cijfer_behouden_bij_terugvullen")
    historisch = MigrationLoader(connection).project_state(("regiobeeld", migratie.__name__.rsplit(".", 1)[1])).apps

    migratie.terugvullen(historisch, None)
    migratie.terugvullen(historisch, None)  # twice: the same

    gemarkeerd = dict(Cijfer.objects.filter(regio=wereld.regio).values_list("pk", "behouden_bij"))
    assert gemarkeerd.pop(ggz.pk) == leeg.pk
    assert set(gemarkeerd.values()) == {None}  # farmacie: written by this import; huisarts: 999 now, not 210,50


def _vektis_per_leeftijd(wereld: Wereld) -> bytes:
    """As Vektis' open files: one row per gemeente x gender x age group, counts and a cost per insured year."""
    eerste, tweede = wereld.regio.gemeenten.order_by("code")
    regels = [
        "GEMEENTENAAM;JAAR;GESLACHT;LEEFTIJDSKLASSE;AANTAL_VERZEKERDEJAREN;KOSTEN_FARMACIE;GGZ per verzekerdejaar"
    ]
    for naam, basis in ((eerste.naam.upper(), 1000), (tweede.naam.upper(), 2000)):
        for i, (geslacht, leeftijd) in enumerate((("M", "0 t/m 44"), ("V", "0 t/m 44"), ("M", "45+"), ("V", "45+"))):
            regels.append(f"{naam};2023;{geslacht};{leeftijd};{basis + i};{(basis + i) * 100};300,5")
    return ("\r\n".join(regels) + "\r\n").encode()


def test_rows_per_gender_and_age_are_added_up_for_counts_and_refused_with_the_reason_for_rates(
    wereld: Wereld,
) -> None:
    from dataclasses import replace

    eerste, tweede = wereld.regio.gemeenten.order_by("code")
    imp = import_maken(wereld.regio, wereld, _vektis_per_leeftijd(wereld), naam="vektis.csv")
    koppeling = services.koppeling_uit(imp.koppeling)
    assert koppeling.indicator_kolommen["AANTAL_VERZEKERDEJAREN"] == "verzekerdejaren"
    html = _client(wereld).get(_detail(wereld, imp)).content.decode()
    assert 'name="optellen"' in html and "Rijen optellen per gemeente en jaar" in html

    services.import_koppelen(
        importbestand=imp, koppeling=replace(koppeling, optellen=True), acting_user=wereld.bewerker
    )
    services.import_omzetten(imp.pk)
    imp.refresh_from_db()

    # 2 gemeenten x 2 counts: 16 rows added up into 4 values; the rate's 3 extra rows per gemeente are refused.
    assert (imp.opgeteld_rijen, imp.opgeteld_waarden) == (16, 4)
    assert imp.aantal_waarden == 4 + 2
    assert imp.aantal_afgewezen == 6
    assert "Rijen optellen kan alleen bij aantallen" in imp.afgewezen[0]["reden"]
    html = _client(wereld).get(_detail(wereld, imp)).content.decode()
    assert "<strong>16</strong> rijen opgeteld tot <strong>4</strong> waarden per gemeente, indicator en jaar" in html

    _opslaan(wereld, imp)
    opgeslagen = dict(
        Cijfer.objects.filter(regio=wereld.regio, indicator__code="verzekerdejaren").values_list("gemeente", "waarde")
    )
    assert opgeslagen == {eerste.pk: 4006, tweede.pk: 8006}  # 1000 + 1001 + 1002 + 1003, 2000 + ... + 2003
    assert Cijfer.objects.get(indicator__code="kosten_farmacie", gemeente=eerste).waarde == 400_600
    assert Cijfer.objects.get(indicator__code="kosten_ggz_per_verzekerdejaar", gemeente=eerste).waarde == Decimal(
        "300.5"
    )
    # Remembered with the mapping: the next file with these columns adds up again.
    assert services.koppeling_uit(Onthoudenkoppeling.objects.get(regio=wereld.regio).koppeling).optellen
