"""The yearly cycle of a signed multi-year contract (issue 17): indexation by hand to the cent, one party proposes
a year's figures and the other confirms them, a change withdraws the confirmation; termination; the end-of-term
reminder, once; the term check against the plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from contracten import begroting, jaarcyclus, looptijd, selectors, services
from contracten.financiering import Jaarbedrag, indexatie, indexeren, jaartotalen, samengestelde_indexatie
from contracten.models import (
    Contract,
    Contractafspraak,
    Contractbeeindiging,
    Contractstatus,
    Geldsoort,
    Jaarafspraak,
    Jaarbevestiging,
    Looptijdherinnering,
    Rapportagemoment,
)
from regio.berichten import Bericht, Berichtsoort
from regio.models import Documentwijziging
from regioplan.models import Activiteit, Regioplan
from tests.contracten.werelden import EINDJAAR, STARTJAAR
from tests.contracten.werelden_addenda import opstellen, tekenen
from tests.matrix import ingelogd
from tests.personas import Wereld

pytestmark = pytest.mark.django_db

D = Decimal


# --- indexation by hand (pure, Decimal only) -------------------------------------------------------------------


def test_indexation_is_the_amount_times_the_percentage_rounded_half_up_to_the_cent() -> None:
    # 100,000.00 x 3.1 % = 3,100.00 exactly.
    assert indexatie(D("100000.00"), D("3.1")) == D("3100.00")
    # 12,345.67 x 3.1 % = 382.71577 -> 382.72.
    assert indexatie(D("12345.67"), D("3.1")) == D("382.72")
    # 12,345.65 x 2 % = 246.913 -> 246.91.
    assert indexatie(D("12345.65"), D("2")) == D("246.91")
    # Half a cent goes up: 0.50 x 1 % = 0.005 -> 0.01 (banker's rounding would give 0.00).
    assert indexatie(D("0.50"), D("1")) == D("0.01")
    # Prices fell: 1,000.50 x -1.5 % = -15.0075 -> -15.01 (half away from zero).
    assert indexatie(D("1000.50"), D("-1.5")) == D("-15.01")
    assert indexatie(D("250.00"), D("0")) == D("0.00")


def test_indexation_refuses_floats() -> None:
    with pytest.raises(TypeError):
        indexatie(D("100.00"), 3.1)  # type: ignore[arg-type]


def test_only_lines_marked_indexed_get_the_years_indexation() -> None:
    procenten = {2027: D("3.1")}
    geindexeerd = indexeren(Jaarbedrag("POH", 2027, D("12345.67"), True, "structureel"), procenten)
    niet = indexeren(Jaarbedrag("Triage", 2027, D("12345.67"), False, "project"), procenten)
    ander_jaar = indexeren(Jaarbedrag("POH", 2026, D("12345.67"), True, "structureel"), procenten)
    assert (geindexeerd.basis, geindexeerd.indexatie, geindexeerd.totaal) == (D("12345.67"), D("382.72"), D("12728.39"))
    assert (niet.indexatie, niet.totaal) == (D("0.00"), D("12345.67"))
    assert (ander_jaar.indexatie, ander_jaar.totaal) == (D("0.00"), D("12345.67"))


def test_indexation_compounds_the_next_years_index_applies_to_the_indexed_amount_rounded_each_year() -> None:
    procenten = {2027: D("3.1"), 2028: D("2.5")}
    # By hand: 100,000.00 + 3.1 % = 103,100.00 in 2027; 2028: 103,100.00 + 2.5 % (2,577.50) = 105,677.50, not
    # 100,000.00 + 2.5 % = 102,500.00 (the index of one year only) nor 100,000.00 + 5.6 % = 105,600.00 (added up).
    poh = indexeren(Jaarbedrag("POH", 2028, D("100000.00"), True, "structureel"), procenten)
    assert (poh.basis, poh.indexatie, poh.totaal) == (D("100000.00"), D("5677.50"), D("105677.50"))
    assert [(s.jaar, s.bedrag) for s in poh.stappen] == [(2027, D("103100.00")), (2028, D("105677.50"))]
    # The 2027 amount gets only the index of 2027 (a later year's index never reaches back).
    assert indexeren(Jaarbedrag("POH", 2027, D("100000.00"), True, "structureel"), procenten).totaal == D("103100.00")
    # Rounded half up to the cent after each year: 0.50 + 1 % = 0.505 -> 0.51; 0.51 + 1 % = 0.5151 -> 0.52
    # (rounding once at the end would give 0.50 x 1.0201 = 0.51005 -> 0.51).
    stappen = samengestelde_indexatie(D("0.50"), {2027: D("1"), 2028: D("1")}, 2028)
    assert [s.bedrag for s in stappen] == [D("0.51"), D("0.52")]
    # 12,345.67: 2027 + 382.72 (382.71577) = 12,728.39; 2028 + 318.21 (318.20975) = 13,046.60.
    assert [s.bedrag for s in samengestelde_indexatie(D("12345.67"), procenten, 2028)] == [
        D("12728.39"),
        D("13046.60"),
    ]
    # A year without an agreed index adds nothing, and the next one builds on what was indexed before:
    # 2029 at 2 % on 103,100.00 (2028 not agreed) = 105,162.00.
    assert indexeren(
        Jaarbedrag("POH", 2029, D("100000.00"), True, "structureel"), {2027: D("3.1"), 2029: D("2")}
    ).totaal == D("105162.00")
    # A line not marked indexed stays at its base amount in every year.
    niet = indexeren(Jaarbedrag("Triage", 2028, D("25000.00"), False, "project"), procenten)
    assert (niet.indexatie, niet.totaal, niet.stappen) == (D("0.00"), D("25000.00"), ())


def test_year_totals_add_the_rounded_lines_and_split_structural_from_project_money() -> None:
    bedragen = [
        Jaarbedrag("POH ouderenzorg", 2027, D("100000.00"), True, "structureel"),
        Jaarbedrag("Digitale triage", 2027, D("25000.00"), False, "project"),
        Jaarbedrag("Zorg op afstand", 2027, D("12345.67"), True, "project"),
        Jaarbedrag("POH ouderenzorg", 2026, D("100000.00"), True, "structureel"),
    ]
    t2026, t2027 = jaartotalen(bedragen, {2027: D("3.1")}, [2026, 2027])
    # 2027 by hand: indexation 3,100.00 + 0 + 382.72 = 3,482.72; base 137,345.67; total 140,828.39;
    # structural 100,000.00 + 3,100.00; project 25,000.00 + 12,345.67 + 382.72 = 37,728.39.
    assert (t2027.basis, t2027.indexatie, t2027.totaal) == (D("137345.67"), D("3482.72"), D("140828.39"))
    assert (t2027.structureel, t2027.project, t2027.procent) == (D("103100.00"), D("37728.39"), D("3.1"))
    assert t2027.structureel + t2027.project == t2027.totaal
    # 2026 has no agreed indexation.
    assert (t2026.indexatie, t2026.totaal, t2026.procent) == (D("0.00"), D("100000.00"), None)


# --- the yearly cycle on the world's signed contract -----------------------------------------------------------


def _actueel(contract: Contract) -> Contract:
    return Contract.objects.get(pk=contract.pk)


@pytest.fixture
def getekend(contractwereld: Wereld) -> Contract:
    """The world's contract with its S2 line (100,000.00 every year) marked indexed and its S3 line (25,000.00 in
    2026 and 2027) marked project money, signed by both parties."""
    w = contractwereld
    Contractafspraak.objects.filter(pk=w.afspraak.pk).update(geindexeerd=True)  # type: ignore[attr-defined]
    Contractafspraak.objects.filter(contract=w.contract, segment="S3").update(  # type: ignore[attr-defined]
        geldsoort=Geldsoort.PROJECT
    )
    c = _actueel(w.contract)  # type: ignore[attr-defined]
    services.contract_aanbieden(contract=c, gelezen_versie=c.versie, acting_user=w.bewerker)
    for wie in (w.beheerder, w.zorginkoper):
        c = _actueel(c)
        services.contract_ondertekenen(contract=c, gelezen_versie=c.versie, acting_user=wie)
    c = _actueel(c)
    assert c.status == Contractstatus.GETEKEND
    return c


def _voorstellen(contract: Contract, wie: object, procent: str, versie: int | None = None, jaar: int = 2027) -> None:
    jaarcyclus.jaar_voorstellen(
        contract=_actueel(contract),
        jaar=jaar,
        indexatie_procent=D(procent),
        jaarplan=None,
        toelichting="NZa-index",
        gelezen_versie=versie,
        acting_user=wie,  # type: ignore[arg-type]
    )


def _totaal_2027(contract: Contract) -> tuple[Decimal, Decimal]:
    procenten = jaarcyclus.bevestigde_procenten(jaarcyclus.jaarstanden(contract))
    regels = selectors.afspraken(contract)
    t = next(t for t in jaartotalen(jaarcyclus.jaarbedragen(regels), procenten, contract.jaren) if t.jaar == 2027)
    return t.indexatie, t.totaal


def test_one_party_proposes_the_index_and_the_other_partys_mandated_person_confirms_it(
    contractwereld: Wereld, getekend: Contract
) -> None:
    w = contractwereld
    _voorstellen(getekend, w.bewerker, "3.1")
    stand = jaarcyclus.jaarstanden(getekend)[2027]
    assert stand.afspraak is not None and not stand.bevestigd
    assert "wacht op bevestiging" in stand.status
    # Proposed is not agreed: the money does not change yet.
    assert _totaal_2027(getekend) == (D("0.00"), D("125000.00"))
    # The insurer's purchaser (mandated) was told the figures wait for him.
    assert Bericht.objects.filter(ontvanger=w.zorginkoper, soort=Berichtsoort.VOORSTEL_WACHT).exists()

    jaarcyclus.jaar_bevestigen(contract=getekend, jaar=2027, gelezen_versie=1, acting_user=w.zorginkoper)
    stand = jaarcyclus.jaarstanden(getekend)[2027]
    assert stand.bevestigd and stand.status == "jaarafspraak bevestigd door beide partijen"
    # 100,000.00 x 3.1 % on the indexed S2 line; the S3 project line is not indexed.
    assert _totaal_2027(getekend) == (D("3100.00"), D("128100.00"))
    # The signed contract stays signed: the yearly cycle is no change of its terms.
    huidig = _actueel(getekend)
    assert (huidig.status, huidig.versie) == (Contractstatus.GETEKEND, getekend.versie)
    assert Documentwijziging.objects.filter(
        document_soort="contracten.contract",
        document_id=getekend.pk,
        wat__startswith="Jaarafspraak 2027 bevestigd door beide partijen",
    ).exists()


def test_a_party_does_not_confirm_what_it_proposed_itself_nor_without_a_mandate(
    contractwereld: Wereld, getekend: Contract
) -> None:
    w = contractwereld
    _voorstellen(getekend, w.bewerker, "3.1")
    with pytest.raises(PermissionDenied, match="stelde deze cijfers zelf voor"):
        jaarcyclus.jaar_bevestigen(contract=getekend, jaar=2027, gelezen_versie=1, acting_user=w.beheerder)
    # Insurer Zuid proposes instead; the zorggroep's editor has no mandate, its manager has.
    _voorstellen(getekend, w.zorginkoper, "3.0", versie=1)
    with pytest.raises(PermissionDenied, match="geen geldig mandaat"):
        jaarcyclus.jaar_bevestigen(contract=getekend, jaar=2027, gelezen_versie=2, acting_user=w.bewerker)
    jaarcyclus.jaar_bevestigen(contract=getekend, jaar=2027, gelezen_versie=2, acting_user=w.beheerder)
    assert jaarcyclus.jaarstanden(getekend)[2027].bevestigd


def test_a_change_after_confirmation_withdraws_it_and_tells_who_confirmed(
    contractwereld: Wereld, getekend: Contract, django_capture_on_commit_callbacks: Any
) -> None:
    w = contractwereld
    _voorstellen(getekend, w.bewerker, "3.1")
    jaarcyclus.jaar_bevestigen(contract=getekend, jaar=2027, gelezen_versie=1, acting_user=w.zorginkoper)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _voorstellen(getekend, w.bewerker, "3.2", versie=1)

    afspraak = Jaarafspraak.objects.get(contract=getekend, jaar=2027)
    assert afspraak.versie == 2
    bevestiging = Jaarbevestiging.objects.get(jaarafspraak=afspraak)
    assert bevestiging.ingetrokken_op is not None
    assert "indexatie 3,2" in bevestiging.ingetrokken_omdat
    stand = jaarcyclus.jaarstanden(getekend)[2027]
    assert not stand.bevestigd and stand.ingetrokken == bevestiging
    # Back to no agreed indexation until confirmed again.
    assert _totaal_2027(getekend) == (D("0.00"), D("125000.00"))
    ingetrokken = [m for m in mail.outbox if "is ingetrokken" in m.subject]
    assert [m.to for m in ingetrokken] == [[w.zorginkoper.email]]
    # Reading an old version: a conflict, nothing overwritten.
    from regio.gelijktijdig import Bewerkingsconflict

    with pytest.raises(Bewerkingsconflict):
        _voorstellen(getekend, w.zorginkoper, "3.0", versie=1)
    with pytest.raises(Bewerkingsconflict):
        jaarcyclus.jaar_bevestigen(contract=getekend, jaar=2027, gelezen_versie=1, acting_user=w.zorginkoper)


def test_the_yearly_cycle_starts_after_signing_and_stays_within_the_term(
    contractwereld: Wereld, getekend: Contract
) -> None:
    w = contractwereld
    with pytest.raises(ValidationError, match="na de ondertekening"):
        _voorstellen(w.ander_contract, w.bewerker, "3.1", jaar=2027)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="buiten de looptijd"):
        _voorstellen(getekend, w.bewerker, "3.1", jaar=EINDJAAR + 1)
    # A linked yearly plan must be an adopted one-year plan of the region for that year: the multi-year plan is not.
    with pytest.raises(ValidationError):
        jaarcyclus.jaar_voorstellen(
            contract=getekend,
            jaar=2027,
            indexatie_procent=D("3.1"),
            jaarplan=Regioplan.objects.get(pk=getekend.regioplan_id),
            toelichting="",
            gelezen_versie=None,
            acting_user=w.bewerker,
        )
    assert not Jaarafspraak.objects.exists()


def test_a_year_links_an_adopted_yearly_plan_of_the_region_and_its_page_shows_it(
    contractwereld: Wereld, getekend: Contract
) -> None:
    from regioplan import services as plan_services

    w = contractwereld
    meerjarig = Regioplan.objects.get(pk=getekend.regioplan_id)
    jaarplan = plan_services.regioplan_aanmaken(
        regio=w.regio,
        regiobeeld=meerjarig.regiobeeld,
        titel="Jaarplan 2027",
        startjaar=2027,
        eindjaar=2027,
        acting_user=w.bewerker,
    )
    assert jaarcyclus.jaarplannen(getekend, 2027) == []  # a draft is no choice
    # The yearly plan's own activities: the one the contract's lines fund (same title, other case) and one no line
    # funds.
    for titel, begroting_, eind in (
        ("praktijkondersteuner ouderenzorg in elke praktijk ", D("120000.00"), 4),
        ("Scholing assistentes", D("8000.00"), 2),
    ):
        Activiteit.objects.create(
            regioplan=jaarplan,
            titel=titel,
            verantwoordelijke=w.zorggroep,
            start_jaar=2027,
            start_kwartaal=1,
            eind_jaar=2027,
            eind_kwartaal=eind,
            begroting=begroting_,
        )
    Regioplan.objects.filter(pk=jaarplan.pk).update(status="vastgesteld")
    assert jaarcyclus.jaarplannen(getekend, 2027) == [jaarplan]
    assert jaarcyclus.jaarplannen(getekend, 2028) == []
    jaarcyclus.jaar_voorstellen(
        contract=getekend,
        jaar=2027,
        indexatie_procent=D("3.1"),
        jaarplan=Regioplan.objects.get(pk=jaarplan.pk),
        toelichting="",
        gelezen_versie=None,
        acting_user=w.bewerker,
    )
    daan = ingelogd(w.zorginkoper)
    html = daan.get(reverse("contracten:jaar", args=[w.regio.slug, getekend.pk, 2027])).content.decode()
    assert "De activiteiten van het vastgestelde jaarplan Jaarplan 2027." in html
    # Money against the plan compares 2027 with the linked yearly plan, and says so; 2028 (none linked) with the
    # multi-year plan's activities of 2028.
    vergelijking = begroting.per_jaar(getekend, {})
    v2027, v2028 = vergelijking[2027], vergelijking[2028]
    assert (v2027.jaarplan, v2027.plantitel) == (True, "Jaarplan 2027")
    # By hand: both lines fund the POH activity in 2027 (100,000.00 + 25,000.00, the index only proposed) against
    # its 120,000.00: 5,000.00 more; the scholing (8,000.00) is funded by no line.
    poh, scholing = v2027.regels
    assert (poh.begroot, poh.gefinancierd, poh.verschil, poh.oordeel) == (
        D("120000.00"),
        D("125000.00"),
        D("5000.00"),
        begroting.Oordeel.MEER,
    )
    assert (scholing.titel, scholing.oordeel, v2027.begroot) == (
        "Scholing assistentes",
        begroting.Oordeel.NIET_GEFINANCIERD,
        D("128000.00"),
    )
    assert (v2028.jaarplan, v2028.plantitel) == (False, meerjarig.titel)
    assert [r.oordeel for r in v2028.regels] == [begroting.Oordeel.BUITEN_TIJDPAD]
    assert "Vergeleken met het vastgestelde jaarplan Jaarplan 2027" in " ".join(html.split())
    html_2028 = daan.get(reverse("contracten:jaar", args=[w.regio.slug, getekend.pk, 2028])).content.decode()
    assert f"Vergeleken met de activiteiten van 2028 uit het meerjarenplan {meerjarig.titel}" in " ".join(
        html_2028.split()
    )


def test_the_year_page_shows_indexation_as_its_own_column_and_the_money_against_the_plan(
    contractwereld: Wereld, getekend: Contract
) -> None:
    w = contractwereld
    _voorstellen(getekend, w.bewerker, "3.1")
    daan = ingelogd(w.zorginkoper)
    url = reverse("contracten:jaar", args=[getekend.regio.slug, getekend.pk, 2027])
    html = daan.get(url).content.decode()
    assert "Bevestigen namens Verzekeraar Zuid" in html
    assert "komt er € 3.100,00 bij" in html
    antwoord = daan.post(
        reverse("contracten:jaar_bevestigen", args=[getekend.regio.slug, getekend.pk, 2027]), {"versie": "1"}
    )
    assert antwoord.status_code == 302
    html = daan.get(url).content.decode()
    assert "jaarafspraak bevestigd door beide partijen" in html
    assert ">Indexatie</th>" in html and "€ 3.100,00" in html and "€ 103.100,00" in html
    # The activity of the plan runs in 2026 only: in 2027 it is funded outside its timeline, said in words.
    assert "buiten het tijdpad van het plan" in html
    overzicht = daan.get(reverse("contracten:jaren", args=[getekend.regio.slug, getekend.pk])).content.decode()
    assert "€ 128.100,00" in overzicht
    financien = daan.get(reverse("contracten:financien", args=[getekend.regio.slug, getekend.pk])).content.decode()
    assert "Indexatie en soort geld per jaar" in financien and "€ 3.100,00" in financien
    detail = daan.get(reverse("contracten:detail", args=[getekend.regio.slug, getekend.pk])).content.decode()
    assert "projectgeld" in detail and "geïndexeerd" in detail


def test_two_confirmed_years_compound_on_the_year_page_and_in_the_totals(
    contractwereld: Wereld, getekend: Contract
) -> None:
    w = contractwereld
    _voorstellen(getekend, w.bewerker, "3.1", jaar=2027)
    jaarcyclus.jaar_bevestigen(contract=getekend, jaar=2027, gelezen_versie=1, acting_user=w.zorginkoper)
    _voorstellen(getekend, w.bewerker, "2.5", jaar=2028)
    daan = ingelogd(w.zorginkoper)
    url = reverse("contracten:jaar", args=[getekend.regio.slug, getekend.pk, 2028])
    # Proposed on top of the agreed 2027 index: 103,100.00 x 2.5 % = 2,577.50 more, 105,677.50 in all.
    assert "komt er € 2.577,50 bij, samen € 105.677,50" in daan.get(url).content.decode()
    jaarcyclus.jaar_bevestigen(contract=getekend, jaar=2028, gelezen_versie=1, acting_user=w.zorginkoper)
    procenten = jaarcyclus.bevestigde_procenten(jaarcyclus.jaarstanden(getekend))
    totalen = {
        t.jaar: t
        for t in jaartotalen(jaarcyclus.jaarbedragen(selectors.afspraken(getekend)), procenten, getekend.jaren)
    }
    # The S2 line (100,000.00 a year, indexed) in 2028: 105,677.50; no S3 money in 2028; 2029 has no index of its
    # own but keeps what 2027 and 2028 added.
    assert (totalen[2028].indexatie, totalen[2028].totaal) == (D("5677.50"), D("105677.50"))
    assert (totalen[2029].indexatie, totalen[2029].totaal, totalen[2029].procent) == (
        D("5677.50"),
        D("105677.50"),
        None,
    )
    html = daan.get(url).content.decode()
    assert "2027: 3,1% → € 103.100,00; 2028: 2,5% → € 105.677,50" in html
    assert "De indexatie stapelt" in html
    # The CSV export says per line and year what kind of money it is, whether it is indexed, and its indexed amount.
    csv = daan.get(reverse("contracten:afspraken_csv", args=[getekend.regio.slug, getekend.pk])).content.decode()
    regels = [r.split(";") for r in csv.splitlines()]
    assert [r[9:] for r in regels if r[0] == "Praktijkondersteuner ouderenzorg" and r[5] in ("2027", "2028")] == [
        ["structureel", "ja", "103100,00"],
        ["structureel", "ja", "105677,50"],
    ]
    assert [r[9:] for r in regels if r[0] == "Innovatie: digitale triage" and r[5] == "2027"] == [
        ["projectgeld", "nee", "25000,00"]
    ]


def test_an_editor_proposes_through_the_form_and_bad_input_is_refused_in_dutch(
    contractwereld: Wereld, getekend: Contract
) -> None:
    anna = ingelogd(contractwereld.bewerker)
    url = reverse("contracten:jaar_voorstellen", args=[getekend.regio.slug, getekend.pk, 2027])
    assert anna.get(url).status_code == 200
    fout = anna.post(url, {"indexatie_procent": "drie"})
    assert fout.status_code == 400 and "Vul een getal in" in fout.content.decode()
    assert anna.post(url, {"indexatie_procent": "3,1", "toelichting": "NZa"}).status_code == 302
    assert Jaarafspraak.objects.get(contract=getekend, jaar=2027).indexatie_procent == D("3.10")


# --- termination ------------------------------------------------------------------------------------------------


def test_a_mandated_person_ends_the_signed_contract_with_a_date_and_a_reason(
    contractwereld: Wereld, getekend: Contract
) -> None:
    w = contractwereld
    with pytest.raises(PermissionDenied):
        looptijd.contract_beeindigen(
            contract=getekend, einddatum=dt.date(2028, 6, 30), reden="Te duur.", acting_user=w.bewerker
        )
    with pytest.raises(ValidationError, match="binnen de looptijd"):
        looptijd.contract_beeindigen(
            contract=getekend, einddatum=dt.date(2031, 1, 1), reden="Te duur.", acting_user=w.beheerder
        )
    with pytest.raises(ValidationError, match="reden"):
        looptijd.contract_beeindigen(
            contract=getekend, einddatum=dt.date(2028, 6, 30), reden="  ", acting_user=w.beheerder
        )
    momenten = Rapportagemoment.objects.filter(contract=getekend)
    ervoor = momenten.filter(uiterlijk__lte=dt.date(2028, 6, 30)).count()
    assert momenten.filter(uiterlijk__gt=dt.date(2028, 6, 30)).exists() and ervoor
    looptijd.contract_beeindigen(
        contract=getekend,
        einddatum=dt.date(2028, 6, 30),
        reden="De regio gaat op in de regio Parkstad.",
        acting_user=w.beheerder,
    )
    # Reporting dates after the end date are no longer due: removed (those before it stay).
    assert not momenten.filter(uiterlijk__gt=dt.date(2028, 6, 30)).exists()
    assert momenten.count() == ervoor
    beeindiging = Contractbeeindiging.objects.get(contract=getekend)
    assert (beeindiging.namens, beeindiging.door) == (w.zorggroep, w.beheerder)
    # The other party's editors hear it; the party that ended it does not get its own message.
    bericht = Bericht.objects.get(soort=Berichtsoort.CONTRACT_LOOPTIJD)
    assert bericht.ontvanger == w.zorginkoper and "De regio gaat op in de regio Parkstad." in bericht.tekst
    assert Documentwijziging.objects.filter(
        document_id=getekend.pk, wat__startswith="Contract beëindigd per 30-06-2028"
    ).exists()
    with pytest.raises(ValidationError, match="al beëindigd"):
        looptijd.contract_beeindigen(
            contract=getekend, einddatum=dt.date(2028, 6, 30), reden="Nogmaals.", acting_user=w.zorginkoper
        )
    # Nothing to agree for a year after the end.
    with pytest.raises(ValidationError, match="beëindigd"):
        _voorstellen(getekend, w.bewerker, "3.1", jaar=2029)
    html = ingelogd(w.zorginkoper).get(reverse("contracten:detail", args=[getekend.regio.slug, getekend.pk]))
    assert "beëindigde dit contract per 30 juni 2028" in html.content.decode()
    assert "Rapportagemomenten na de einddatum zijn vervallen" in html.content.decode()
    # Its status reads "beëindigd" after the end date, where the contract is read with its end.
    gelezen = Contract.objects.select_related("beeindiging").get(pk=getekend.pk)
    assert (gelezen.fase(dt.date(2028, 6, 30)), gelezen.fase(dt.date(2028, 7, 1))) == ("actief", "beëindigd")


def test_the_termination_form_refuses_bad_input_and_ends_the_contract(
    contractwereld: Wereld, getekend: Contract
) -> None:
    bram = ingelogd(contractwereld.beheerder)
    url = reverse("contracten:beeindigen", args=[getekend.regio.slug, getekend.pk])
    assert "Beëindigen namens Zorggroep Eigen" in bram.get(url).content.decode()
    fout = bram.post(url, {"einddatum": "31-02-2028", "reden": "x"})
    assert fout.status_code == 400 and "Vul een geldige datum in" in fout.content.decode()
    assert bram.post(url, {"einddatum": "2028-12-31", "reden": "Nieuw contract."}).status_code == 302
    assert Contractbeeindiging.objects.filter(contract=getekend, einddatum=dt.date(2028, 12, 31)).exists()


# --- the end-of-term reminder, once ---------------------------------------------------------------------------


def test_the_reminder_date_is_the_configured_months_before_the_last_year_ends() -> None:
    assert looptijd.herinnerdatum(2029, 6) == dt.date(2029, 6, 30)
    assert looptijd.herinnerdatum(2029, 3) == dt.date(2029, 9, 30)
    assert looptijd.herinnerdatum(2029, 12) == dt.date(2028, 12, 31)
    assert looptijd.herinnerdatum(2029, 10) == dt.date(2029, 2, 28)


def test_the_end_of_term_reminder_goes_to_both_parties_editors_once(contractwereld: Wereld, getekend: Contract) -> None:
    w = contractwereld
    assert getekend.eindjaar == EINDJAAR == 2029
    assert looptijd.te_herinneren(dt.date(2029, 6, 29)) == []
    assert looptijd.te_herinneren(dt.date(2029, 6, 30)) == [getekend.pk]
    assert looptijd.herinnering_versturen(getekend.pk, dt.date(2029, 6, 29)) == 0

    verstuurd = looptijd.herinnering_versturen(getekend.pk, dt.date(2029, 7, 1))
    ontvangers = set(
        Bericht.objects.filter(soort=Berichtsoort.CONTRACT_LOOPTIJD).values_list("ontvanger_id", flat=True)
    )
    assert {w.bewerker.pk, w.beheerder.pk, w.zorginkoper.pk} <= ontvangers
    assert w.tweede_zorginkoper.pk not in ontvangers and w.lezer.pk not in ontvangers
    assert verstuurd == len(ontvangers)
    # Twice (a second beat run, a retry): nothing more.
    assert looptijd.herinnering_versturen(getekend.pk, dt.date(2029, 7, 2)) == 0
    assert looptijd.te_herinneren(dt.date(2029, 7, 2)) == []
    assert Bericht.objects.filter(soort=Berichtsoort.CONTRACT_LOOPTIJD).count() == len(ontvangers)
    assert Looptijdherinnering.objects.filter(contract=getekend).count() == 1

    # An addendum extends the term to 2030: the reminder is due again for the new end, once.
    addendum = opstellen(w, eindjaar=2030)
    tekenen(addendum, w.beheerder)
    tekenen(addendum, w.zorginkoper)
    assert looptijd.te_herinneren(dt.date(2030, 6, 29)) == []
    assert looptijd.te_herinneren(dt.date(2030, 6, 30)) == [getekend.pk]
    assert looptijd.herinnering_versturen(getekend.pk, dt.date(2030, 7, 1)) == verstuurd
    assert looptijd.herinnering_versturen(getekend.pk, dt.date(2030, 7, 2)) == 0
    assert list(Looptijdherinnering.objects.filter(contract=getekend).values_list("eindjaar", flat=True)) == [
        2029,
        2030,
    ]
    assert (
        "loopt af op 31-12-2030" in Bericht.objects.filter(soort=Berichtsoort.CONTRACT_LOOPTIJD).latest("pk").onderwerp
    )


@override_settings(REGIO_LOOPTIJD_HERINNERING_MAANDEN=3)
def test_the_reminder_follows_the_setting_and_skips_drafts_and_ended_contracts(
    contractwereld: Wereld, getekend: Contract
) -> None:
    assert looptijd.te_herinneren(dt.date(2029, 9, 29)) == []
    assert looptijd.te_herinneren(dt.date(2029, 9, 30)) == [getekend.pk]
    # The other region's contract is a draft: never reminded.
    assert contractwereld.ander_contract.pk not in looptijd.te_herinneren(dt.date(2029, 12, 1))  # type: ignore[attr-defined]
    looptijd.contract_beeindigen(
        contract=getekend, einddatum=dt.date(2028, 1, 31), reden="Gestopt.", acting_user=contractwereld.beheerder
    )
    assert looptijd.te_herinneren(dt.date(2029, 9, 30)) == []


# --- the term check ------------------------------------------------------------------------------------------


def test_a_contract_outside_the_plans_term_is_refused_with_the_reason(contractwereld: Wereld) -> None:
    w = contractwereld
    plan = w.vastgesteld_plan  # type: ignore[attr-defined]
    assert (plan.startjaar, plan.eindjaar) == (STARTJAAR, EINDJAAR)
    with pytest.raises(ValidationError) as fout:
        services.contract_aanmaken(
            regio=w.regio,
            regioplan=plan,
            zorgverzekeraar=w.verzekeraar,
            huisartsenorganisatie=w.zorggroep,
            titel="Te lang",
            startjaar=2025,
            eindjaar=2030,
            acting_user=w.bewerker,
        )
    assert "valt buiten die van het vastgestelde regioplan" in str(fout.value)
    assert "(2025\u20132030)" in str(fout.value) and "2026\u20132029" in str(fout.value)
    contract = _actueel(w.contract)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="buiten die van het vastgestelde regioplan"):
        services.contract_gegevens_opslaan(
            contract=contract,
            gelezen_versie=contract.versie,
            titel=contract.titel,
            startjaar=2026,
            eindjaar=2031,
            toelichting="",
            doel_kiezen=False,
            acting_user=w.bewerker,
        )


def test_the_form_says_why_and_an_existing_contract_outside_the_term_says_so(contractwereld: Wereld) -> None:
    w = contractwereld
    anna = ingelogd(w.bewerker)
    antwoord = anna.post(
        reverse("contracten:nieuw", args=[w.regio.slug]),
        {
            "titel": "Te lang",
            "regioplan": w.vastgesteld_plan.pk,  # type: ignore[attr-defined]
            "zorgverzekeraar": w.verzekeraar.pk,
            "huisartsenorganisatie": w.zorggroep.pk,
            "startjaar": "2025",
            "eindjaar": "2030",
        },
    )
    assert antwoord.status_code == 400
    assert "valt buiten die van het vastgestelde regioplan" in antwoord.content.decode()
    # Data from before the check: the page says so.
    contract = w.contract  # type: ignore[attr-defined]
    Contract.objects.filter(pk=contract.pk).update(startjaar=2025)
    html = anna.get(reverse("contracten:detail", args=[w.regio.slug, contract.pk])).content.decode()
    assert "buiten het plan" in html and "De looptijd van het contract (2025\u20132029) valt buiten" in html


# --- the demo ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "waarde", ["NaN", "Infinity", "1e9", "999", "-101", "100,001", "<script>", "' OR 1=1 --", "", "3.1.1", "1" * 40]
)
def test_hostile_input_on_the_year_form_is_refused_with_a_page_and_stores_nothing(
    contractwereld: Wereld, getekend: Contract, waarde: str
) -> None:
    anna = ingelogd(contractwereld.bewerker)
    url = reverse("contracten:jaar_voorstellen", args=[getekend.regio.slug, getekend.pk, 2027])
    antwoord = anna.post(url, {"indexatie_procent": waarde, "jaarplan": waarde, "versie": waarde})
    assert antwoord.status_code == 400
    assert not Jaarafspraak.objects.exists()


@pytest.mark.parametrize("datum", ["0000-00-00", "9999-12-31", "2025-12-31", "2030-01-01", "<script>", "31-31-2027"])
def test_hostile_dates_on_the_termination_form_are_refused_and_nothing_ends(
    contractwereld: Wereld, getekend: Contract, datum: str
) -> None:
    bram = ingelogd(contractwereld.beheerder)
    url = reverse("contracten:beeindigen", args=[getekend.regio.slug, getekend.pk])
    assert bram.post(url, {"einddatum": datum, "reden": "<b>Weg</b>"}).status_code == 400
    assert not Contractbeeindiging.objects.exists()


@override_settings(REGIO_LOOPTIJD_HERINNERING_MAANDEN=48)
def test_the_daily_beat_task_sends_the_due_reminders_once(contractwereld: Wereld, getekend: Contract) -> None:
    from contracten import tasks

    # 48 months before 31-12-2029 is 31-12-2025: due today.
    assert tasks.looptijdherinneringen_versturen.delay().get() > 0
    assert tasks.looptijdherinneringen_versturen.delay().get() == 0
    assert Looptijdherinnering.objects.filter(contract=getekend).count() == 1
