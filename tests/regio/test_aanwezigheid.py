"""Presence on edit pages (regio/aanwezigheid.py): who else has a part, activity or contract line open, a newer
saved version offered without a reload, and nothing at all (no error) when Redis is down."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from contracten.models import Contract
from regio import aanwezigheid
from regiobeeld.models import Deel
from regioplan import services
from regioplan.models import Plandeel, Regioplan
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regioplan.werelden import activiteit_maken, plan_maken

pytestmark = pytest.mark.django_db

SOORT = "missie-visie"
ONBEREIKBARE_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.fixture
def plan(wereld: Wereld) -> Regioplan:
    return plan_maken(wereld)


def _url(plan: Regioplan) -> str:
    return reverse("regioplan:deel_aanwezig", args=[plan.regio.slug, plan.pk, SOORT])


def _deel(plan: Regioplan) -> Plandeel:
    return Plandeel.objects.get(regioplan=plan, soort=SOORT)


def _poll(client: Client, url: str, versie: int, stand: str = "") -> str:
    vraag: dict[str, str | int] = {"versie": versie, "stand": stand} if stand else {"versie": versie}
    response = client.get(url, vraag)
    assert response.status_code == 200
    return response.content.decode()


def _zin(naam: str, org: str, wat: str = "dit deel") -> str:
    return f"{naam}, {org}, bewerkt {wat} sinds {timezone.localtime():%H:%M}"


def test_the_other_party_sees_who_has_the_part_open_and_since_when(wereld: Wereld, plan: Regioplan) -> None:
    anna, daan = ingelogd(wereld.bewerker), ingelogd(wereld.zorginkoper)
    versie = _deel(plan).versie
    assert "bewerkt" not in _poll(anna, _url(plan), versie)  # alone: nothing to say
    html = _poll(daan, _url(plan), versie)
    assert _zin("Anna Bewerker", "Zorggroep Eigen") in html
    assert "Daan Inkoper" not in html  # never oneself
    assert _zin("Daan Inkoper", "Verzekeraar Zuid") in _poll(anna, _url(plan), versie)


def test_someone_who_stopped_polling_disappears_after_the_time_to_live(wereld: Wereld, plan: Regioplan) -> None:
    anna, daan = ingelogd(wereld.bewerker), ingelogd(wereld.zorginkoper)
    versie = _deel(plan).versie
    _poll(anna, _url(plan), versie)
    straks = timezone.now() + dt.timedelta(seconds=aanwezigheid.AANWEZIG_SECONDEN - 2)
    with mock.patch("django.utils.timezone.now", return_value=straks):
        assert "Anna Bewerker" in _poll(daan, _url(plan), versie)
    later = timezone.now() + dt.timedelta(seconds=aanwezigheid.AANWEZIG_SECONDEN + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Anna Bewerker" not in _poll(daan, _url(plan), versie)


def test_polling_keeps_the_time_someone_started(wereld: Wereld, plan: Regioplan) -> None:
    versie = _deel(plan).versie
    begin = timezone.now() - dt.timedelta(minutes=10)
    for stap in range(0, 600, 10):  # ten minutes of polls every ten seconds
        with mock.patch("django.utils.timezone.now", return_value=begin + dt.timedelta(seconds=stap)):
            aanwezigheid.aanmelden(f"regioplan.plandeel:{_deel(plan).pk}", wereld.bewerker, "Zorggroep Eigen")
    html = _poll(ingelogd(wereld.zorginkoper), _url(plan), versie)
    assert f"sinds {timezone.localtime(begin):%H:%M}" in html


def test_an_unchanged_answer_is_not_sent_again(wereld: Wereld, plan: Regioplan) -> None:
    anna, daan = ingelogd(wereld.bewerker), ingelogd(wereld.zorginkoper)
    versie = _deel(plan).versie
    _poll(anna, _url(plan), versie)
    html = _poll(daan, _url(plan), versie)
    stand = html.split("stand=")[1].split('"')[0]
    assert daan.get(_url(plan), {"versie": str(versie), "stand": stand}).status_code == 204  # htmx swaps nothing
    aanwezigheid.aanmelden(f"regioplan.plandeel:{_deel(plan).pk}", wereld.beheerder, "Zorggroep Eigen")
    assert "Bram Beheerder" in _poll(daan, _url(plan), versie, stand)  # someone joined: a new answer


def test_a_newer_saved_text_is_offered_without_a_reload(wereld: Wereld, plan: Regioplan) -> None:
    daan = ingelogd(wereld.zorginkoper)
    deel = _deel(plan)
    geopend = deel.versie
    assert "Nieuwe tekst" not in _poll(daan, _url(plan), geopend)
    services.plandeel_opslaan(
        deel=deel, gelezen_versie=geopend, tekst="Samen sterker in de wijk.", acting_user=wereld.bewerker
    )
    html = _poll(daan, _url(plan), geopend)
    assert "Nieuwe tekst van Anna Bewerker bekijken" in html
    assert "<details" in html and "Samen sterker in de wijk." in html
    assert 'target="_blank"' in html
    # The page keeps asking with the version it was opened at: the offer stays until the person reloads or saves.
    assert f"versie={geopend}&amp;" in html


def test_the_edit_page_polls_from_a_live_region(wereld: Wereld, plan: Regioplan) -> None:
    html = ingelogd(wereld.bewerker).get(reverse("regioplan:deel_bewerken", args=[plan.regio.slug, plan.pk, SOORT]))
    tekst = html.content.decode()
    assert 'aria-live="polite"' in tekst
    assert f'hx-get="{_url(plan)}?versie={_deel(plan).versie}"' in tekst
    assert 'hx-trigger="load, every 5s"' in tekst


def test_with_redis_down_there_is_no_presence_and_no_error(wereld: Wereld, plan: Regioplan) -> None:
    anna, daan = ingelogd(wereld.bewerker), ingelogd(wereld.zorginkoper)
    deel = _deel(plan)
    with override_settings(CACHES=ONBEREIKBARE_REDIS):
        assert aanwezigheid.aanmelden("regioplan.plandeel:1", wereld.bewerker, "Zorggroep Eigen") == []
        _poll(anna, _url(plan), deel.versie)
        assert "bewerkt" not in _poll(daan, _url(plan), deel.versie)
        # Editing and saving work as ever.
        bewerken = reverse("regioplan:deel_bewerken", args=[plan.regio.slug, plan.pk, SOORT])
        assert anna.get(bewerken).status_code == 200
        response = anna.post(bewerken, {"tekst": "Tijdens de storing", "versie": deel.versie})
        assert response.status_code == 302
    assert _deel(plan).tekst == "Tijdens de storing"


def test_an_activity_says_who_edits_it(wereld: Wereld, plan: Regioplan) -> None:
    activiteit = activiteit_maken(wereld, plan)
    url = reverse("regioplan:activiteit_aanwezig", args=[plan.regio.slug, plan.pk, activiteit.pk])
    _poll(ingelogd(wereld.zorginkoper), url, activiteit.versie)
    assert _zin("Daan Inkoper", "Verzekeraar Zuid", "deze activiteit") in _poll(
        ingelogd(wereld.bewerker), url, activiteit.versie
    )
    pagina = ingelogd(wereld.bewerker).get(
        reverse("regioplan:activiteit_bewerken", args=[plan.regio.slug, plan.pk, activiteit.pk])
    )
    assert f'hx-get="{url}?versie={activiteit.versie}"' in pagina.content.decode()


def test_a_regiobeeld_part_says_who_edits_it(wereld: Wereld, plan: Regioplan) -> None:
    deel = Deel.objects.get(regiobeeld=plan.regiobeeld, soort="trends")
    url = reverse("regiobeeld:deel_aanwezig", args=[plan.regio.slug, plan.regiobeeld.jaar, "trends"])
    _poll(ingelogd(wereld.zorginkoper), url, deel.versie)
    assert _zin("Daan Inkoper", "Verzekeraar Zuid") in _poll(ingelogd(wereld.bewerker), url, deel.versie)


def test_a_contract_line_says_who_edits_it_and_shows_the_stored_amounts(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    afspraak = w.afspraak  # type: ignore[attr-defined]
    url = reverse("contracten:afspraak_aanwezig", args=[w.regio.slug, contract.pk, afspraak.pk])
    _poll(ingelogd(w.zorginkoper), url, afspraak.versie)
    html = _poll(ingelogd(w.bewerker), url, afspraak.versie - 1)  # opened before the last save
    assert _zin("Daan Inkoper", "Verzekeraar Zuid", "deze afspraak") in html
    assert "Nieuwe tekst van" in html and afspraak.titel in html and "€" in html
    pagina = ingelogd(w.bewerker).get(
        reverse("contracten:afspraak_bewerken", args=[w.regio.slug, contract.pk, afspraak.pk])
    )
    assert f'hx-get="{url}?versie={afspraak.versie}"' in pagina.content.decode()
