"""The contract pages as a person uses them: start one, add lines with Dutch amounts, read the finance, sign."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from contracten.models import Contract, Contractafspraak, Contractstatus
from tests.contracten.werelden import afspraak_maken, vastgesteld_plan
from tests.personas import Wereld
from tests.regiobeeld.werelden import figuur_op_pagina

pytestmark = pytest.mark.django_db


def _client(gebruiker: Any) -> Client:
    c = Client()
    c.force_login(gebruiker)
    return c


def _url(contract: Contract, naam: str, *args: object) -> str:
    return reverse(f"contracten:{naam}", args=[contract.regio.slug, contract.pk, *args])


def test_an_editor_starts_a_contract_from_the_adopted_plan_with_the_form(wereld: Wereld) -> None:
    plan = vastgesteld_plan(wereld)
    antwoord = _client(wereld.zorginkoper).post(
        reverse("contracten:nieuw", args=[wereld.regio.slug]),
        {
            "titel": "Meerjarencontract 2026-2029",
            "regioplan": plan.pk,
            "zorgverzekeraar": wereld.verzekeraar.pk,
            "huisartsenorganisatie": wereld.zorggroep.pk,
            "startjaar": 2026,
            "eindjaar": 2029,
            "toelichting": "",
        },
        follow=True,
    )
    assert antwoord.status_code == 200
    contract = Contract.objects.get(titel="Meerjarencontract 2026-2029")
    assert contract.aangemaakt_door == wereld.zorginkoper
    assert "Contract begonnen" in antwoord.content.decode()


def test_without_an_adopted_plan_the_new_contract_page_says_what_to_do_first(wereld: Wereld) -> None:
    antwoord = _client(wereld.bewerker).get(reverse("contracten:nieuw", args=[wereld.regio.slug]))
    assert "nog geen vastgesteld regioplan" in antwoord.content.decode()


def test_a_line_with_dutch_amounts_is_saved_and_shown_in_euros(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = w.contract  # type: ignore[attr-defined]
    antwoord = _client(w.bewerker).post(
        _url(contract, "afspraak_nieuw"),
        {
            "titel": "Wijkgerichte ouderenzorg",
            "doel": "",
            "activiteit": contract.regioplan.activiteiten.first().pk,
            "segment": "S2",
            "pakket": "",
            "aandeel_praktijk": "62,5",
            "aandeel_regio": "37,5",
            "bedrag_2026": "12.500,50",
            "bedrag_2027": "12500",
            "voorwaarden": "Per kwartaal rapporteren.",
        },
        follow=True,
    )
    assert antwoord.status_code == 200, antwoord.content.decode()[:3000]
    afspraak = Contractafspraak.objects.get(titel="Wijkgerichte ouderenzorg")
    assert {b.jaar: b.bedrag for b in afspraak.bedragen.all()} == {
        2026: Decimal("12500.50"),
        2027: Decimal("12500.00"),
    }
    tekst = antwoord.content.decode()
    assert "€ 12.500,50" in tekst
    assert "62,5% naar de praktijk" in tekst


def test_a_split_that_does_not_add_up_to_100_is_shown_on_the_form_and_nothing_is_stored(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = w.contract  # type: ignore[attr-defined]
    aantal = Contractafspraak.objects.count()
    antwoord = _client(w.zorginkoper).post(
        _url(contract, "afspraak_nieuw"),
        {
            "titel": "Scheef",
            "doel": "",
            "activiteit": contract.regioplan.activiteiten.first().pk,
            "segment": "S3",
            "aandeel_praktijk": "60",
            "aandeel_regio": "30",
            "bedrag_2026": "1000",
        },
    )
    assert antwoord.status_code == 400
    assert "tellen op tot 90%; samen moet dat 100% zijn" in antwoord.content.decode()
    assert Contractafspraak.objects.count() == aantal
    assert 'value="Scheef"' in antwoord.content.decode()  # the input is kept


def test_the_finance_page_adds_up_per_year_and_segment_and_splits_practice_and_region(contractwereld: Wereld) -> None:
    w = contractwereld
    tekst = _client(w.beheerder).get(_url(w.contract, "financien")).content.decode()  # type: ignore[attr-defined]
    # S2: 4 x 100,000 (70% practice); S3: 2 x 25,000 (50% practice): 450,000 in all, 305,000 to practices.
    assert "€ 450.000,00" in tekst
    assert "€ 305.000,00" in tekst
    assert "€ 145.000,00" in tekst
    assert "€ 125.000,00" in tekst  # 2026: 100,000 + 25,000
    assert "Tabel bij deze grafiek" in tekst


def test_the_finance_page_in_english_writes_amounts_and_the_chart_the_english_way(contractwereld: Wereld) -> None:
    w = contractwereld
    client = _client(w.beheerder)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    tekst = client.get(_url(w.contract, "financien")).content.decode()  # type: ignore[attr-defined]
    assert "€450,000.00" in tekst and "€305,000.00" in tekst  # the overview and the table
    assert "€ 450.000,00" not in tekst
    assert "(67.8%)" in tekst  # the practices' share of 450,000: 305,000
    figuur = figuur_op_pagina(tekst, "financiering")
    assert figuur["layout"]["separators"] == ".,"  # plotly's own ticks: a decimal point, thousands commas
    assert figuur["data"][0]["hovertext"][0].endswith("total 2026: €125,000.00")  # a bar's hover text


def test_the_contract_page_costs_the_same_number_of_queries_with_one_or_many_lines(
    contractwereld: Wereld, django_assert_max_num_queries: Any
) -> None:
    w = contractwereld
    contract = w.contract  # type: ignore[attr-defined]
    client = _client(w.bewerker)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(_url(contract, "detail"))  # the first request of a session reads a little more (once)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(_url(contract, "detail")).status_code == 200
    for i in range(8):
        afspraak_maken(w, Contract.objects.get(pk=contract.pk), titel=f"Extra {i}")
    with CaptureQueriesContext(connection) as veel:
        assert client.get(_url(contract, "detail")).status_code == 200
    assert len(veel) == len(weinig)
    assert len(veel) <= 20


def test_both_signers_sign_on_the_page_and_see_the_signed_contract(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    _client(w.bewerker).post(_url(contract, "aanbieden"), {"versie": contract.versie})
    contract.refresh_from_db()
    assert contract.status == Contractstatus.ONDERHANDELING
    pagina = _client(w.beheerder).get(_url(contract, "detail")).content.decode()
    assert "Tekenen namens Zorggroep Eigen" in pagina
    for wie in (w.beheerder, w.zorginkoper):
        _client(wie).post(_url(contract, "ondertekenen"), {"versie": contract.versie})
    contract.refresh_from_db()
    assert contract.status == Contractstatus.GETEKEND
    pagina = _client(w.zorginkoper).get(_url(contract, "detail")).content.decode()
    assert "Getekend op" in pagina
    assert "Afspraak toevoegen" not in pagina


def test_someone_without_a_contract_mandate_sees_why_they_cannot_sign(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    _client(w.bewerker).post(_url(contract, "aanbieden"), {"versie": contract.versie})
    pagina = _client(w.bewerker).get(_url(contract, "detail")).content.decode()
    assert "Tekenen namens" not in pagina
    assert "Tekenen kan alleen wie vandaag een geldig mandaat voor contracten heeft" in pagina
    antwoord = _client(w.bewerker).post(_url(contract, "ondertekenen"), {"versie": contract.versie}, follow=True)
    assert "geen geldig mandaat" in antwoord.content.decode()


def test_the_second_insurer_sees_the_contract_list_without_the_contract(contractwereld: Wereld) -> None:
    w = contractwereld
    tekst = _client(w.tweede_zorginkoper).get(reverse("contracten:lijst", args=[w.regio.slug])).content.decode()
    assert "Meerjarencontract" not in tekst
    assert "U ziet hier geen contracten" in tekst
    eigen = _client(w.zorginkoper).get(reverse("contracten:lijst", args=[w.regio.slug])).content.decode()
    assert "Meerjarencontract Eigen regio 2026-2029" in eigen


def test_a_contract_offered_for_signing_waits_on_the_dashboard_of_each_mandated_signer_until_they_sign(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    dashboard = reverse("regio:mijn_regios")
    assert "Wacht op uw handtekening" not in _client(w.zorginkoper).get(dashboard).content.decode()
    _client(w.bewerker).post(_url(contract, "aanbieden"), {"versie": contract.versie})
    for wie in (w.zorginkoper, w.beheerder):
        assert "Wacht op uw handtekening" in _client(wie).get(dashboard).content.decode()
    assert "Wacht op uw handtekening" not in _client(w.bewerker).get(dashboard).content.decode()  # no mandate
    assert "Meerjarencontract" not in _client(w.tweede_zorginkoper).get(dashboard).content.decode()
    contract.refresh_from_db()
    _client(w.zorginkoper).post(_url(contract, "ondertekenen"), {"versie": contract.versie})
    assert "Wacht op uw handtekening" not in _client(w.zorginkoper).get(dashboard).content.decode()
    assert "Wacht op uw handtekening" in _client(w.beheerder).get(dashboard).content.decode()
