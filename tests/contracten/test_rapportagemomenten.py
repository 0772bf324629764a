"""Reporting dates made from the measuring points' frequencies: the dates (a pure rule), made when both parties
sign and by the button for existing contracts, never twice, only from today on, and editable afterwards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from contracten import rapportagemomenten
from contracten.models import Rapportagemoment
from contracten.rapportagemomenten import rapportagedata
from regio import wijzigingen
from regioplan.models import Meetpunt
from tests.contracten.test_monitoring import client_voor, moment, zichtbare_tekst
from tests.contracten.werelden import tekenen
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

F = Meetpunt.Frequentie
VANDAAG = dt.date(2026, 7, 1)


@pytest.fixture
def w(contractwereld: Wereld, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The draft contract 2026-2029 with its measuring point reported quarterly; today is 1 July 2026."""
    vandaag_is(monkeypatch, VANDAAG)
    Meetpunt.objects.filter(pk=contractwereld.meetpunt.pk).update(frequentie=F.KWARTAAL)  # type: ignore[attr-defined]
    return contractwereld


def vandaag_is(monkeypatch: pytest.MonkeyPatch, datum: dt.date) -> None:
    """Today is `datum` for timezone.localdate() without arguments; a given moment keeps its own date."""
    echt = timezone.localdate

    def localdate(value: dt.datetime | None = None, tz: Any = None) -> dt.date:
        return datum if value is None else echt(value, tz)

    monkeypatch.setattr(timezone, "localdate", localdate)


# --- the dates (pure) -------------------------------------------------------------------------------------


def test_a_quarterly_point_reports_a_month_after_each_quarter_of_the_term() -> None:
    assert rapportagedata(F.KWARTAAL, 2026, 2027) == [
        dt.date(2026, 4, 30),
        dt.date(2026, 7, 31),
        dt.date(2026, 10, 31),
        dt.date(2027, 1, 31),
        dt.date(2027, 4, 30),
        dt.date(2027, 7, 31),
        dt.date(2027, 10, 31),
        dt.date(2028, 1, 31),
    ]


def test_monthly_half_yearly_and_yearly_points_follow_their_own_rhythm() -> None:
    maanden = rapportagedata(F.MAAND, 2028, 2028)
    assert len(maanden) == 12 and maanden[0] == dt.date(2028, 2, 29) and maanden[-1] == dt.date(2029, 1, 31)
    assert rapportagedata(F.HALFJAAR, 2026, 2026) == [dt.date(2026, 7, 31), dt.date(2027, 1, 31)]
    assert rapportagedata(F.JAAR, 2026, 2028) == [dt.date(2027, 1, 31), dt.date(2028, 1, 31), dt.date(2029, 1, 31)]


def test_a_one_off_point_reports_after_its_target_date_or_at_the_end_of_the_term() -> None:
    assert rapportagedata(F.EENMALIG, 2026, 2029, dt.date(2027, 6, 15)) == [dt.date(2027, 7, 31)]
    # A target date outside the term: once, at the end of the term.
    assert rapportagedata(F.EENMALIG, 2026, 2029, dt.date(2031, 1, 1)) == [dt.date(2030, 1, 31)]


# --- made at signing, and by the button --------------------------------------------------------------------


def _data(w: Any) -> list[dt.date]:
    return list(
        Rapportagemoment.objects.filter(contract=w.contract, meetpunt=w.meetpunt)
        .order_by("uiterlijk")
        .values_list("uiterlijk", flat=True)
    )


def test_signing_makes_the_reporting_dates_from_today_on_and_the_page_shows_the_next(w: Any) -> None:
    assert _data(w) == []
    w.contract = tekenen(w, w.contract)
    data = _data(w)
    verwacht = [d for d in rapportagedata(F.KWARTAAL, 2026, 2029) if d >= VANDAAG]
    assert data == verwacht and data[0] == dt.date(2026, 7, 31) and data[-1] == dt.date(2030, 1, 31)
    # The owner is an editor of the party that measures the point (the zorggroep).
    eigenaren = set(Rapportagemoment.objects.filter(contract=w.contract).values_list("eigenaar", flat=True))
    assert eigenaren == {w.bewerker.pk}
    regel = wijzigingen.van(w.contract).filter(wat__contains="rapportagemomenten aangemaakt").first()
    assert regel is not None and str(len(verwacht)) in regel.wat

    pagina = client_voor(w.zorginkoper).get(
        reverse("contracten:monitoring_contract", args=[w.regio.slug, w.contract.pk])
    )
    tekst = zichtbare_tekst(pagina.content.decode())
    assert "31\u201107\u20112026" in tekst and "geen gepland" not in tekst


def test_the_button_makes_what_is_missing_and_a_second_press_changes_nothing(w: Any) -> None:
    moment(w, dt.date(2026, 10, 31))  # one that is already there stays as it is
    client = client_voor(w.zorginkoper)
    url = reverse("contracten:rapportagemomenten_aanmaken", args=[w.regio.slug, w.contract.pk])
    eerste = client.post(url, follow=True)
    assert eerste.status_code == 200
    data = _data(w)
    assert data == [d for d in rapportagedata(F.KWARTAAL, 2026, 2029) if d >= VANDAAG]
    assert "rapportagemomenten aangemaakt" in zichtbare_tekst(eerste.content.decode())
    tweede = client.post(url, follow=True)
    assert _data(w) == data
    assert "er is niets toegevoegd" in zichtbare_tekst(tweede.content.decode())


def test_only_editors_of_the_parties_make_the_dates(w: Any) -> None:
    with pytest.raises(PermissionDenied):
        rapportagemomenten.rapportagemomenten_aanmaken(contract=w.contract, acting_user=w.lezer)
    assert _data(w) == []


def test_a_date_is_moved_or_handed_to_someone_else_but_not_onto_another_or_into_the_past(w: Any) -> None:
    eerste, tweede = moment(w, dt.date(2026, 7, 31)), moment(w, dt.date(2026, 10, 31))
    client = client_voor(w.bewerker)
    url = reverse("contracten:rapportagemoment_wijzigen", args=[w.regio.slug, w.contract.pk, eerste.pk])
    assert client.get(url).status_code == 200
    bezet = client.post(url, {"uiterlijk": "2026-10-31", "eigenaar": w.bewerker.pk})
    assert bezet.status_code == 400 and "staat op deze datum al een rapportagemoment" in bezet.content.decode()
    voorbij = client.post(url, {"uiterlijk": "2026-06-01", "eigenaar": w.bewerker.pk})
    assert voorbij.status_code == 400 and "al voorbij" in voorbij.content.decode()
    goed = client.post(url, {"uiterlijk": "2026-08-15", "eigenaar": w.zorginkoper.pk})
    assert goed.status_code == 302
    eerste.refresh_from_db()
    assert (eerste.uiterlijk, eerste.eigenaar) == (dt.date(2026, 8, 15), w.zorginkoper)
    tweede.refresh_from_db()
    assert tweede.uiterlijk == dt.date(2026, 10, 31)
