"""The dashboard ("Mijn regio's") at scale: one bundle of who the person is (regio/dashboard.py) for every part,
region cards from plain rows, and a fixed number of queries whoever looks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regio import selectors, services
from regio.access import regios_for_user
from regio.dashboard import dashboard_voor
from regio.models import Deelname, Gebruiker, Mandaat, Onderwerp, Organisatie, Regio, Rol
from regioplan.models import Regioplan
from tests.factories import GemeenteFactory, OrganisatieFactory, RegioFactory
from tests.factories import soort as soort_met_code
from tests.personas import PERSONAS, Wereld
from tests.regioplan.werelden import plan_maken

pytestmark = pytest.mark.django_db

IEDEREEN = [p for p in PERSONAS if p != "anoniem"]


def _client(user: Gebruiker) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bundel(user: Gebruiker) -> Any:
    request: Any = RequestFactory().get("/")  # stands for a signed-in request (IngelogdVerzoek)
    request.user = user
    return dashboard_voor(request)


@pytest.mark.parametrize("persona", IEDEREEN)
def test_the_bundle_holds_what_each_part_used_to_ask_for_itself(contractwereld: Wereld, persona: str) -> None:
    """Each part used to derive regions, managed organisations and mandates on its own; the bundle must give
    exactly those answers (the queries below are the ones the parts ran before)."""
    w: Any = contractwereld
    user = getattr(w, persona)
    bundel = _bundel(user)
    vandaag = timezone.localdate()

    assert bundel.regios == list(regios_for_user(user).order_by("naam"))
    assert bundel.organisaties(Rol.BEHEERDER) == list(
        Organisatie.objects.filter(lidmaatschappen__gebruiker=user, lidmaatschappen__rol=Rol.BEHEERDER).order_by("naam")
    )
    assert {o.pk for o in bundel.organisaties()} == set(user.lidmaatschappen.values_list("organisatie_id", flat=True))
    for onderwerp in (Onderwerp.REGIOPLAN, Onderwerp.CONTRACT):
        voorheen = set(
            Mandaat.objects.geldig_op(vandaag)
            .filter(gebruiker=user, onderwerp=onderwerp, regio__in=regios_for_user(user))
            .values_list("regio_id", "organisatie_id")
        )
        assert bundel.mandaten_voor(onderwerp) == voorheen


def test_expired_mandates_and_other_regions_are_not_in_the_bundle(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    assert _bundel(w.oud_gemandateerde).mandaten == []  # her mandates ended mid-2025
    beheerder = _bundel(w.beheerder)
    assert beheerder.mandaten_voor(Onderwerp.REGIOPLAN) == {(w.regio.pk, w.zorggroep.pk)}
    assert beheerder.mandaten_voor(Onderwerp.CONTRACT) == {(w.regio.pk, w.zorggroep.pk)}
    # A mandate that starts tomorrow does not count today.
    # (Only a contracting party's member can hold one: the zorggroep's editor.)
    services.mandaat_verlenen(
        gebruiker=w.bewerker,
        organisatie=w.zorggroep,
        regio=w.regio,
        onderwerp=Onderwerp.CONTRACT,
        geldig_van=timezone.localdate() + dt.timedelta(days=1),
        acting_user=w.koepel,
    )
    assert _bundel(w.bewerker).mandaten == []
    assert _bundel(w.buitenstaander).regio_ids == [w.andere_regio.pk]


def test_a_card_shows_current_and_coming_parties_by_role_and_name_never_an_ended_one(wereld: Wereld) -> None:
    vandaag = timezone.localdate()
    for naam, van, tot in (
        ("Wijkteam Voorbij", dt.date(2020, 1, 1), vandaag - dt.timedelta(days=1)),
        ("Ziekenhuis Straks", vandaag + dt.timedelta(days=30), None),
    ):
        org = services.organisatie_opslaan(
            organisatie=OrganisatieFactory.build(naam=naam, soort=soort_met_code("ziekenhuis")), acting_user=None
        )
        services.deelname_opslaan(
            deelname=Deelname(regio=wereld.regio, organisatie=org, rol="deelnemer", van=van, tot=tot),
            acting_user=None,
        )
    (kaart,) = selectors.regiokaarten([wereld.regio], vandaag)
    overzicht = selectors.regio_overzicht(wereld.regio, op=vandaag)  # the region page's rule for the same list
    assert [naam for naam, _soort, _rol in kaart.partijen] == [d.organisatie.naam for d in overzicht.deelnames]
    assert ("Ziekenhuis Straks", "Ziekenhuis", "") in kaart.partijen
    assert "Wijkteam Voorbij" not in {naam for naam, _soort, _rol in kaart.partijen}
    assert (wereld.zorggroep.naam, wereld.zorggroep.soort.naam, "contractpartij") in kaart.partijen
    assert kaart.gemeenten == [g.naam for g in overzicht.gemeenten]
    assert kaart.signaal == overzicht.signaal


def test_a_changed_name_population_or_party_shows_on_the_next_request(wereld: Wereld) -> None:
    """The cards are kept as rendered fragments keyed by their content ({% bewaard %}): any change is a new key."""
    client = _client(wereld.lezer)
    url = reverse("regio:mijn_regios")
    html = client.get(url).content.decode()
    assert "105.000" in html and "Verzekeraar Noord" in html
    wereld.tweede_verzekeraar.naam = "Verzekeraar Noord-Oost"
    services.organisatie_opslaan(organisatie=wereld.tweede_verzekeraar, acting_user=None)
    gemeente = wereld.regio.gemeenten.order_by("naam").first()
    assert gemeente is not None
    gemeente.inwoners += 1
    gemeente.save()
    Deelname.objects.filter(regio=wereld.regio, organisatie=wereld.praktijk).update(rol="contractpartij")
    html = client.get(url).content.decode()
    assert "Verzekeraar Noord-Oost" in html
    assert "105.001" in html and "105.000" not in html
    assert html.count('<span class="label label--nadruk">contractpartij</span>') == 3


@pytest.mark.parametrize("persona", IEDEREEN)
def test_the_dashboard_costs_a_fixed_number_of_queries_for_every_persona(contractwereld: Wereld, persona: str) -> None:
    """Waiting signatures, late reports, invitations, plans: whatever waits, the same ceiling; and the same count
    when the person's regions, parties and contracts grow."""
    w: Any = contractwereld
    user = getattr(w, persona)
    client = _client(user)
    url = reverse("regio:mijn_regios")
    client.get(url)  # the session's first request also notes the time of activity
    with CaptureQueriesContext(connection) as een:
        assert client.get(url).status_code == 200
    assert len(een.captured_queries) <= 13
    for _i in range(3):
        regio = RegioFactory.create()
        regio.gemeenten.set([GemeenteFactory.create(), GemeenteFactory.create()])
        for org in [*user.lidmaatschappen.values_list("organisatie", flat=True)] or [w.zorggroep.pk]:
            services.deelname_opslaan(
                deelname=Deelname(regio=regio, organisatie_id=org, rol="contractpartij", van=dt.date(2025, 1, 1)),
                acting_user=None,
            )
    with CaptureQueriesContext(connection) as meer:
        assert client.get(url).status_code == 200
    assert len(meer.captured_queries) == len(een.captured_queries)


@pytest.mark.parametrize("wijzigen", ["naam_bulk", "plan", "lidmaatschap_weg"])
def test_a_change_made_any_way_shows_on_the_next_request(wereld: Wereld, wijzigen: str) -> None:
    """A bulk update, a plan and an ended membership: nothing the page showed before comes back."""
    client = _client(wereld.bewerker)
    url = reverse("regio:mijn_regios")
    assert wereld.regio.naam in client.get(url).content.decode()
    if wijzigen == "naam_bulk":
        Regio.objects.filter(pk=wereld.regio.pk).update(naam="Heuvelland Nieuw")
        assert "Heuvelland Nieuw" in client.get(url).content.decode()
    elif wijzigen == "plan":
        plan = plan_maken(wereld)
        assert plan.titel in client.get(url).content.decode()
        Regioplan.objects.filter(pk=plan.pk).update(titel="Samen gezond 2030")
        assert "Samen gezond 2030" in client.get(url).content.decode()
    else:
        for lid in wereld.bewerker.lidmaatschappen.all():
            services.lidmaatschap_beeindigen(lidmaatschap=lid, acting_user=None)
        assert wereld.regio.naam not in client.get(url).content.decode()
