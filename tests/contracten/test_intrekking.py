"""No silent withdrawals on the contract: every edit form says whose signature a save withdraws (and saving still
works), and the contract's readers see what changed since a signature: its lines and amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from contracten import services
from contracten.models import Contract, Ondertekening
from tests.contracten.werelden import STARTJAAR, aangeboden_en_getekend
from tests.matrix import ingelogd
from tests.personas import Wereld

pytestmark = pytest.mark.django_db


def _actueel(contract: Contract) -> Contract:
    return Contract.objects.get(pk=contract.pk)


@pytest.fixture
def getekend(contractwereld: Wereld) -> tuple[Contract, Ondertekening]:
    """The world's contract offered for signing and signed by the zorggroep (Bram Beheerder)."""
    return aangeboden_en_getekend(contractwereld)


def _url(contract: Contract, naam: str, *args: object) -> str:
    return reverse(f"contracten:{naam}", args=[contract.regio.slug, contract.pk, *args])


def test_every_edit_form_of_the_contract_says_whose_signature_saving_withdraws(
    contractwereld: Wereld, getekend: tuple[Contract, Ondertekening]
) -> None:
    contract, handtekening = getekend
    assert services.LEVENSLOOP.zou_intrekken(contract).staand == [handtekening]
    op = timezone.localtime(handtekening.gegeven_op)
    verwacht = f"Opslaan trekt de handtekening in van Zorggroep Eigen (Bram Beheerder, {op.day} "
    formulieren: list[tuple[Any, ...]] = [
        ("gegevens_bewerken",),
        ("afspraak_nieuw",),
        ("afspraak_bewerken", contractwereld.afspraak.pk),  # type: ignore[attr-defined]
        ("pakket_nieuw",),
        ("pakket_bewerken", contractwereld.pakket.pk),  # type: ignore[attr-defined]
        ("verdeelmodel_bewerken",),
    ]
    daan = ingelogd(contractwereld.zorginkoper)
    for naam, *args in formulieren:
        html = daan.get(_url(contract, naam, *args)).content.decode()
        assert verwacht in html, naam
        assert html.index(verwacht) < html.index("Opslaan</button>"), naam


def test_the_contracts_readers_see_the_lines_and_amounts_that_changed_since_a_signature(
    contractwereld: Wereld, getekend: tuple[Contract, Ondertekening]
) -> None:
    contract, handtekening = getekend
    afspraak = contractwereld.afspraak  # type: ignore[attr-defined]
    afspraak.refresh_from_db()
    afspraak.aandeel_praktijk, afspraak.aandeel_regio = Decimal("60"), Decimal("40")
    services.afspraak_opslaan(
        afspraak=afspraak,
        gelezen_versie=afspraak.versie,
        bedragen={j: Decimal("120000.00") if j == STARTJAAR else Decimal("100000.00") for j in contract.jaren},
        meetpunten=list(afspraak.meetpunten.all()),
        acting_user=contractwereld.zorginkoper,
    )
    contract = _actueel(contract)
    assert Ondertekening.objects.get(pk=handtekening.pk).ingetrokken_op is not None
    assert not services.LEVENSLOOP.zou_intrekken(contract)

    detail = ingelogd(contractwereld.zorginkoper).get(_url(contract, "detail")).content.decode()
    assert _url(contract, "sinds_ondertekening", handtekening.pk) in detail
    html = (
        ingelogd(contractwereld.zorginkoper)
        .get(_url(contract, "sinds_ondertekening", handtekening.pk))
        .content.decode()
    )
    assert "Wat is er veranderd sinds de handtekening van Zorggroep Eigen" in html
    regel = html[html.index(afspraak.titel) :]
    regel = regel[: regel.index("</ul>")]
    assert "gewijzigd" in regel
    assert f"bedrag {STARTJAAR}" in regel
    assert "100.000,00</del>" in regel and "120.000,00</ins>" in regel
    assert "70%</del>" in regel and "60%</ins>" in regel  # shares as a person reads them
    assert f"bedrag {STARTJAAR + 1}" not in regel  # unchanged amounts are not listed
    onveranderd = html[html.index("Innovatie: digitale triage") :]
    assert "ongewijzigd" in onveranderd[: onveranderd.index("</li>")]
