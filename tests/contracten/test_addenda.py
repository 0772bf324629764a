"""Addenda of a signed contract (contracten/addenda.py): drafting, negotiating (a change withdraws signatures),
signing under a mandate, what holds afterwards to the cent, and the PDF's annex."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from contracten import addenda, jaarcyclus, looptijd, selectors
from contracten.financiering import jaartotalen
from contracten.models import (
    Addendum,
    Addendumondertekening,
    Addendumregel,
    Addendumstatus,
    Contract,
    Contractafspraak,
    Contractstatus,
    eindjaar_na_addenda,
    met_verlenging,
)
from contracten.pdf import ContractPdf
from regio import wijzigingen
from regio.gelijktijdig import Bewerkingsconflict
from tests.contracten.werelden_addenda import getekend, index_afspreken, opstellen, regel, tekenen
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regio.pdf_proef import pdf_tekst
from tests.regioplan.test_pdf_document import Tekenaar

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def w(contractwereld: Wereld) -> Wereld:
    return contractwereld


def _s2(w: Wereld) -> Contractafspraak:
    return Contractafspraak.objects.get(pk=w.afspraak.pk)  # type: ignore[attr-defined]


def _triage(w: Wereld) -> Contractafspraak:
    return Contractafspraak.objects.get(contract=w.contract, titel="Innovatie: digitale triage")  # type: ignore[attr-defined]


def _uitgewerkt(w: Wereld) -> Addendum:
    """The worked example: the S2 line indexed in 2027 and given 2030, a new S3 line, the triage line lapses, the
    contract extended to 2030."""
    addendum = opstellen(w, eindjaar=2030)
    s2 = _s2(w)
    regel(
        w,
        addendum,
        {2026: D("100000.00"), 2027: D("103100.00"), 2028: D("100000.00"), 2029: D("100000.00"), 2030: D("104000.01")},
        afspraak=s2,
        titel=s2.titel,
        segment="S2",
        aandeel_praktijk=D("70"),
        aandeel_regio=D("30"),
    )
    regel(
        w,
        addendum,
        {2027: D("12345.67"), 2028: D("12345.67")},
        titel="Valpreventie thuiswonende ouderen",
        aandeel_praktijk=D("33.33"),
        aandeel_regio=D("66.67"),
        wie=w.zorginkoper,
    )
    triage = _triage(w)
    regel(w, addendum, {}, afspraak=triage, titel=triage.titel, vervalt=True)
    return Addendum.objects.get(pk=addendum.pk)


def test_only_a_signed_contract_gets_an_addendum_and_only_from_its_parties_editors(w: Wereld) -> None:
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="Alleen een getekend contract"):
        addenda.addendum_opstellen(contract=contract, reden="Te vroeg", acting_user=w.bewerker)
    contract = getekend(w)
    with pytest.raises(PermissionDenied):
        addenda.addendum_opstellen(contract=contract, reden="Niet van ons", acting_user=w.tweede_zorginkoper)
    with pytest.raises(ValidationError, match="reden"):
        addenda.addendum_opstellen(contract=contract, reden="  ", acting_user=w.zorginkoper)

    addendum = addenda.addendum_opstellen(contract=contract, reden="Indexatie", acting_user=w.zorginkoper)

    assert addendum.nummer == 1 and addendum.status == Addendumstatus.ONDERHANDELING
    with pytest.raises(ValidationError, match="al een addendum in onderhandeling"):
        addenda.addendum_opstellen(contract=contract, reden="Nog een", acting_user=w.bewerker)
    assert Contract.objects.get(pk=contract.pk).status == Contractstatus.GETEKEND  # the original stays frozen


def test_an_extension_must_go_beyond_the_current_last_year(w: Wereld) -> None:
    with pytest.raises(ValidationError, match="na 2029"):
        opstellen(w, eindjaar=2029)
    with pytest.raises(ValidationError, match="tien jaar"):
        opstellen(w, eindjaar=2036)


def test_a_change_raises_the_addendums_version_and_withdraws_the_signature_given_before(w: Wereld) -> None:
    addendum = opstellen(w)
    regel(w, addendum, {2027: D("5000.00")}, titel="Nieuwe S3-afspraak")
    gegeven = tekenen(addendum, w.beheerder)
    versie = Addendum.objects.get(pk=addendum.pk).versie

    regel(w, addendum, {2028: D("6000.00")}, titel="Nog een S3-afspraak", wie=w.zorginkoper)

    addendum = Addendum.objects.get(pk=addendum.pk)
    assert addendum.versie == versie + 1
    gegeven = Addendumondertekening.objects.get(pk=gegeven.pk)
    assert gegeven.ingetrokken_op is not None
    assert "Het addendum is daarna gewijzigd: Afspraak toegevoegd: Nog een S3-afspraak" in gegeven.ingetrokken_omdat
    assert addendum.status == Addendumstatus.ONDERHANDELING
    # The signer is told once (the worker's task; a retry sends nothing twice).
    mail.outbox.clear()
    assert addenda.intrekking_mailen([gegeven.pk]) == 1
    assert addenda.intrekking_mailen([gegeven.pk]) == 0
    assert [m.to for m in mail.outbox] == [[w.beheerder.email]]
    assert "Uw handtekening onder Addendum 1 van" in mail.outbox[0].subject
    # The history of the addendum says who changed what for which party.
    wat = [(x.wat, x.namens) for x in wijzigingen.van(addendum)]
    assert ("Afspraak toegevoegd: Nog een S3-afspraak", w.verzekeraar) in wat


def test_signing_needs_a_contract_mandate_valid_today_for_each_party(w: Wereld) -> None:
    addendum = opstellen(w)
    regel(w, addendum, {2027: D("5000.00")}, titel="Nieuwe S3-afspraak")
    with pytest.raises(PermissionDenied, match="mandaat"):
        tekenen(addendum, w.bewerker)  # an editor without a mandate
    tekenen(addendum, w.beheerder)
    with pytest.raises(ValidationError, match="al getekend"):
        tekenen(addendum, w.beheerder)
    assert Addendum.objects.get(pk=addendum.pk).status == Addendumstatus.ONDERHANDELING

    tekenen(addendum, w.zorginkoper)

    addendum = Addendum.objects.get(pk=addendum.pk)
    assert addendum.status == Addendumstatus.GETEKEND and addendum.getekend_op is not None
    with pytest.raises(ValidationError, match="getekend"):
        regel(w, addendum, {2027: D("1.00")}, titel="Te laat")


def test_a_signature_holds_for_the_version_it_was_given_on_only(w: Wereld) -> None:
    addendum = opstellen(w)
    regel(w, addendum, {2027: D("5000.00")}, titel="Nieuwe S3-afspraak")
    oud = Addendum.objects.get(pk=addendum.pk).versie
    regel(w, addendum, {2028: D("1.00")}, titel="Nog iets")
    with pytest.raises(Bewerkingsconflict):
        addenda.addendum_ondertekenen(addendum=addendum, gelezen_versie=oud, acting_user=w.beheerder)
    assert not Addendumondertekening.objects.filter(addendum=addendum).exists()


def test_the_signed_addendum_counts_in_the_finance_overview_to_the_cent(w: Wereld) -> None:
    addendum = _uitgewerkt(w)
    tekenen(addendum, w.beheerder)
    tekenen(addendum, w.zorginkoper)
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]

    overzicht = selectors.overzicht_van(addenda.geldende_regels(contract))

    # By hand: S2 100.000 + 103.100 + 100.000 + 100.000 + 104.000,01 = 507.100,01; the triage line (2 x 25.000)
    # lapses; the new S3 line 2 x 12.345,67 = 24.691,34. Together 531.791,35.
    assert overzicht.jaren == [2026, 2027, 2028, 2029, 2030]
    assert overzicht.per_segment == {"S1": D("0.00"), "S2": D("507100.01"), "S3": D("24691.34")}
    assert overzicht.totaal == D("531791.35")
    assert overzicht.per_jaar[2027] == D("115445.67")
    assert overzicht.per_jaar[2030] == D("104000.01")
    # Practices: 70 % of each S2 year (104.000,01 x 0,70 = 72.800,007 -> 72.800,01) and 33,33 % of 12.345,67
    # (4.114,811... -> 4.114,81) twice: 354.970,01 + 8.229,62 = 363.199,63; the regio-organisatie the rest.
    assert overzicht.praktijk_per_jaar[2030] == D("72800.01")
    assert overzicht.praktijk_totaal == D("363199.63")
    assert overzicht.regio_totaal == D("168591.72")
    # The contract itself did not change.
    assert contract.eindjaar == 2029
    assert _triage(w).bedragen.count() == 2
    assert selectors.overzicht_van(selectors.afspraken(contract)).totaal == D("450000.00")


def test_an_addendum_line_sets_its_kind_of_money_and_indexation_for_what_holds_to_the_cent(w: Wereld) -> None:
    addendum = opstellen(w)
    s2 = _s2(w)
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    client = ingelogd(w.bewerker)
    # The form to change a line starts from that line's kind of money (the S2 line: structural, not indexed).
    Contractafspraak.objects.filter(pk=s2.pk).update(geldsoort="project")
    formulier = client.get(
        reverse("contracten:addendumregel_wijzigen", args=[contract.regio.slug, contract.pk, addendum.pk, f"a{s2.pk}"])
    ).content.decode()
    assert '<option value="project" selected>' in formulier
    Contractafspraak.objects.filter(pk=s2.pk).update(geldsoort="structureel")
    # The S2 line (100.000 a year) becomes project money and indexed; a new line of 12.345,67 in 2027 is indexed.
    regel(
        w,
        addendum,
        dict.fromkeys(range(2026, 2030), D("100000.00")),
        afspraak=s2,
        titel=s2.titel,
        segment="S2",
        aandeel_praktijk=D("70"),
        aandeel_regio=D("30"),
        geldsoort="project",
        geindexeerd=True,
    )
    regel(w, addendum, {2027: D("12345.67")}, titel="Valpreventie", geindexeerd=True)
    pagina = client.get(addenda.addendum_pad(addendum)).content.decode()
    assert pagina.count("projectgeld, geïndexeerd") == 1 and pagina.count("structureel, geïndexeerd") == 1
    assert "soort geld" in pagina and "projectgeld" in pagina  # the redline names the changed kind of money
    tekenen(addendum, w.beheerder)
    tekenen(addendum, w.zorginkoper)
    index_afspreken(w, contract, 2027, D("3.1"))

    procenten = jaarcyclus.bevestigde_procenten(jaarcyclus.jaarstanden(contract))
    totalen = jaartotalen(jaarcyclus.jaarbedragen(addenda.geldende_regels(contract)), procenten, [2027])
    t = next(t for t in totalen if t.jaar == 2027)
    # By hand, 2027: S2 100.000 + 3,1 % = 103.100,00 project money; Valpreventie 12.345,67 + 382,72 (382,71577)
    # = 12.728,39 and the triage line 25.000 (not indexed) structural: 37.728,39.
    assert (t.indexatie, t.project, t.structureel, t.totaal) == (
        D("3482.72"),
        D("103100.00"),
        D("37728.39"),
        D("140828.39"),
    )
    fin = client.get(reverse("contracten:financien", args=[contract.regio.slug, contract.pk])).content.decode()
    assert "€ 140.828,39" in fin and "€ 103.100,00" in fin
    csv = client.get(reverse("contracten:afspraken_csv", args=[contract.regio.slug, contract.pk])).content.decode()
    assert "projectgeld;ja;103100,00" in csv.replace('"', "")


def test_an_addendum_in_negotiation_is_not_counted_but_named_on_the_finance_page(w: Wereld) -> None:
    _uitgewerkt(w)
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    assert selectors.overzicht_van(addenda.geldende_regels(contract)).totaal == D("450000.00")

    pagina = ingelogd(w.zorginkoper).get(reverse("contracten:financien", args=[contract.regio.slug, contract.pk]))

    tekst = pagina.content.decode()
    assert "Addendum 1 is nog niet getekend en telt hier niet mee" in tekst
    assert "€ 81.791,35" in tekst  # 531.791,35 - 450.000,00
    assert "€ 450.000,00" in tekst


def test_the_contract_page_shows_what_holds_and_the_addendum_page_its_redline(w: Wereld) -> None:
    addendum = _uitgewerkt(w)
    tekenen(addendum, w.beheerder)
    tekenen(addendum, w.zorginkoper)
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    client = ingelogd(w.bewerker)

    pagina = client.get(reverse("contracten:detail", args=[contract.regio.slug, contract.pk])).content.decode()
    assert "Wat nu geldt: het contract met de getekende addenda (looptijd tot en met 2030)" in pagina
    # The header (on every tab) and the term section show the term as extended, and by which addendum.
    assert "Looptijd 2026\u20132030 (verlengd bij addendum 1; oorspronkelijk 2026\u20132029)" in pagina
    assert (
        "Het contract loopt 2026\u20132030. Addendum 1 verlengde het; oorspronkelijk liep het 2026\u20132029." in pagina
    )
    # The extended year counts for the end-of-term reminder and a termination.
    assert eindjaar_na_addenda(contract) == 2030
    assert looptijd.te_herinneren(dt.date(2029, 7, 1)) == []
    assert looptijd.te_herinneren(dt.date(2030, 6, 30)) == [contract.pk]
    verlengd = met_verlenging(Contract.objects.filter(pk=contract.pk)).get()
    assert (verlengd.fase(dt.date(2030, 6, 1)), verlengd.fase(dt.date(2031, 1, 1))) == ("actief", "beëindigd")
    # The yearly cycle follows what holds: the Jaren tab counts the added year and the added line, and the figures
    # of 2030 can be agreed.
    jaren = client.get(reverse("contracten:jaren", args=[contract.regio.slug, contract.pk])).content.decode()
    url_2030 = reverse("contracten:jaar", args=[contract.regio.slug, contract.pk, 2030])
    assert f'href="{url_2030}"' in jaren and "€ 104.000,01" in jaren
    jaar_2027 = client.get(reverse("contracten:jaar", args=[contract.regio.slug, contract.pk, 2027])).content.decode()
    assert 'Valpreventie thuiswonende ouderen <span class="hulptekst">(uit een addendum)</span>' in jaar_2027
    jaarcyclus.jaar_voorstellen(
        contract=contract,
        jaar=2030,
        indexatie_procent=D("2"),
        jaarplan=None,
        toelichting="",
        gelezen_versie=None,
        acting_user=w.bewerker,
    )
    lijst = client.get(reverse("contracten:lijst", args=[contract.regio.slug])).content.decode()
    assert '2026\u20132030 <span class="hulptekst">(verlengd bij addendum 1)</span>' in lijst
    assert "Valpreventie thuiswonende ouderen" in pagina
    assert "Addendum opstellen" in pagina  # nothing in negotiation any more

    adres = reverse("contracten:addendum", args=[contract.regio.slug, contract.pk, addendum.pk])
    pagina = client.get(adres).content.decode()
    assert '<del><span class="visueel-verborgen">was </span>€ 100.000,00</del>' in pagina
    assert "€ 103.100,00" in pagina
    assert "vervallen" in pagina and "Innovatie: digitale triage" in pagina
    assert "Getekend door beide partijen" in pagina  # its history
    assert "Addendum tekenen" not in pagina

    fin = client.get(reverse("contracten:financien", args=[contract.regio.slug, contract.pk])).content.decode()
    assert "€ 531.791,35" in fin and "Inclusief 1 getekend addendum" in fin

    for buiten in (w.tweede_zorginkoper, w.praktijkhouder, w.koepel):
        assert ingelogd(buiten).get(adres).status_code == 404


def test_the_pdf_prints_the_contract_as_amended_with_an_annex_per_addendum(w: Wereld, settings: Any) -> None:
    settings.REGIO_PDF_DOCUMENTEN = {**settings.REGIO_PDF_DOCUMENTEN, "contract": "contracten.pdf.ContractPdf"}
    addendum = _uitgewerkt(w)
    tekenen(addendum, w.beheerder)
    tekenen(addendum, w.zorginkoper)
    # The S2 line as the addendum changed it is project money and indexed: the PDF prints the addendum's line.
    Addendumregel.objects.filter(addendum=addendum, afspraak=w.afspraak).update(geldsoort="project", geindexeerd=True)  # type: ignore[attr-defined]

    document = ContractPdf(ContractPdf.ophalen(w.contract.pk), tekenaar=Tekenaar())  # type: ignore[attr-defined]
    tekst = pdf_tekst(document.render())

    # A PDF stored before the addendum was signed reads as outdated: the document's version counts the addendum.
    assert document.versie() == document.obj.versie + 1

    assert "Zoals gewijzigd door 1 getekend addendum" in tekst
    assert "€ 531.791,35" in tekst
    assert "Bijlage: Addendum 1" in tekst
    assert "Indexatie 2027 en een nieuwe S3-afspraak." in tekst
    assert "Valpreventie thuiswonende ouderen" in tekst
    assert "Het contract loopt daarmee tot en met 2030." in " ".join(tekst.split())
    # The cover shows the term as extended; each line its kind of money and whether it is indexed.
    assert "Looptijd 2026\u20132030 (verlengd bij addendum 1; oorspronkelijk 2026\u20132029)" in " ".join(tekst.split())
    assert "projectgeld, geïndexeerd" in tekst and "structureel, niet geïndexeerd" in tekst
