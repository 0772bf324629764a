"""Mandates: who may decide on which subject in which region, today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from regio import services
from regio.models import Mandaat, Onderwerp
from regio.selectors import wie_mag_beslissen
from tests.personas import START, Wereld

pytestmark = pytest.mark.django_db


def test_who_may_decide_answers_per_subject_and_date(wereld: Wereld) -> None:
    services.mandaat_verlenen(
        gebruiker=wereld.zorginkoper,
        organisatie=wereld.verzekeraar,
        regio=wereld.regio,
        onderwerp=Onderwerp.REGIOPLAN,
        geldig_van=START,
        geldig_tot=dt.date(2025, 6, 30),
        acting_user=wereld.koepel,
    )
    # Ordered by organisation: Verzekeraar Zuid before Zorggroep Eigen (whose Olga still held hers in March).
    maart = [m.gebruiker for m in wie_mag_beslissen(wereld.regio, "regioplan", dt.date(2025, 3, 1))]
    assert maart[0] == wereld.zorginkoper
    assert set(maart[1:]) == {wereld.beheerder, wereld.oud_gemandateerde}
    # After the insurer's and Olga's mandates expired, only the GP organisation's manager may decide.
    assert [m.gebruiker for m in wie_mag_beslissen(wereld.regio, "regioplan", dt.date(2025, 7, 1))] == [
        wereld.beheerder
    ]
    # Only Olga held a contract mandate, until mid-2025.
    assert [m.gebruiker for m in wie_mag_beslissen(wereld.regio, "contract", dt.date(2025, 3, 1))] == [
        wereld.oud_gemandateerde
    ]
    assert wie_mag_beslissen(wereld.regio, "contract", dt.date(2025, 7, 1)) == []
    # Before the start date nobody may decide.
    assert wie_mag_beslissen(wereld.regio, "regioplan", dt.date(2024, 12, 31)) == []


def test_a_mandate_for_someone_outside_the_organisation_is_refused(wereld: Wereld) -> None:
    with pytest.raises(ValidationError) as fout:
        services.mandaat_verlenen(
            gebruiker=wereld.zorginkoper,
            organisatie=wereld.zorggroep,
            regio=wereld.regio,
            onderwerp=Onderwerp.CONTRACT,
            geldig_van=START,
            acting_user=wereld.koepel,
        )
    assert "gebruiker" in fout.value.message_dict


def test_a_mandate_in_a_region_the_organisation_is_not_part_of_is_refused(wereld: Wereld) -> None:
    with pytest.raises(ValidationError) as fout:
        services.mandaat_verlenen(
            gebruiker=wereld.beheerder,
            organisatie=wereld.zorggroep,
            regio=wereld.andere_regio,
            onderwerp=Onderwerp.CONTRACT,
            geldig_van=START,
            acting_user=wereld.koepel,
        )
    assert "regio" in fout.value.message_dict


def test_a_mandate_that_ends_before_it_starts_is_refused(wereld: Wereld) -> None:
    with pytest.raises(ValidationError):
        services.mandaat_verlenen(
            gebruiker=wereld.beheerder,
            organisatie=wereld.zorggroep,
            regio=wereld.regio,
            onderwerp=Onderwerp.CONTRACT,
            geldig_van=START,
            geldig_tot=START - dt.timedelta(days=1),
            acting_user=wereld.koepel,
        )
    assert not Mandaat.objects.filter(onderwerp="contract", gebruiker=wereld.beheerder).exists()


def test_mandate_history_records_who_granted_it(wereld: Wereld) -> None:
    mandaat = Mandaat.objects.get(gebruiker=wereld.beheerder)
    assert mandaat.verleend_door == wereld.koepel
    assert mandaat.history.count() == 1
