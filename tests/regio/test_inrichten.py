"""The koepel sets up a region in one screen: gemeenten by name or CBS code with the population and the guide's
band, the boundary type, the parties with roles and periods, and a first invitation to each party's manager; one
submit, all or nothing, in the log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from regio import inrichten
from regio.models import Auditregel, Deelname, Gemeente, Organisatie, Regio, Rol, Uitnodiging
from tests.factories import OrganisatieFactory, soort
from tests.matrix import ingelogd
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

NOORD_LIMBURG = "Venlo, Venray, Horst aan de Maas, Peel en Maas, Beesel, Bergen (L.), Gennep"
URL = "/koepel/regio-inrichten/"


@pytest.fixture
def gemeenten(db: None) -> None:
    call_command("gemeenten_laden", verbosity=0)


def _rij(n: int, organisatie: str = "", rol: str = "contractpartij", email: str = "", **extra: str) -> dict[str, str]:
    return {
        f"partij-{n}-organisatie": organisatie,
        f"partij-{n}-rol": rol,
        f"partij-{n}-van": extra.get("van", ""),
        f"partij-{n}-tot": extra.get("tot", ""),
        f"partij-{n}-beheerder_email": email,
    }


def _formulier(
    wereld: Wereld, gemeenten: str = NOORD_LIMBURG, actie: str = "inrichten", **extra: str
) -> dict[str, str]:
    data = {
        "naam": "Noord-Limburg",
        "gemeenten": gemeenten,
        "afbakening": Regio.Afbakening.GEMEENTEGRENZEN,
        "actie": actie,
        "partij-TOTAL_FORMS": "4",
        "partij-INITIAL_FORMS": "0",
        "partij-MIN_NUM_FORMS": "0",
        "partij-MAX_NUM_FORMS": "40",
        **_rij(0, "Zorggroep Eigen", email="manager@zorggroep-nl.test"),
        **_rij(1, "Verzekeraar Zuid", email="inkoop@zuid.test"),
        **_rij(2, "Praktijk De Linde", rol="deelnemer", van="2027-01-01"),
        **_rij(3),
    }
    data.update(extra)
    return data


def test_the_koepel_sets_up_noord_limburg_with_one_submit(
    wereld: Wereld, gemeenten: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = ingelogd(wereld.koepel).post(URL, _formulier(wereld))

    regio = Regio.objects.get(naam="Noord-Limburg")
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("regio:regio_detail", args=[regio.slug])
    assert sorted(regio.gemeenten.values_list("code", flat=True)) == sorted(
        ["GM0983", "GM0984", "GM1507", "GM1894", "GM0889", "GM0893", "GM0907"]
    )
    deelnames = {d.organisatie.naam: (d.rol, d.van) for d in Deelname.objects.filter(regio=regio)}
    assert deelnames == {
        "Zorggroep Eigen": ("contractpartij", timezone.localdate()),
        "Verzekeraar Zuid": ("contractpartij", timezone.localdate()),
        "Praktijk De Linde": ("deelnemer", dt.date(2027, 1, 1)),
    }
    uitnodigingen = Uitnodiging.objects.filter(uitgenodigd_door=wereld.koepel).order_by("email")
    assert [(u.email, u.rol, u.organisatie.naam) for u in uitnodigingen] == [
        ("inkoop@zuid.test", Rol.BEHEERDER, "Verzekeraar Zuid"),
        ("manager@zorggroep-nl.test", Rol.BEHEERDER, "Zorggroep Eigen"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["inkoop@zuid.test", "manager@zorggroep-nl.test"]
    regel = Auditregel.objects.get(soort=Auditregel.Soort.REGIO)
    assert regel.regio == regio and regel.gebruiker == wereld.koepel
    assert "GM0983" in regel.wat and "Verzekeraar Zuid als contractpartij" in regel.wat
    # The parties' members see the new region; the page they land on shows it.
    pagina = ingelogd(wereld.koepel).get(antwoord["Location"])
    assert "Noord-Limburg" in pagina.content.decode()


def test_checking_shows_the_population_and_the_band_without_saving(wereld: Wereld, gemeenten: None) -> None:
    antwoord = ingelogd(wereld.koepel).post(URL, _formulier(wereld, gemeenten="GM0983\nvenray", actie="controleren"))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    totaal = sum(Gemeente.objects.filter(code__in=["GM0983", "GM0984"]).values_list("inwoners", flat=True))
    assert f"{totaal:,}".replace(",", ".") in html
    assert "Binnen de 50.000 tot 200.000" in html
    assert not Regio.objects.filter(naam="Noord-Limburg").exists()

    alle_zeven = ingelogd(wereld.koepel).post(URL, _formulier(wereld, actie="controleren"))
    # 282,239 inhabitants: above the guide's band, a warning and no refusal.
    assert "groter dan de 200.000 inwoners" in alle_zeven.content.decode()


def test_an_unknown_gemeente_is_named_and_nothing_is_saved(wereld: Wereld, gemeenten: None) -> None:
    antwoord = ingelogd(wereld.koepel).post(URL, _formulier(wereld, gemeenten="Venlo, Vnray"))
    assert antwoord.status_code == 400
    assert "Onbekende gemeente: Vnray" in antwoord.content.decode()
    assert not Regio.objects.filter(naam="Noord-Limburg").exists()
    # What was typed is still there.
    assert "Venlo, Vnray" in antwoord.content.decode()


def test_an_organisation_not_named_exactly_gets_suggestions(wereld: Wereld, gemeenten: None) -> None:
    antwoord = ingelogd(wereld.koepel).post(URL, _formulier(wereld, **_rij(0, "Zorggroep")))
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Geen organisatie heet precies Zorggroep" in html and "Zorggroep Eigen" in html
    assert not Regio.objects.filter(naam="Noord-Limburg").exists()


def test_a_refused_invitation_undoes_the_whole_set_up(wereld: Wereld, gemeenten: None) -> None:
    # Bram is already a member of the zorggroep: the invitation is refused, and the region is not half made.
    antwoord = ingelogd(wereld.koepel).post(
        URL, _formulier(wereld, **_rij(0, "Zorggroep Eigen", email=wereld.beheerder.email))
    )
    assert antwoord.status_code == 400
    assert "Zorggroep Eigen: Iemand met dit e-mailadres is al lid" in antwoord.content.decode()
    assert not Regio.objects.filter(naam="Noord-Limburg").exists()
    assert not Uitnodiging.objects.exists()


def test_a_region_needs_a_contracting_party_and_a_new_name(wereld: Wereld, gemeenten: None) -> None:
    data = _formulier(wereld, naam="Eigen regio", **_rij(0, "Zorggroep Eigen", rol="deelnemer"), **_rij(1))
    antwoord = ingelogd(wereld.koepel).post(URL, data)
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Er bestaat al een regio met deze naam." in html
    assert "Een regio heeft contractpartijen nodig" in html


def test_more_rows_without_javascript_keep_what_was_typed(wereld: Wereld, gemeenten: None) -> None:
    antwoord = ingelogd(wereld.koepel).post(URL, _formulier(wereld, actie="meer"))
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert 'name="partij-5-organisatie"' in html and "manager@zorggroep-nl.test" in html
    assert not Regio.objects.filter(naam="Noord-Limburg").exists()


def test_organisations_are_searched_a_handful_at_a_time(wereld: Wereld) -> None:
    for n in range(30):
        OrganisatieFactory.create(naam=f"Praktijk Zoekbaar {n:02d}", agb_code=f"0100{n:04d}")
    client = ingelogd(wereld.koepel)
    namen = [
        o["naam"] for o in client.get(reverse("regio:organisaties_zoeken"), {"q": "zoekbaar"}).json()["organisaties"]
    ]
    assert len(namen) == inrichten.ZOEK_MAXIMUM and namen == sorted(namen)
    op_agb = client.get(reverse("regio:organisaties_zoeken"), {"q": "01000007"}).json()["organisaties"]
    assert [o["naam"] for o in op_agb] == ["Praktijk Zoekbaar 07"]
    assert client.get(reverse("regio:organisaties_zoeken"), {"q": "z"}).json() == {"organisaties": []}


def test_gemeenten_are_recognised_by_name_or_code_in_any_form(gemeenten: None) -> None:
    gevonden, onbekend = inrichten.gemeenten_herkennen("gm0983; 984\n  horst AAN de maas ,Venlo, Atlantis")
    assert [g.code for g in gevonden] == ["GM0983", "GM0984", "GM1507"]
    assert onbekend == ["Atlantis"]


@pytest.mark.parametrize("persona", ["lezer", "beheerder", "zorginkoper"])
def test_only_koepel_staff_set_up_a_region(wereld: Wereld, persona: str) -> None:
    client = ingelogd(wereld.persona(persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL, _formulier(wereld)).status_code == 404
    assert client.get(reverse("regio:organisaties_zoeken"), {"q": "zorggroep"}).status_code == 404


def _nieuw(n: int, naam: str, soort_pk: int, agb: str = "", kvk: str = "", email: str = "") -> dict[str, str]:
    return {
        **_rij(n, naam, email=email),
        f"partij-{n}-nieuw": "on",
        f"partij-{n}-soort": str(soort_pk),
        f"partij-{n}-agb_code": agb,
        f"partij-{n}-kvk_nummer": kvk,
    }


def test_a_new_organisation_is_made_inline_with_the_region(
    wereld: Wereld, gemeenten: None, django_capture_on_commit_callbacks: Any
) -> None:
    verzekeraar = soort("zorgverzekeraar")
    data = _formulier(
        wereld, **_nieuw(1, "VGZ Noord-Limburg", verzekeraar.pk, "12345678", "87654321", "inkoop@vgz.test")
    )
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = ingelogd(wereld.koepel).post(URL, data)
    assert antwoord.status_code == 302
    nieuw = Organisatie.objects.get(naam="VGZ Noord-Limburg")
    assert (nieuw.soort, nieuw.agb_code, nieuw.kvk_nummer) == (verzekeraar, "12345678", "87654321")
    assert Deelname.objects.get(organisatie=nieuw).regio.naam == "Noord-Limburg"
    assert Uitnodiging.objects.get(organisatie=nieuw).email == "inkoop@vgz.test"
    assert nieuw.groepen.count() == 3  # its reader, editor and manager groups, as every organisation has
    assert (
        "VGZ Noord-Limburg als contractpartij (nieuwe organisatie)"
        in Auditregel.objects.get(soort=Auditregel.Soort.REGIO).wat
    )


def test_a_new_organisation_is_checked_and_not_made_when_the_set_up_fails(wereld: Wereld, gemeenten: None) -> None:
    verzekeraar = soort("zorgverzekeraar")
    klant = ingelogd(wereld.koepel)
    # Taken name (any case), taken AGB code, no kind, a malformed KvK number: each named at its row, nothing saved.
    html = klant.post(
        URL,
        _formulier(
            wereld,
            **_nieuw(1, "verzekeraar zuid", verzekeraar.pk),
            **_nieuw(2, "Praktijk Nieuw", 0, kvk="12ab"),
        ),
    ).content.decode()
    assert "Deze organisatie bestaat al: Verzekeraar Zuid." in html
    assert "Kies de soort van de nieuwe organisatie." in html or "Selecteer een geldige keuze" in html
    assert "open>" in html  # the new organisation's fields stay open, with what was typed
    # Valid new organisation, but the region's name is taken: the organisation is not made either.
    antwoord = klant.post(URL, _formulier(wereld, naam="Eigen regio", **_nieuw(1, "VGZ Noord-Limburg", verzekeraar.pk)))
    assert antwoord.status_code == 400 and "Er bestaat al een regio met deze naam." in antwoord.content.decode()
    assert not Organisatie.objects.filter(naam="VGZ Noord-Limburg").exists()
    # An organisation that does not exist and is not marked new points to the inline option.
    assert "bestaat nog niet" in klant.post(URL, _formulier(wereld, **_rij(1, "Onbekend BV"))).content.decode()
