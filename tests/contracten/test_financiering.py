"""contracten.financiering: the split of a line, the financial overview and the verdeelmodel, to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from contracten.financiering import (
    Aanbieder,
    Regelbedrag,
    Verdeelstatus,
    controleer_verdeling,
    financieel_overzicht,
    verdeel_bedrag,
    verdeel_budget,
)

D = Decimal


@pytest.fixture(autouse=True)
def _nederlands():
    with translation.override("nl"):
        yield


def per_naam(verdeling):
    return {r.naam: r for r in verdeling.regels}


# --- 1. one line ---


def test_een_derde_van_1000_01_gaat_naar_de_praktijk_en_de_rest_naar_de_regio():
    # 1000.01 * 33.33 % = 333.303333 -> 333.30 (half up); the regio gets the rest: 666.71.
    assert verdeel_bedrag(D("1000.01"), D("33.33")) == (D("333.30"), D("666.71"))


def test_de_praktijk_wordt_half_naar_boven_afgerond():
    # 0.05 * 50 % = 0.025 -> 0.03 for the practice, 0.02 for the regio.
    assert verdeel_bedrag(D("0.05"), D("50")) == (D("0.03"), D("0.02"))


def test_nul_en_honderd_procent_geven_alles_aan_een_kant():
    assert verdeel_bedrag(D("250.00"), D("0")) == (D("0.00"), D("250.00"))
    assert verdeel_bedrag(D("250.00"), D("100")) == (D("250.00"), D("0.00"))


@pytest.mark.parametrize(("bedrag", "aandeel"), [(D("-1.00"), D("50")), (D("1.00"), D("-0.01")), (D("1"), D("100.01"))])
def test_een_negatief_bedrag_of_een_aandeel_buiten_0_tot_100_wordt_geweigerd(bedrag, aandeel):
    with pytest.raises(ValueError, match=r"negatief|tussen 0% en 100%"):
        verdeel_bedrag(bedrag, aandeel)


def test_een_float_komt_er_niet_in():
    with pytest.raises(TypeError):
        verdeel_bedrag(100.0, D("50"))  # type: ignore[arg-type]


def test_een_verdeling_die_niet_op_100_uitkomt_geeft_een_nederlandse_melding():
    with pytest.raises(ValidationError) as fout:
        controleer_verdeling(D("60.00"), D("30.00"))
    assert fout.value.messages == [
        "Het aandeel van de praktijk (60%) en van de regio-organisatie (30%) tellen op tot 90%; "
        "samen moet dat 100% zijn."
    ]
    assert fout.value.error_list[0].code == "verdeling_niet_100"


def test_de_melding_schrijft_decimalen_met_een_komma():
    with pytest.raises(ValidationError) as fout:
        controleer_verdeling(D("62.50"), D("30"))
    assert "(62,5%)" in fout.value.messages[0]
    assert "92,5%;" in fout.value.messages[0]


def test_een_verdeling_van_samen_100_is_goed():
    controleer_verdeling(D("62.50"), D("37.5"))
    controleer_verdeling(D("100"), D("0.00"))


def test_een_negatief_aandeel_wordt_geweigerd_ook_als_de_som_100_is():
    with pytest.raises(ValidationError) as fout:
        controleer_verdeling(D("110"), D("-10"))
    assert fout.value.messages == ["Een aandeel ligt tussen 0% en 100%; 110% kan niet."]


# --- 2. the overview ---


def test_het_overzicht_telt_per_jaar_en_segment_en_splitst_per_regel():
    regels = [
        Regelbedrag("Inschrijftarief", "S1", 2026, D("1000.01"), D("33.33")),  # 333.30 / 666.71
        Regelbedrag("Ketenzorg diabetes", "S2", 2026, D("500.00"), D("100")),  # 500.00 / 0.00
        Regelbedrag("Ketenzorg diabetes", "S2", 2025, D("400.00"), D("50")),  # 200.00 / 200.00
        Regelbedrag("Wijkverpleging-overleg", "S3", 2025, D("0.05"), D("50")),  # 0.03 / 0.02
    ]
    o = financieel_overzicht(regels)
    assert o.jaren == [2025, 2026]
    assert o.segmenten == ["S1", "S2", "S3"]
    assert o.per_jaar_segment == {
        (2025, "S1"): D("0.00"),
        (2025, "S2"): D("400.00"),
        (2025, "S3"): D("0.05"),
        (2026, "S1"): D("1000.01"),
        (2026, "S2"): D("500.00"),
        (2026, "S3"): D("0.00"),
    }
    assert o.per_jaar == {2025: D("400.05"), 2026: D("1500.01")}
    assert o.per_segment == {"S1": D("1000.01"), "S2": D("900.00"), "S3": D("0.05")}
    assert o.totaal == D("1900.06")
    assert o.praktijk_per_jaar == {2025: D("200.03"), 2026: D("833.30")}
    assert o.regio_per_jaar == {2025: D("200.02"), 2026: D("666.71")}
    assert (o.praktijk_totaal, o.regio_totaal) == (D("1033.33"), D("866.73"))
    # 1033.33 / 1900.06 = 54.38 %
    assert o.aandeel_praktijk_procent == D("54.4")
    assert all(b.as_tuple().exponent == -2 for b in [o.totaal, *o.per_jaar.values(), *o.per_segment.values()])


def test_een_leeg_overzicht_heeft_geen_aandeel():
    o = financieel_overzicht([])
    assert o.jaren == []
    assert o.totaal == D("0.00")
    assert o.per_segment == {"S1": D("0.00"), "S2": D("0.00"), "S3": D("0.00")}
    assert o.aandeel_praktijk_procent is None


def test_een_onbekend_segment_wordt_geweigerd():
    with pytest.raises(ValueError, match="S4"):
        financieel_overzicht([Regelbedrag("Iets", "S4", 2026, D("1.00"), D("50"))])


bedragen = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
aandelen = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
regelbedragen = st.builds(
    Regelbedrag,
    afspraak=st.just("afspraak"),
    segment=st.sampled_from(["S1", "S2", "S3"]),
    jaar=st.integers(2024, 2029),
    bedrag=bedragen,
    aandeel_praktijk=aandelen,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(regelbedragen, max_size=60))
def test_praktijk_en_regio_tellen_altijd_op_tot_het_totaal_tot_op_de_cent(regels):
    o = financieel_overzicht(regels)
    assert o.praktijk_totaal + o.regio_totaal == o.totaal == sum((r.bedrag for r in regels), D("0.00"))
    for jaar in o.jaren:
        assert o.praktijk_per_jaar[jaar] + o.regio_per_jaar[jaar] == o.per_jaar[jaar]
    assert sum(o.per_segment.values(), D(0)) == o.totaal
    assert sum(o.per_jaar_segment.values(), D(0)) == o.totaal


# --- 3. the verdeelmodel ---


GEBOORTEZORG = [
    Aanbieder("Verloskundigen", D("400000.00"), D("4200")),
    Aanbieder("Kraamzorg", D("350000.00"), D("3000")),
    Aanbieder("Ziekenhuis", D("250000.00"), D("2800")),
]


def test_het_uitgewerkte_voorbeeld_uit_de_handreiking_geboortezorg():
    """Budget 1.000.000, drempel 10 %, vangnet 10 %. By hand:

    1. Grondslag 4.200 + 3.000 + 2.800 = 10.000 uur, so model = 42 % / 30 % / 28 % of the budget:
       420.000 / 300.000 / 280.000 (exact, no cents to hand out).
    2. Verschil: Verloskundigen +20.000 = 5 % of 400.000 <= 10 %: not settled, keeps 400.000.
       Kraamzorg -50.000 = -14,3 % of 350.000: settled, 300.000.
       Ziekenhuis +30.000 = 12 % of 250.000: settled, 280.000.
    3. Vangnet: Kraamzorg's floor is 350.000 * 90 % = 315.000 > 300.000: raised by 15.000 to 315.000.
       The others are above their floors (360.000 and 225.000).
    4. Sum 400.000 + 315.000 + 280.000 = 995.000; saldo +5.000 goes wholly to Ziekenhuis, the only one
       "verrekend": 285.000. Total 1.000.000 = the budget.
    """
    v = verdeel_budget(budget=D("1000000"), aanbieders=GEBOORTEZORG, drempel_procent=D("10"), vangnet_procent=D("10"))
    r = per_naam(v)
    assert [x.model for x in v.regels] == [D("420000.00"), D("300000.00"), D("280000.00")]
    assert [x.aandeel_procent for x in v.regels] == [D("42.00"), D("30.00"), D("28.00")]
    assert [x.verschil for x in v.regels] == [D("20000.00"), D("-50000.00"), D("30000.00")]
    assert [x.verschil_procent for x in v.regels] == [D("5.0"), D("-14.3"), D("12.0")]
    assert [x.status for x in v.regels] == [
        Verdeelstatus.ONDER_DREMPEL,
        Verdeelstatus.VANGNET,
        Verdeelstatus.VERREKEND,
    ]
    assert r["Kraamzorg"].vangnet == D("15000.00")
    assert r["Ziekenhuis"].bijstelling == D("5000.00")
    assert [x.bedrag for x in v.regels] == [D("400000.00"), D("315000.00"), D("285000.00")]
    assert [x.mutatie for x in v.regels] == [D("0.00"), D("-35000.00"), D("35000.00")]
    assert sum(x.bedrag for x in v.regels) == v.budget == D("1000000.00")
    assert v.totaal_bedrag == D("1000000.00")
    assert v.totaal_huidig == D("1000000.00")
    assert v.totaal_vangnet == D("15000.00")
    assert v.onverdeeld == D("0.00")
    assert v.in_balans is True


def test_zonder_vangnet_krijgt_elke_verrekende_aanbieder_het_model():
    # Verloskundigen stay at 400.000 (under the threshold); the model 300.000 + 280.000 + 400.000 = 980.000,
    # saldo 20.000 over Kraamzorg and Ziekenhuis by grondslag 3.000 : 2.800 = 10.344,83 and 9.655,17.
    v = verdeel_budget(budget=D("1000000"), aanbieders=GEBOORTEZORG, drempel_procent=D("10"))
    r = per_naam(v)
    assert r["Kraamzorg"].status is Verdeelstatus.VERREKEND
    assert r["Kraamzorg"].vangnet == D("0.00")
    assert r["Kraamzorg"].bijstelling == D("10344.83")
    assert r["Ziekenhuis"].bijstelling == D("9655.17")
    assert [x.bedrag for x in v.regels] == [D("400000.00"), D("310344.83"), D("289655.17")]
    assert v.totaal_bedrag == D("1000000.00")
    assert v.totaal_vangnet == D("0.00")
    assert v.in_balans


def test_zonder_drempel_wordt_elke_verandering_verrekend():
    v = verdeel_budget(budget=D("1000000"), aanbieders=GEBOORTEZORG, drempel_procent=D("0"))
    assert {x.status for x in v.regels} == {Verdeelstatus.VERREKEND}
    assert [x.bedrag for x in v.regels] == [D("420000.00"), D("300000.00"), D("280000.00")]
    assert [x.bijstelling for x in v.regels] == [D("0.00")] * 3


def test_een_ongewijzigde_aanbieder_blijft_ook_zonder_drempel_onder_de_drempel():
    v = verdeel_budget(
        budget=D("300.00"),
        aanbieders=[Aanbieder("A", D("100.00"), D("1")), Aanbieder("B", D("150.00"), D("2"))],
        drempel_procent=D("0"),
    )
    assert [x.status for x in v.regels] == [Verdeelstatus.ONDER_DREMPEL, Verdeelstatus.VERREKEND]
    # B: model 200.00, saldo 0, so nothing to adjust.
    assert [x.bedrag for x in v.regels] == [D("100.00"), D("200.00")]


def test_drie_gelijke_grondslagen_verdelen_100_euro_tot_op_de_cent():
    # 100.00 / 3 = 33.333...: each gets 33.33, the cent left goes to the first (equal remainders, list order).
    aanbieders = [Aanbieder(n, D("0"), D("7")) for n in ("A", "B", "C")]
    v = verdeel_budget(budget=D("100.00"), aanbieders=aanbieders, drempel_procent=D("10"))
    assert [x.model for x in v.regels] == [D("33.34"), D("33.33"), D("33.33")]
    assert [x.aandeel_procent for x in v.regels] == [D("33.33")] * 3
    assert [x.verschil_procent for x in v.regels] == [None, None, None]  # no current income
    assert sum(x.bedrag for x in v.regels) == D("100.00")


def test_de_grootste_rest_krijgt_de_overgebleven_cent():
    # 1.00 over 1 : 2 : 3 = 0.1666.. / 0.3333.. / 0.5: 0.16 + 0.33 + 0.50 = 0.99; largest remainder (0.0066) is A.
    aanbieders = [Aanbieder(n, D("0"), D(g)) for n, g in (("A", 1), ("B", 2), ("C", 3))]
    v = verdeel_budget(budget=D("1.00"), aanbieders=aanbieders, drempel_procent=D("0"))
    assert [x.model for x in v.regels] == [D("0.17"), D("0.33"), D("0.50")]


def test_als_iedereen_onder_de_drempel_blijft_blijft_het_saldo_onverdeeld():
    # Model: 510.000 / 490.000 against 500.000 / 480.000: +2 % and +2,1 %, both under 5 %: nobody is settled.
    # They keep 980.000 of a budget of 1.000.000: 20.000 stays onverdeeld and the parties have to decide.
    v = verdeel_budget(
        budget=D("1000000"),
        aanbieders=[Aanbieder("Huisartsen", D("500000"), D("51")), Aanbieder("GGZ", D("480000"), D("49"))],
        drempel_procent=D("5"),
        vangnet_procent=D("10"),
    )
    assert {x.status for x in v.regels} == {Verdeelstatus.ONDER_DREMPEL}
    assert [x.bedrag for x in v.regels] == [D("500000.00"), D("480000.00")]
    assert [x.bijstelling for x in v.regels] == [D("0.00"), D("0.00")]
    assert v.onverdeeld == D("20000.00")
    assert v.in_balans is False


def test_een_negatief_saldo_wordt_ingehouden_maar_nooit_onder_de_vloer_van_het_vangnet():
    # Model 600 / 400 against 500 / 1000: A +20 % settled (600); B -60 % settled but the vangnet of 20 %
    # holds B at 800. Sum 1.400 against 1.000: saldo -400 would come off A, the only one "verrekend", but A's
    # own floor is 400 (80 % of 500): A gives 200, and the other 200 nobody can give: not in balance.
    v = verdeel_budget(
        budget=D("1000"),
        aanbieders=[Aanbieder("A", D("500"), D("3")), Aanbieder("B", D("1000"), D("2"))],
        drempel_procent=D("10"),
        vangnet_procent=D("20"),
    )
    assert [x.status for x in v.regels] == [Verdeelstatus.VERREKEND, Verdeelstatus.VANGNET]
    assert [x.bijstelling for x in v.regels] == [D("-200.00"), D("0.00")]
    assert [x.bedrag for x in v.regels] == [D("400.00"), D("800.00")]
    assert v.onverdeeld == D("-200.00")
    assert not v.in_balans


def test_wie_op_de_vloer_komt_geeft_niet_meer_en_de_rest_gaat_naar_de_anderen():
    # Budget 1.000, threshold 0, safety net 10 %. Model by grondslag 1/1/2: A 250, D 250, B 500.
    # A (100 -> 250) and D (240 -> 250) are settled; B (700 -> 500) is raised to its floor 630 (vangnet).
    # Sum 1.130: saldo -130, shared 1:1 by A and D: -65 each. D would drop to 185, below its floor 216: D gives
    # only 34 (to 216). The other 96 comes off A alone: 250 - 96 = 154, above A's floor 90. Total 1.000.
    v = verdeel_budget(
        budget=D("1000"),
        aanbieders=[
            Aanbieder("A", D("100"), D("1")),
            Aanbieder("D", D("240"), D("1")),
            Aanbieder("B", D("700"), D("2")),
        ],
        drempel_procent=D("0"),
        vangnet_procent=D("10"),
    )
    assert [x.bedrag for x in v.regels] == [D("154.00"), D("216.00"), D("630.00")]
    assert [x.bijstelling for x in v.regels] == [D("-96.00"), D("-34.00"), D("0.00")]
    assert v.in_balans and v.onverdeeld == D("0.00")


def test_de_vloer_van_het_vangnet_wordt_half_naar_boven_afgerond():
    # A: floor 0.05 * (100 % - 50 %) = 0.025 -> 0.03; its model 0.00 (no grondslag) is below it.
    # B: model 1.00 against 2.00 (-50 %, settled, exactly on its floor 1.00): the saldo -0.03 cannot come off B.
    v = verdeel_budget(
        budget=D("1.00"),
        aanbieders=[Aanbieder("A", D("0.05"), D("0")), Aanbieder("B", D("2.00"), D("1"))],
        drempel_procent=D("0"),
        vangnet_procent=D("50"),
    )
    assert v.regels[0].status is Verdeelstatus.VANGNET
    assert (v.regels[0].vangnet, v.regels[0].bedrag) == (D("0.03"), D("0.03"))
    assert v.regels[1].bedrag == D("1.00")
    assert v.onverdeeld == D("-0.03") and not v.in_balans


def test_een_verandering_precies_op_de_drempel_wordt_niet_verrekend():
    # Model 110 against 100: exactly 10 %, "at most" the threshold, so not settled.
    v = verdeel_budget(
        budget=D("220"),
        aanbieders=[Aanbieder("A", D("100"), D("1")), Aanbieder("B", D("100"), D("1"))],
        drempel_procent=D("10"),
    )
    assert {x.status for x in v.regels} == {Verdeelstatus.ONDER_DREMPEL}
    assert v.onverdeeld == D("20.00")


def test_statussen_hebben_nederlandse_labels():
    assert [str(s.label) for s in Verdeelstatus] == ["onder drempel: niet verrekend", "verrekend", "vangnet"]
    assert Verdeelstatus.VANGNET == "vangnet"


def test_onjuiste_invoer_geeft_nederlandse_meldingen_per_veld():
    with pytest.raises(ValidationError) as fout:
        verdeel_budget(
            budget=D("-1"),
            aanbieders=[
                Aanbieder("A", D("-5"), D("1")),
                Aanbieder("a ", D("5.001"), D("-2")),
            ],
            drempel_procent=D("101"),
            vangnet_procent=D("-1"),
        )
    meldingen = fout.value.message_dict
    assert meldingen["budget"] == ["Het budget kan niet negatief zijn."]
    assert meldingen["drempel_procent"] == ["De drempel moet tussen 0% en 100% liggen, niet 101%."]
    assert meldingen["vangnet_procent"] == [
        "Het vangnet moet tussen 0% en 100% liggen, niet \u22121%."
    ]  # a real minus sign, as every number
    assert meldingen["aanbieders"] == [
        "Het huidige inkomen van A kan niet negatief zijn.",
        "De aanbieder a staat er meer dan één keer in.",
        "Het huidige inkomen van a moet in hele centen zijn (hoogstens twee decimalen).",
        "De grondslag van a kan niet negatief zijn.",
    ]


def test_zonder_aanbieders_valt_er_niets_te_verdelen():
    with pytest.raises(ValidationError) as fout:
        verdeel_budget(budget=D("100"), aanbieders=[], drempel_procent=D("10"))
    assert fout.value.message_dict == {"aanbieders": ["Geef ten minste één aanbieder op."]}


def test_een_grondslag_van_samen_nul_wordt_geweigerd():
    with pytest.raises(ValidationError) as fout:
        verdeel_budget(
            budget=D("100"),
            aanbieders=[Aanbieder("A", D("50"), D("0")), Aanbieder("B", D("50"), D("0.00"))],
            drempel_procent=D("10"),
        )
    assert fout.value.message_dict["aanbieders"] == [
        "De grondslag van alle aanbieders samen is 0: geef uren of kosten op om het budget naar te verdelen."
    ]


grondslagen = st.decimals(min_value=0, max_value=100_000, places=1, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    budget=bedragen,
    rijen=st.lists(st.tuples(bedragen, grondslagen), min_size=1, max_size=8),
    drempel=aandelen,
    vangnet=st.none() | aandelen,
)
def test_de_verdeling_klopt_altijd_tot_op_de_cent(budget, rijen, drempel, vangnet):
    aanbieders = [Aanbieder(f"Aanbieder {i}", h, g) for i, (h, g) in enumerate(rijen)]
    if sum(g for _h, g in rijen) == 0:
        aanbieders[0] = Aanbieder("Aanbieder 0", rijen[0][0], D("1"))
    v = verdeel_budget(budget=budget, aanbieders=aanbieders, drempel_procent=drempel, vangnet_procent=vangnet)
    assert sum(x.model for x in v.regels) == budget
    assert v.totaal_bedrag + v.onverdeeld == budget
    assert v.in_balans == (v.onverdeeld == 0)
    for x in v.regels:
        assert x.bedrag == x.huidig + x.mutatie
        assert x.bedrag.as_tuple().exponent == -2
        if x.status is not Verdeelstatus.VERREKEND:
            assert x.bijstelling == 0
