"""The verdeelmodel of a contract: saved through its service and its form, shown as a person reads it.

The worked example is the birth-care one of tests/contracten/test_financiering.py (budget 1.000.000, threshold
10 %, safety net 10 %), worked out by hand there; here it goes through the service, the form and the page.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from contracten import services
from contracten.models import Contract, Ondertekening, Verdeelaanbieder, Verdeelmodel
from contracten.services import ContractGetekend
from contracten.verdeelmodel import Aanbiederinvoer, verdeelbeeld, verdeelmodel_opslaan
from regio import wijzigingen
from regio.gelijktijdig import Bewerkingsconflict
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

D = Decimal
GEBOORTEZORG = [
    Aanbiederinvoer("Verloskundigen", D("400000.00"), D("4200")),
    Aanbiederinvoer("Kraamzorg", D("350000.00"), D("3000")),
    Aanbiederinvoer("Ziekenhuis", D("250000.00"), D("2800")),
]
VELDEN: dict[str, Any] = {
    "budget": D("1000000"),
    "grondslag": "uren",
    "drempel_procent": D("10"),
    "vangnet_procent": D("10"),
    "toelichting": "Zorgroute kraamperiode herzien.",
}


@pytest.fixture
def w(contractwereld: Wereld) -> Wereld:
    return contractwereld


def _contract(w: Wereld) -> Contract:
    return Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]


def _client(gebruiker: Any) -> Client:
    c = Client()
    c.force_login(gebruiker)
    return c


def _url(w: Wereld, naam: str = "verdeelmodel") -> str:
    c = _contract(w)
    return reverse(f"contracten:{naam}", args=[c.regio.slug, c.pk])


def _opslaan(w: Wereld, *, versie: int | None = None, door: Any = None, **velden: Any) -> Verdeelmodel:
    aanbieders = velden.pop("aanbieders", GEBOORTEZORG)
    return verdeelmodel_opslaan(
        contract=_contract(w),
        gelezen_versie=versie,
        velden={**VELDEN, **velden},
        aanbieders=aanbieders,
        acting_user=door or w.bewerker,
    )


def formulier(versie: int, aanbieders: list[tuple[str, str, str]] | None = None, **velden: str) -> dict[str, str]:
    """The POST of the form: the model's fields in Dutch notation and the providers' formset."""
    rijen = (
        aanbieders
        if aanbieders is not None
        else [("Verloskundigen", "400000", "4200"), ("Kraamzorg", "350000", "3000"), ("Ziekenhuis", "250000", "2800")]
    )
    data = {
        "versie": str(versie),
        "budget": "1000000",
        "grondslag": "uren",
        "drempel_procent": "10",
        "vangnet_procent": "10",
        "toelichting": "",
        "aanbieders-TOTAL_FORMS": str(len(rijen)),
        "aanbieders-INITIAL_FORMS": "0",
        "aanbieders-MIN_NUM_FORMS": "0",
        "aanbieders-MAX_NUM_FORMS": "1000",
        **velden,
    }
    for i, (naam, huidig, grondslag) in enumerate(rijen):
        data[f"aanbieders-{i}-naam"] = naam
        data[f"aanbieders-{i}-huidig"] = huidig
        data[f"aanbieders-{i}-grondslag"] = grondslag
    return data


def _bewaren(html: str) -> None:
    """VERDEELMODEL_HTML=/tmp/verdeelmodel.html keeps the page to look at."""
    pad = os.environ.get("VERDEELMODEL_HTML")
    if pad:
        Path(pad).write_text(html, encoding="utf-8")


# --- the worked example ------------------------------------------------------------------------------


def test_the_worked_example_saved_through_the_service_is_shown_with_dutch_amounts(w: Wereld) -> None:
    model = _opslaan(w)

    assert model.versie == 1
    assert list(model.aanbieders.values_list("naam", "volgorde")) == [
        ("Verloskundigen", 1),
        ("Kraamzorg", 2),
        ("Ziekenhuis", 3),
    ]
    antwoord = _client(w.zorginkoper).get(_url(w))
    html = antwoord.content.decode()
    _bewaren(html)

    assert antwoord.status_code == 200
    # Step 1: 42 / 30 / 28 % of the budget.
    for tekst in ("42%", "30%", "28%", "€ 420.000,00", "€ 300.000,00", "€ 280.000,00"):
        assert tekst in html, tekst
    # Step 2: Verloskundigen +5,0 % stays under the threshold; Kraamzorg -14,3 %, Ziekenhuis +12,0 % are settled.
    assert "+5,0%" in html and "\u221214,3%" in html and "+12,0%" in html
    assert "onder drempel: niet verrekend" in html
    # Step 3: Kraamzorg raised by 15.000 to its floor 315.000; step 4: the 5.000 left goes to Ziekenhuis.
    assert "+€ 15.000,00" in html and "+€ 5.000,00" in html
    for nieuw in ("€ 400.000,00", "€ 315.000,00", "€ 285.000,00"):
        assert nieuw in html, nieuw
    assert "\u2212€ 35.000,00" in html and "+€ 35.000,00" in html  # the mutations
    assert "€ 1.000.000,00" in html  # budget and total
    # The steps in words, with this model's numbers.
    assert "hoogstens 10% af van het huidige inkomen" in html
    assert "minder dan 90% van zijn huidige inkomen" in html
    assert "1 aanbieder wordt opgehoogd tot die ondergrens, samen € 15.000,00." in html
    assert "blijft € 5.000,00 van het budget over" in html
    # The chart with its table, as the regiobeeld's charts are embedded.
    assert 'data-grafiek="fig-verdeelmodel"' in html
    assert "Tabel bij deze grafiek" in html
    assert "Besluit nodig" not in html


def test_saving_the_model_changes_the_contract_and_withdraws_its_signatures(w: Wereld) -> None:
    contract = services.contract_aanbieden(
        contract=_contract(w), gelezen_versie=_contract(w).versie, acting_user=w.bewerker
    )
    services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie, acting_user=w.beheerder)
    versie = _contract(w).versie

    _opslaan(w)

    contract = _contract(w)
    assert contract.versie == versie + 1
    assert Ondertekening.objects.get(contract=contract).ingetrokken_op is not None
    assert wijzigingen.van(contract).filter(wat="Verdeelmodel gewijzigd").exists()


def test_saving_the_same_input_again_changes_nothing(w: Wereld) -> None:
    model = _opslaan(w)
    versie = _contract(w).versie

    opnieuw = _opslaan(w, versie=model.versie)

    assert opnieuw.versie == model.versie
    assert _contract(w).versie == versie


def test_the_form_saves_the_model_in_dutch_notation_and_shows_it(w: Wereld) -> None:
    client = _client(w.bewerker)
    assert client.get(_url(w, "verdeelmodel_bewerken")).status_code == 200

    antwoord = client.post(
        _url(w, "verdeelmodel_bewerken"),
        formulier(0, aanbieders=[("Verloskundigen", "400000,00", "4200"), ("Kraamzorg", "350000", "3000,5")]),
        follow=True,
    )

    assert antwoord.status_code == 200
    assert "Het verdeelmodel is opgeslagen." in antwoord.content.decode()
    model = Verdeelmodel.objects.get(contract=_contract(w))
    assert list(model.aanbieders.values_list("naam", "grondslag")) == [
        ("Verloskundigen", D("4200.00")),
        ("Kraamzorg", D("3000.50")),
    ]
    assert wijzigingen.van(model.contract).filter(gebruiker=w.bewerker, wat="Verdeelmodel gewijzigd").exists()


def test_a_provider_is_removed_with_its_checkbox_and_an_empty_row_is_left_out(w: Wereld) -> None:
    model = _opslaan(w)
    data = formulier(model.versie)
    data["aanbieders-1-DELETE"] = "on"
    data["aanbieders-TOTAL_FORMS"] = "4"  # a spare empty row

    antwoord = _client(w.zorginkoper).post(_url(w, "verdeelmodel_bewerken"), data)

    assert antwoord.status_code == 302
    assert list(Verdeelaanbieder.objects.filter(verdeelmodel=model).values_list("naam", flat=True)) == [
        "Verloskundigen",
        "Ziekenhuis",
    ]


def test_without_javascript_the_add_button_shows_the_form_again_with_one_more_row_and_stores_nothing(
    w: Wereld,
) -> None:
    data = formulier(0, aanbieders=[("Verloskundigen", "400000", "4200")])
    data["rij_toevoegen"] = "1"

    antwoord = _client(w.bewerker).post(_url(w, "verdeelmodel_bewerken"), data)

    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert 'name="aanbieders-1-naam"' in html and 'name="aanbieders-2-naam"' not in html
    assert 'value="Verloskundigen"' in html
    assert "Dit veld is verplicht" not in html
    assert not Verdeelmodel.objects.exists()


def test_the_edit_form_shows_the_stored_providers_and_a_spare_row(w: Wereld) -> None:
    model = _opslaan(w)

    html = _client(w.bewerker).get(_url(w, "verdeelmodel_bewerken")).content.decode()

    assert f'name="versie" value="{model.versie}"' in html
    assert 'value="Kraamzorg"' in html
    assert 'value="1000000,00"' in html and 'value="350000,00"' in html  # Dutch decimals, in a text field
    assert 'name="aanbieders-3-naam"' in html  # the spare row
    assert 'id="aanbieder-sjabloon"' in html  # the row "Aanbieder toevoegen" copies (static/js/verdeelmodel.js)


# --- two people at once ------------------------------------------------------------------------------


def test_the_second_of_two_people_saving_the_same_model_gets_a_conflict_and_keeps_their_input(w: Wereld) -> None:
    model = _opslaan(w)
    eerste = formulier(model.versie, budget="1200000")
    tweede = formulier(model.versie, budget="900000", toelichting="Mijn eigen toelichting")

    assert _client(w.bewerker).post(_url(w, "verdeelmodel_bewerken"), eerste).status_code == 302
    antwoord = _client(w.zorginkoper).post(_url(w, "verdeelmodel_bewerken"), tweede)

    html = antwoord.content.decode()
    assert antwoord.status_code == 409
    assert "Iemand anders heeft het verdeelmodel intussen opgeslagen" in html
    assert "Anna Bewerker" in html  # who saved in between
    assert "€ 1.200.000,00" in html  # what is stored now
    assert 'value="900000"' in html and "Mijn eigen toelichting" in html  # their own input, back in the form
    opgeslagen = Verdeelmodel.objects.get(pk=model.pk)
    assert opgeslagen.budget == D("1200000.00") and opgeslagen.versie == model.versie + 1
    assert f'name="versie" value="{opgeslagen.versie}"' in html  # saving again now is checked against this

    again = _client(w.zorginkoper).post(_url(w, "verdeelmodel_bewerken"), formulier(opgeslagen.versie, budget="900000"))
    assert again.status_code == 302
    assert Verdeelmodel.objects.get(pk=model.pk).budget == D("900000.00")


def test_two_people_starting_the_model_at_once_do_not_overwrite_each_other(w: Wereld) -> None:
    _opslaan(w, versie=None, door=w.bewerker)

    with pytest.raises(Bewerkingsconflict):
        _opslaan(w, versie=None, door=w.zorginkoper, budget=D("5"))

    assert Verdeelmodel.objects.get().budget == D("1000000.00")


def test_an_old_version_is_refused_by_the_service(w: Wereld) -> None:
    model = _opslaan(w)
    _opslaan(w, versie=model.versie, budget=D("1100000"))

    with pytest.raises(Bewerkingsconflict) as conflict:
        _opslaan(w, versie=model.versie, budget=D("900000"))

    assert conflict.value.huidig.budget == D("1100000.00")


# --- refusals ---------------------------------------------------------------------------------------------


def _tekenen(w: Wereld) -> Contract:
    contract = services.contract_aanbieden(
        contract=_contract(w), gelezen_versie=_contract(w).versie, acting_user=w.bewerker
    )
    for wie in (w.beheerder, w.zorginkoper):
        contract = _contract(w)
        services.contract_ondertekenen(contract=contract, gelezen_versie=contract.versie, acting_user=wie)
    contract = _contract(w)
    assert contract.is_bevroren
    return contract


def test_a_signed_contract_refuses_a_new_verdeelmodel(w: Wereld) -> None:
    _tekenen(w)

    with pytest.raises(ContractGetekend):
        _opslaan(w)
    antwoord = _client(w.bewerker).post(_url(w, "verdeelmodel_bewerken"), formulier(0), follow=True)

    assert "het verdeelmodel ligt vast" in antwoord.content.decode()
    assert not Verdeelmodel.objects.exists()
    assert "Verdeelmodel opstellen" not in _client(w.bewerker).get(_url(w)).content.decode()


def test_a_signed_contract_keeps_its_model_unchanged(w: Wereld) -> None:
    model = _opslaan(w)
    _tekenen(w)

    with pytest.raises(ContractGetekend):
        _opslaan(w, versie=model.versie, budget=D("2000000"))

    assert Verdeelmodel.objects.get().budget == D("1000000.00")


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ({"budget": "-5"}, "Zorg ervoor dat deze waarde minstens 0 is."),
        ({"drempel_procent": "101"}, "Zorg ervoor dat deze waarde hoogstens 100 is."),
        ({"aanbieders-0-huidig": "-1"}, "Zorg ervoor dat deze waarde minstens 0 is."),
        ({"aanbieders-2-naam": "verloskundigen"}, "Deze aanbieder staat al in een eerdere rij."),
        (
            {"aanbieders-0-grondslag": "0", "aanbieders-1-grondslag": "0", "aanbieders-2-grondslag": "0"},
            "De grondslag van alle aanbieders samen is 0",
        ),
        ({"aanbieders-TOTAL_FORMS": "0"}, "Geef ten minste één aanbieder op."),
    ],
)
def test_invalid_input_gives_400_with_a_dutch_message_and_stores_nothing(
    w: Wereld, wijziging: dict[str, str], melding: str
) -> None:
    versie = _contract(w).versie

    antwoord = _client(w.bewerker).post(_url(w, "verdeelmodel_bewerken"), {**formulier(0), **wijziging})

    assert antwoord.status_code == 400
    assert melding in antwoord.content.decode()
    assert not Verdeelmodel.objects.exists()
    assert _contract(w).versie == versie


def test_the_service_gives_the_calculations_messages_per_field(w: Wereld) -> None:
    with pytest.raises(ValidationError) as fout:
        _opslaan(
            w,
            drempel_procent=D("101"),
            aanbieders=[Aanbiederinvoer("A", D("5"), D("1")), Aanbiederinvoer("a", D("5"), D("1"))],
        )

    assert fout.value.message_dict["drempel_procent"] == ["De drempel moet tussen 0% en 100% liggen, niet 101%."]
    assert "De aanbieder a staat er meer dan één keer in." in fout.value.message_dict["aanbieders"]
    assert not Verdeelmodel.objects.exists()


def test_a_deduction_stops_at_the_safety_net_and_what_is_left_asks_the_parties_to_decide(w: Wereld) -> None:
    # Model 100 / 100. A (50 -> 100) is settled; B (1000 -> 100) is raised to its floor of 900 by the safety net.
    # Sum 1.000 against a budget of 200: step 4 may take A down to its own floor of 45 (55), not further:
    # 745 is left that nobody can give.
    _opslaan(
        w,
        budget=D("200"),
        drempel_procent=D("0"),
        vangnet_procent=D("10"),
        aanbieders=[Aanbiederinvoer("A", D("50"), D("1")), Aanbiederinvoer("B", D("1000"), D("1"))],
    )

    html = _client(w.bewerker).get(_url(w)).content.decode()

    assert "Besluit nodig:" in html
    assert "er is € 745,00 te weinig" in html
    assert "€ 45,00" in html


def test_a_budget_out_of_balance_asks_the_parties_to_decide(w: Wereld) -> None:
    # Both stay under the 5 % threshold: 980.000 of 1.000.000 is given out, 20.000 nobody can take.
    _opslaan(
        w,
        drempel_procent=D("5"),
        aanbieders=[Aanbiederinvoer("Huisartsen", D("500000"), D("51")), Aanbiederinvoer("GGZ", D("480000"), D("49"))],
    )

    html = _client(w.bewerker).get(_url(w)).content.decode()

    assert "Besluit nodig:" in html
    assert "€ 20.000,00 blijft onverdeeld" in html
    assert "Onverdeeld" in html


# --- the page --------------------------------------------------------------------------------------------


def test_without_a_model_the_page_explains_it_and_offers_to_start_one(w: Wereld) -> None:
    html = _client(w.zorginkoper).get(_url(w)).content.decode()

    assert "integraal budget" in html
    assert "Verdeelmodel opstellen" in html
    assert _url(w, "verdeelmodel_bewerken") in html


def test_the_page_costs_a_fixed_number_of_queries(w: Wereld, django_assert_max_num_queries: Any) -> None:
    _opslaan(w, aanbieders=[Aanbiederinvoer(f"Aanbieder {i}", D("1000"), D(i + 1)) for i in range(12)])
    client = _client(w.bewerker)

    with django_assert_max_num_queries(14):
        assert client.get(_url(w)).status_code == 200


def test_the_stored_model_gives_the_calculation_its_input(w: Wereld) -> None:
    _opslaan(w)

    beeld = verdeelbeeld(_contract(w))

    assert beeld is not None
    assert [r.regel.bedrag for r in beeld.rijen] == [D("400000.00"), D("315000.00"), D("285000.00")]
    assert beeld.verdeling.in_balans and beeld.saldo == D("5000.00")


def test_a_model_stored_without_its_form_that_cannot_be_calculated_says_why(w: Wereld) -> None:
    Verdeelmodel.objects.create(contract=_contract(w), budget=D("1000"))  # no providers

    antwoord = _client(w.bewerker).get(_url(w))

    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "Het opgeslagen verdeelmodel kan niet worden doorgerekend" in html
    assert "Geef ten minste één aanbieder op." in html
    assert "Verdeelmodel bewerken" in html


def test_a_provider_can_be_linked_to_an_organisation_of_the_region_only(w: Wereld) -> None:
    data = formulier(0)
    data["aanbieders-0-organisatie"] = str(w.zorggroep.pk)

    assert _client(w.bewerker).post(_url(w, "verdeelmodel_bewerken"), data).status_code == 302
    assert Verdeelaanbieder.objects.get(naam="Verloskundigen").organisatie == w.zorggroep
    with pytest.raises(ValidationError) as fout:
        _opslaan(
            w,
            versie=Verdeelmodel.objects.get().versie,
            aanbieders=[Aanbiederinvoer("Anders", D("10"), D("1"), organisatie=w.andere_zorggroep)],
        )
    assert "neemt geen deel aan de regio Eigen regio" in fout.value.message_dict["aanbieders"][0]


def test_the_edit_form_costs_no_query_per_provider_row(w: Wereld, django_assert_max_num_queries: Any) -> None:
    _opslaan(w, aanbieders=[Aanbiederinvoer(f"Aanbieder {i}", D("1000"), D(i + 1)) for i in range(15)])
    client = _client(w.bewerker)

    # 16: the page's own 14, whose signature saving would withdraw (the warning beside the save button), and the
    # two-factor check (regio/tweestaps.py) on a person's first page.
    with django_assert_max_num_queries(16):
        assert client.get(_url(w, "verdeelmodel_bewerken")).status_code == 200
