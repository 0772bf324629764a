"""The demo's monitoring runs itself: reporting dates made at signing, an imported result confirmed by the other
party and one disputed; loading again changes nothing and mails nobody."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from contracten.demo import TITEL
from contracten.demo_monitoring import BESTAND, PEILDATUM
from contracten.models import Bevestiging, Meetresultaat, Rapportagemoment, Resultaatimport
from tests.contracten.test_rapportagemomenten import vandaag_is

pytestmark = pytest.mark.django_db


def test_the_demo_contract_has_made_dates_a_confirmed_import_and_a_dispute(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    vandaag_is(monkeypatch, dt.date(2026, 12, 7))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_laden")
    assert mail.outbox == []
    momenten = Rapportagemoment.objects.filter(contract__titel=TITEL)
    # Made from the points' frequencies when both signed: the year's report, due after the year.
    assert momenten.filter(uiterlijk=dt.date(2027, 1, 31)).exists()
    imp = Resultaatimport.objects.get(contract__titel=TITEL, bestandsnaam=BESTAND)
    assert imp.status == "opgeslagen" and imp.aantal_opgeslagen == 1
    resultaten = Meetresultaat.objects.filter(contract__titel=TITEL, peildatum=PEILDATUM).select_related(
        "vastgelegd_door", "beoordeeld_door"
    )
    staat = {
        (r.vastgelegd_door.email.split("@")[0], r.bevestiging, r.beoordeeld_door.email.split("@")[0])
        for r in resultaten
        if r.beoordeeld_door
    }
    assert ("daan", Bevestiging.BEVESTIGD, "anna") in staat
    assert ("anna", Bevestiging.BETWIST, "daan") in staat

    tellingen = (momenten.count(), Meetresultaat.objects.count(), Resultaatimport.objects.count())
    call_command("demo_laden")
    assert (momenten.count(), Meetresultaat.objects.count(), Resultaatimport.objects.count()) == tellingen
