"""The plan's activities and measuring points as a CSV download: what comes out, for whom, and the log line."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regio.models import Auditregel, Gebruiker
from regioplan import services
from regioplan.models import Activiteit, Regioplan
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, meetpunt_maken, plan_maken

pytestmark = pytest.mark.django_db

VIJANDIG = '=HYPERLINK("http://x","klik")'


def _client(gebruiker: Gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def _url(plan: Regioplan) -> str:
    return reverse("regioplan:activiteiten_csv", args=[plan.regio.slug, plan.pk])


def _rijen(inhoud: bytes) -> list[list[str]]:
    assert inhoud.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig"), newline=""), delimiter=";"))


def _plan_met_vijandige_activiteit(wereld: Wereld) -> tuple[Regioplan, Activiteit]:
    plan = plan_maken(wereld)
    activiteit = activiteit_maken(
        wereld, plan, titel=VIJANDIG, begroting=Decimal("12500.50"), uitdagingen=list(plan.uitdagingen.all()[:1])
    )
    meetpunt_maken(wereld, activiteit, omschrijving="@SUM(A1:A9)", nulmeting=Decimal("-12.50"))
    activiteit_maken(wereld, plan, titel="Zonder meetpunt", begroting=None)
    return plan, activiteit


def test_a_reader_downloads_the_activities_with_their_measuring_points_as_excel_csv(wereld: Wereld) -> None:
    plan, _ = _plan_met_vijandige_activiteit(wereld)

    antwoord = _client(wereld.lezer).get(_url(plan))

    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    assert antwoord["Content-Disposition"] == 'attachment; filename="regioplan-eigen-regio-2026-v1.csv"'
    kop, *rijen = _rijen(antwoord.content)
    assert kop[:3] == ["Activiteit", "Doel", "Verantwoordelijke partij"]
    assert kop[9:12] == ["Meetpunt: wat wordt gemeten", "Eenheid", "Nulmeting"]
    per_titel = {r[0]: r for r in rijen}
    assert set(per_titel) == {"'" + VIJANDIG, "Zonder meetpunt"}
    vijandig = per_titel["'" + VIJANDIG]
    assert vijandig[2:8] == ["Zorggroep Eigen", "2026 Q1", "2026 Q4", "midden", "gepland", "12500,50"]
    assert vijandig[8] == plan.uitdagingen.first().titel  # type: ignore[union-attr]
    # A formula in a measuring point is text; a negative baseline stays a number with a decimal comma.
    assert vijandig[9:16] == ["'@SUM(A1:A9)", "%", "-12,50", "01-01-2026", "90,00", "31-12-2027", "elk jaar"]
    assert vijandig[16] == "Zorggroep Eigen"
    assert per_titel["Zonder meetpunt"][7:] == [""] * 10


def test_the_export_holds_no_comments_and_no_internal_note_of_any_party(wereld: Wereld) -> None:
    plan, activiteit = _plan_met_vijandige_activiteit(wereld)
    services.reactie_plaatsen(
        regioplan=plan, tekst="Geheim van Zuid", intern_voor=wereld.verzekeraar, acting_user=wereld.zorginkoper
    )
    services.reactie_plaatsen(regioplan=plan, tekst="Open vraag", activiteit=activiteit, acting_user=wereld.lezer)

    for wie in (wereld.bewerker, wereld.zorginkoper):
        inhoud = _client(wie).get(_url(plan)).content.decode("utf-8-sig")
        assert "Geheim van Zuid" not in inhoud
        assert "Open vraag" not in inhoud


def test_the_download_is_written_in_the_log_with_who_for_which_party_and_region(wereld: Wereld) -> None:
    plan, _ = _plan_met_vijandige_activiteit(wereld)

    _client(wereld.zorginkoper).get(_url(plan))

    regel = Auditregel.objects.get(soort=Auditregel.Soort.GEGEVENSEXPORT)
    assert (regel.gebruiker, regel.organisatie, regel.regio) == (wereld.zorginkoper, wereld.verzekeraar, plan.regio)
    assert "Regioplan Eigen regio" in regel.wat
    assert "(2 rijen)" in regel.wat


def test_someone_outside_the_region_gets_404_and_nothing_is_logged(wereld: Wereld) -> None:
    plan, _ = _plan_met_vijandige_activiteit(wereld)

    assert _client(wereld.buitenstaander).get(_url(plan)).status_code == 404
    # The own region's plan asked for under the other region's address: 404 too.
    anders = reverse("regioplan:activiteiten_csv", args=[wereld.andere_regio.slug, plan.pk])
    assert _client(wereld.buitenstaander).get(anders).status_code == 404
    assert not Auditregel.objects.filter(soort=Auditregel.Soort.GEGEVENSEXPORT).exists()


def test_the_export_costs_the_same_number_of_queries_for_a_larger_plan(wereld: Wereld) -> None:
    plan, _ = _plan_met_vijandige_activiteit(wereld)
    client = _client(wereld.bewerker)
    client.get(_url(plan))
    with CaptureQueriesContext(connection) as klein:
        client.get(_url(plan))
    for i in range(5):
        meetpunt_maken(wereld, activiteit_maken(wereld, plan, titel=f"Extra {i}"), omschrijving=f"Meetpunt {i}")
    with CaptureQueriesContext(connection) as groot:
        antwoord = client.get(_url(plan))
    assert len(_rijen(antwoord.content)) == 1 + 2 + 5  # the header, the two activities, five more
    assert len(groot) == len(klein)


def test_the_plan_page_links_to_the_download_with_a_name_that_says_what_it_holds(wereld: Wereld) -> None:
    plan, _ = _plan_met_vijandige_activiteit(wereld)

    html = _client(wereld.lezer).get(reverse("regioplan:detail", args=[plan.regio.slug, plan.pk])).content.decode()

    assert (
        f'<a href="{_url(plan)}" download>Download als CSV (Excel)'
        '<span class="visueel-verborgen">: activiteiten en meetpunten</span></a>'
    ) in html
