"""Money against the plan (contracten/begroting.py): activity budgets spread over the years by hand, differences and
unfunded activities flagged in words, and the selector at a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from contracten import begroting
from contracten.begroting import Financiering, Oordeel, Planactiviteit, naar_jaarplan, spreiden, vergelijken
from contracten.models import Afspraakbedrag, Contract, Contractafspraak
from regioplan.models import Activiteit
from tests.contracten.werelden import veel_regels_met_voorstellen
from tests.personas import Wereld

D = Decimal


def test_a_budget_is_spread_over_the_years_by_the_quarters_the_activity_runs_in_each() -> None:
    # 2026 Q3 to 2027 Q2: two quarters in each year, half each.
    assert spreiden(D("10000.00"), (2026, 3), (2027, 2)) == {2026: D("5000.00"), 2027: D("5000.00")}
    # 2026 Q2 to 2027 Q1: three quarters, then one: 750.00 and 250.00.
    assert spreiden(D("1000.00"), (2026, 2), (2027, 1)) == {2026: D("750.00"), 2027: D("250.00")}
    # 2026 Q1 to 2028 Q1: 4, 4 and 1 of 9 quarters of 100.00 = 44.44.., 44.44.., 11.11..: the odd cent goes to the
    # largest remainder, the first of equals: 44.45 + 44.44 + 11.11 = 100.00.
    assert spreiden(D("100.00"), (2026, 1), (2028, 1)) == {2026: D("44.45"), 2027: D("44.44"), 2028: D("11.11")}
    # Without a budget: the years it runs, with nothing to compare.
    assert spreiden(None, (2026, 4), (2027, 1)) == {2026: None, 2027: None}


def test_the_years_plan_beside_the_lines_that_fund_it_with_differences_and_unfunded_activities_in_words() -> None:
    activiteiten = [
        Planactiviteit(1, "POH ouderenzorg", D("480000.00"), True),
        Planactiviteit(2, "Digitale triage", D("150000.00"), True),
        Planactiviteit(3, "Scholing", D("40000.00"), True),
        Planactiviteit(4, "Wijkteams", None, True),
        Planactiviteit(5, "Opvolging", D("35000.00"), False),
        Planactiviteit(6, "Afgerond project", D("9000.00"), False),
    ]
    geld = [
        Financiering("POH S2", 1, D("450000.00"), "structureel"),
        Financiering("POH S3", 1, D("30000.00"), "project"),
        Financiering("Triage", 2, D("154650.00"), "structureel"),
        Financiering("Wijkteam", 4, D("20000.00"), "structureel"),
        Financiering("Opvolging", 5, D("1000.00"), "structureel"),
        Financiering("Nul", 3, D("0.00"), "structureel"),  # no money this year: funds nothing
        Financiering("Doel: zorg op afstand", None, D("12500.00"), "project"),
    ]
    v = vergelijken(2027, activiteiten, geld)
    per_titel = {r.titel: r for r in v.regels}
    assert list(per_titel) == ["POH ouderenzorg", "Digitale triage", "Scholing", "Wijkteams", "Opvolging"]
    poh = per_titel["POH ouderenzorg"]
    assert (poh.gefinancierd, poh.verschil, poh.oordeel) == (D("480000.00"), D("0.00"), Oordeel.GELIJK)
    assert poh.afspraken == ["POH S2", "POH S3"]
    triage = per_titel["Digitale triage"]
    assert (triage.verschil, triage.oordeel) == (D("4650.00"), Oordeel.MEER)
    assert (per_titel["Scholing"].gefinancierd, per_titel["Scholing"].oordeel) == (D("0.00"), Oordeel.NIET_GEFINANCIERD)
    assert per_titel["Scholing"].verschil == D("-40000.00")
    assert (per_titel["Wijkteams"].verschil, per_titel["Wijkteams"].oordeel) == (None, Oordeel.GEEN_BEGROTING)
    assert per_titel["Opvolging"].oordeel is Oordeel.BUITEN_TIJDPAD and per_titel["Opvolging"].begroot is None
    # Totals over the activities: 480,000 + 150,000 + 40,000 budgeted; 480,000 + 154,650 + 20,000 + 1,000 funded.
    assert (v.begroot, v.gefinancierd, v.verschil) == (D("670000.00"), D("655650.00"), D("-14350.00"))
    assert [f.afspraak for f in v.zonder_activiteit] == ["Doel: zorg op afstand"] and v.los == D("12500.00")
    assert [r.titel for r in v.niet_gefinancierd] == ["Scholing"]
    assert v.opvallend == 4
    # Flags say it in words (never colour alone).
    assert str(Oordeel.NIET_GEFINANCIERD.label).startswith("niet gefinancierd")
    assert str(Oordeel.MINDER.label) == "minder gefinancierd dan begroot"


def test_a_linked_yearly_plan_is_funded_by_the_activity_with_the_same_title() -> None:
    # The lines name activities 1 and 2 of the multi-year plan; the yearly plan has its own activity 10 with the title
    # of 1 (case and spaces aside) and none for 2.
    titels = {1: "POH ouderenzorg", 2: "Digitale triage"}
    jaarplan = [Planactiviteit(10, " poh Ouderenzorg", D("90000.00"), True)]
    geld = [
        Financiering("POH", 1, D("100000.00"), "structureel"),
        Financiering("Triage", 2, D("25000.00"), "project"),
        Financiering("Doel", None, D("500.00"), "project"),
    ]
    v = vergelijken(2027, jaarplan, naar_jaarplan(geld, titels, jaarplan), plantitel="Jaarplan 2027", jaarplan=True)
    assert [(r.titel, r.gefinancierd, r.verschil) for r in v.regels] == [
        (" poh Ouderenzorg", D("100000.00"), D("10000.00"))
    ]
    assert [f.afspraak for f in v.zonder_activiteit] == ["Triage", "Doel"]
    assert (v.los, v.jaarplan, v.plantitel) == (D("25500.00"), True, "Jaarplan 2027")


@pytest.mark.django_db
def test_the_selector_costs_three_queries_however_many_lines_and_years(
    contractwereld: Wereld, django_assert_max_num_queries: Any
) -> None:
    # Read with its plan, as every page of the contract reads it (access.contract_van_regio).
    contract = Contract.objects.select_related("regioplan").get(pk=contractwereld.contract.pk)  # type: ignore[attr-defined]
    # The plan's activities, the lines' amounts, and the yearly plans linked to the years (none here).
    with django_assert_max_num_queries(3):
        weinig = begroting.per_jaar(contract, {})
    # The world's plan: one activity in 2026 Q1-Q4 with a budget of 12,500.00; its two lines give 100,000.00
    # (every year) and 25,000.00 (2026 and 2027).
    regel = weinig[2026].regels[0]
    assert (regel.begroot, regel.gefinancierd, regel.oordeel) == (D("12500.00"), D("125000.00"), Oordeel.MEER)
    assert weinig[2028].regels[0].oordeel is Oordeel.BUITEN_TIJDPAD
    veel_regels_met_voorstellen(contractwereld, contract, 25)
    Activiteit.objects.create(
        regioplan=contract.regioplan,
        titel="Niet gefinancierd",
        verantwoordelijke=contractwereld.zorggroep,
        start_jaar=2027,
        start_kwartaal=1,
        eind_jaar=2028,
        eind_kwartaal=4,
        begroting=D("8000.00"),
    )
    with django_assert_max_num_queries(3):
        veel = begroting.per_jaar(contract, {2027: D("3.1")})
    assert [r.titel for r in veel[2027].niet_gefinancierd] == ["Niet gefinancierd"]
    assert veel[2027].niet_gefinancierd[0].begroot == D("4000.00")
    assert Afspraakbedrag.objects.filter(afspraak__contract=contract).count() > 100
    assert Contractafspraak.objects.filter(contract=contract).count() == 27
