"""Publishing an adopted plan: each contracting party decides through a member with a valid "regioplan" mandate;
when both have, the plan has a public page (no sign-in) and is listed; either party withdraws it. The public page
shows no comments, internal notes, people or amounts; unpublished plans are 404 there."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from regio.models import Auditregel, Documentwijziging, Pdfopdracht
from regioplan import publicatie, services
from regioplan.models import Activiteit, Meetpunt, Publicatiebesluit, Regioplan
from tests.matrix import ingelogd
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


def _plan(w: Wereld) -> Regioplan:
    return Regioplan.objects.select_related("regio").get(pk=w.vastgesteld_plan.pk)  # type: ignore[attr-defined]


def _openbaar(plan: Regioplan) -> str:
    return reverse("regioplan:openbaar_detail", args=[plan.pk])


def _publiceren(w: Wereld) -> Regioplan:
    for wie in (w.beheerder, w.zorginkoper):
        publicatie.publicatie_besluiten(regioplan=_plan(w), acting_user=wie)
    return _plan(w)


def test_the_plan_is_public_only_once_both_parties_decided(contractwereld: Wereld) -> None:
    w = contractwereld
    anoniem = Client()
    publicatie.publicatie_besluiten(regioplan=_plan(w), acting_user=w.beheerder)
    plan = _plan(w)
    assert plan.gepubliceerd_op is None
    assert anoniem.get(_openbaar(plan)).status_code == 404
    assert plan.titel not in anoniem.get(reverse("regioplan:openbaar_lijst")).content.decode()

    publicatie.publicatie_besluiten(regioplan=plan, acting_user=w.zorginkoper)
    plan = _plan(w)
    assert plan.gepubliceerd_op is not None
    pagina = anoniem.get(_openbaar(plan))
    assert pagina.status_code == 200 and plan.titel in pagina.content.decode()
    assert plan.titel in anoniem.get(reverse("regioplan:openbaar_lijst")).content.decode()
    wat = list(
        Documentwijziging.objects.filter(document_id=plan.pk, document_soort="regioplan.regioplan").values_list(
            "wat", flat=True
        )
    )
    assert "openbaar gemaakt: alle contractpartijen besloten" in wat
    assert (
        Auditregel.objects.filter(
            soort=Auditregel.Soort.GOEDKEURING, wat__contains="besloten tot openbaarmaking"
        ).count()
        == 2
    )


def test_either_party_withdraws_and_both_decide_again(contractwereld: Wereld) -> None:
    w = contractwereld
    plan = _publiceren(w)
    publicatie.publicatie_intrekken(regioplan=plan, acting_user=w.zorginkoper)
    plan = _plan(w)
    assert plan.gepubliceerd_op is None
    assert Client().get(_openbaar(plan)).status_code == 404
    assert not Publicatiebesluit.objects.filter(regioplan=plan, ingetrokken_op__isnull=True).exists()
    # One party deciding again is not enough.
    publicatie.publicatie_besluiten(regioplan=plan, acting_user=w.beheerder)
    assert _plan(w).gepubliceerd_op is None


def test_only_a_mandated_member_decides_and_only_once(contractwereld: Wereld) -> None:
    w = contractwereld
    with pytest.raises(PermissionDenied):
        publicatie.publicatie_besluiten(regioplan=_plan(w), acting_user=w.bewerker)
    with pytest.raises(PermissionDenied):
        publicatie.publicatie_intrekken(regioplan=_plan(w), acting_user=w.tweede_zorginkoper)
    publicatie.publicatie_besluiten(regioplan=_plan(w), acting_user=w.beheerder)
    with pytest.raises(ValidationError, match="al besloten"):
        publicatie.publicatie_besluiten(regioplan=_plan(w), acting_user=w.beheerder)


def test_a_plan_that_is_not_adopted_cannot_be_published(contractwereld: Wereld) -> None:
    w = contractwereld
    nieuw = services.regioplan_nieuwe_versie(regioplan=_plan(w), acting_user=w.bewerker)
    with pytest.raises(ValidationError, match="vastgestelde plan"):
        publicatie.publicatie_besluiten(regioplan=nieuw, acting_user=w.beheerder)


def test_the_public_page_shows_the_plan_without_comments_notes_people_or_amounts(contractwereld: Wereld) -> None:
    w = contractwereld
    plan = _plan(w)
    activiteit = Activiteit.objects.filter(regioplan=plan).first()
    assert activiteit is not None
    Activiteit.objects.filter(pk=activiteit.pk).update(begroting=Decimal("98765.00"))
    meetpunt = Meetpunt.objects.filter(activiteit=activiteit).first()
    assert meetpunt is not None
    geld = Meetpunt.objects.create(
        activiteit=activiteit,
        omschrijving="Kosten per patiënt",
        eenheid="euro",
        streefwaarde=Decimal("4321.00"),
        streefdatum=meetpunt.streefdatum,
        eigenaar=w.zorggroep,
    )
    services.reactie_plaatsen(regioplan=plan, tekst="Geheime reactie", acting_user=w.lezer)
    services.reactie_plaatsen(
        regioplan=plan, tekst="Interne notitie", intern_voor=w.verzekeraar, acting_user=w.zorginkoper
    )
    plan = _publiceren(w)

    html = Client().get(_openbaar(plan)).content.decode()
    assert activiteit.titel in html and meetpunt.omschrijving in html and geld.omschrijving in html
    for verborgen in (
        "Geheime reactie",
        "Interne notitie",
        "98.765",
        "98765",
        "4.321",
        "€",
        w.bewerker.naam,
        w.beheerder.naam,
    ):
        assert verborgen not in html, verborgen
    assert "Zorggroep Eigen" in html and "Verzekeraar Zuid" in html


def test_the_plan_page_offers_the_decision_to_the_mandated(contractwereld: Wereld) -> None:
    w = contractwereld
    plan = _plan(w)
    url = reverse("regioplan:detail", args=[plan.regio.slug, plan.pk])
    html = ingelogd(w.beheerder).get(url).content.decode()
    assert "Openbaar maken namens Zorggroep Eigen" in html
    antwoord = ingelogd(w.beheerder).post(reverse("regioplan:publiceren", args=[plan.regio.slug, plan.pk]), follow=True)
    assert "Het plan wordt openbaar als de andere partij ook besluit." in antwoord.content.decode()
    assert "Openbaarmaking intrekken" in antwoord.content.decode()
    assert "Openbaar maken namens" not in ingelogd(w.bewerker).get(url).content.decode()
    assert (
        ingelogd(w.bewerker).post(reverse("regioplan:publiceren", args=[plan.regio.slug, plan.pk])).status_code == 403
    )


def test_the_public_pdf_is_made_on_publication_and_holds_what_the_public_page_holds(
    contractwereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    w = contractwereld
    plan = _plan(w)
    url = reverse("regioplan:openbaar_pdf", args=[plan.pk])
    services.reactie_plaatsen(regioplan=plan, tekst="Geheime reactie", acting_user=w.lezer)
    Activiteit.objects.filter(regioplan=plan).update(begroting=Decimal("98765.00"))
    publicatie.publicatie_besluiten(regioplan=plan, acting_user=w.beheerder)
    assert Client().get(url).status_code == 404  # one party is not enough
    with django_capture_on_commit_callbacks(execute=True):
        publicatie.publicatie_besluiten(regioplan=_plan(w), acting_user=w.zorginkoper)
    antwoord = Client().get(url)
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(antwoord.getvalue())).pages)
    activiteit = Activiteit.objects.filter(regioplan=plan).first()
    assert activiteit is not None and activiteit.titel in tekst and "Zorggroep Eigen" in tekst
    for verborgen in ("Geheime reactie", "98.765", "€", "Goedkeuring", w.beheerder.naam):
        assert verborgen not in tekst, verborgen

    publicatie.publicatie_intrekken(regioplan=_plan(w), acting_user=w.zorginkoper)
    assert Client().get(url).status_code == 404


def test_a_public_pdf_still_being_made_says_so_and_is_asked_for_once(contractwereld: Wereld) -> None:
    plan = _publiceren(contractwereld)  # no commit in this test: the worker does not run
    Pdfopdracht.objects.filter(soort="openbaar_regioplan").delete()  # published before public PDFs existed
    antwoord = Client().get(reverse("regioplan:openbaar_pdf", args=[plan.pk]))
    assert antwoord.status_code == 503 and antwoord["Retry-After"] == "60"
    assert "De pdf wordt gemaakt" in antwoord.content.decode()
    assert Pdfopdracht.objects.filter(soort="openbaar_regioplan", object_id=plan.pk).count() == 1
    assert f'href="/openbaar/regioplannen/{plan.pk}/pdf/"' in Client().get(_openbaar(plan)).content.decode()
