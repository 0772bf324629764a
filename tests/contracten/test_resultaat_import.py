"""Results imported from a file: read by the regiobeeld's reader, checked into a preview with a reason for every
row that is refused, stored only when confirmed, and the same file again stores nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracten import resultaatimport
from contracten.models import Meetresultaat, Praktijkdeelname, Resultaatimport
from contracten.resultaatimport import peildatum_lezen
from regio.models import Organisatie
from tests.contracten.test_monitoring import client_voor, resultaat, zichtbare_tekst
from tests.contracten.test_rapportagemomenten import vandaag_is
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

D = Decimal
VANDAAG = dt.date(2026, 12, 7)


@pytest.fixture
def w(contractwereld: Wereld, monkeypatch: pytest.MonkeyPatch) -> Any:
    vandaag_is(monkeypatch, VANDAAG)
    return contractwereld


def _upload(w: Any, inhoud: bytes, naam: str = "resultaten.csv", wie: Any = None) -> Any:
    client = client_voor(wie or w.zorginkoper)
    url = reverse("contracten:resultaten_importeren", args=[w.regio.slug, w.contract.pk])
    return client.post(url, {"bestand": SimpleUploadedFile(naam, inhoud)})


def _csv(w: Any) -> bytes:
    mp = w.meetpunt
    regels = [
        "meetpunt;peildatum;waarde;toelichting",
        f"{mp.pk};31-03-2026;45,5;Eerste kwartaal",  # 2: stored
        f"{mp.omschrijving};2026-Q2;52;",  # 3: by description and period: stored (30-06-2026)
        "Bestaat niet;2026-Q3;60;",  # 4: unknown measuring point
        f"{mp.pk};2025-12-31;40;",  # 5: before the term
        f"{mp.pk};2026-Q3;veel;",  # 6: not a number
        f"{mp.pk};30-06-2026;53;",  # 7: twice (line 3)
        f"{mp.pk};2027-Q1;70;",  # 8: in the future
        f"{mp.pk};gisteren;70;",  # 9: not a date
    ]
    return ("\n".join(regels) + "\n").encode()


def test_periods_and_dates_are_read_as_the_period_end() -> None:
    assert peildatum_lezen("2026-Q1") == dt.date(2026, 3, 31)
    assert peildatum_lezen("Q4 2026") == dt.date(2026, 12, 31)
    assert peildatum_lezen("2026KW02") == dt.date(2026, 6, 30)
    assert peildatum_lezen("2026-H2") == dt.date(2026, 12, 31)
    assert peildatum_lezen("2026-02") == dt.date(2026, 2, 28)
    assert peildatum_lezen("2026") == dt.date(2026, 12, 31)
    assert peildatum_lezen("15-3-2026") == dt.date(2026, 3, 15)
    assert peildatum_lezen("2026-03-15") == dt.date(2026, 3, 15)
    assert peildatum_lezen("31-02-2026") is None
    assert peildatum_lezen("volgende week") is None


def test_the_preview_gives_a_reason_per_refused_row_and_stores_nothing_until_confirmed(w: Any) -> None:
    response = _upload(w, _csv(w))
    assert response.status_code == 302
    imp = Resultaatimport.objects.get()
    assert not Meetresultaat.objects.exists()
    redenen = {a["regel"]: a["reden"] for a in imp.afgewezen}
    assert sorted(redenen) == [4, 5, 6, 7, 8, 9]
    assert "Onbekend meetpunt 'Bestaat niet'" in redenen[4]
    assert "buiten de looptijd" in redenen[5]
    assert "'veel' is geen getal" in redenen[6]
    assert "Dubbel" in redenen[7] and "regel 3" in redenen[7]
    assert "in de toekomst" in redenen[8]
    assert "geen datum of periode" in redenen[9]
    assert [(r["peildatum"], r["waarde"]) for r in imp.rijen] == [("2026-03-31", "45.50"), ("2026-06-30", "52.00")]

    client = client_voor(w.zorginkoper)
    pagina = client.get(response["Location"])
    tekst = zichtbare_tekst(pagina.content.decode())
    assert "er is nog niets opgeslagen" in tekst and "Onbekend meetpunt" in tekst and "2 resultaten opslaan" in tekst

    bevestig = reverse("contracten:resultaatimport_bevestigen", args=[w.regio.slug, w.contract.pk, imp.pk])
    # With refusals, the person ticks that they understand those rows are not stored.
    client.post(bevestig, {})
    assert not Meetresultaat.objects.exists()
    client.post(bevestig, {"afwijzingen_begrepen": "on"})
    opgeslagen = list(Meetresultaat.objects.order_by("peildatum"))
    assert [(r.peildatum, r.waarde, r.toelichting) for r in opgeslagen] == [
        (dt.date(2026, 3, 31), D("45.50"), "Eerste kwartaal"),
        (dt.date(2026, 6, 30), D("52.00"), ""),
    ]
    assert all(r.vastgelegd_door == w.zorginkoper and r.namens == w.verzekeraar for r in opgeslagen)
    assert all(r.bevestiging == "open" for r in opgeslagen)
    # Confirming twice stores nothing twice.
    client.post(bevestig, {"afwijzingen_begrepen": "on"})
    assert Meetresultaat.objects.count() == 2


def test_importing_the_same_file_again_changes_nothing(w: Any) -> None:
    inhoud = f"meetpunt,peildatum,waarde\n{w.meetpunt.pk},2026-03-31,45.5\n".encode()
    _upload(w, inhoud)
    imp = Resultaatimport.objects.get()
    resultaatimport.resultaatimport_bevestigen(resultaatimport=imp, afwijzingen_begrepen=False, acting_user=w.bewerker)
    voor = list(Meetresultaat.objects.values())
    _upload(w, inhoud)
    tweede = Resultaatimport.objects.exclude(pk=imp.pk).get()
    assert (tweede.rijen, tweede.afgewezen, tweede.aantal_ongewijzigd) == ([], [], 1)
    assert list(Meetresultaat.objects.values()) == voor


def test_a_different_value_for_a_stored_result_is_refused_not_overwritten(w: Any) -> None:
    resultaat(w, dt.date(2026, 3, 31), "44")
    _upload(w, f"meetpunt;peildatum;waarde\n{w.meetpunt.pk};31-03-2026;45,5\n".encode())
    imp = Resultaatimport.objects.get()
    assert imp.rijen == [] and "staat al een ander resultaat" in imp.afgewezen[0]["reden"]
    assert Meetresultaat.objects.get().waarde == D("44.00")


def test_an_excel_file_with_a_practice_column_stores_the_practices_own_figure(w: Any) -> None:
    Organisatie.objects.filter(pk=w.praktijk.pk).update(agb_code="01234567")
    Praktijkdeelname.objects.filter(pk=w.deelname.pk).update(besluit="doet-mee", besloten_op=VANDAAG)
    werkmap = openpyxl.Workbook()
    blad = werkmap.active
    blad.append(["Meetpunt", "Periode", "Waarde", "AGB"])
    blad.append([w.meetpunt.pk, dt.datetime(2026, 9, 30), 61.25, "01234567"])  # noqa: DTZ001 - an Excel cell
    blad.append([w.meetpunt.pk, "2026-Q3", 58, ""])
    blad.append([w.meetpunt.pk, "2026-Q3", 50, "99999999"])
    buffer = io.BytesIO()
    werkmap.save(buffer)
    assert _upload(w, buffer.getvalue(), "resultaten.xlsx").status_code == 302
    imp = Resultaatimport.objects.get()
    assert [a["reden"] for a in imp.afgewezen] == ["Praktijk '99999999' doet niet mee aan dit contract"]
    resultaatimport.resultaatimport_bevestigen(resultaatimport=imp, afwijzingen_begrepen=True, acting_user=w.bewerker)
    rijen = {(r.praktijk_id, r.waarde) for r in Meetresultaat.objects.filter(peildatum=dt.date(2026, 9, 30))}
    assert rijen == {(w.praktijk.pk, D("61.25")), (None, D("58.00"))}


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("scan.pdf", b"%PDF-1.4 ...", "Dit is geen tabel maar een PDF-bestand"),
        ("leeg.csv", b"", "bestand is leeg"),
        ("spaties.csv", b"  \n", "Het bestand is leeg"),
        ("oud.xls", b"abc", "oud Excel-bestand"),
        ("kolommen.csv", b"naam;getal\na;1\n", "Het bestand mist de kolom(men) meetpunt, peildatum, waarde"),
    ],
)
def test_a_wrong_file_is_refused_in_dutch_and_stores_nothing(w: Any, naam: str, inhoud: bytes, melding: str) -> None:
    response = _upload(w, inhoud, naam)
    assert response.status_code == 400
    assert melding in zichtbare_tekst(response.content.decode())
    assert not Resultaatimport.objects.exists() and not Meetresultaat.objects.exists()


def test_a_too_big_file_is_refused_in_dutch(w: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resultaatimport, "MAX_BESTAND_BYTES", 100)
    response = _upload(w, b"meetpunt;peildatum;waarde\n" + b"1;2026;1\n" * 50)
    assert response.status_code == 413
    assert "Het bestand is groter dan" in zichtbare_tekst(response.content.decode())
    assert not Resultaatimport.objects.exists()


def test_a_reader_cannot_import_and_a_cancelled_import_stores_nothing(w: Any) -> None:
    assert _upload(w, _csv(w), wie=w.lezer).status_code == 404
    _upload(w, _csv(w))
    imp = Resultaatimport.objects.get()
    client = client_voor(w.zorginkoper)
    client.post(reverse("contracten:resultaatimport_annuleren", args=[w.regio.slug, w.contract.pk, imp.pk]))
    imp.refresh_from_db()
    assert imp.status == "geannuleerd"
    client.post(
        reverse("contracten:resultaatimport_bevestigen", args=[w.regio.slug, w.contract.pk, imp.pk]),
        {"afwijzingen_begrepen": "on"},
    )
    assert not Meetresultaat.objects.exists()
