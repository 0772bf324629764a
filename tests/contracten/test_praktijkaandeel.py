"""A practice's invitation shows what that practice would receive: its own share per year, worked out by hand
here, and never the contract's amounts or another practice's share."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from contracten import addenda
from contracten.financiering import Regelbedrag
from contracten.models import Contractafspraak, Praktijkdeelname
from contracten.praktijkaandeel import aandeel_per_jaar, eigen_aandeel
from regio.models import Deelname, Rol
from tests.contracten.test_monitoring import client_voor, zichtbare_tekst
from tests.contracten.werelden_addenda import getekend, index_afspreken, opstellen, regel, tekenen
from tests.personas import Wereld, _deelname, _lid, _org

D = Decimal


def _regel(jaar: int, bedrag: str, aandeel: str) -> Regelbedrag:
    return Regelbedrag("S3-regel", "S3", jaar, D(bedrag), D(aandeel))


def test_the_practices_part_is_divided_equally_and_rounded_half_up_once_per_year() -> None:
    regels = [
        _regel(2026, "25000.00", "50"),  # 12.500,00 for the practices
        _regel(2026, "1000.01", "100"),  # 1.000,01
        _regel(2027, "10.00", "15"),  # 1,50
    ]
    # 2026: 13.500,01 / 3 = 4.500,003.. -> 4.500,00; 2027: 1,50 / 3 = 0,50.
    assert aandeel_per_jaar(regels, 3) == {2026: D("4500.00"), 2027: D("0.50")}
    # 0,05 / 2 = 0,025 -> 0,03 (half up), not 0,02 (banker's rounding).
    assert aandeel_per_jaar([_regel(2026, "0.10", "50")], 2) == {2026: D("0.03")}
    # Nobody else takes part: the practice is counted as the one.
    assert aandeel_per_jaar([_regel(2026, "100.00", "70")], 0) == {2026: D("70.00")}


@pytest.mark.django_db
def test_the_invitation_shows_the_own_share_and_no_other_amounts(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    # A second practice of the region already joined the package: the practices' part is split in two.
    tweede = _org("Praktijk De Eik", "huisartsenpraktijk")
    _deelname(w.regio, tweede, Deelname.DeelnameRol.DEELNEMER)
    Praktijkdeelname.objects.create(
        contract=w.contract,
        pakket=w.pakket,
        praktijk=tweede,
        besluit=Praktijkdeelname.Besluit.DOET_MEE,
        besloten_op=timezone.localdate(),
        uitgenodigd_door=w.bewerker,
    )
    # The package line: 25.000 in 2026 and 2027, 50% for practices: 12.500 a year, 6.250 each.
    assert eigen_aandeel(w.deelname).per_jaar == {2026: D("6250.00"), 2027: D("6250.00")}
    response = client_voor(w.lezer).get(reverse("contracten:uitnodiging", args=[w.regio.slug, w.deelname.pk]))
    tekst = zichtbare_tekst(response.content.decode())
    assert response.status_code == 200
    assert "Wat uw praktijk ontvangt" in tekst
    assert tekst.count("6.250,00") == 2 and "12.500,00" in tekst  # two years, and their total
    # Not the line's amount, the S2 line, the contract's total, nor the number of practices or the percentage.
    for niet in ("25.000", "100.000", "50%", "50 %", "De Eik"):
        assert niet not in tekst
    assert not re.search(r"\b2 praktijken\b", tekst)

    # The other practice's own page shows its own share, and only to its own members.
    eik_lid = _lid(tweede, Rol.LEZER, naam="Evi Eik", email="evi@eik.test")
    eik = Praktijkdeelname.objects.get(praktijk=tweede)
    assert client_voor(eik_lid).get(reverse("contracten:uitnodiging", args=[w.regio.slug, eik.pk])).status_code == 200
    assert client_voor(w.lezer).get(reverse("contracten:uitnodiging", args=[w.regio.slug, eik.pk])).status_code == 404


@pytest.mark.django_db
def test_the_own_share_follows_the_signed_addenda_and_the_confirmed_indexation(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    contract = getekend(w)
    triage = Contractafspraak.objects.get(pakket=w.pakket)
    # An addendum raises the package line to 30.000 in 2027 and makes it indexed; 2027's index is 3,1 %.
    addendum = opstellen(w)
    regel(
        w,
        addendum,
        {2026: D("25000.00"), 2027: D("30000.00")},
        afspraak=triage,
        titel=triage.titel,
        aandeel_praktijk=D("50"),
        aandeel_regio=D("50"),
        geindexeerd=True,
    )
    tekenen(addendum, w.beheerder)
    tekenen(addendum, w.zorginkoper)
    index_afspreken(w, contract, 2027, D("3.1"))
    assert len(addenda.geldende_regels(contract)) == 2
    # By hand: 2026 25.000 x 50 % = 12.500,00; 2027 30.000 + 3,1 % = 30.930,00 x 50 % = 15.465,00 (one practice).
    assert eigen_aandeel(Praktijkdeelname.objects.get(pk=w.deelname.pk)).per_jaar == {
        2026: D("12500.00"),
        2027: D("15465.00"),
    }
