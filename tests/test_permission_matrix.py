"""Every URL x every persona -> what that person gets. A URL missing from the matrix fails the test.

Outcomes: 200 (sees it), INLOG (sent to sign in), 403 (member without the right), 404 (not theirs:
nobody learns that it exists).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regio.models import Mandaat, Onderwerp
from regio.services import mandaat_verlenen
from regiobeeld.models import Akkoord
from regioplan.models import Goedkeuring
from tests.contracten import (
    matrix_addenda,
    matrix_contract,
    matrix_deelname,
    matrix_gesprek,
    matrix_jaarcyclus,
    matrix_monitoring,
    matrix_uitvoering,
    matrix_verdeelmodel,
)
from tests.contracten.werelden import contract_wereld
from tests.eenmalig import eenmalige_wereld, kopie
from tests.matrix import INLOG, alle, client_voor, rp, uitkomst, url_namen
from tests.personas import PERSONAS, START, Wereld, wereld_bouwen
from tests.regio.matrix_zelfbeheer import MATRIX_ZELFBEHEER, zelfbeheer_wereld
from tests.regiobeeld.werelden import regiobeeld_wereld
from tests.regioplan import matrix_voorstellen
from tests.regioplan.matrix_wereld import regioplan_wereld

pytestmark = pytest.mark.django_db

Url = Callable[[Wereld], str]
QUERYBUDGET = 20
POST = "POST"


def lezen(status: int | str = 200) -> dict[str, int | str]:
    """Read access to the own region: every member of a participating party, and koepel staff."""
    return alle(status, anoniem=INLOG, buitenstaander=404)


def bewerken(status: int | str = 200) -> dict[str, int | str]:
    """Edit access in the own region: editors of the contracting parties; other members 403."""
    return alle(403, anoniem=INLOG, buitenstaander=404, bewerker=status, beheerder=status, zorginkoper=status)


def rb(naam: str, *args: object, query: str = "") -> Url:
    def url(w: Wereld) -> str:
        pad = reverse(f"regiobeeld:{naam}", args=[w.regio.slug, *[a(w) if callable(a) else a for a in args]])
        return f"{pad}?{query}" if query else pad

    return url


def rb_ander(naam: str, *args: object) -> Url:
    return lambda w: reverse(
        f"regiobeeld:{naam}", args=[w.andere_regio.slug, *[a(w) if callable(a) else a for a in args]]
    )


def rb_query(naam: str, query: Callable[[Wereld], str] | str) -> Url:
    """A URL of the own region's 2026 regiobeeld with a query string."""

    def url(w: Wereld) -> str:
        q = query(w) if callable(query) else query
        return rb(naam, 2026)(w) + (f"?{q}" if q else "")

    return url


def _uitdaging(w: Wereld) -> int:
    return w.regiobeeld.uitdagingen.first().pk  # type: ignore[attr-defined]


def _import(w: Wereld) -> int:
    return w.importbestand.pk  # type: ignore[attr-defined]


def _import_ander(w: Wereld) -> int:
    return w.ander_importbestand.pk  # type: ignore[attr-defined]


def reageren(status: int | str = 200) -> dict[str, int | str]:
    """Comment in the own region: members of any participating party; koepel staff read only (403)."""
    return alle(status, anoniem=INLOG, buitenstaander=404, koepel=403)


def alleen_verzekeraar(status: int | str = 200) -> dict[str, int | str]:
    """The insurer's internal notes: its own members only; other members do not learn they exist (404)."""
    return alle(404, anoniem=INLOG, koepel=403, zorginkoper=status)


def _activiteit(w: Wereld) -> int:
    return w.plan_activiteit.pk  # type: ignore[attr-defined]


def _meetpunt(w: Wereld) -> int:
    return w.plan_activiteit.meetpunten.first().pk  # type: ignore[attr-defined]


def _planuitdaging(w: Wereld) -> int:
    return w.plan.uitdagingen.first().pk  # type: ignore[attr-defined]


def _historie(w: Wereld) -> int:
    return w.plan.delen.get(soort="missie-visie").history.last().history_id  # type: ignore[attr-defined]


def _rb_historie(w: Wereld) -> int:
    return w.regiobeeld.delen.get(soort="trends").history.last().history_id  # type: ignore[attr-defined]


def _akkoord(w: Wereld) -> int:
    """An agreement of the zorggroep on the own regiobeeld (made when the URL is built; rolled back with the test)."""
    rb = w.regiobeeld  # type: ignore[attr-defined]
    akkoord, _ = Akkoord.objects.get_or_create(
        regiobeeld=rb, organisatie=w.zorggroep, gebruiker=w.beheerder, regiobeeld_versie=rb.versie
    )
    return akkoord.pk


def _ander_akkoord(w: Wereld) -> int:
    rb = w.ander_regiobeeld  # type: ignore[attr-defined]
    akkoord, _ = Akkoord.objects.get_or_create(
        regiobeeld=rb, organisatie=w.andere_zorggroep, gebruiker=w.buitenstaander, regiobeeld_versie=rb.versie
    )
    return akkoord.pk


def _goedkeuring(w: Wereld) -> int:
    """An approval of the own plan by the zorggroep's manager under a regioplan mandate."""
    mandaat = Mandaat.objects.filter(gebruiker=w.beheerder, onderwerp=Onderwerp.REGIOPLAN).first() or (
        mandaat_verlenen(
            gebruiker=w.beheerder,
            organisatie=w.zorggroep,
            regio=w.regio,
            onderwerp=Onderwerp.REGIOPLAN,
            geldig_van=START,
            acting_user=w.koepel,
        )
    )
    plan = w.plan  # type: ignore[attr-defined]
    goedkeuring, _ = Goedkeuring.objects.get_or_create(
        regioplan=plan, organisatie=w.zorggroep, gebruiker=w.beheerder, mandaat=mandaat, versie=plan.versie
    )
    return goedkeuring.pk


ANDER = alle(404, anoniem=INLOG, buitenstaander=200, koepel=200)
ANDER_BEWERKEN = alle(404, anoniem=INLOG, buitenstaander=200, koepel=403)


# name -> list of (description, url builder, expected outcome per persona)
MATRIX: dict[str, list[tuple[str, Url, dict[str, int | str]] | tuple[str, Url, dict[str, int | str], str]]] = {
    "regio:mijn_regios": [
        ("lijst", lambda w: reverse("regio:mijn_regios"), alle(200, anoniem=INLOG)),
    ],
    "regio:regio_detail": [
        (
            "eigen regio",
            lambda w: reverse("regio:regio_detail", args=[w.regio.slug]),
            alle(200, anoniem=INLOG, buitenstaander=404),
        ),
        (
            "andere regio",
            lambda w: reverse("regio:regio_detail", args=[w.andere_regio.slug]),
            alle(404, anoniem=INLOG, buitenstaander=200, koepel=200),
        ),
        (
            "onbekende regio",
            lambda w: reverse("regio:regio_detail", args=["bestaat-niet"]),
            alle(404, anoniem=INLOG),
        ),
    ],
    "regio:logboek": [
        # Only the organisation's managers; everybody else does not learn the log exists.
        (
            "eigen organisatie",
            lambda w: reverse("regio:logboek", args=[w.zorggroep.pk]),
            alle(404, anoniem=INLOG, beheerder=200),
        ),
        ("andere organisatie", lambda w: reverse("regio:logboek", args=[w.verzekeraar.pk]), alle(404, anoniem=INLOG)),
    ],
    "regio:gezondheid": [("gezondheid", lambda w: reverse("regio:gezondheid"), alle(200))],
    # Everyone's own choices for e-mails; an empty form is shown again with its errors.
    "regio:meldingen": [
        ("eigen keuzes", lambda w: reverse("regio:meldingen"), alle(200, anoniem=INLOG)),
        ("eigen keuzes, leeg formulier", lambda w: reverse("regio:meldingen"), alle(400, anoniem=INLOG), POST),
    ],
    **MATRIX_ZELFBEHEER,
    # The koepel's own pages: koepel staff only; nobody else learns they exist.
    "regio:regio_inrichten": [
        ("pagina", lambda w: reverse("regio:regio_inrichten"), alle(404, anoniem=INLOG, koepel=200)),
        ("leeg formulier", lambda w: reverse("regio:regio_inrichten"), alle(404, anoniem=INLOG, koepel=400), POST),
    ],
    "contracten:landelijk": [
        ("overzicht", lambda w: reverse("contracten:landelijk"), alle(404, anoniem=INLOG, koepel=200)),
        ("gefilterd", lambda w: reverse("contracten:landelijk") + "?fase=plan", alle(404, anoniem=INLOG, koepel=200)),
    ],
    "contracten:landelijk_csv": [
        ("csv", lambda w: reverse("contracten:landelijk_csv"), alle(404, anoniem=INLOG, koepel=200)),
    ],
    "regiobeeld:organisaties_importeren": [
        ("pagina", lambda w: reverse("regiobeeld:organisaties_importeren"), alle(404, anoniem=INLOG, koepel=200)),
        (
            "leeg formulier",
            lambda w: reverse("regiobeeld:organisaties_importeren"),
            alle(404, anoniem=INLOG, koepel=400),
            POST,
        ),
    ],
    "regio:organisaties_zoeken": [
        ("zoeken", lambda w: reverse("regio:organisaties_zoeken") + "?q=zorg", alle(404, anoniem=INLOG, koepel=200)),
    ],
    "regiobeeld:lijst": [("eigen", rb("lijst"), lezen()), ("andere", rb_ander("lijst"), ANDER)],
    "regiobeeld:nieuw": [("eigen, leeg formulier", rb("nieuw"), bewerken(400), POST)],
    "regiobeeld:detail": [
        ("eigen", rb("detail", 2026), lezen()),
        ("eigen, ander jaar", rb("detail", 1999), alle(404, anoniem=INLOG)),
        ("andere", rb_ander("detail", 2026), ANDER),
    ],
    "regiobeeld:deel_bewerken": [
        ("eigen", rb("deel_bewerken", 2026, "trends"), bewerken()),
        ("eigen, leeg formulier", rb("deel_bewerken", 2026, "trends"), bewerken(400), POST),
        ("eigen, onbekend deel", rb("deel_bewerken", 2026, "onzin"), bewerken(404)),
        ("andere", rb_ander("deel_bewerken", 2026, "trends"), ANDER_BEWERKEN),
    ],
    "regiobeeld:deel_historie": [
        ("eigen", rb("deel_historie", 2026, "trends"), lezen()),
        ("eigen, onbekend deel", rb("deel_historie", 2026, "onzin"), lezen(404)),
        ("andere", rb_ander("deel_historie", 2026, "trends"), ANDER),
    ],
    "regiobeeld:deel_herstellen": [
        ("eigen", rb("deel_herstellen", 2026, "trends", _rb_historie), bewerken(), POST),
        ("eigen, onbekende versie", rb("deel_herstellen", 2026, "trends", 999999), bewerken(), POST),
    ],
    "regiobeeld:sinds_akkoord": [
        ("eigen", rb("sinds_akkoord", 2026, _akkoord), lezen()),
        ("eigen, onbekend akkoord", rb("sinds_akkoord", 2026, 999999), lezen(404)),
        ("akkoord van de andere regio via de eigen", rb("sinds_akkoord", 2026, _ander_akkoord), lezen(404)),
        ("andere", rb_ander("sinds_akkoord", 2026, _ander_akkoord), ANDER),
    ],
    # Presence (regio/aanwezigheid.py): whoever may edit the part; the others as for the edit page.
    "regiobeeld:deel_aanwezig": [
        (
            "eigen",
            rb(
                "deel_aanwezig",
                2026,
                "trends",
            ),
            bewerken(),
        ),
        ("eigen, onbekend deel", rb("deel_aanwezig", 2026, "onzin"), bewerken(404)),
        ("andere", rb_ander("deel_aanwezig", 2026, "trends"), ANDER_BEWERKEN),
    ],
    "regiobeeld:uitdaging_nieuw": [("eigen", rb("uitdaging_nieuw", 2026), bewerken())],
    "regiobeeld:uitdaging_bewerken": [
        ("eigen", rb("uitdaging_bewerken", 2026, _uitdaging), bewerken()),
        ("eigen, onbekend", rb("uitdaging_bewerken", 2026, 999999), bewerken(404)),
    ],
    "regiobeeld:uitdaging_verwijderen": [
        ("eigen", rb("uitdaging_verwijderen", 2026, _uitdaging), bewerken(), POST),
        ("eigen, eerst vragen", rb("uitdaging_verwijderen", 2026, _uitdaging), bewerken()),
        ("eigen, onbekend", rb("uitdaging_verwijderen", 2026, 999999), bewerken(404)),
    ],
    "regiobeeld:kerncijfers": [
        ("eigen", rb("kerncijfers", 2026), lezen()),
        ("eigen, gesorteerd", rb("kerncijfers", 2026, query="sorteer=verschil&richting=af"), lezen()),
        ("eigen, ander jaar", rb("kerncijfers", 1999), alle(404, anoniem=INLOG)),
        ("andere", rb_ander("kerncijfers", 2026), ANDER),
    ],
    "regiobeeld:uitgelicht": [
        # The matrix posts nothing: no indicator is "not found" for those who may edit.
        ("eigen, zonder indicator", rb("uitgelicht", 2026), bewerken(404), POST),
        # The other region's editor (buitenstaander) gets as far as the missing indicator; koepel staff may not edit.
        ("andere, zonder indicator", rb_ander("uitgelicht", 2026), alle(404, anoniem=INLOG, koepel=403), POST),
    ],
    "regiobeeld:akkoord": [("eigen, zonder versie", rb("akkoord", 2026), bewerken(), POST)],
    # Threads on the regiobeeld (issue 16): as on the plan. Members of a participating party comment, koepel staff
    # read only (403); a party's internal notes and the names offered in them are its own (404 for the others).
    "regiobeeld:reactie_nieuw": [
        ("over een deel", rb_query("reactie_nieuw", "deel=trends"), reageren()),
        ("over een uitdaging", rb_query("reactie_nieuw", lambda w: f"uitdaging={_uitdaging(w)}"), reageren()),
        ("over een deel, leeg", rb_query("reactie_nieuw", "deel=trends"), reageren(400), POST),
        ("over een onbekend deel", rb_query("reactie_nieuw", "deel=onzin"), reageren(404)),
        ("zonder onderwerp", rb_query("reactie_nieuw", ""), reageren(404)),
        (
            "interne notitie van de verzekeraar",
            rb_query("reactie_nieuw", lambda w: f"intern={w.verzekeraar.pk}"),
            alleen_verzekeraar(),
        ),
        (
            "antwoord op een interne notitie",
            rb_query("reactie_nieuw", lambda w: f"antwoord={w.regiobeeld_notitie.pk}"),  # type: ignore[attr-defined]
            alleen_verzekeraar(),
        ),
        ("andere regio", lambda w: rb_ander("reactie_nieuw", 2026)(w) + "?deel=trends", ANDER_BEWERKEN),
    ],
    "regiobeeld:reactie_oplossen": [
        (
            "reactie van de lezer",
            rb("reactie_oplossen", 2026, lambda w: w.regiobeeld_reactie.pk),
            bewerken() | {"lezer": 200},
            POST,
        ),
        (
            "interne notitie",
            rb("reactie_oplossen", 2026, lambda w: w.regiobeeld_notitie.pk),
            alleen_verzekeraar(),
            POST,
        ),
    ],
    "regiobeeld:reactie_namen": [
        ("gedeelde draad", rb_query("reactie_namen", "deel=trends&q=a"), reageren()),
        (
            "interne notitie van de verzekeraar",
            rb_query("reactie_namen", lambda w: f"intern={w.verzekeraar.pk}&q=d"),
            alleen_verzekeraar(),
        ),
    ],
    "regiobeeld:cijfers": [("eigen", rb("cijfers"), lezen()), ("andere", rb_ander("cijfers"), ANDER)],
    "regiobeeld:indicator_nieuw": [("eigen", rb("indicator_nieuw"), bewerken())],
    "regiobeeld:import_nieuw": [("eigen, zonder bestand", rb("import_nieuw"), bewerken(400), POST)],
    "regiobeeld:import_detail": [
        ("eigen", rb("import_detail", _import), lezen()),
        ("eigen, leeg formulier", rb("import_detail", _import), bewerken(400), POST),
        ("andere", rb_ander("import_detail", _import_ander), ANDER),
        ("import van de andere regio via de eigen", rb("import_detail", _import_ander), alle(404, anoniem=INLOG)),
    ],
    "regiobeeld:import_status": [("eigen", rb("import_status", _import), lezen())],
    "regiobeeld:import_bevestigen": [("eigen", rb("import_bevestigen", _import), bewerken(), POST)],
    "regiobeeld:import_annuleren": [("eigen", rb("import_annuleren", _import), bewerken(), POST)],
    "regiobeeld:import_indicator": [
        ("eigen, leeg formulier", rb("import_indicator", _import), bewerken(400), POST),
        ("import van de andere regio via de eigen", rb("import_indicator", _import_ander), bewerken(404), POST),
    ],
    "regioplan:lijst": [
        ("eigen", lambda w: reverse("regioplan:lijst", args=[w.regio.slug]), lezen()),
        ("andere", lambda w: reverse("regioplan:lijst", args=[w.andere_regio.slug]), ANDER),
    ],
    "regioplan:nieuw": [
        ("eigen, leeg formulier", lambda w: reverse("regioplan:nieuw", args=[w.regio.slug]), bewerken(400), POST)
    ],
    "regioplan:detail": [
        ("eigen", rp("detail"), lezen()),
        ("andere", rp("detail", plan="ander_plan"), ANDER),
        (
            "plan van de andere regio via de eigen",
            lambda w: reverse("regioplan:detail", args=[w.regio.slug, w.ander_plan.pk]),
            alle(404, anoniem=INLOG),
        ),
    ],
    "regioplan:gegevens_bewerken": [("eigen", rp("gegevens_bewerken"), bewerken())],
    "regioplan:indienen": [("eigen, zonder versie", rp("indienen"), bewerken(), POST)],
    "regioplan:terugnemen": [("eigen, concept", rp("terugnemen"), bewerken(), POST)],
    "regioplan:goedkeuren": [
        # Only the zorggroep's manager holds a regioplan mandate in this world; the plan is a draft.
        ("eigen, concept", rp("goedkeuren"), alle(403, anoniem=INLOG, buitenstaander=404, beheerder=200), POST),
        ("andere", rp("goedkeuren", plan="ander_plan"), alle(404, anoniem=INLOG, buitenstaander=403, koepel=403), POST),
    ],
    # Publishing: as approving (a regioplan mandate; the draft is refused with a message on the plan page).
    "regioplan:publiceren": [
        ("eigen, concept", rp("publiceren"), alle(403, anoniem=INLOG, buitenstaander=404, beheerder=200), POST),
        ("andere", rp("publiceren", plan="ander_plan"), alle(404, anoniem=INLOG, buitenstaander=403, koepel=403), POST),
    ],
    "regioplan:publicatie_intrekken": [
        (
            "eigen, concept",
            rp("publicatie_intrekken"),
            alle(403, anoniem=INLOG, buitenstaander=404, beheerder=200),
            POST,
        ),
    ],
    # The public pages: no sign-in; an unpublished plan is 404 for everyone, koepel staff and its own parties too.
    "regioplan:openbaar_lijst": [("lijst", lambda w: reverse("regioplan:openbaar_lijst"), alle(200))],
    "regioplan:openbaar_detail": [
        ("niet openbaar", lambda w: reverse("regioplan:openbaar_detail", args=[w.plan.pk]), alle(404)),
        ("bestaat niet", lambda w: reverse("regioplan:openbaar_detail", args=[999999]), alle(404)),
    ],
    "regioplan:openbaar_pdf": [
        ("niet openbaar", lambda w: reverse("regioplan:openbaar_pdf", args=[w.plan.pk]), alle(404)),
        ("bestaat niet", lambda w: reverse("regioplan:openbaar_pdf", args=[999999]), alle(404)),
    ],
    "regioplan:nieuwe_versie": [("eigen, concept", rp("nieuwe_versie"), bewerken(), POST)],
    "regioplan:vergelijken": [
        ("eigen", rp("vergelijken", query=lambda w: f"met={w.tweede_plan.pk}"), lezen()),  # type: ignore[attr-defined]
        (
            "met een plan van de andere regio",
            rp("vergelijken", query=lambda w: f"met={w.ander_plan.pk}"),  # type: ignore[attr-defined]
            alle(404, anoniem=INLOG, buitenstaander=404),
        ),
    ],
    # A new PDF replaces the file everyone downloads: editors ask for it, readers download it (issue 21).
    "regioplan:wijzigingen": [
        ("eigen", rp("wijzigingen"), lezen()),
        ("andere", rp("wijzigingen", plan="ander_plan"), ANDER),
    ],
    "regioplan:pdf_maken": [("eigen", rp("pdf_maken"), bewerken(), POST)],
    "regioplan:pdf_status": [("eigen", rp("pdf_status"), lezen())],
    "regioplan:pdf_downloaden": [
        ("eigen", rp("pdf_downloaden"), lezen()),
        ("andere", rp("pdf_downloaden", plan="ander_plan"), ANDER),
        (
            "pdf van de andere regio via de eigen",
            lambda w: reverse("regioplan:pdf_downloaden", args=[w.regio.slug, w.ander_plan.pk]),
            alle(404, anoniem=INLOG),
        ),
    ],
    "regiobeeld:pdf_maken": [("eigen", rb("pdf_maken", 2026), bewerken(), POST)],
    "regiobeeld:pdf_status": [("eigen", rb("pdf_status", 2026), lezen())],
    "regiobeeld:pdf_downloaden": [
        ("eigen", rb("pdf_downloaden", 2026), lezen()),
        ("andere", rb_ander("pdf_downloaden", 2026), ANDER),
    ],
    # CSV exports (issue 7): the same readers as the page they come from.
    "regiobeeld:cijfers_csv": [
        ("eigen", rb("cijfers_csv", 2026), lezen()),
        ("eigen, ander jaar", rb("cijfers_csv", 1999), alle(404, anoniem=INLOG)),
        ("andere", rb_ander("cijfers_csv", 2026), ANDER),
    ],
    "regioplan:activiteiten_csv": [
        ("eigen", rp("activiteiten_csv"), lezen()),
        ("andere", rp("activiteiten_csv", plan="ander_plan"), ANDER),
        (
            "plan van de andere regio via de eigen",
            lambda w: reverse("regioplan:activiteiten_csv", args=[w.regio.slug, w.ander_plan.pk]),
            alle(404, anoniem=INLOG),
        ),
    ],
    "regioplan:deel_bewerken": [
        ("eigen", rp("deel_bewerken", "ict-visie"), bewerken()),
        ("eigen, leeg formulier", rp("deel_bewerken", "ict-visie"), bewerken(400), POST),
        ("eigen, onbekend deel", rp("deel_bewerken", "onzin"), bewerken(404)),
        ("andere", rp("deel_bewerken", "ict-visie", plan="ander_plan"), ANDER_BEWERKEN),
    ],
    "regioplan:deel_aanwezig": [
        ("eigen", rp("deel_aanwezig", "ict-visie", query="versie=1"), bewerken()),
        ("eigen, onbekend deel", rp("deel_aanwezig", "onzin"), bewerken(404)),
        ("andere", rp("deel_aanwezig", "ict-visie", plan="ander_plan"), ANDER_BEWERKEN),
    ],
    "regioplan:deel_historie": [("eigen", rp("deel_historie", "missie-visie"), lezen())],
    "regioplan:deel_herstellen": [("eigen", rp("deel_herstellen", "missie-visie", _historie), bewerken(), POST)],
    "regioplan:sinds_goedkeuring": [
        ("eigen", rp("sinds_goedkeuring", _goedkeuring), lezen()),
        ("eigen, onbekende goedkeuring", rp("sinds_goedkeuring", 999999), lezen(404)),
        ("goedkeuring van een ander plan", rp("sinds_goedkeuring", _goedkeuring, plan="tweede_plan"), lezen(404)),
    ],
    "regioplan:uitdaging_bewerken": [
        ("eigen", rp("uitdaging_bewerken", _planuitdaging), bewerken()),
        ("eigen, onbekend", rp("uitdaging_bewerken", 999999), bewerken(404)),
    ],
    "regioplan:uitdaging_verplaatsen": [("eigen", rp("uitdaging_verplaatsen", _planuitdaging), bewerken(), POST)],
    "regioplan:uitdagingen_ordenen": [("eigen, zonder volgorde", rp("uitdagingen_ordenen"), bewerken(), POST)],
    "regioplan:activiteit_nieuw": [("eigen", rp("activiteit_nieuw"), bewerken())],
    "regioplan:activiteit_bewerken": [
        ("eigen", rp("activiteit_bewerken", _activiteit), bewerken()),
        ("eigen, onbekend", rp("activiteit_bewerken", 999999), bewerken(404)),
    ],
    "regioplan:activiteit_aanwezig": [
        ("eigen", rp("activiteit_aanwezig", _activiteit, query="versie=onzin"), bewerken()),
        ("eigen, onbekend", rp("activiteit_aanwezig", 999999), bewerken(404)),
    ],
    "regioplan:activiteit_verwijderen": [
        ("eigen", rp("activiteit_verwijderen", _activiteit), bewerken(), POST),
        ("eigen, eerst vragen", rp("activiteit_verwijderen", _activiteit), bewerken()),
        ("eigen, onbekend", rp("activiteit_verwijderen", 999999), bewerken(404)),
    ],
    "regioplan:meetpunt_nieuw": [("eigen", rp("meetpunt_nieuw", _activiteit), bewerken())],
    "regioplan:meetpunt_bewerken": [("eigen", rp("meetpunt_bewerken", _meetpunt), bewerken())],
    "regioplan:meetpunt_verwijderen": [
        ("eigen", rp("meetpunt_verwijderen", _meetpunt), bewerken(), POST),
        ("eigen, eerst vragen", rp("meetpunt_verwijderen", _meetpunt), bewerken()),
        ("eigen, onbekend", rp("meetpunt_verwijderen", 999999), bewerken(404)),
    ],
    "regioplan:reactie_nieuw": [
        ("over een deel", rp("reactie_nieuw", query="deel=missie-visie"), reageren()),
        ("over een uitdaging", rp("reactie_nieuw", query=lambda w: f"uitdaging={_planuitdaging(w)}"), reageren()),
        ("over een onbekende uitdaging", rp("reactie_nieuw", query="uitdaging=999999"), reageren(404)),
        ("over een deel, leeg", rp("reactie_nieuw", query="deel=missie-visie"), reageren(400), POST),
        ("zonder onderwerp", rp("reactie_nieuw"), reageren(404)),
        (
            "interne notitie van de verzekeraar",
            rp("reactie_nieuw", query=lambda w: f"intern={w.verzekeraar.pk}"),
            alleen_verzekeraar(),
        ),
        (
            "antwoord op een interne notitie",
            rp("reactie_nieuw", query=lambda w: f"antwoord={w.interne_notitie.pk}"),  # type: ignore[attr-defined]
            alleen_verzekeraar(),
        ),
    ],
    "regioplan:reactie_oplossen": [
        # The reader (Carla) wrote it; the contracting parties' editors may resolve it too, nobody else (issue 21).
        (
            "reactie van de lezer",
            rp("reactie_oplossen", lambda w: w.plan_reactie.pk),
            bewerken() | {"lezer": 200},
            POST,
        ),
        (
            "interne notitie",
            rp("reactie_oplossen", lambda w: w.interne_notitie.pk),
            alleen_verzekeraar(),
            POST,
        ),
    ],
    # The names offered after typing @ (issue 16): only for those who may comment; an internal note's only to its
    # party's members.
    "regioplan:reactie_namen": [
        ("gedeelde draad", rp("reactie_namen", query="deel=missie-visie&q=a"), reageren()),
        (
            "interne notitie",
            rp("reactie_namen", query=lambda w: f"intern={w.verzekeraar.pk}&q=d"),
            alleen_verzekeraar(),
        ),
        ("zonder onderwerp", rp("reactie_namen", query="q=a"), reageren(404)),
    ],
    "set_language": [("taalkeuze (GET stuurt terug)", lambda w: reverse("set_language"), alle(200, anoniem=INLOG))],
}

for _deel in (
    matrix_contract,
    matrix_deelname,
    matrix_monitoring,
    matrix_uitvoering,
    matrix_verdeelmodel,
    matrix_gesprek,
    matrix_voorstellen,
    matrix_addenda,
    matrix_jaarcyclus,
):
    MATRIX.update(_deel.MATRIX)
MATRIX["regioplan:deel_bewerken"].append(matrix_voorstellen.TEGENVOORSTEL)

# allauth's own pages: sign-in, sign-out, password reset, ... tested in tests/test_inloggen.py; two-factor
# authentication (mfa_) in tests/test_tweestaps.py.
UITGEZONDERD_PREFIX = ("account_", "admin:", "mfa_")


def test_every_url_of_the_project_is_in_the_matrix() -> None:
    ontbrekend = [naam for naam in set(url_namen()) if naam not in MATRIX and not naam.startswith(UITGEZONDERD_PREFIX)]
    assert ontbrekend == [], f"Add these URLs to the permission matrix: {sorted(ontbrekend)}"


CASES = [
    pytest.param(naam, url, verwacht, methode[0] if methode else "GET", id=f"{naam}[{omschrijving}]")
    for naam, varianten in MATRIX.items()
    for omschrijving, url, verwacht, *methode in varianten
]


# Each persona signs in once per world, when it is built: the session lives in the world's transaction, and what a
# case's request writes to it (the last activity, a message) is undone with the rest of the request (_nagaan).
# Signing in for every case cost 10 sign-ins per case, a third of the matrix's time.
SESSIES: dict[str, dict[str, str]] = {}


def _aangemeld(naam: str, wereld: Wereld) -> Wereld:
    SESSIES[naam] = {}
    for persona in PERSONAS:
        sessie = client_voor(wereld, persona).cookies.get(settings.SESSION_COOKIE_NAME)
        if sessie is not None:
            SESSIES[naam][persona] = sessie.value
    return wereld


def _client(wereldnaam: str, persona: str) -> Client:
    client = Client()
    if persona in SESSIES[wereldnaam]:
        client.cookies[settings.SESSION_COOKIE_NAME] = SESSIES[wereldnaam][persona]
    return client


def _basis() -> Wereld:
    return zelfbeheer_wereld(regiobeeld_wereld(wereld_bouwen()))


def _basiswereld() -> Wereld:
    return _aangemeld("matrix_basiswereld", _basis())


def _planwereld() -> Wereld:
    return _aangemeld("matrix_planwereld", regioplan_wereld(_basis()))


def _contractwereld() -> Wereld:
    return _aangemeld("matrix_contractwereld", contract_wereld(_basis()))


# Three worlds, each built once (tests/eenmalig.py): the regiobeelden and imports for every URL, and on top of them
# the plans (plan pages, and the regiobeeld's PDF) or the contracts (contract pages).
matrix_basiswereld = eenmalige_wereld("matrix_basiswereld", _basiswereld)
matrix_planwereld = eenmalige_wereld("matrix_planwereld", _planwereld)
matrix_contractwereld = eenmalige_wereld("matrix_contractwereld", _contractwereld)


def _wereld_voor(case: Any) -> str:
    naam = case.values[0]
    if naam.startswith("regioplan:") or naam.startswith("regiobeeld:pdf"):
        return "matrix_planwereld"
    return "matrix_contractwereld" if naam.startswith("contracten:") else "matrix_basiswereld"


def _cases(wereld: str) -> list[Any]:
    return [case for case in CASES if _wereld_voor(case) == wereld]


PARAMETERS = ("naam", "url", "verwacht", "methode")


@pytest.mark.parametrize(PARAMETERS, _cases("matrix_basiswereld"))
def test_every_persona_gets_the_expected_outcome(
    matrix_basiswereld: Wereld, naam: str, url: Url, verwacht: dict[str, int | str], methode: str
) -> None:
    _nagaan(matrix_basiswereld, "matrix_basiswereld", naam, url, verwacht, methode)


@pytest.mark.parametrize(PARAMETERS, _cases("matrix_planwereld"))
def test_every_persona_gets_the_expected_outcome_with_plans(
    matrix_planwereld: Wereld, naam: str, url: Url, verwacht: dict[str, int | str], methode: str
) -> None:
    _nagaan(matrix_planwereld, "matrix_planwereld", naam, url, verwacht, methode)


@pytest.mark.parametrize(PARAMETERS, _cases("matrix_contractwereld"))
def test_every_persona_gets_the_expected_outcome_with_contracts(
    matrix_contractwereld: Wereld, naam: str, url: Url, verwacht: dict[str, int | str], methode: str
) -> None:
    _nagaan(matrix_contractwereld, "matrix_contractwereld", naam, url, verwacht, methode)


def _nagaan(
    gebouwd: Wereld, wereldnaam: str, naam: str, url: Url, verwacht: dict[str, int | str], methode: str
) -> None:
    """Every persona in turn; each persona's request is undone afterwards (a savepoint), so what one does (a POST
    that removes something) never changes what the next one gets."""
    wereld = kopie(gebouwd, wereldnaam)
    adres = url(wereld)
    gekregen: dict[str, int | str] = {}
    te_duur: dict[str, int] = {}
    for persona in PERSONAS:
        cache.clear()  # sign-in rate limits and cached fragments belong to one person's visit
        punt = transaction.savepoint()
        try:
            client = _client(wereldnaam, persona)
            with CaptureQueriesContext(connection) as vragen:
                gekregen[persona] = uitkomst(client, adres, methode)
            if methode == "GET" and gekregen[persona] == 200 and len(vragen) > QUERYBUDGET:
                # A session's first request also writes the session; count the page as a person sees it next.
                with CaptureQueriesContext(connection) as vragen:
                    client.get(adres, follow=True)
                if len(vragen) > QUERYBUDGET:
                    te_duur[persona] = len(vragen)
        finally:
            transaction.savepoint_rollback(punt)
    assert gekregen == verwacht
    # Issue 8: no page costs more than QUERYBUDGET queries, for any persona (flat in the size of the data: the
    # pages' own tests compare small and large worlds).
    assert te_duur == {}, f"{naam}: more than {QUERYBUDGET} queries for {te_duur}"


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    return urls


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_koepel_staff_reach_the_admin(wereld: Wereld, persona: str) -> None:
    verwacht = {"anoniem": INLOG, "koepel": 200}.get(persona, 403)
    client = client_voor(wereld, persona)
    if persona == "koepel":
        from regio.koepelgroep import koepelgroep_verzekeren

        wereld.koepel.groups.add(koepelgroep_verzekeren())
    uitkomsten = {url: uitkomst(client, url) for url in _admin_urls()}
    # Koepel staff do not edit auth groups by hand (memberships fill them) and cannot add an import
    # in the admin (regions import their own figures), nor add a plan (the parties write it). Everything else is theirs,
    # except people's second factors (allauth's admin shows their secrets): those only a superuser sees.
    alleen_lezen = (
        "/importbestand/add/",
        "/regioplan/regioplan/add/",
        "/regio/pdfopdracht/add/",
        "/regio/auditregel/add/",
    )
    nooit = {
        u: s
        for u, s in uitkomsten.items()
        if "/auth/group/" in u or "/mfa/authenticator/" in u or u.endswith(alleen_lezen)
    }
    overig = {u: s for u, s in uitkomsten.items() if u not in nooit}
    assert set(overig.values()) == {verwacht}, overig
    assert set(nooit.values()) == {INLOG if persona == "anoniem" else 403}, nooit
