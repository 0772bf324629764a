"""The e-mail when a contract is offered for signing: through the outbox, to the mandated signers of both parties;
not to the second insurer (even with a contract mandate in the region), editors without a mandate or the offerer."""

from __future__ import annotations

from typing import Any

import pytest

from contracten import services
from contracten.models import Contract
from regio.berichten import Bericht, Berichtsoort
from regio.models import Mandaat, Onderwerp
from tests.personas import START, Wereld

pytestmark = pytest.mark.django_db


def test_offering_a_contract_for_signing_mails_the_signers_of_both_parties(
    contractwereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    w = contractwereld
    # A contract mandate of the second insurer (refused today; a row from before that rule) makes him no signer.
    Mandaat.objects.create(
        gebruiker=w.tweede_zorginkoper,
        organisatie=w.tweede_verzekeraar,
        regio=w.regio,
        onderwerp=Onderwerp.CONTRACT,
        geldig_van=START,
        verleend_door=w.koepel,
    )
    mailoutbox.clear()
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=w.bewerker)

    assert sorted(a for m in mailoutbox for a in m.to) == sorted([w.beheerder.email, w.zorginkoper.email])
    mail = mailoutbox[0]
    assert mail.subject == f"[Regio] {contract.titel} ligt klaar ter ondertekening"
    assert f"/contracten/{contract.pk}/#ondertekening" in mail.body
    assert Bericht.objects.filter(soort=Berichtsoort.TER_ONDERTEKENING, verzonden_op__isnull=False).count() == 2


def test_the_signer_who_offers_the_contract_is_not_mailed_about_it(
    contractwereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    w = contractwereld
    mailoutbox.clear()
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_aanbieden(contract=contract, gelezen_versie=contract.versie, acting_user=w.zorginkoper)
    assert sorted(a for m in mailoutbox for a in m.to) == [w.beheerder.email]
