"""The data's stand (regio/gegevensstand.py) and "Mijn regio's", which keeps its content per person under it.

Every write to the database, however it is made, must give a new stand, so that the dashboard shows it on the next
request; reads must not (or nothing would ever be kept).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from regio import gegevensstand, services
from regio.models import Deelname, Gebruiker, Organisatie, Regio
from regioplan.models import Regioplan
from tests.personas import Wereld
from tests.regioplan.werelden import plan_maken

pytestmark = pytest.mark.django_db

URL = "regio:mijn_regios"


def _client(user: Gebruiker) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _html(client: Client) -> str:
    antwoord = client.get(reverse(URL))
    assert antwoord.status_code == 200
    # The sign-out form's token differs per response (base.html, outside what the dashboard keeps).
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", antwoord.content.decode())


def test_reads_keep_the_stand_and_every_kind_of_write_raises_it(wereld: Wereld) -> None:
    begin = gegevensstand.stand()
    assert begin is not None
    list(Regio.objects.all())
    Organisatie.objects.filter(pk=wereld.zorggroep.pk).exists()
    assert gegevensstand.stand() == begin

    schrijven = [
        lambda: wereld.regio.save(),  # UPDATE through save()
        lambda: Regio.objects.filter(pk=wereld.regio.pk).update(naam="Anders"),  # a bulk update, no signals
        lambda: Deelname.objects.filter(organisatie=wereld.praktijk).delete(),  # a bulk delete
        lambda: Organisatie.objects.bulk_create([Organisatie(naam="Nieuw", soort=wereld.zorggroep.soort)]),
    ]
    vorige = begin
    for schrijf in schrijven:
        schrijf()
        nu = gegevensstand.stand()
        assert nu is not None and nu != vorige
        vorige = nu


def test_a_raw_sql_write_raises_the_stand(wereld: Wereld) -> None:
    begin = gegevensstand.stand()
    with connection.cursor() as cursor:
        tabel = connection.ops.quote_name(Regio._meta.db_table)
        cursor.execute(f"UPDATE {tabel} SET naam = %s WHERE id = %s", ["Rauw", wereld.regio.pk])  # noqa: S608
    assert gegevensstand.stand() != begin


def test_the_stand_is_raised_again_when_the_transaction_commits(wereld: Wereld) -> None:
    """Raised at once (this process sees its own write) and again at the commit (a page another process built
    meanwhile from the data of before the commit is never found again): one callback per transaction, however
    many writes. (The test itself runs inside a transaction that never commits: its callbacks are there to see.)"""

    def geplande() -> list[Any]:
        return [item[1] for item in connection.run_on_commit if item[1] is gegevensstand.ophogen]

    with transaction.atomic():
        wereld.regio.save()
        wereld.zorggroep.save()
    assert len(geplande()) == 1
    voor = gegevensstand.stand()
    geplande()[0]()
    assert gegevensstand.stand() != voor


def test_session_writes_do_not_count(wereld: Wereld) -> None:
    client = Client()
    begin = gegevensstand.stand()
    client.force_login(wereld.lezer)  # a session row (and last_login on the person: that one counts)
    na_inloggen = gegevensstand.stand()
    sessie = client.session
    sessie["iets"] = "anders"
    sessie.save()
    assert gegevensstand.stand() == na_inloggen
    assert begin is not None


def test_the_wrapper_survives_djangos_own_execute_wrappers(wereld: Wereld) -> None:
    """execute_wrapper() pops the last wrapper when it ends: ours stays first, and theirs goes."""
    eigen = lambda execute, *args: execute(*args)  # noqa: E731
    with connection.execute_wrapper(eigen):
        list(Regio.objects.all())
    assert connection.execute_wrappers[0] is gegevensstand._wrapper
    assert eigen not in connection.execute_wrappers


def test_nothing_is_kept_without_a_shared_cache(wereld: Wereld, settings: Any) -> None:
    settings.REGIO_GEGEVENSSTAND = False
    assert gegevensstand.stand() is None
    client = _client(wereld.lezer)
    _html(client)
    with CaptureQueriesContext(connection) as tweede:
        _html(client)
    assert len(tweede.captured_queries) > 4  # built again


def test_an_unreachable_cache_means_building_the_page(wereld: Wereld) -> None:
    client = _client(wereld.lezer)
    with mock.patch.object(cache, "get", side_effect=ConnectionError("redis weg")):
        assert gegevensstand.stand() is None
        html = _html(client)
    assert wereld.regio.naam in html


def test_the_dashboard_is_kept_per_person_and_costs_only_the_session_and_the_person(wereld: Wereld) -> None:
    lezer = _client(wereld.lezer)
    html = _html(lezer)
    with CaptureQueriesContext(connection) as bewaard:
        assert _html(lezer) == html
    assert len(bewaard.captured_queries) <= 3  # session, person (and the two-factor check, cached separately)
    # Someone else gets their own page, not the reader's.
    koepel = _client(wereld.koepel)
    assert _html(koepel) != html


@pytest.mark.parametrize(
    "wijzigen",
    [
        "naam_bulk",
        "deelname_service",
        "plan",
        "lidmaatschap_weg",
    ],
)
def test_a_change_shows_on_the_next_request(wereld: Wereld, wijzigen: str) -> None:
    client = _client(wereld.bewerker)
    html = _html(client)
    assert wereld.regio.naam in html
    if wijzigen == "naam_bulk":
        Regio.objects.filter(pk=wereld.regio.pk).update(naam="Heuvelland Nieuw")
        assert "Heuvelland Nieuw" in _html(client)
    elif wijzigen == "deelname_service":
        org = Organisatie.objects.create(naam="Apotheek De Brug", soort=wereld.praktijk.soort)
        services.deelname_opslaan(
            deelname=Deelname(regio=wereld.regio, organisatie=org, rol="deelnemer", van=dt.date(2025, 1, 1)),
            acting_user=None,
        )
        assert "Apotheek De Brug" in _html(client)
    elif wijzigen == "plan":
        plan = plan_maken(wereld)
        assert plan.titel in _html(client)
        Regioplan.objects.filter(pk=plan.pk).update(titel="Samen gezond 2030")
        assert "Samen gezond 2030" in _html(client)
    else:
        for lid in wereld.bewerker.lidmaatschappen.all():
            services.lidmaatschap_beeindigen(lidmaatschap=lid, acting_user=None)
        assert wereld.regio.naam not in _html(client)


def test_the_next_day_and_another_language_are_other_pages(wereld: Wereld) -> None:
    client = _client(wereld.lezer)
    _html(client)
    morgen = timezone.localdate() + dt.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=morgen), CaptureQueriesContext(connection) as dag:
        _html(client)
    assert len(dag.captured_queries) > 4  # built again for the new day
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        engels = client.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My regions" in engels
