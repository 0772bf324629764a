"""What a person sees on "Mijn regio's" and on a region's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from regio import services
from regio.models import Deelname
from tests.factories import GemeenteFactory, RegioFactory
from tests.personas import START, Wereld

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_mijn_regios_shows_the_region_with_gemeenten_population_and_parties(wereld: Wereld) -> None:
    html = _client(wereld.lezer).get(reverse("regio:mijn_regios")).content.decode()
    assert "Eigen regio" in html
    assert "105.000" in html  # 60.000 + 45.000, Dutch thousands separator
    for gemeente in wereld.regio.gemeenten.all():
        assert gemeente.naam in html
    for partij in ("Zorggroep Eigen", "Verzekeraar Zuid", "Verzekeraar Noord", "Praktijk De Linde"):
        assert partij in html
    assert "Andere regio" not in html
    assert "Zorggroep Anders" not in html


def test_mijn_regios_explains_what_to_do_when_there_is_no_region(wereld: Wereld) -> None:
    from tests.factories import GebruikerFactory

    html = _client(GebruikerFactory.create()).get(reverse("regio:mijn_regios")).content.decode()
    assert "Uw organisatie neemt nog niet deel aan een regio" in html


def test_mijn_regios_costs_the_same_queries_for_one_or_many_regions(wereld: Wereld, django_assert_num_queries) -> None:
    client = _client(wereld.zorginkoper)
    client.get(reverse("regio:mijn_regios"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as een:
        client.get(reverse("regio:mijn_regios"))
    # Regions, gemeenten and parties (3), session and user, plus the dashboard parts of the regioplan and of
    # contracts (signatures waiting, reports late, practices' invitations).
    assert len(een.captured_queries) <= 14
    for _i in range(5):
        regio = RegioFactory.create()
        regio.gemeenten.set([GemeenteFactory.create(), GemeenteFactory.create()])
        services.deelname_opslaan(
            deelname=Deelname(regio=regio, organisatie=wereld.verzekeraar, rol="contractpartij", van=START),
            acting_user=None,
        )
    with django_assert_num_queries(len(een.captured_queries)):
        html = client.get(reverse("regio:mijn_regios")).content.decode()
    assert html.count('class="kaart"') == 6


def test_a_region_outside_the_guides_band_shows_a_warning_not_a_refusal(wereld: Wereld) -> None:
    client = _client(wereld.buitenstaander)
    html = client.get(reverse("regio:regio_detail", args=[wereld.andere_regio.slug])).content.decode()
    assert "kleiner dan de 50.000 inwoners" in html
    html = client.get(reverse("regio:mijn_regios")).content.decode()
    assert "kleiner dan de 50.000 inwoners" in html


def test_a_region_inside_the_band_shows_no_warning(wereld: Wereld) -> None:
    html = _client(wereld.bewerker).get(reverse("regio:regio_detail", args=[wereld.regio.slug])).content.decode()
    assert "Let op:" not in html


def test_the_region_page_shows_parties_gemeenten_and_who_may_decide_today(wereld: Wereld) -> None:
    html = _client(wereld.lezer).get(reverse("regio:regio_detail", args=[wereld.regio.slug])).content.decode()
    assert "Wie mag vandaag beslissen" in html
    assert "Bram Beheerder" in html
    assert "contractpartij" in html
    assert "Bron: CBS" in html


def test_the_region_page_costs_a_fixed_number_of_queries(wereld: Wereld, django_assert_max_num_queries) -> None:
    client = _client(wereld.bewerker)
    client.get(reverse("regio:mijn_regios"))  # the session's first request also notes the time of activity
    with django_assert_max_num_queries(8):
        client.get(reverse("regio:regio_detail", args=[wereld.regio.slug]))


def test_the_page_is_dutch_even_for_an_english_browser(wereld: Wereld) -> None:
    client = _client(wereld.bewerker)
    response = client.get(reverse("regio:mijn_regios"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    assert "Mijn regio's" in response.content.decode()


def test_english_is_available_when_chosen(wereld: Wereld) -> None:
    client = _client(wereld.bewerker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("regio:mijn_regios"))
    assert response.headers["Content-Language"] == "en"
    assert "My regions" in response.content.decode()


def test_the_health_check_answers_ok_and_reveals_nothing_else(db: None) -> None:
    response = Client().get(reverse("regio:gezondheid"))
    assert response.json() == {"database": "ok", "cache": "ok"}
