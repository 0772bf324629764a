"""Importing figures as a person does: upload, preview, map, check, confirm; refusals store nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from regiobeeld import importeren, services
from regiobeeld.catalogus import kernset_laden
from regiobeeld.models import Cijfer, Importbestand
from tests.personas import Wereld
from tests.regiobeeld.werelden import csv_voor, import_maken

pytestmark = pytest.mark.django_db

S = Importbestand.Status


@pytest.fixture(autouse=True)
def _catalogus() -> None:
    kernset_laden()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _koppeling_inwoners() -> importeren.Koppeling:
    return importeren.Koppeling(
        vorm=importeren.Vorm.LANG,
        gemeente_kolom="Regio's",
        jaar_kolom="Perioden",
        vaste_indicator="inwoners",
        waarde_kolom="Bevolking op 1 januari (aantal)",
    )


# Tests run inside a transaction that never commits, so queued steps (on_commit) are run by hand here,
# exactly as the in-process worker would run them.
def _tot_controle(wereld: Wereld, imp: Importbestand) -> Importbestand:
    services.import_koppelen(importbestand=imp, koppeling=_koppeling_inwoners(), acting_user=wereld.bewerker)
    services.import_omzetten(imp.pk)
    imp.refresh_from_db()
    return imp


def _bevestigen(wereld: Wereld, imp: Importbestand, begrepen: bool = True) -> None:
    services.import_bevestigen(importbestand=imp, afwijzingen_begrepen=begrepen, acting_user=wereld.bewerker)
    services.import_opslaan(imp.pk)


def test_nothing_is_stored_until_the_person_confirms(wereld: Wereld) -> None:
    imp = import_maken(wereld.regio, wereld)
    assert imp.status == S.KOPPELEN
    assert imp.kolommen == ["Regio's", "Perioden", "Bevolking op 1 januari (aantal)"]
    assert imp.voorbeeld[0][1] == "2023JJ00"
    imp = _tot_controle(wereld, imp)
    assert imp.status == S.CONTROLE
    assert imp.aantal_waarden == 2
    assert imp.aantal_afgewezen == 1
    assert imp.afgewezen == [{"regel": 4, "reden": imp.afgewezen[0]["reden"]}]
    assert "Atlantis" in imp.afgewezen[0]["reden"]
    assert not Cijfer.objects.exists()


def test_confirming_with_rejected_rows_needs_an_explicit_acknowledgement(wereld: Wereld) -> None:
    from django.core.exceptions import ValidationError

    imp = _tot_controle(wereld, import_maken(wereld.regio, wereld))
    with pytest.raises(ValidationError, match="Bevestig dat de regel die niet bruikbaar is niet wordt opgeslagen"):
        services.import_bevestigen(importbestand=imp, afwijzingen_begrepen=False, acting_user=wereld.bewerker)
    _bevestigen(wereld, imp)
    imp.refresh_from_db()
    assert imp.status == S.OPGESLAGEN
    assert Cijfer.objects.filter(regio=wereld.regio, jaar=2023).count() == 2


def test_reimporting_the_same_figures_replaces_them_instead_of_duplicating(wereld: Wereld) -> None:
    for waarde in ("60000", "61000"):
        inhoud = csv_voor(wereld.regio).replace(b"60000", waarde.encode())
        imp = _tot_controle(wereld, import_maken(wereld.regio, wereld, inhoud))
        _bevestigen(wereld, imp)
    assert Cijfer.objects.filter(regio=wereld.regio).count() == 2
    assert sorted(int(w) for w in Cijfer.objects.values_list("waarde", flat=True)) == [45000, 61000]


def test_a_file_that_is_too_large_is_refused_before_anything_is_stored(wereld: Wereld, monkeypatch) -> None:
    monkeypatch.setattr(importeren, "MAX_BESTAND_BYTES", 100)
    with pytest.raises(importeren.ImportFout, match="groter dan"):
        services.import_starten(
            regio=wereld.regio,
            bestand=SimpleUploadedFile("groot.csv", b"x" * 200),
            bron="x",
            acting_user=wereld.bewerker,
        )
    assert not Importbestand.objects.exists()


def test_an_upload_far_over_the_limit_gets_a_dutch_413_without_being_read(wereld: Wereld) -> None:
    client = _client(wereld.bewerker)
    response = client.post(
        reverse("regiobeeld:import_nieuw", args=[wereld.regio.slug]),
        data=b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(importeren.MAX_BESTAND_BYTES + 10 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "groter dan 20 MB" in response.content.decode()
    assert not Importbestand.objects.exists()


def _xlsx(formule: bool = False) -> bytes:
    boek = openpyxl.Workbook()
    blad = boek.active
    assert blad is not None
    blad.append(["Gemeente", "Jaar", "inwoners"])
    blad.append(["HEERLEN", 2023, 87000])
    blad.append(["S GRAVENHAGE", 2023, "=1+1" if formule else 560000])
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()


def test_an_excel_file_with_awkward_gemeente_names_is_imported(wereld: Wereld) -> None:
    from regio.models import Gemeente

    for code, naam in (("GM0917", "Heerlen"), ("GM0518", "'s-Gravenhage")):
        Gemeente.objects.update_or_create(
            code=code, defaults={"naam": naam, "provincie": "x", "inwoners": 1, "inwoners_peildatum": "2024-01-01"}
        )
    imp = import_maken(wereld.regio, wereld, _xlsx(), "cijfers.xlsx")
    assert imp.status == S.KOPPELEN, imp.fout
    services.import_koppelen(
        importbestand=imp,
        koppeling=importeren.Koppeling(
            vorm=importeren.Vorm.BREED_INDICATOREN,
            gemeente_kolom="Gemeente",
            jaar_kolom="Jaar",
            indicator_kolommen={"inwoners": "inwoners"},
        ),
        acting_user=wereld.bewerker,
    )
    services.import_omzetten(imp.pk)
    imp.refresh_from_db()
    assert (imp.status, imp.aantal_waarden, imp.aantal_afgewezen) == (S.CONTROLE, 2, 0)
    _bevestigen(wereld, imp, begrepen=False)
    assert set(Cijfer.objects.values_list("gemeente__code", flat=True)) == {"GM0917", "GM0518"}


def test_an_excel_file_with_formulas_is_refused_in_dutch_and_nothing_is_stored(wereld: Wereld) -> None:
    imp = import_maken(wereld.regio, wereld, _xlsx(formule=True), "formules.xlsx")
    assert imp.status == S.MISLUKT
    assert "formules" in imp.fout
    assert not Cijfer.objects.exists()


def test_when_the_broker_is_down_the_import_waits_and_the_relay_sends_it_later(
    wereld: Wereld, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from regiobeeld import tasks

    def broker_weg(*args: object, **kwargs: object) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.import_lezen, "delay", broker_weg)
    client = _client(wereld.bewerker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("regiobeeld:import_nieuw", args=[wereld.regio.slug]),
            {"bestand": SimpleUploadedFile("cbs.csv", csv_voor(wereld.regio)), "bron": "CBS"},
            follow=True,
        )
    assert response.status_code == 200
    assert "niet bereikbaar" in response.content.decode()
    imp = Importbestand.objects.get()
    assert imp.status == S.WACHT and imp.verstuurd_op is None
    monkeypatch.undo()
    Importbestand.objects.filter(pk=imp.pk).update(
        bijgewerkt_op=imp.bijgewerkt_op - __import__("datetime").timedelta(minutes=5)
    )
    assert services.wachtende_imports_versturen() == 1
    imp.refresh_from_db()
    assert imp.status == S.KOPPELEN


def test_the_whole_import_through_the_pages(wereld: Wereld, django_capture_on_commit_callbacks) -> None:
    client = _client(wereld.zorginkoper)

    def post(url: str, data: dict[str, object]) -> str:
        """Post as the person does; the in-process worker runs the queued step; return the page they see."""
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        return client.get(response["Location"]).content.decode()

    html = post(
        reverse("regiobeeld:import_nieuw", args=[wereld.regio.slug]),
        {"bestand": SimpleUploadedFile("cbs.csv", csv_voor(wereld.regio)), "bron": "CBS StatLine"},
    )
    assert "Welke kolom is wat?" in html and "2023JJ00" in html  # preview and mapping form
    imp = Importbestand.objects.get()
    html = post(
        reverse("regiobeeld:import_detail", args=[wereld.regio.slug, imp.pk]),
        {
            "vorm": "lang",
            "gemeente_kolom": "Regio's",
            "jaar_kolom": "Perioden",
            "vaste_indicator": "inwoners",
            "waarde_kolom": "Bevolking op 1 januari (aantal)",
        },
    )
    assert "Regels die niet bruikbaar zijn" in html and "Atlantis" in html
    assert not Cijfer.objects.exists()
    html = post(
        reverse("regiobeeld:import_bevestigen", args=[wereld.regio.slug, imp.pk]), {"afwijzingen_begrepen": "on"}
    )
    assert "2 cijfers opgeslagen" in html
    assert Cijfer.objects.filter(regio=wereld.regio).count() == 2


def test_a_mapping_that_does_not_fit_the_file_is_explained(wereld: Wereld) -> None:
    imp = import_maken(wereld.regio, wereld)
    response = _client(wereld.bewerker).post(
        reverse("regiobeeld:import_detail", args=[wereld.regio.slug, imp.pk]),
        {"vorm": "lang", "gemeente_kolom": "Regio's"},
    )
    assert response.status_code == 400
    assert 'class="foutmelding"' in response.content.decode()
    imp.refresh_from_db()
    assert imp.status == S.KOPPELEN
