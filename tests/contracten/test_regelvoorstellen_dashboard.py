"""Contract-line proposals tell the other party: an e-mail to its editors (at once or in their daily digest, as
each chose for "Een voorstel wacht op het besluit van uw partij"), and a line on "Mijn regio's" until decided.
A contract whose lines are not all agreed by both is not listed as waiting for a signature but as "nog niet alle
regels akkoord" (contracten/dashboard.py, contracten/meldingen.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracten import regelvoorstellen, services
from contracten.models import Contract, Contractafspraak, Regelvoorstel
from regio.berichten import Bericht, Berichtsoort, Berichtvoorkeur, Bezorging
from regio.models import Gebruiker
from tests.contracten.werelden import afspraak_maken
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

WACHT = "voorstel op een afspraak wacht op het besluit van uw partij"
TEKENEN = "Wacht op uw handtekening"
NOG_NIET = "nog niet alle regels akkoord"


def _contract(w: Wereld) -> Contract:
    return Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]


def _voorstel(w: Wereld, wie: Gebruiker, bedrag: str = "90000.00") -> Regelvoorstel:
    return regelvoorstellen.regelvoorstel_doen(
        contract=_contract(w),
        afspraak=Contractafspraak.objects.get(pk=w.afspraak.pk),  # type: ignore[attr-defined]
        waarden={"bedrag_2026": bedrag},
        toelichting="Past in ons budget.",
        acting_user=wie,
    )


def _dashboard(user: Gebruiker) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("regio:mijn_regios")).content.decode()


def test_a_line_proposal_mails_the_other_partys_editors_and_not_the_own_party(
    contractwereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    w = contractwereld
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        voorstel = _voorstel(w, w.zorginkoper)
    ontvangers = sorted(a for m in mailoutbox for a in m.to)
    assert ontvangers == sorted([w.bewerker.email, w.beheerder.email, w.oud_gemandateerde.email])  # its editors
    mail = mailoutbox[0]
    assert f"Een voorstel van {w.verzekeraar.naam} wacht op uw besluit" in mail.subject
    assert "Praktijkondersteuner ouderenzorg" in mail.body and "Past in ons budget." in mail.body
    assert f"/contracten/{voorstel.contract_id}/#afspraak-{voorstel.afspraak_id}" in mail.body
    for wie in (w.zorginkoper, w.lezer, w.tweede_zorginkoper, w.buitenstaander):
        assert wie.email not in ontvangers


def test_a_counter_proposal_mails_the_first_party_and_a_digest_choice_holds_it_for_the_digest(
    contractwereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    w = contractwereld
    Berichtvoorkeur.objects.create(gebruiker=w.zorginkoper, soort=Berichtsoort.VOORSTEL_WACHT, bezorging="dagelijks")
    voorstel = _voorstel(w, w.zorginkoper)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        regelvoorstellen.regelvoorstel_tegenvoorstellen(
            voorstel=voorstel, waarden={"bedrag_2026": "95000.00"}, toelichting="Midden.", acting_user=w.bewerker
        )
    assert mailoutbox == []  # the insurer's only editor chose the digest
    rij = Bericht.objects.get(ontvanger=w.zorginkoper, soort=Berichtsoort.VOORSTEL_WACHT)
    assert rij.bezorging == Bezorging.DAGELIJKS and rij.verzonden_op is None
    assert "tegenvoorstel" in rij.onderwerp


def test_open_line_proposals_wait_on_the_dashboard_of_the_other_partys_editors_until_decided(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    voorstel = _voorstel(w, w.zorginkoper)
    for wie in (w.bewerker, w.beheerder):
        html = _dashboard(wie)
        assert "1 " + WACHT in html
        assert reverse("contracten:detail", args=[w.regio.slug, voorstel.contract_id]) in html
    for wie in (w.zorginkoper, w.lezer, w.tweede_zorginkoper):
        assert WACHT not in _dashboard(wie)
    regelvoorstellen.regelvoorstel_beslissen(
        voorstel=voorstel, aanvaard=False, toelichting="Te laag.", acting_user=w.bewerker
    )
    assert WACHT not in _dashboard(w.bewerker)


def test_the_dashboard_costs_the_same_queries_with_many_open_line_proposals(contractwereld: Wereld) -> None:
    w = contractwereld
    client = Client()
    client.force_login(w.beheerder)
    client.get(reverse("regio:mijn_regios"))  # warm the session
    with CaptureQueriesContext(connection) as zonder:
        client.get(reverse("regio:mijn_regios"))
    contract = _contract(w)
    for i in range(5):
        afspraak = afspraak_maken(w, contract, titel=f"Regel {i}", akkoord=False)
        regelvoorstellen.regelvoorstel_doen(
            contract=_contract(w),
            afspraak=afspraak,
            waarden={"bedrag_2026": f"{1000 + i}.00"},
            toelichting="Anders.",
            acting_user=w.zorginkoper,
        )
    contract = _contract(w)
    services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=w.bewerker)
    with CaptureQueriesContext(connection) as met:
        html = client.get(reverse("regio:mijn_regios")).content.decode()
    assert "5 voorstellen op afspraken wachten op het besluit van uw partij" in html
    assert "nog niet alle regels akkoord: 5 van 7 open" in html
    # The contract part now lists signing and proposals: a fixed handful more, not one per line or proposal.
    assert len(met.captured_queries) <= len(zonder.captured_queries) + 4


def test_a_contract_with_open_lines_is_not_listed_as_waiting_for_a_signature(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = _contract(w)
    afspraak_maken(w, contract, titel="Nog open", akkoord=False, bedragen={2026: Decimal("10.00")})
    contract = _contract(w)
    services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=w.bewerker)
    html = _dashboard(w.zorginkoper)
    assert TEKENEN not in html
    assert "nog niet alle regels akkoord: 1 van 3 open" in html
    regel = Contractafspraak.objects.get(contract=contract, titel="Nog open")
    regelvoorstellen.afspraak_akkoord_geven(afspraak=regel, gelezen_versie=regel.versie, acting_user=w.zorginkoper)
    html = _dashboard(w.zorginkoper)
    assert TEKENEN in html and NOG_NIET not in html
