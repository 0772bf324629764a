"""Koepel staff import organisations in bulk: a CSV or Excel file is read by the figure import's reader, shown as a
preview (new organisations, skipped rows with line and reason) and imported only after confirmation; existing
organisations are never changed; practices join their region as participants; one log line."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regio import services
from regio.access import regios_for_user
from regio.historie import historie_van
from regio.models import Auditregel, Deelname, Organisatie, Rol
from regiobeeld import organisatie_import
from regiobeeld.importeren import ImportFout
from tests.factories import GebruikerFactory
from tests.matrix import ingelogd
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

URL = "/koepel/organisaties/importeren/"

CSV = (
    "naam;soort;agb;kvk;regio\n"
    "Praktijk Maasoever;huisartsenpraktijk;01001001;11111111;Eigen regio\n"
    "Praktijk De Peel;Huisartsenpraktijk;01001002;;eigen-regio\n"
    "Zorggroep Eigen;huisartsenorganisatie;;;\n"
    "Praktijk Fout;huisartsenpraktijk;123;;\n"
    "Praktijk Nergens;huisartsenpraktijk;;;Atlantis\n"
    "Bakkerij Jansen;bakkerij;;;\n"
    "Praktijk Maasoever;huisartsenpraktijk;;;\n"
    ";huisartsenpraktijk;;;\n"
)


def _upload(client: object, inhoud: bytes, naam: str = "praktijken.csv") -> object:
    return client.post(URL, {"actie": "voorvertonen", "bestand": SimpleUploadedFile(naam, inhoud)})  # type: ignore[attr-defined]


def _sleutel(html: str) -> str:
    return html.split('name="sleutel" value="')[1].split('"')[0]


def test_the_preview_shows_what_happens_and_saves_nothing(wereld: Wereld) -> None:
    voor = Organisatie.objects.count()
    antwoord = _upload(ingelogd(wereld.koepel), CSV.encode())
    assert antwoord.status_code == 200  # type: ignore[attr-defined]
    html = antwoord.content.decode()  # type: ignore[attr-defined]
    assert "2 nieuwe organisaties; 6 rijen worden overgeslagen." in html
    for reden in (
        "Er bestaat al een organisatie met deze naam (niet gewijzigd).",
        "Een AGB-code bestaat uit 8 cijfers.",
        "Onbekende regio: Atlantis.",
        "Onbekende soort organisatie: bakkerij.",
        "Geen naam.",
    ):
        assert reden in html, reden
    assert Organisatie.objects.count() == voor


def test_confirming_imports_the_new_ones_into_their_region(wereld: Wereld) -> None:
    client = ingelogd(wereld.koepel)
    sleutel = _sleutel(_upload(client, CSV.encode()).content.decode())  # type: ignore[attr-defined]
    antwoord = client.post(URL, {"actie": "bevestigen", "sleutel": sleutel}, follow=True)
    assert "2 organisaties toegevoegd, 6 rijen overgeslagen." in antwoord.content.decode()
    maasoever = Organisatie.objects.get(naam="Praktijk Maasoever")
    assert (maasoever.agb_code, maasoever.kvk_nummer, maasoever.soort.code) == (
        "01001001",
        "11111111",
        "huisartsenpraktijk",
    )
    assert Deelname.objects.get(organisatie=maasoever).regio == wereld.regio
    assert Deelname.objects.get(organisatie__naam="Praktijk De Peel").rol == Deelname.DeelnameRol.DEELNEMER
    # The existing zorggroep is untouched; the key works once.
    assert Organisatie.objects.get(naam="Zorggroep Eigen").soort.code == "huisartsenorganisatie"
    regel = Auditregel.objects.get(wat__startswith="organisaties geïmporteerd")
    assert "2 nieuw, 6 overgeslagen" in regel.wat and regel.gebruiker == wereld.koepel
    opnieuw = client.post(URL, {"actie": "bevestigen", "sleutel": sleutel}, follow=True)
    assert "Upload het opnieuw" in opnieuw.content.decode()
    assert Organisatie.objects.filter(naam="Praktijk Maasoever").count() == 1


def test_an_excel_file_is_read_too(wereld: Wereld) -> None:
    werkmap = openpyxl.Workbook()
    blad = werkmap.active
    assert blad is not None
    blad.append(["Naam", "Soort", "AGB-code", "KvK-nummer"])
    blad.append(["Praktijk Excel", "huisartsenpraktijk", "01002003", "22222222"])
    buffer = io.BytesIO()
    werkmap.save(buffer)
    html = _upload(ingelogd(wereld.koepel), buffer.getvalue(), "praktijken.xlsx").content.decode()  # type: ignore[attr-defined]
    assert "1 nieuwe organisaties; 0 rijen worden overgeslagen." in html and "Praktijk Excel" in html


def test_a_file_without_the_columns_or_unreadable_is_refused_in_dutch(wereld: Wereld) -> None:
    client = ingelogd(wereld.koepel)
    zonder = _upload(client, b"titel;adres\nA;B\n")
    assert zonder.status_code == 400  # type: ignore[attr-defined]
    assert "Het bestand mist de kolom(men) naam, soort." in zonder.content.decode()  # type: ignore[attr-defined]
    onzin = _upload(client, b"\x00\x01\x02PK\x03\x04", "praktijken.xlsx")
    assert onzin.status_code == 400  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", ["beheerder", "zorginkoper", "lezer"])
def test_only_koepel_staff_import_organisations(wereld: Wereld, persona: str) -> None:
    client = ingelogd(wereld.persona(persona))
    assert client.get(URL).status_code == 404
    assert _upload(client, CSV.encode()).status_code == 404  # type: ignore[attr-defined]
    assert reverse("regiobeeld:organisaties_importeren") == URL


def _praktijken(aantal: int, begin: int) -> bytes:
    regels = ["naam;soort;agb;kvk;regio"]
    for i in range(begin, begin + aantal):
        regio = "Eigen regio" if i % 2 == 0 else ""
        regels.append(f"Praktijk Teller {i:03d};huisartsenpraktijk;{30_000_000 + i};{40_000_000 + i};{regio}")
    return ("\n".join(regels) + "\n").encode()


def test_confirming_costs_the_same_number_of_queries_for_10_and_50_practices(wereld: Wereld) -> None:
    aantallen = []
    for aantal, begin in ((10, 0), (50, 100)):
        sleutel, _voorvertoning = organisatie_import.bewaren(
            _praktijken(aantal, begin), "praktijken.csv", acting_user=wereld.koepel
        )
        with CaptureQueriesContext(connection) as vragen:
            uitkomst = organisatie_import.organisaties_importeren(sleutel=sleutel, acting_user=wereld.koepel)
        assert len(uitkomst.nieuw) == aantal
        aantallen.append(len(vragen))
    assert aantallen[0] == aantallen[1], aantallen
    # Every practice with a region takes part and its reader group may see the region; each has its history row.
    nieuw = Organisatie.objects.filter(naam__startswith="Praktijk Teller")
    assert nieuw.count() == 60
    assert Deelname.objects.filter(organisatie__in=nieuw, regio=wereld.regio).count() == 30
    lezer = GebruikerFactory.create()
    services.lid_maken(
        gebruiker=lezer,
        organisatie=Organisatie.objects.get(naam="Praktijk Teller 100"),
        rol=Rol.LEZER,
        acting_user=None,
    )
    assert list(regios_for_user(lezer)) == [wereld.regio]
    assert historie_van(Organisatie).filter(naam="Praktijk Teller 149", history_user=wereld.koepel).exists()


def test_an_organisation_added_meanwhile_stops_the_whole_import_with_a_dutch_message(
    wereld: Wereld, monkeypatch: pytest.MonkeyPatch
) -> None:
    inhoud = _praktijken(3, 200)
    sleutel, voorvertoning = organisatie_import.bewaren(inhoud, "praktijken.csv", acting_user=wereld.koepel)
    # Someone adds one of them between the confirmation's own check and its insert.
    services.organisatie_opslaan(
        organisatie=Organisatie(naam="Praktijk Teller 202", soort=voorvertoning.nieuw[0].soort), acting_user=None
    )
    monkeypatch.setattr(organisatie_import, "voorvertonen", lambda tabel: voorvertoning)
    with pytest.raises(ImportFout, match="Iemand heeft intussen een organisatie uit het bestand toegevoegd"):
        organisatie_import.organisaties_importeren(sleutel=sleutel, acting_user=wereld.koepel)
    assert list(Organisatie.objects.filter(naam__startswith="Praktijk Teller").values_list("naam", flat=True)) == [
        "Praktijk Teller 202"
    ]
