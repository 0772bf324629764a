"""The regioplan's PDF: a report a board can sign, with nothing in it that belongs to one party's conversation.

Most tests draw charts with a stand-in (a fraction of a second a PDF) and read the PDF back as a person would
read it (tests.regio.pdf_proef). The timeline is SVG drawn in Python (regioplan.tijdpad_svg); one test makes the
PDF with the real tekenaar (the regiobeeld's charts drawn in Python, without a browser).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import re
import socket
import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regio.models import Organisatie
from regioplan import services
from regioplan.models import Activiteit, Plandeel, Plandeelsoort, Regioplan, Status
from regioplan.pdf import RIJEN_PER_TIJDPAD, Drukactiviteit, RegioplanPdf, markering_van, tijdpaden
from tests.personas import Wereld
from tests.regio.pdf_proef import (
    in_het_meegeleverde_lettertype,
    pdf_lezen,
    pdf_tekst,
    regiocijfers_opslaan,
    zonder_browser,
)
from tests.regioplan.werelden import (
    activiteit_maken,
    actueel,
    mandaat_voor_verzekeraar,
    meetpunt_maken,
    plan_maken,
    vaststellen,
)

pytestmark = pytest.mark.django_db

MISSIE = "Iedere inwoner houdt in 2029 een eigen huisarts dichtbij huis."


class Tekenaar:
    """Stands in for regio.pdf.svg_van: a small grey SVG per figure, and a record of the figures it was given."""

    SVG = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="120">'
        b'<rect width="640" height="120" fill="#eceff2"/></svg>'
    )

    def __init__(self) -> None:
        self.figuren: list[Any] = []

    def __call__(self, figuur: Any, *, breedte: int = 640, hoogte: int | None = None) -> str:
        self.figuren.append(figuur)
        return "data:image/svg+xml;base64," + base64.b64encode(self.SVG).decode("ascii")


def deel_schrijven(wereld: Wereld, plan: Regioplan, soort: str, tekst: str) -> None:
    deel = Plandeel.objects.get(regioplan=plan, soort=soort)
    services.plandeel_opslaan(deel=deel, gelezen_versie=deel.versie, tekst=tekst, acting_user=wereld.bewerker)


@pytest.fixture
def plan(wereld: Wereld) -> Regioplan:
    plan = plan_maken(wereld)
    deel_schrijven(wereld, plan, Plandeelsoort.MISSIE_VISIE, f"### Missie\n\n{MISSIE}")
    activiteit = activiteit_maken(wereld, plan, titel="Regionale pool van waarnemers", begroting=Decimal("420000.00"))
    meetpunt_maken(wereld, activiteit, omschrijving="Vacatures die langer dan zes maanden openstaan")
    return actueel(plan)


def test_a_draft_prints_region_title_parts_activities_and_page_numbers_under_a_concept_mark(
    wereld: Wereld, plan: Regioplan
) -> None:
    pdf = RegioplanPdf(plan, tekenaar=Tekenaar()).render()

    tekst = pdf_tekst(pdf)
    assert "Eigen regio" in tekst
    assert "Regioplan Eigen regio" in tekst
    assert MISSIE in tekst
    assert "Regionale pool van waarnemers" in tekst
    assert "Vacatures die langer dan zes maanden openstaan" in tekst
    assert "€ 420.000" in tekst  # Dutch money: euro sign, thousands dot
    assert "pagina 1 van" in tekst
    assert "CONCEPT" in tekst
    assert "Looptijd 2026\u20132028" in tekst
    assert "Zorggroep Eigen" in tekst and "Verzekeraar Zuid" in tekst  # the contracting parties, on the cover
    assert "nog niet goedgekeurd" in tekst
    gelezen = pdf_lezen(pdf)
    assert gelezen.getagd  # tagged for screen readers
    assert gelezen.titel == "Regioplan Eigen regio"


def test_every_page_says_its_number_and_the_total_and_carries_the_concept_mark(wereld: Wereld, plan: Regioplan) -> None:
    pdf = RegioplanPdf(plan, tekenaar=Tekenaar()).render()

    paginas = pdf_tekst(pdf).split("\f")[:-1]
    assert len(paginas) >= 8  # cover, contents, four parts, challenges, activities, ...
    for nummer, pagina in enumerate(paginas, start=1):
        assert f"pagina {nummer} van {len(paginas)}" in pagina
        assert "CONCEPT" in pagina


def test_the_contents_give_each_chapter_with_its_page(wereld: Wereld, plan: Regioplan) -> None:
    paginas = pdf_tekst(RegioplanPdf(plan, tekenaar=Tekenaar()).render()).split("\f")
    inhoud = paginas[1]

    assert "Inhoud" in inhoud
    regels = [r.split() for r in inhoud.splitlines() if "Goedkeuring" in r]
    assert regels, inhoud
    bladzijde = int(regels[0][-1].strip("."))
    assert "Goedkeuring" in paginas[bladzijde - 1]
    assert "1. Missie en visie" in paginas[2]


def test_an_adopted_plan_has_no_concept_mark_and_says_who_approved_under_which_mandate(
    wereld: Wereld, plan: Regioplan
) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = vaststellen(wereld, plan)

    tekst = pdf_tekst(RegioplanPdf(plan, tekenaar=Tekenaar()).render())

    assert "CONCEPT" not in tekst
    assert "Vastgesteld" in tekst
    assert "Bram Beheerder" in tekst and "Daan Inkoper" in tekst
    assert tekst.count("goedgekeurd") >= 2
    assert "nog niet goedgekeurd" not in tekst
    assert "Regioplan, regio Eigen regio" in tekst  # the mandate's subject and region
    assert "geldig vanaf 1 januari 2025" in tekst
    assert f"Versie 1, stand na {plan.versie} wijzigingen" in tekst


def test_comments_and_internal_notes_never_reach_the_pdf(wereld: Wereld, plan: Regioplan) -> None:
    deel = Plandeel.objects.get(regioplan=plan, soort=Plandeelsoort.MISSIE_VISIE)
    services.reactie_plaatsen(
        regioplan=plan, plandeel=deel, tekst="Openbare reactie op de missie", acting_user=wereld.lezer
    )
    services.reactie_plaatsen(
        regioplan=plan,
        tekst="Interne notitie: wij gaan niet verder dan vier ton",
        intern_voor=wereld.verzekeraar,
        acting_user=wereld.zorginkoper,
    )

    # Whoever asks, and the worker renders as nobody in particular: the document is the same.
    tekst = pdf_tekst(RegioplanPdf(actueel(plan), tekenaar=Tekenaar()).render())

    assert MISSIE in tekst
    assert "Openbare reactie" not in tekst
    assert "vier ton" not in tekst


@contextlib.contextmanager
def luisteraar() -> Iterator[tuple[int, list[bytes]]]:
    """A socket on a free loopback port that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    verbindingen: list[bytes] = []
    stop = threading.Event()

    def aannemen() -> None:
        while not stop.is_set():
            try:
                verbinding, _adres = server.accept()
            except TimeoutError:
                continue
            with verbinding:
                verbinding.settimeout(0.5)
                with contextlib.suppress(OSError):
                    verbindingen.append(verbinding.recv(1024))

    draad = threading.Thread(target=aannemen, daemon=True)
    draad.start()
    try:
        yield server.getsockname()[1], verbindingen
    finally:
        stop.set()
        draad.join()
        server.close()


def vijandige_tekst(poort: int) -> str:
    url = f"http://127.0.0.1:{poort}"
    return "\n\n".join(
        [
            "Gewone tekst blijft staan.",
            '<img src="file:///etc/passwd">',
            f'<img src="{url}/img.png">',
            f'<link rel="stylesheet" href="{url}/link.css">',
            f"<style>@import url({url}/import.css); body {{ background: url({url}/achtergrond.png) }}</style>",
            f'<p style="background-image: url({url}/stijl.png)">opgemaakt</p>',
            f'<object data="file:///etc/passwd"></object><iframe src="{url}/iframe"></iframe>',
            f'<svg><image href="{url}/svg.png"/></svg>',
            f"![plaatje]({url}/markdown.png)",
            "[een bestand](file:///etc/passwd)",
            f"[een link]({url}/link)",
        ]
    )


def test_hostile_user_text_fetches_nothing_and_shows_no_file(wereld: Wereld, plan: Regioplan) -> None:
    with luisteraar() as (poort, verbindingen):
        deel_schrijven(wereld, plan, Plandeelsoort.ICT_VISIE, vijandige_tekst(poort))
        activiteit_maken(wereld, actueel(plan), titel=f'<img src="http://127.0.0.1:{poort}/titel.png"> Thuismonitoring')
        plan = actueel(plan)
        eerste = plan.uitdagingen.all()[0]
        services.planuitdaging_opslaan(
            planuitdaging=eerste,
            gelezen_versie=eerste.versie,
            duiding=f"<link href='http://127.0.0.1:{poort}/duiding.css' rel='stylesheet'> Duiding",
            opgenomen=True,
            reden_niet="",
            acting_user=wereld.bewerker,
        )
        pdf = RegioplanPdf(actueel(plan), tekenaar=Tekenaar()).render()

    assert verbindingen == []
    tekst = pdf_tekst(pdf)
    assert "Gewone tekst blijft staan." in tekst
    assert "root:" not in tekst
    assert "Thuismonitoring" in tekst  # the title is shown as text, its tag too
    assert "<img" in tekst


def test_the_pdf_costs_the_same_queries_for_one_activity_or_many(wereld: Wereld, plan: Regioplan) -> None:
    def tellen() -> int:
        with CaptureQueriesContext(connection) as vragen:
            RegioplanPdf(actueel(plan), tekenaar=Tekenaar()).context()
        return len(vragen)

    een = tellen()
    uitdagingen = list(plan.uitdagingen.all())
    for i in range(4):
        a = activiteit_maken(wereld, actueel(plan), titel=f"Activiteit {i}", uitdagingen=uitdagingen)
        meetpunt_maken(wereld, a, omschrijving=f"Meetpunt {i}")
        meetpunt_maken(wereld, a, omschrijving=f"Tweede meetpunt {i}")

    assert tellen() == een


def test_the_timeline_is_drawn_in_python_and_the_regions_figures_only_when_there_are_any(
    wereld: Wereld, plan: Regioplan
) -> None:
    tekenaar = Tekenaar()
    tekst = pdf_tekst(RegioplanPdf(plan, tekenaar=tekenaar).render())

    assert tekenaar.figuren == []  # the timeline needs no tekenaar; this region has no figures imported
    assert "Figuur 1. Tijdpad" in tekst
    assert "1. Regionale pool van" in tekst  # the bar's label, drawn from the timeline's SVG as text
    assert "Gepland" in tekst  # its legend
    assert "Er zijn nog geen cijfers voor deze regio ingelezen." in tekst


def test_a_long_plan_gets_its_timeline_in_parts_that_fit_a_page(wereld: Wereld) -> None:
    plan = Regioplan(startjaar=2026, eindjaar=2029, titel="Lang plan")
    partij = Organisatie(naam="Zorggroep")
    aantal = 2 * RIJEN_PER_TIJDPAD + 3
    regels = [
        Drukactiviteit(
            nummer=i,
            activiteit=Activiteit(
                titel=f"Activiteit {i}",
                verantwoordelijke=partij,
                start_jaar=2026,
                start_kwartaal=1,
                eind_jaar=2027,
                eind_kwartaal=2,
                prioriteit=2,
                voortgang="gepland",
            ),
            meetpunten=[],
            uitdagingen=[],
        )
        for i in range(1, aantal + 1)
    ]
    delen = tijdpaden(regels, plan, dt.date(2026, 5, 1))

    assert [(d.van, d.tot) for d in delen] == [(1, 25), (26, 50), (51, aantal)]
    svg = base64.b64decode(delen[0].afbeelding.removeprefix("data:image/svg+xml;base64,")).decode()
    labels = re.findall(r'text-anchor="end">([^<]*)</text>', svg)
    assert labels[0] == "1. Activiteit 1" and len(labels) == RIJEN_PER_TIJDPAD
    assert delen[2].label == "Tijdpad van 3 activiteiten in 2026\u20132029"


def test_only_who_may_see_the_plan_may_read_its_pdf(wereld: Wereld, plan: Regioplan) -> None:
    gevonden = RegioplanPdf.ophalen(plan.pk)
    document = RegioplanPdf(gevonden)

    assert RegioplanPdf.mag_lezen(wereld.lezer, gevonden)
    assert RegioplanPdf.mag_lezen(wereld.zorginkoper, gevonden)
    assert not RegioplanPdf.mag_lezen(wereld.buitenstaander, gevonden)
    assert not RegioplanPdf.mag_lezen(AnonymousUser(), gevonden)
    assert document.regio() == wereld.regio
    assert document.titel() == "Regioplan Eigen regio"
    assert document.versie() == plan.versie
    assert document.bestandsnaam() == "regioplan-eigen-regio.pdf"
    with pytest.raises(Regioplan.DoesNotExist):
        RegioplanPdf.ophalen(plan.pk + 1000)


def test_without_a_browser_the_plan_prints_its_charts_and_timeline_as_text_in_the_shipped_font(
    wereld: Wereld, plan: Regioplan, monkeypatch: pytest.MonkeyPatch
) -> None:
    verwacht = regiocijfers_opslaan(wereld.regio)  # before the browser goes: the import may start programs
    zonder_browser(monkeypatch)
    pdf = RegioplanPdf(plan).render()  # the product's own tekenaar

    tekst = pdf_lezen(pdf).platte_tekst  # the charts are drawn SVG (form XObjects)
    assert "1. Regionale pool van" in tekst  # the timeline's bar label, drawn from the SVG as text
    assert "Gepland" in tekst  # its legend
    assert [g for g in verwacht[2:] if g not in tekst] == []  # the age structure's shares on its bars
    assert in_het_meegeleverde_lettertype(pdf)


def test_a_replaced_plan_says_so_on_every_page_instead_of_concept() -> None:
    assert markering_van(Regioplan(status=Status.VERVANGEN)) == "VERVANGEN"
    assert markering_van(Regioplan(status=Status.INGEDIEND)) == "CONCEPT"
    assert markering_van(Regioplan(status=Status.VASTGESTELD)) == ""


def test_the_overview_gives_the_period_that_breaks_only_after_the_dash() -> None:
    activiteit = Activiteit(start_jaar=2026, start_kwartaal=1, eind_jaar=2027, eind_kwartaal=2)

    periode = Drukactiviteit(nummer=1, activiteit=activiteit, meetpunten=[], uitdagingen=[]).periode

    assert periode.replace("\u00a0", " ") == "2026 Q1 \u2013 2027 Q2"
    assert periode.split(" ") == ["2026\u00a0Q1\u00a0\u2013", "2027\u00a0Q2"]  # the one place a line may break
