"""Recording results and reporting dates: the services (who, what, no silent overwrite, which moment a result
answers) and the forms on the measuring point's page (Dutch numbers, errors in Dutch, nothing stored on bad input)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from contracten import resultaten
from contracten.models import Contract, Meetresultaat, Rapportagemoment
from contracten.views.monitoring import ResultaatForm
from regio import wijzigingen
from regio.gelijktijdig import Bewerkingsconflict
from regio.models import Documentwijziging, Rol
from regioplan.models import Meetpunt
from tests.contracten.test_monitoring import client_voor, moment, resultaat, zichtbare_tekst
from tests.personas import Wereld, _lid

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def w(contractwereld: Wereld) -> Wereld:
    return contractwereld


def _vandaag() -> dt.date:
    return timezone.localdate()


def _meetpunt_url(w: Wereld, naam: str = "meetpunt") -> str:
    return reverse(f"contracten:{naam}", args=[w.regio.slug, w.contract.pk, w.meetpunt.pk])  # type: ignore[attr-defined]


def _los_meetpunt(w: Wereld) -> Meetpunt:
    """A measuring point of the plan that no line of the contract uses."""
    return Meetpunt.objects.create(
        activiteit=w.meetpunt.activiteit,  # type: ignore[attr-defined]
        omschrijving="Niet gecontracteerd",
        eenheid="aantal",
        streefwaarde=D("10"),
        streefdatum=dt.date(2027, 12, 31),
        eigenaar=w.zorggroep,
    )


# --- recording a result ------------------------------------------------------------------------------


def test_a_result_is_recorded_with_who_for_which_party_and_a_line_in_the_log(w: Wereld) -> None:
    versie = w.contract.versie  # type: ignore[attr-defined]
    r = resultaat(w, _vandaag() - dt.timedelta(days=5), "12.5", toelichting="  Eerste meting  ", door=w.zorginkoper)
    r.refresh_from_db()
    assert r.waarde == D("12.50") and r.toelichting == "Eerste meting"
    assert r.vastgelegd_door == w.zorginkoper and r.namens == w.verzekeraar
    assert r.history.first().history_user == w.zorginkoper
    regel = wijzigingen.van(w.contract).first()  # type: ignore[attr-defined]
    assert regel is not None and "Resultaat vastgelegd" in regel.wat and "12,5%" in regel.wat
    # Carrying the contract out is not changing it: no new version, no withdrawn signatures.
    assert Contract.objects.get(pk=w.contract.pk).versie == versie  # type: ignore[attr-defined]


def test_results_are_recorded_on_a_signed_contract(getekende_contractwereld: Wereld) -> None:
    w = getekende_contractwereld
    r = resultaat(w, _vandaag(), "50")
    assert r.pk and Contract.objects.get(pk=w.contract.pk).status == "getekend"  # type: ignore[attr-defined]


def test_a_measuring_point_that_is_not_in_the_contract_is_refused_in_dutch(w: Wereld) -> None:
    with pytest.raises(ValidationError) as fout:
        resultaat(w, _vandaag(), "3", meetpunt=_los_meetpunt(w))
    assert "hoort bij geen van de afspraken van dit contract" in str(fout.value)
    assert not Meetresultaat.objects.exists()


def test_a_peildatum_in_the_future_is_refused(w: Wereld) -> None:
    with pytest.raises(ValidationError, match="toekomst"):
        resultaat(w, _vandaag() + dt.timedelta(days=1), "50")


def test_only_editors_of_the_parties_record_results(w: Wereld) -> None:
    lezer = _lid(w.zorggroep, Rol.LEZER, naam="Lotte Lezer", email="lotte@zorggroep.test")
    for wie in (lezer, w.tweede_zorginkoper):
        with pytest.raises(PermissionDenied):
            resultaat(w, _vandaag(), "50", door=wie)
    assert not Meetresultaat.objects.exists()


def test_recording_the_same_peildatum_again_without_having_seen_it_is_a_conflict(w: Wereld) -> None:
    peildatum = _vandaag() - dt.timedelta(days=10)
    eerste = resultaat(w, peildatum, "45")
    with pytest.raises(Bewerkingsconflict) as conflict:
        resultaat(w, peildatum, "47", door=w.zorginkoper)
    assert conflict.value.huidig.pk == eerste.pk
    assert Meetresultaat.objects.get().waarde == D("45.00")


def test_a_correction_needs_the_version_that_was_read_and_keeps_the_old_value_in_history(w: Wereld) -> None:
    peildatum = _vandaag() - dt.timedelta(days=10)
    eerste = resultaat(w, peildatum, "45")
    gecorrigeerd = resultaat(w, peildatum, "47", door=w.zorginkoper, gelezen_versie=eerste.versie)
    assert gecorrigeerd.pk == eerste.pk and gecorrigeerd.versie == 2
    assert gecorrigeerd.vastgelegd_door == w.zorginkoper
    with pytest.raises(Bewerkingsconflict):  # someone still looking at version 1
        resultaat(w, peildatum, "46", gelezen_versie=1)
    r = Meetresultaat.objects.get()
    assert r.waarde == D("47.00")
    assert [(h.waarde, h.history_user) for h in r.history.order_by("history_date")] == [
        (D("45.00"), w.bewerker),
        (D("47.00"), w.zorginkoper),
    ]
    assert Documentwijziging.objects.filter(wat__contains="gecorrigeerd", wat__endswith="(was 45%)").exists()


def test_a_result_answers_the_first_open_moment_due_on_or_after_its_peildatum(w: Wereld) -> None:
    vandaag = _vandaag()
    later = moment(w, vandaag + dt.timedelta(days=60))
    eerst = moment(w, vandaag + dt.timedelta(days=10))
    assert resultaat(w, vandaag - dt.timedelta(days=20), "45").rapportagemoment == eerst
    # That moment is answered now; the next result answers the next one.
    assert resultaat(w, vandaag - dt.timedelta(days=5), "46").rapportagemoment == later


def test_a_late_result_answers_the_earliest_overdue_moment_when_nothing_later_is_open(w: Wereld) -> None:
    vandaag = _vandaag()
    oud = moment(w, vandaag - dt.timedelta(days=30))
    moment(w, vandaag - dt.timedelta(days=10))
    assert resultaat(w, vandaag, "45").rapportagemoment == oud


def test_a_result_may_name_its_moment_but_only_one_of_this_point(w: Wereld) -> None:
    vandaag = _vandaag()
    gekozen = moment(w, vandaag + dt.timedelta(days=60))
    moment(w, vandaag + dt.timedelta(days=10))
    assert resultaat(w, vandaag, "45", rapportagemoment=gekozen).rapportagemoment == gekozen
    ander = moment(w, vandaag + dt.timedelta(days=20), meetpunt=_los_meetpunt(w))
    with pytest.raises(ValidationError, match="hoort niet bij dit meetpunt"):
        resultaat(w, vandaag - dt.timedelta(days=1), "45", rapportagemoment=ander)


# --- reporting dates ----------------------------------------------------------------------------------


def _toevoegen(w: Wereld, uiterlijk: dt.date, eigenaar: object = None, door: object = None) -> Rapportagemoment:
    return resultaten.rapportagemoment_toevoegen(
        contract=w.contract,  # type: ignore[attr-defined]
        meetpunt=w.meetpunt,  # type: ignore[attr-defined]
        uiterlijk=uiterlijk,
        eigenaar=eigenaar or w.zorginkoper,  # type: ignore[arg-type]
        acting_user=door or w.bewerker,  # type: ignore[arg-type]
    )


def test_a_reporting_date_is_added_for_an_editor_of_either_party_and_logged(w: Wereld) -> None:
    m = _toevoegen(w, dt.date(2027, 3, 31))
    assert m.eigenaar == w.zorginkoper and m.herinnerd_op is None
    assert m.history.first().history_user == w.bewerker
    assert Documentwijziging.objects.filter(wat__startswith="Rapportagemoment toegevoegd", wat__contains="31-03-2027")


@pytest.mark.parametrize("persona", ["tweede_zorginkoper", "lezer", "buitenstaander"])
def test_the_owner_must_be_able_to_record_the_result_for_one_of_the_parties(w: Wereld, persona: str) -> None:
    with pytest.raises(ValidationError, match="contractpartijen resultaten mag vastleggen"):
        _toevoegen(w, dt.date(2027, 3, 31), eigenaar=getattr(w, persona))


def test_a_reader_of_a_party_cannot_own_a_reporting_date(w: Wereld) -> None:
    lezer = _lid(w.zorggroep, Rol.LEZER, naam="Lotte Lezer", email="lotte@zorggroep.test")
    with pytest.raises(ValidationError):
        _toevoegen(w, dt.date(2027, 3, 31), eigenaar=lezer)


def test_a_reporting_date_lies_in_the_term_or_half_a_year_after_it_and_not_in_the_past(w: Wereld) -> None:
    assert _toevoegen(w, dt.date(2030, 6, 30)).pk  # the contract runs 2026-2029
    with pytest.raises(ValidationError, match="tussen 01-01-2026 en 30-06-2030"):
        _toevoegen(w, dt.date(2030, 7, 1))
    with pytest.raises(ValidationError, match="al voorbij"):
        _toevoegen(w, _vandaag() - dt.timedelta(days=1))


def test_one_reporting_date_per_point_and_day(w: Wereld) -> None:
    _toevoegen(w, dt.date(2027, 3, 31))
    with pytest.raises(ValidationError, match="al een rapportagemoment"):
        _toevoegen(w, dt.date(2027, 3, 31), eigenaar=w.bewerker)


def test_a_reporting_date_without_a_result_can_be_removed_one_with_a_result_stays(w: Wereld) -> None:
    open_ = _toevoegen(w, dt.date(2027, 3, 31))
    resultaten.rapportagemoment_verwijderen(moment=open_, acting_user=w.zorginkoper)
    assert not Rapportagemoment.objects.filter(pk=open_.pk).exists()
    assert Documentwijziging.objects.filter(wat__startswith="Rapportagemoment verwijderd").exists()
    beantwoord = moment(w, _vandaag() + dt.timedelta(days=3))
    resultaat(w, _vandaag(), "50")
    with pytest.raises(ValidationError, match="al een resultaat"):
        resultaten.rapportagemoment_verwijderen(moment=beantwoord, acting_user=w.bewerker)


# --- the forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("invoer", "waarde"),
    [("12,5", D("12.5")), ("12.5", D("12.5")), ("1.234,5", D("1234.5")), (" -3,25 ", D("-3.25")), ("40", D("40"))],
)
def test_the_value_is_read_as_people_type_it(invoer: str, waarde: Decimal) -> None:
    form = ResultaatForm({"peildatum": "2026-03-31", "waarde": invoer}, momenten=[], eenheid="%")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["waarde"] == waarde


@pytest.mark.parametrize("invoer", ["twaalf", "12,5,5", "NaN", "1e400"])
def test_a_value_that_is_no_number_is_refused_in_dutch(invoer: str) -> None:
    form = ResultaatForm({"peildatum": "2026-03-31", "waarde": invoer}, momenten=[], eenheid="%")
    assert not form.is_valid()


def test_recording_through_the_page_stores_a_dutch_decimal_and_returns_to_the_results(w: Wereld) -> None:
    peildatum = _vandaag() - dt.timedelta(days=3)
    response = client_voor(w.bewerker).post(
        _meetpunt_url(w, "resultaat_vastleggen"),
        {"peildatum": peildatum.isoformat(), "waarde": "12,5", "toelichting": "Q3"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Het resultaat is vastgelegd." in response.content.decode()
    assert Meetresultaat.objects.get().waarde == D("12.50")


def test_bad_input_shows_the_page_again_with_dutch_errors_and_stores_nothing(w: Wereld) -> None:
    response = client_voor(w.bewerker).post(
        _meetpunt_url(w, "resultaat_vastleggen"), {"peildatum": "gisteren", "waarde": "twaalf"}
    )
    assert response.status_code == 400
    tekst = zichtbare_tekst(response.content.decode())
    assert "Vul een getal in, bijvoorbeeld 12,5." in tekst
    assert "Voer een geldige datum in." in tekst
    assert not Meetresultaat.objects.exists()
    response = client_voor(w.bewerker).post(
        _meetpunt_url(w, "resultaat_vastleggen"),
        {"peildatum": (_vandaag() + dt.timedelta(days=9)).isoformat(), "waarde": "3"},
    )
    assert response.status_code == 400
    assert "De peildatum ligt in de toekomst" in response.content.decode()


def test_the_same_peildatum_through_the_page_asks_to_confirm_the_correction(w: Wereld) -> None:
    peildatum = _vandaag() - dt.timedelta(days=3)
    resultaat(w, peildatum, "45")
    client = client_voor(w.zorginkoper)
    url = _meetpunt_url(w, "resultaat_vastleggen")
    response = client.post(url, {"peildatum": peildatum.isoformat(), "waarde": "48"})
    assert response.status_code == 409
    tekst = zichtbare_tekst(response.content.decode())
    assert "staat al een resultaat: 45%, vastgelegd door Anna Bewerker" in tekst
    assert 'name="versie" value="1"' in response.content.decode()
    assert Meetresultaat.objects.get().waarde == D("45.00")
    response = client.post(url, {"peildatum": peildatum.isoformat(), "waarde": "48", "versie": "1"}, follow=True)
    assert "is gecorrigeerd" in response.content.decode()
    assert Meetresultaat.objects.get().waarde == D("48.00")


def test_the_correct_link_fills_the_form_with_the_stored_result(w: Wereld) -> None:
    r = resultaat(w, _vandaag() - dt.timedelta(days=3), "45.25")
    html = client_voor(w.bewerker).get(_meetpunt_url(w) + f"?corrigeer={r.pk}").content.decode()
    assert "Resultaat corrigeren" in html and 'value="45,25"' in html and 'name="versie" value="1"' in html


def test_adding_a_reporting_date_through_the_page_and_its_errors(w: Wereld) -> None:
    client = client_voor(w.bewerker)
    url = _meetpunt_url(w, "rapportagemoment_toevoegen")
    response = client.post(url, {"uiterlijk": "2027-03-31", "eigenaar": w.zorginkoper.pk}, follow=True)
    assert "Rapportagemoment toegevoegd: uiterlijk 31-03-2027, door Daan Inkoper." in response.content.decode()
    # Someone of the other insurer is no choice at all.
    response = client.post(url, {"uiterlijk": "2027-06-30", "eigenaar": w.tweede_zorginkoper.pk})
    assert response.status_code == 400
    response = client.post(url, {"uiterlijk": "2031-01-01", "eigenaar": w.bewerker.pk})
    assert response.status_code == 400
    assert "in de looptijd van het contract" in response.content.decode()
    assert Rapportagemoment.objects.count() == 1


def test_removing_a_reporting_date_through_the_page(w: Wereld) -> None:
    m = moment(w, dt.date(2027, 3, 31))
    url = reverse("contracten:rapportagemoment_verwijderen", args=[w.regio.slug, w.contract.pk, m.pk])  # type: ignore[attr-defined]
    response = client_voor(w.zorginkoper).post(url, follow=True)
    assert "Rapportagemoment van 31-03-2027 verwijderd." in response.content.decode()
    assert not Rapportagemoment.objects.exists()
