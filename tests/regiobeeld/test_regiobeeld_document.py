"""Writing the regiobeeld together: parts, challenges, copies per year, conflicts, agreement and its withdrawal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from regio.gelijktijdig import Bewerkingsconflict
from regiobeeld import selectors, services
from regiobeeld.models import Deel, Uitdaging
from tests.personas import Wereld
from tests.regiobeeld.werelden import akkoordmandaten

pytestmark = pytest.mark.django_db


@pytest.fixture
def rb(wereld: Wereld):
    akkoordmandaten(wereld)
    return services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)


def test_a_new_regiobeeld_has_the_guides_six_parts_in_order(rb) -> None:
    doc = selectors.document(rb)
    assert [d.deel.soort for d in doc.delen] == [
        "partijen",
        "beschrijving",
        "trends",
        "zorgvraag",
        "zorgaanbod",
        "uitdagingen",
    ]


def test_a_new_year_starts_as_a_copy_of_the_last_one(wereld: Wereld, rb) -> None:
    deel = Deel.objects.get(regiobeeld=rb, soort="trends")
    services.deel_opslaan(
        deel=deel, gelezen_versie=deel.versie, duiding="Meer zorg thuis.", acting_user=wereld.bewerker
    )
    services.uitdaging_opslaan(uitdaging=Uitdaging(regiobeeld=rb, titel="Opvolging"), acting_user=wereld.bewerker)
    volgend = services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2027, acting_user=wereld.zorginkoper)
    assert volgend.gebaseerd_op == rb
    assert Deel.objects.get(regiobeeld=volgend, soort="trends").duiding == "Meer zorg thuis."
    assert [u.titel for u in volgend.uitdagingen.all()] == ["Opvolging"]


def test_two_regiobeelden_for_the_same_year_are_refused(wereld: Wereld, rb) -> None:
    with pytest.raises(ValidationError):
        services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)


def test_the_second_of_two_saves_of_the_same_part_does_not_overwrite_the_first(wereld: Wereld, rb) -> None:
    deel = Deel.objects.get(regiobeeld=rb, soort="zorgvraag")
    gelezen = deel.versie  # both parties opened version 1
    services.deel_opslaan(deel=deel, gelezen_versie=gelezen, duiding="Tekst van Anna", acting_user=wereld.bewerker)
    with pytest.raises(Bewerkingsconflict) as conflict:
        services.deel_opslaan(
            deel=Deel.objects.get(pk=deel.pk),
            gelezen_versie=gelezen,
            duiding="Tekst van Daan",
            acting_user=wereld.zorginkoper,
        )
    assert conflict.value.huidig.duiding == "Tekst van Anna"
    assert Deel.objects.get(pk=deel.pk).duiding == "Tekst van Anna"


def test_the_conflict_page_shows_both_texts_and_keeps_the_second_persons_words(wereld: Wereld, rb) -> None:
    deel = Deel.objects.get(regiobeeld=rb, soort="zorgvraag")
    url = reverse("regiobeeld:deel_bewerken", args=[wereld.regio.slug, 2026, "zorgvraag"])
    anna, daan = Client(), Client()
    anna.force_login(wereld.bewerker)
    daan.force_login(wereld.zorginkoper)
    assert anna.post(url, {"duiding": "Anna schrijft dit.", "versie": deel.versie}).status_code == 302
    response = daan.post(url, {"duiding": "Daan schrijft dat.", "versie": deel.versie})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft dit deel intussen opgeslagen" in html
    assert "Anna schrijft dit." in html and "Daan schrijft dat." in html
    # Daan merges and saves on top of Anna's version: accepted.
    nieuw = Deel.objects.get(pk=deel.pk)
    assert daan.post(url, {"duiding": "Anna schrijft dit. Daan vult aan.", "versie": nieuw.versie}).status_code == 302
    assert Deel.objects.get(pk=deel.pk).duiding == "Anna schrijft dit. Daan vult aan."
    assert Deel.history.filter(id=deel.pk, history_user=wereld.zorginkoper).exists()


def test_written_html_is_sanitised_on_the_page(wereld: Wereld, rb) -> None:
    deel = Deel.objects.get(regiobeeld=rb, soort="trends")
    services.deel_opslaan(
        deel=deel,
        gelezen_versie=deel.versie,
        acting_user=wereld.bewerker,
        duiding='<script>alert(1)</script> **vet** <img src="file:///etc/passwd"> [x](javascript:alert(1))',
    )
    client = Client()
    client.force_login(wereld.lezer)
    html = client.get(reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])).content.decode()
    assert "<strong>vet</strong>" in html
    assert "<script>alert" not in html and "<img" not in html and "javascript:alert" not in html
    # What looks like a tag is shown as the text it is (regio/opmaak.py), never as an element.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and '&lt;img src="file:///etc/passwd"&gt;' in html


def test_agreement_needs_a_valid_regiobeeld_mandate_of_a_contracting_party(wereld: Wereld, rb) -> None:
    with pytest.raises(PermissionDenied):
        services.akkoord_geven(regiobeeld=rb, acting_user=wereld.bewerker)  # editor without mandate
    with pytest.raises(PermissionDenied):
        services.akkoord_geven(regiobeeld=rb, acting_user=wereld.tweede_zorginkoper)  # not a contracting party
    services.akkoord_geven(regiobeeld=rb, acting_user=wereld.beheerder)


def test_an_expired_mandate_cannot_agree(wereld: Wereld, rb) -> None:
    from regio.models import Mandaat

    Mandaat.objects.filter(gebruiker=wereld.zorginkoper).update(geldig_tot=dt.date(2025, 6, 30))
    with pytest.raises(PermissionDenied):
        services.akkoord_geven(regiobeeld=rb, acting_user=wereld.zorginkoper)


def test_jointly_carried_only_when_both_parties_agreed_and_a_change_withdraws_it(wereld: Wereld, rb) -> None:
    services.akkoord_geven(regiobeeld=rb, acting_user=wereld.beheerder)
    assert not selectors.document(rb).gezamenlijk_gedragen
    services.akkoord_geven(regiobeeld=rb, acting_user=wereld.zorginkoper)
    rb.refresh_from_db()
    assert selectors.document(rb).gezamenlijk_gedragen

    deel = Deel.objects.get(regiobeeld=rb, soort="zorgaanbod")
    services.deel_opslaan(deel=deel, gelezen_versie=deel.versie, duiding="Nieuw inzicht.", acting_user=wereld.bewerker)
    rb.refresh_from_db()
    doc = selectors.document(rb)
    assert not doc.gezamenlijk_gedragen
    assert all(a.vervallen is not None and a.huidig is None for a in doc.akkoorden)

    client = Client()
    client.force_login(wereld.lezer)
    html = client.get(reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])).content.decode()
    assert "akkoord vervallen" in html
    assert "Nog niet gezamenlijk gedragen" in html


def test_agreeing_on_a_page_opened_before_a_change_asks_to_look_again(wereld: Wereld, rb) -> None:
    client = Client()
    client.force_login(wereld.beheerder)
    oude_versie = rb.versie
    services.uitdaging_opslaan(uitdaging=Uitdaging(regiobeeld=rb, titel="Nieuw"), acting_user=wereld.bewerker)
    response = client.post(
        reverse("regiobeeld:akkoord", args=[wereld.regio.slug, 2026]), {"versie": oude_versie}, follow=True
    )
    assert "is gewijzigd sinds u het opende" in response.content.decode()
    assert not rb.akkoorden.exists()


def test_a_party_cannot_agree_twice_to_the_same_version_and_the_button_says_it_did(wereld: Wereld, rb) -> None:
    services.akkoord_geven(regiobeeld=rb, acting_user=wereld.beheerder)
    rb.refresh_from_db()
    with pytest.raises(ValidationError):
        services.akkoord_geven(regiobeeld=rb, acting_user=wereld.beheerder)
    assert rb.akkoorden.count() == 1
    client = Client()
    client.force_login(wereld.beheerder)
    html = client.get(reverse("regiobeeld:detail", args=[wereld.regio.slug, 2026])).content.decode()
    assert "Uw organisatie heeft akkoord gegeven op versie" in html
    assert "Akkoord geven op versie" not in html


def test_a_second_save_of_the_same_part_shows_both_texts_side_by_side(wereld: Wereld, rb) -> None:
    url = reverse("regiobeeld:deel_bewerken", args=[wereld.regio.slug, 2026, "trends"])
    versie = Deel.objects.get(regiobeeld=rb, soort="trends").versie
    daan, anna = Client(), Client()
    daan.force_login(wereld.zorginkoper)
    anna.force_login(wereld.bewerker)
    assert daan.post(url, {"duiding": "Tekst van Daan", "versie": versie}).status_code == 302
    antwoord = anna.post(url, {"duiding": "Tekst van Anna", "versie": versie})
    assert antwoord.status_code == 409
    html = antwoord.content.decode()
    assert "Tekst van Daan" in html and "Tekst van Anna" in html and "Samengevoegde tekst opslaan" in html
    assert Deel.objects.get(regiobeeld=rb, soort="trends").duiding == "Tekst van Daan"
