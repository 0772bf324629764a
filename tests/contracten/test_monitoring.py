"""Monitoring: the traffic light of a measuring point (a pure rule, direction-aware), what is late, and the pages
people read it on: a contract's monitoring tab, a measuring point's page with its trend, the region's overview."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contracten import resultaten
from contracten.models import Contract, Contractafspraak, Meetresultaat, Rapportagemoment
from contracten.monitoring import (
    Stoplicht,
    Telling,
    beoordelen,
    datum_in_tabel,
    is_te_laat,
    regel_uitleg,
    verwachte_voortgang,
)
from regio.models import Rol
from regioplan.models import Meetpunt
from tests.contracten.werelden import afspraak_maken, contract_maken
from tests.personas import Wereld, _lid

pytestmark = pytest.mark.django_db

D = Decimal
VANDAAG = dt.date(2026, 7, 1)


# --- helpers (also used by test_resultaten and test_herinneringen) -----------------------------------


def moment(wereld: Wereld, uiterlijk: dt.date, contract: Contract | None = None, **velden: Any) -> Rapportagemoment:
    """A reporting moment made directly (the service refuses dates in the past; these tests need them)."""
    return Rapportagemoment.objects.create(
        contract=contract or wereld.contract,  # type: ignore[attr-defined]
        meetpunt=velden.pop("meetpunt", None) or wereld.meetpunt,  # type: ignore[attr-defined]
        uiterlijk=uiterlijk,
        eigenaar=velden.pop("eigenaar", None) or wereld.bewerker,
        **velden,
    )


def resultaat(
    wereld: Wereld, peildatum: dt.date, waarde: str, contract: Contract | None = None, **velden: Any
) -> Meetresultaat:
    return resultaten.resultaat_vastleggen(
        contract=contract or wereld.contract,  # type: ignore[attr-defined]
        meetpunt=velden.pop("meetpunt", None) or wereld.meetpunt,  # type: ignore[attr-defined]
        peildatum=peildatum,
        waarde=D(waarde),
        toelichting=velden.pop("toelichting", ""),
        acting_user=velden.pop("door", None) or wereld.bewerker,
        **velden,
    )


def client_voor(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def zichtbare_tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- the traffic light (pure) ----------------------------------------------------------------------


def punt(nulmeting: str | None = "40", streef: str = "90", **data: dt.date | None) -> SimpleNamespace:
    """A measuring point: baseline on 1-1-2026, target on 31-12-2027 unless told otherwise (two years: 729 days)."""
    return SimpleNamespace(
        nulmeting=D(nulmeting) if nulmeting is not None else None,
        nulmeting_datum=data.get("nulmeting_datum", dt.date(2026, 1, 1) if nulmeting is not None else None),
        streefwaarde=D(streef),
        streefdatum=data.get("streefdatum", dt.date(2027, 12, 31)),
    )


def meting(waarde: str, peildatum: dt.date = VANDAAG) -> SimpleNamespace:
    return SimpleNamespace(waarde=D(waarde), peildatum=peildatum)


def test_a_point_without_a_result_has_no_light_yet() -> None:
    b = beoordelen(punt(), None, VANDAAG)
    assert b.licht is Stoplicht.GEEN_GEGEVENS
    assert str(b.label) == "nog geen resultaat"


def test_a_result_at_or_above_a_rising_target_is_reached() -> None:
    assert beoordelen(punt(), meting("90"), VANDAAG).licht is Stoplicht.BEREIKT
    assert beoordelen(punt(), meting("95.5"), VANDAAG).licht is Stoplicht.BEREIKT


def test_a_target_below_the_baseline_means_lower_is_better() -> None:
    wachttijd = punt(nulmeting="20", streef="10")  # days of waiting: down from 20 to 10
    assert beoordelen(wachttijd, meting("10"), VANDAAG).licht is Stoplicht.BEREIKT
    assert beoordelen(wachttijd, meting("8"), VANDAAG).licht is Stoplicht.BEREIKT
    # A quarter of the time gone (1-7-2026 of 2026-2027) and a quarter of the way down: on course.
    assert beoordelen(wachttijd, meting("17.5"), VANDAAG).licht is Stoplicht.OP_KOERS
    # Going up is the wrong way.
    b = beoordelen(wachttijd, meting("24"), VANDAAG)
    assert b.licht is Stoplicht.ROOD
    assert b.behaald is not None and b.behaald < 0


def test_on_course_behind_and_far_behind_follow_the_share_of_time_passed() -> None:
    # On 31-12-2026, 364 of 729 days have passed: about 50% expected, i.e. 65 on the way from 40 to 90.
    op = dt.date(2026, 12, 31)
    verwacht = verwachte_voortgang(dt.date(2026, 1, 1), dt.date(2027, 12, 31), op)
    assert D("0.49") < verwacht < D("0.50")

    def licht(waarde: str) -> Stoplicht:
        return beoordelen(punt(), meting(waarde, op), op).licht

    assert licht("65") is Stoplicht.OP_KOERS
    assert licht("60.5") is Stoplicht.OP_KOERS  # 41% of the way: less than 10 points behind
    assert licht("59.5") is Stoplicht.ACHTER  # 39 %: more than 10 points behind
    assert licht("53") is Stoplicht.ACHTER  # 26 %: less than 25 points behind
    assert licht("52") is Stoplicht.ROOD  # 24 %: more than 25 points behind


def test_the_light_judges_the_result_at_its_own_peildatum() -> None:
    # A result of 31-3-2026 that was on course then stays on course when looked at months later.
    b = beoordelen(punt(), meting("46", dt.date(2026, 3, 31)), dt.date(2026, 11, 1))
    assert b.licht is Stoplicht.OP_KOERS
    assert "31-03-2026" in b.uitleg


def test_past_the_target_date_without_reaching_the_target_is_red_however_close() -> None:
    b = beoordelen(punt(), meting("89.99", dt.date(2027, 12, 31)), dt.date(2028, 1, 1))
    assert b.licht is Stoplicht.ROOD
    assert "streefdatum (31-12-2027) is voorbij" in b.uitleg
    assert beoordelen(punt(), meting("90", dt.date(2027, 12, 31)), dt.date(2028, 1, 1)).licht is Stoplicht.BEREIKT


def test_on_the_target_date_itself_it_is_not_yet_too_late() -> None:
    b = beoordelen(punt(), meting("89", dt.date(2027, 12, 31)), dt.date(2027, 12, 31))
    assert b.licht is Stoplicht.OP_KOERS


def test_without_a_baseline_progress_cannot_be_told_and_says_so() -> None:
    zonder = punt(nulmeting=None)
    assert beoordelen(zonder, meting("91"), VANDAAG).licht is Stoplicht.BEREIKT
    b = beoordelen(zonder, meting("50"), VANDAAG)
    assert b.licht is Stoplicht.ACHTER
    assert "Geen nulmeting" in b.uitleg and "niet te bepalen" in b.uitleg
    assert beoordelen(zonder, meting("50"), dt.date(2028, 1, 1)).licht is Stoplicht.ROOD


def test_a_target_equal_to_the_baseline_means_holding_the_level() -> None:
    vasthouden = punt(nulmeting="80", streef="80")
    assert beoordelen(vasthouden, meting("80"), VANDAAG).licht is Stoplicht.BEREIKT
    b = beoordelen(vasthouden, meting("79"), VANDAAG)
    assert b.licht is Stoplicht.ACHTER
    assert "vasthouden" in b.uitleg


def test_expected_progress_is_clamped_and_a_target_dated_on_the_baseline_is_due_at_once() -> None:
    begin, eind = dt.date(2026, 1, 1), dt.date(2027, 1, 1)
    assert verwachte_voortgang(begin, eind, dt.date(2025, 6, 1)) == 0
    assert verwachte_voortgang(begin, eind, dt.date(2028, 6, 1)) == 1
    assert verwachte_voortgang(begin, begin, begin) == 1
    # A result from before the baseline date: nothing expected yet, so no slide backwards is on course.
    assert beoordelen(punt(), meting("40", dt.date(2025, 12, 1)), VANDAAG).licht is Stoplicht.OP_KOERS


def test_every_light_has_words_and_a_sign_not_only_a_colour() -> None:
    for licht in Stoplicht:
        assert str(licht.label) and licht.teken and str(licht.betekenis)
    assert len({licht.teken for licht in Stoplicht}) == len(Stoplicht)
    assert {licht for licht in Stoplicht if licht.aandacht} == {Stoplicht.ACHTER, Stoplicht.ROOD}


def test_the_rule_is_written_out_for_people_with_its_margins() -> None:
    tekst = " ".join(regel_uitleg())
    assert "10 procentpunt" in tekst and "25 procentpunt" in tekst
    assert "lager beter" in tekst
    assert "Te laat" in tekst


def test_a_report_is_late_only_after_its_date_and_only_without_a_result() -> None:
    assert is_te_laat(dt.date(2026, 6, 30), heeft_resultaat=False, vandaag=VANDAAG)
    assert not is_te_laat(VANDAAG, heeft_resultaat=False, vandaag=VANDAAG)
    assert not is_te_laat(dt.date(2026, 6, 30), heeft_resultaat=True, vandaag=VANDAAG)


def test_the_count_reads_as_a_sentence() -> None:
    def stand(licht: Stoplicht, te_laat: int = 0) -> Any:
        return SimpleNamespace(beoordeling=SimpleNamespace(licht=licht), te_laat=[object()] * te_laat)

    telling = Telling.van(
        [
            stand(Stoplicht.OP_KOERS),
            stand(Stoplicht.OP_KOERS, 1),
            stand(Stoplicht.OP_KOERS),
            stand(Stoplicht.ACHTER, 1),
        ]
    )
    assert telling.zin == "3 op koers, 1 achter, 2 te laat"


# --- the pages ---------------------------------------------------------------------------------------


def _monitoring_url(contract: Contract) -> str:
    return reverse("contracten:monitoring_contract", args=[contract.regio.slug, contract.pk])


def _meetpunt_url(contract: Contract, meetpunt: Meetpunt) -> str:
    return reverse("contracten:meetpunt", args=[contract.regio.slug, contract.pk, meetpunt.pk])


def _regio_url(wereld: Wereld, query: str = "") -> str:
    return reverse("contracten:monitoring", args=[wereld.regio.slug]) + (f"?{query}" if query else "")


def test_the_contract_tab_shows_each_point_with_its_light_in_words_and_what_is_late(
    getekende_contractwereld: Wereld,
) -> None:
    wereld = getekende_contractwereld
    vandaag = timezone.localdate()
    resultaat(wereld, vandaag - dt.timedelta(days=40), "41")
    moment(wereld, vandaag - dt.timedelta(days=3))
    volgende = moment(wereld, vandaag + dt.timedelta(days=60), eigenaar=wereld.zorginkoper)
    html = client_voor(wereld.zorginkoper).get(_monitoring_url(wereld.contract)).content.decode()  # type: ignore[attr-defined]
    tekst = zichtbare_tekst(html)
    assert "Praktijken met een POH ouderenzorg" in tekst
    assert "Streefwaarde" in tekst and "90%" in tekst and "41%" in tekst
    assert _meetpunt_url(wereld.contract, wereld.meetpunt) in html  # type: ignore[attr-defined]
    assert "te laat" in tekst
    assert datum_in_tabel(volgende.uiterlijk) in tekst and "Daan Inkoper" in tekst
    assert "Hoe wordt dit bepaald?" in tekst
    assert 'aria-current="page"' in html and ">Monitoring<" in html


def test_a_draft_contract_says_its_dates_count_once_signed_and_shows_nothing_late(contractwereld: Wereld) -> None:
    wereld = contractwereld
    moment(wereld, timezone.localdate() - dt.timedelta(days=3))
    tekst = zichtbare_tekst(client_voor(wereld.bewerker).get(_monitoring_url(wereld.contract)).content.decode())  # type: ignore[attr-defined]
    assert "nog niet door beide partijen getekend" in tekst
    assert "1 te laat" not in tekst


def test_the_measuring_point_page_shows_results_with_who_recorded_them_a_trend_and_the_forms(
    getekende_contractwereld: Wereld,
) -> None:
    wereld = getekende_contractwereld
    vandaag = timezone.localdate()
    resultaat(wereld, dt.date(2026, 3, 31), "45", toelichting="Eerste kwartaal")
    resultaat(wereld, dt.date(2026, 6, 30), "52.5", door=wereld.zorginkoper)
    resultaat(wereld, dt.date(2026, 9, 30), "58")
    moment(wereld, vandaag - dt.timedelta(days=2))
    moment(wereld, vandaag + dt.timedelta(days=30), eigenaar=wereld.zorginkoper)
    response = client_voor(wereld.bewerker).get(_meetpunt_url(wereld.contract, wereld.meetpunt))  # type: ignore[attr-defined]
    assert response.status_code == 200
    html = response.content.decode()
    tekst = zichtbare_tekst(html)
    assert "Anna Bewerker (Zorggroep Eigen)" in tekst and "Daan Inkoper (Verzekeraar Zuid)" in tekst
    assert "52,5%" in tekst and "Eerste kwartaal" in tekst
    assert 'data-grafiek="fig-trend-' in html and "Tabel bij deze grafiek" in tekst
    assert "nulmeting" in tekst and "streefwaarde" in tekst
    assert 'id="resultaat-vastleggen"' in html and "Rapportagemoment toevoegen" in tekst
    assert "te laat" in tekst and "Verwijderen" in tekst
    assert "<script>" not in html  # no inline scripts (CSP); the figure is JSON
    Path("/tmp/monitoring_meetpunt.html").write_text(html, encoding="utf-8")  # noqa: S108 - to look at


def test_a_reader_of_a_party_sees_the_point_but_no_forms(contractwereld: Wereld) -> None:
    wereld = contractwereld
    lezer = _lid(wereld.zorggroep, Rol.LEZER, naam="Lotte Lezer", email="lotte@zorggroep.test")
    html = client_voor(lezer).get(_meetpunt_url(wereld.contract, wereld.meetpunt)).content.decode()  # type: ignore[attr-defined]
    assert "Nog geen resultaten" in html
    assert "resultaat-vastleggen" not in html and "Rapportagemoment toevoegen" not in html
    url = reverse(
        "contracten:resultaat_vastleggen",
        args=[wereld.regio.slug, wereld.contract.pk, wereld.meetpunt.pk],  # type: ignore[attr-defined]
    )
    assert client_voor(lezer).post(url, {"peildatum": "2026-03-31", "waarde": "50"}).status_code == 403
    assert not Meetresultaat.objects.exists()


def test_the_region_page_counts_what_is_on_course_behind_and_late(getekende_contractwereld: Wereld) -> None:
    wereld = getekende_contractwereld
    vandaag = timezone.localdate()
    tweede = Meetpunt.objects.create(
        activiteit=wereld.meetpunt.activiteit,  # type: ignore[attr-defined]
        omschrijving="Wachttijd spoedconsult",
        eenheid="dagen",
        nulmeting=D("20"),
        nulmeting_datum=dt.date(2026, 1, 1),
        streefwaarde=D("10"),
        streefdatum=dt.date(2027, 12, 31),
        eigenaar=wereld.zorggroep,
    )
    services_contract = Contract.objects.get(pk=wereld.contract.pk)  # type: ignore[attr-defined]
    Contractafspraak.objects.get(pk=wereld.afspraak.pk).meetpunten.add(tweede)  # type: ignore[attr-defined]
    resultaat(wereld, vandaag - dt.timedelta(days=10), "90")  # reached
    resultaat(wereld, vandaag - dt.timedelta(days=10), "30", meetpunt=tweede)  # lower is better: went up
    moment(wereld, vandaag - dt.timedelta(days=5), meetpunt=tweede)
    client = client_voor(wereld.zorginkoper)
    html = client.get(_regio_url(wereld)).content.decode()
    tekst = zichtbare_tekst(html)
    assert "1 bereikt" in tekst and "1 ver achter" in tekst and "1 te laat" in tekst
    assert services_contract.titel in tekst
    assert "Praktijken met een POH ouderenzorg" in tekst and "Wachttijd spoedconsult" in tekst
    assert "Hoe wordt dit bepaald?" in tekst
    Path("/tmp/monitoring_regio.html").write_text(html, encoding="utf-8")  # noqa: S108 - to look at

    aandacht = zichtbare_tekst(client.get(_regio_url(wereld, "aandacht=1")).content.decode())
    assert "Wachttijd spoedconsult" in aandacht
    assert "Praktijken met een POH ouderenzorg" not in aandacht
    assert "1 bereikt" in aandacht  # the count stays the whole picture
    assert 'name="aandacht" value="1" id="aandacht" checked' in " ".join(
        client.get(_regio_url(wereld, "aandacht=1")).content.decode().split()
    )


@pytest.mark.parametrize("persona", ["lezer", "praktijkhouder", "tweede_zorginkoper", "koepel"])
def test_who_is_no_party_to_a_contract_gets_the_region_page_with_an_explanation(
    contractwereld: Wereld, persona: str
) -> None:
    wereld = contractwereld
    response = client_voor(getattr(wereld, persona)).get(_regio_url(wereld))
    assert response.status_code == 200
    tekst = zichtbare_tekst(response.content.decode())
    assert "alleen de twee partijen van een contract" in tekst
    assert wereld.contract.titel not in tekst  # type: ignore[attr-defined]
    assert "Praktijken met een POH ouderenzorg" not in tekst


def _contract_met_meetpunt(wereld: Wereld, n: int) -> Contract:
    plan = wereld.vastgesteld_plan  # type: ignore[attr-defined]
    contract = contract_maken(wereld, plan, titel=f"Contract {n}")
    afspraak_maken(wereld, contract, titel=f"Afspraak {n}")
    contract = Contract.objects.get(pk=contract.pk)
    vandaag = timezone.localdate()
    meetpunt = wereld.meetpunt  # type: ignore[attr-defined]
    for dagen in (90, 30):
        resultaat(wereld, vandaag - dt.timedelta(days=dagen), "50", contract=contract)
    moment(wereld, vandaag - dt.timedelta(days=3), contract=contract, meetpunt=meetpunt)
    moment(wereld, vandaag + dt.timedelta(days=20), contract=contract, meetpunt=meetpunt)
    return contract


def test_the_region_page_costs_the_same_queries_for_one_or_three_contracts(
    contractwereld: Wereld, django_assert_max_num_queries: Any
) -> None:
    wereld = contractwereld
    client = client_voor(wereld.bewerker)
    _contract_met_meetpunt(wereld, 1)
    client.get(_regio_url(wereld))  # warm up the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as een:
        assert client.get(_regio_url(wereld)).status_code == 200
    _contract_met_meetpunt(wereld, 2)
    _contract_met_meetpunt(wereld, 3)
    with django_assert_max_num_queries(len(een.captured_queries)):
        html = client.get(_regio_url(wereld)).content.decode()
    assert "Contract 3" in html and "Contract 1" in html


def test_the_measuring_point_page_costs_the_same_queries_with_few_or_many_results(contractwereld: Wereld) -> None:
    wereld = contractwereld
    client = client_voor(wereld.bewerker)
    url = _meetpunt_url(wereld.contract, wereld.meetpunt)  # type: ignore[attr-defined]
    eerste = resultaat(wereld, dt.date(2026, 1, 31), "41")
    resultaten.resultaat_vastleggen(
        contract=wereld.contract,  # type: ignore[attr-defined]
        meetpunt=wereld.meetpunt,  # type: ignore[attr-defined]
        peildatum=eerste.peildatum,
        waarde=D("42"),
        gelezen_versie=eerste.versie,
        acting_user=wereld.zorginkoper,
    )
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as weinig:
        client.get(url)
    for maand in range(2, 11):
        r = resultaat(wereld, timezone.localdate() - dt.timedelta(days=30 * maand), "45")
        resultaten.resultaat_vastleggen(
            contract=wereld.contract,  # type: ignore[attr-defined]
            meetpunt=wereld.meetpunt,  # type: ignore[attr-defined]
            peildatum=r.peildatum,
            waarde=D("46"),
            gelezen_versie=r.versie,
            acting_user=wereld.zorginkoper,
        )
        moment(wereld, dt.date(2027, maand, 1))
    with CaptureQueriesContext(connection) as veel:
        html = client.get(url).content.decode()
    assert "gecorrigeerd, eerder 45%" in html
    assert len(veel.captured_queries) == len(weinig.captured_queries)
