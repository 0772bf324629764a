"""A result is confirmed or disputed by the party that did not record it: never by the same party or the person
who recorded it, never by a reader; a correction makes it open again; disputed results are on both dashboards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from contracten import bevestiging, resultaten
from contracten.models import Bevestiging, Meetresultaat
from regio import wijzigingen
from regio.models import Rol
from tests.contracten.test_monitoring import client_voor, resultaat, zichtbare_tekst
from tests.contracten.test_rapportagemomenten import vandaag_is
from tests.personas import Wereld, _lid

pytestmark = pytest.mark.django_db

D = Decimal
VANDAAG = dt.date(2026, 12, 7)


@pytest.fixture
def w(contractwereld: Wereld, monkeypatch: pytest.MonkeyPatch) -> Any:
    vandaag_is(monkeypatch, VANDAAG)
    return contractwereld


def _url(w: Any, naam: str, r: Meetresultaat) -> str:
    return reverse(f"contracten:{naam}", args=[w.regio.slug, w.contract.pk, r.pk])


def test_the_other_party_confirms_a_result_and_the_page_says_so(w: Any) -> None:
    r = resultaat(w, dt.date(2026, 9, 30), "55")  # recorded for the zorggroep
    client = client_voor(w.zorginkoper)
    pagina = client.post(_url(w, "resultaat_bevestigen", r), {"versie": r.versie}, follow=True)
    assert pagina.status_code == 200
    r.refresh_from_db()
    assert (r.bevestiging, r.beoordeeld_door, r.beoordeeld_namens) == (
        Bevestiging.BEVESTIGD,
        w.zorginkoper,
        w.verzekeraar,
    )
    tekst = zichtbare_tekst(pagina.content.decode())
    assert "Het resultaat is bevestigd." in tekst and "bevestigd door Daan Inkoper" in tekst
    regel = wijzigingen.van(w.contract).first()
    assert regel is not None and "Resultaat bevestigd" in regel.wat


def test_the_party_that_recorded_a_result_cannot_confirm_it_and_readers_cannot_either(w: Any) -> None:
    r = resultaat(w, dt.date(2026, 9, 30), "55")
    # The recorder, and a colleague of the same party: 403.
    for wie in (w.bewerker, w.beheerder):
        assert client_voor(wie).post(_url(w, "resultaat_bevestigen", r)).status_code == 403
        with pytest.raises(PermissionDenied):
            bevestiging.resultaat_bevestigen(resultaat=r, acting_user=wie)
    # A reader of the other party sees the result but decides nothing.
    lezer = _lid(w.verzekeraar, Rol.LEZER, naam="Lies Lezer", email="lies@zuid.test")
    assert client_voor(lezer).post(_url(w, "resultaat_bevestigen", r)).status_code == 403
    # Outside the contract: the result does not exist.
    for wie in (w.tweede_zorginkoper, w.lezer, w.koepel):
        assert client_voor(wie).post(_url(w, "resultaat_bevestigen", r)).status_code == 404
    r.refresh_from_db()
    assert r.bevestiging == Bevestiging.OPEN


def test_a_dispute_needs_a_reason_and_shows_on_both_parties_dashboards(w: Any) -> None:
    r = resultaat(w, dt.date(2026, 9, 30), "55")
    client = client_voor(w.zorginkoper)
    client.post(_url(w, "resultaat_betwisten", r), {"reden": "   "})
    r.refresh_from_db()
    assert r.bevestiging == Bevestiging.OPEN
    with pytest.raises(ValidationError):
        bevestiging.resultaat_betwisten(resultaat=r, reden="", acting_user=w.zorginkoper)
    client.post(_url(w, "resultaat_betwisten", r), {"reden": "Telling mist praktijk De Linde", "versie": r.versie})
    r.refresh_from_db()
    assert (r.bevestiging, r.betwist_reden) == (Bevestiging.BETWIST, "Telling mist praktijk De Linde")
    for wie in (w.bewerker, w.zorginkoper):
        tekst = zichtbare_tekst(client_voor(wie).get(reverse("regio:mijn_regios")).content.decode())
        assert "1 betwist resultaat" in tekst and "Telling mist praktijk De Linde" in tekst
    # Not for the second insurer, who is no party.
    tekst = zichtbare_tekst(client_voor(w.tweede_zorginkoper).get(reverse("regio:mijn_regios")).content.decode())
    assert "betwist" not in tekst


def test_correcting_a_result_makes_it_open_again(w: Any) -> None:
    r = resultaat(w, dt.date(2026, 9, 30), "55")
    bevestiging.resultaat_betwisten(resultaat=r, reden="Te hoog", acting_user=w.zorginkoper)
    r.refresh_from_db()
    gecorrigeerd = resultaten.resultaat_vastleggen(
        contract=w.contract,
        meetpunt=w.meetpunt,
        peildatum=r.peildatum,
        waarde=D("51"),
        gelezen_versie=r.versie,
        acting_user=w.bewerker,
    )
    gecorrigeerd.refresh_from_db()
    assert (gecorrigeerd.bevestiging, gecorrigeerd.betwist_reden, gecorrigeerd.beoordeeld_door) == (
        Bevestiging.OPEN,
        "",
        None,
    )
    # A judgement on the old value is refused: the other party looks at the new one.
    with pytest.raises(ValidationError):
        bevestiging.resultaat_bevestigen(resultaat=r, acting_user=w.zorginkoper, gelezen_versie=r.versie)
    bevestiging.resultaat_bevestigen(
        resultaat=gecorrigeerd, acting_user=w.zorginkoper, gelezen_versie=gecorrigeerd.versie
    )
    assert Meetresultaat.objects.get(pk=r.pk).bevestiging == Bevestiging.BEVESTIGD


def test_the_page_shows_the_buttons_only_to_whoever_may_use_them(w: Any) -> None:
    resultaat(w, dt.date(2026, 9, 30), "55")
    url = reverse("contracten:meetpunt", args=[w.regio.slug, w.contract.pk, w.meetpunt.pk])
    eigen = zichtbare_tekst(client_voor(w.bewerker).get(url).content.decode())
    andere = zichtbare_tekst(client_voor(w.zorginkoper).get(url).content.decode())
    assert "nog niet bevestigd" in eigen and "Bevestigen" not in eigen and "Betwisten" not in eigen
    assert "Bevestigen" in andere and "Betwisten" in andere


def test_a_practices_own_figure_is_corrected_through_the_form_withdrawing_the_confirmation_and_logged(w: Any) -> None:
    from contracten.models import Praktijkdeelname

    Praktijkdeelname.objects.filter(pk=w.deelname.pk).update(besluit=Praktijkdeelname.Besluit.DOET_MEE)
    anna = client_voor(w.bewerker)
    url = reverse("contracten:resultaat_vastleggen", args=[w.regio.slug, w.contract.pk, w.meetpunt.pk])
    velden = {"peildatum": "2026-09-30", "praktijk": str(w.praktijk.pk)}
    # Entered through the form: the practice's own figure, beside the contract's own one of the same date.
    assert anna.post(url, {**velden, "waarde": "61,25"}).status_code == 302
    eigen = resultaat(w, dt.date(2026, 9, 30), "58")
    van_praktijk = Meetresultaat.objects.get(praktijk=w.praktijk)
    bevestiging.resultaat_bevestigen(resultaat=van_praktijk, acting_user=w.zorginkoper)
    bevestiging.resultaat_bevestigen(resultaat=eigen, acting_user=w.zorginkoper)

    pagina = anna.get(
        reverse("contracten:meetpunt", args=[w.regio.slug, w.contract.pk, w.meetpunt.pk]),
        {"corrigeer": van_praktijk.pk},
    ).content.decode()
    assert "Resultaat corrigeren" in pagina and f'<option value="{w.praktijk.pk}" selected>' in pagina
    # A practice that does not take part: refused in Dutch, nothing changed.
    fout = anna.post(url, {**velden, "praktijk": "999999", "waarde": "1", "versie": "1"})
    assert fout.status_code == 400 and "Selecteer een geldige keuze" in fout.content.decode()

    assert anna.post(url, {**velden, "waarde": "62,5", "versie": "1"}).status_code == 302
    van_praktijk.refresh_from_db()
    eigen.refresh_from_db()
    assert (van_praktijk.waarde, van_praktijk.versie) == (D("62.50"), 2)
    # The insurer confirmed the old value: the correction withdraws it; the contract's own figure keeps its own.
    assert (van_praktijk.bevestiging, van_praktijk.beoordeeld_door) == (Bevestiging.OPEN, None)
    assert (eigen.waarde, eigen.bevestiging) == (D("58.00"), Bevestiging.BEVESTIGD)
    regel = wijzigingen.van(w.contract).first()
    assert regel is not None and regel.wat == (
        "Resultaat gecorrigeerd voor “Praktijken met een POH ouderenzorg” van Praktijk De Linde op 30-09-2026: "
        "62,5% (was 61,25%); de beoordeling (bevestigd) door Verzekeraar Zuid is ingetrokken en het resultaat "
        "wacht weer op hen"
    )
    # The other party can confirm the corrected value again.
    opnieuw = bevestiging.resultaat_bevestigen(resultaat=van_praktijk, acting_user=w.zorginkoper, gelezen_versie=2)
    assert opnieuw.bevestiging == Bevestiging.BEVESTIGD
