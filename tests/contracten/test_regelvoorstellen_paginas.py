"""Negotiating a contract line on its pages: the proposal form with Dutch amounts, the line's state and trail, the
other party's buttons (and not one's own), the counter-proposal prefilled, and the redline of two versions."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from contracten import regelvoorstellen, services
from contracten.models import Contract, Contractafspraak, Regelvoorstel
from regio.models import Rol
from regio.voorstellen import Voorstelstatus
from tests.contracten.werelden import afspraak_maken, veel_regels_met_voorstellen
from tests.personas import Wereld, _lid

pytestmark = pytest.mark.django_db


def _client(gebruiker: Any) -> Client:
    c = Client()
    c.force_login(gebruiker)
    return c


def _url(w: Wereld, naam: str, *args: object) -> str:
    return reverse(f"contracten:{naam}", args=[w.regio.slug, w.contract.pk, *args])  # type: ignore[attr-defined]


def _pagina(w: Wereld, wie: Any) -> str:
    return _client(wie).get(_url(w, "detail")).content.decode()


def _regelblok(pagina: str, afspraak_pk: int) -> str:
    begin = pagina.index(f'id="afspraak-{afspraak_pk}"')
    return pagina[begin : pagina.index("</article>", begin)]


def _formulier(**extra: str) -> dict[str, str]:
    return {
        "bedrag_2026": "98.765,43",
        "bedrag_2027": "12.500,05",
        "bedrag_2028": "100.000",
        "bedrag_2029": "",
        "aandeel_praktijk": "60",
        "aandeel_regio": "40",
        "voorwaarden": "Alleen met een POH ouderenzorg.",
        "toelichting": "Past in ons budget voor 2026.",
        **extra,
    }


def test_the_other_party_sees_the_open_proposal_and_accepts_it_and_the_line_shows_agreed_with_its_trail(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    pk = w.afspraak.pk  # type: ignore[attr-defined]
    formulier = _client(w.zorginkoper).get(_url(w, "regelvoorstel_nieuw", pk)).content.decode()
    assert 'value="100000,00"' in formulier  # prefilled with the line as it is, the Dutch way
    antwoord = _client(w.zorginkoper).post(_url(w, "regelvoorstel_nieuw", pk), _formulier())
    assert antwoord.status_code == 302
    voorstel = Regelvoorstel.objects.get()
    assert voorstel.wijziging["bedrag_2026"] == "98765.43" and voorstel.wijziging["bedrag_2029"] is None

    blok = _regelblok(_pagina(w, w.bewerker), pk)
    assert "Open voorstel van Verzekeraar Zuid" in blok
    assert "Aanvaarden" in blok and "Tegenvoorstel doen" in blok and "Voorstel intrekken" not in blok
    assert re.search(r"Bedrag 2026: <del>.*€ 100\.000,00</del> → <ins>.*€ 98\.765,43</ins>", blok)
    eigen = _regelblok(_pagina(w, w.zorginkoper), pk)
    assert "Voorstel intrekken" in eigen and "Aanvaarden" not in eigen

    antwoord = _client(w.bewerker).post(_url(w, "regelvoorstel_aanvaarden", voorstel.pk), follow=True)
    assert "Voorstel aanvaard" in antwoord.content.decode()
    blok = _regelblok(_pagina(w, w.zorginkoper), pk)
    assert "Akkoord van beide partijen" in blok
    assert "Voorstel</strong> van Daan Inkoper (Verzekeraar Zuid)" in blok
    assert "Aanvaard door Anna Bewerker (Zorggroep Eigen)" in blok
    assert "Past in ons budget voor 2026." in blok
    assert "€ 98.765,43" in blok
    assert {b.jaar: b.bedrag for b in Contractafspraak.objects.get(pk=pk).bedragen.all()}[2026] == Decimal("98765.43")


def test_a_counter_proposal_form_is_prefilled_with_the_proposal_it_answers(contractwereld: Wereld) -> None:
    w = contractwereld
    pk = w.afspraak.pk  # type: ignore[attr-defined]
    _client(w.zorginkoper).post(_url(w, "regelvoorstel_nieuw", pk), _formulier())
    voorstel = Regelvoorstel.objects.get()
    formulier = _client(w.bewerker).get(_url(w, "regelvoorstel_tegenvoorstel", voorstel.pk)).content.decode()
    assert 'value="98765,43"' in formulier and 'value="60,00"' in formulier
    assert "Het formulier staat ingevuld met het voorstel van Daan Inkoper (Verzekeraar Zuid)" in formulier
    antwoord = _client(w.bewerker).post(
        _url(w, "regelvoorstel_tegenvoorstel", voorstel.pk), _formulier(bedrag_2026="99.000", toelichting="Iets meer.")
    )
    assert antwoord.status_code == 302
    voorstel.refresh_from_db()
    tegen = Regelvoorstel.objects.get(tegenvoorstel_op=voorstel)
    assert voorstel.status == Voorstelstatus.VERVANGEN and tegen.wijziging["bedrag_2026"] == "99000.00"
    blok = _regelblok(_pagina(w, w.zorginkoper), pk)
    assert "Open voorstel van Zorggroep Eigen" in blok and "Tegenvoorstel</strong> van Anna Bewerker" in blok
    assert "Vervangen door Anna Bewerker (Zorggroep Eigen)" in blok


def test_bad_input_on_the_proposal_form_is_shown_with_the_input_kept_and_nothing_stored(contractwereld: Wereld) -> None:
    w = contractwereld
    pk = w.afspraak.pk  # type: ignore[attr-defined]
    antwoord = _client(w.zorginkoper).post(
        _url(w, "regelvoorstel_nieuw", pk), _formulier(aandeel_praktijk="60", aandeel_regio="30")
    )
    assert antwoord.status_code == 400
    tekst = antwoord.content.decode()
    assert "samen moet dat 100% zijn" in tekst and 'value="98.765,43"' in tekst  # as typed
    antwoord = _client(w.zorginkoper).post(_url(w, "regelvoorstel_nieuw", pk), _formulier(bedrag_2026="12,345"))
    assert antwoord.status_code == 400
    antwoord = _client(w.zorginkoper).post(_url(w, "regelvoorstel_nieuw", pk), _formulier(toelichting=""))
    assert antwoord.status_code == 400
    assert not Regelvoorstel.objects.exists()


def test_rejecting_without_a_reason_says_so_and_the_second_decision_is_told_who_came_first(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    _client(w.zorginkoper).post(_url(w, "regelvoorstel_nieuw", w.afspraak.pk), _formulier())  # type: ignore[attr-defined]
    voorstel = Regelvoorstel.objects.get()
    tekst = _client(w.bewerker).post(_url(w, "regelvoorstel_afwijzen", voorstel.pk), follow=True).content.decode()
    assert "Zeg waarom u dit voorstel afwijst." in tekst
    _client(w.beheerder).post(_url(w, "regelvoorstel_afwijzen", voorstel.pk), {"toelichting": "Te laag."})
    tekst = _client(w.bewerker).post(_url(w, "regelvoorstel_aanvaarden", voorstel.pk), follow=True).content.decode()
    assert "Dit voorstel is intussen al afgewezen door Bram Beheerder (Zorggroep Eigen)" in tekst
    assert Regelvoorstel.objects.get().status == Voorstelstatus.AFGEWEZEN


def test_after_a_plain_edit_the_other_party_agrees_with_one_button_and_signing_waits_for_it(
    contractwereld: Wereld,
) -> None:
    w = contractwereld
    regel = Contractafspraak.objects.get(pk=w.afspraak.pk)  # type: ignore[attr-defined]
    services.afspraak_opslaan(
        afspraak=regel,
        gelezen_versie=regel.versie,
        bedragen={2026: Decimal("5.00")},
        meetpunten=[],
        acting_user=w.bewerker,
    )
    pagina = _pagina(w, w.zorginkoper)
    assert "Nog niet akkoord: Praktijkondersteuner ouderenzorg." in pagina
    assert "wacht op akkoord van Verzekeraar Zuid" in _regelblok(pagina, regel.pk)
    assert "Akkoord met deze regel" not in _regelblok(_pagina(w, w.bewerker), regel.pk)
    regel.refresh_from_db()
    _client(w.zorginkoper).post(_url(w, "afspraak_akkoord", regel.pk), {"versie": regel.versie})
    pagina = _pagina(w, w.bewerker)
    assert "Akkoord van beide partijen" in _regelblok(pagina, regel.pk)
    assert "Beide partijen zijn akkoord met elke afspraak." in pagina


def test_readers_of_a_party_see_the_trail_but_may_not_propose_or_decide(contractwereld: Wereld) -> None:
    w = contractwereld
    lezer = _lid(w.zorggroep, Rol.LEZER, naam="Lotte Lezer", email="lotte@zorggroep.test")
    voorstel = regelvoorstellen.regelvoorstel_doen(
        contract=Contract.objects.get(pk=w.contract.pk),  # type: ignore[attr-defined]
        afspraak=Contractafspraak.objects.get(pk=w.afspraak.pk),  # type: ignore[attr-defined]
        waarden={"bedrag_2026": "1.00", "aandeel_praktijk": "70", "aandeel_regio": "30"},
        toelichting="Probeersel.",
        acting_user=w.zorginkoper,
    )
    blok = _regelblok(_pagina(w, lezer), w.afspraak.pk)  # type: ignore[attr-defined]
    assert "Open voorstel van Verzekeraar Zuid" in blok and "Aanvaarden" not in blok and "Voorstel doen" not in blok
    client = _client(lezer)
    assert client.get(_url(w, "regelvoorstel_nieuw", w.afspraak.pk)).status_code == 403  # type: ignore[attr-defined]
    for naam in ("regelvoorstel_aanvaarden", "regelvoorstel_afwijzen", "regelvoorstel_intrekken"):
        assert client.post(_url(w, naam, voorstel.pk)).status_code == 403
    assert client.post(_url(w, "afspraak_akkoord", w.afspraak.pk)).status_code == 403  # type: ignore[attr-defined]
    assert Regelvoorstel.objects.get().is_open


def test_the_redline_shows_added_removed_and_changed_lines_with_old_and_new_amounts(contractwereld: Wereld) -> None:
    w = contractwereld
    van = Contract.objects.get(pk=w.contract.pk).versie  # type: ignore[attr-defined]
    _client(w.zorginkoper).post(_url(w, "regelvoorstel_nieuw", w.afspraak.pk), _formulier())  # type: ignore[attr-defined]
    _client(w.bewerker).post(_url(w, "regelvoorstel_aanvaarden", Regelvoorstel.objects.get().pk))
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    afspraak_maken(w, contract, titel="Nieuwe regel: avondspreekuur", bedragen={2027: Decimal("1234.56")})
    s3 = Contractafspraak.objects.get(contract=contract, segment="S3")
    services.afspraak_verwijderen(afspraak=s3, acting_user=w.bewerker)
    tot = Contract.objects.get(pk=contract.pk).versie

    antwoord = _client(w.zorginkoper).get(_url(w, "vergelijken") + f"?van={van}&tot={tot}")
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert f"Wijziging {van} en wijziging {tot} vergeleken" in tekst
    rij = lambda titel: tekst[tekst.index(titel) : tekst.index("</tr>", tekst.index(titel))]  # noqa: E731
    gewijzigd = rij("Praktijkondersteuner ouderenzorg")
    assert 'label--nadruk">gewijzigd' in gewijzigd
    assert re.search(
        r"<del><span class=\"visueel-verborgen\">was </span>€ 100\.000,00</del> → "
        r"<ins><span class=\"visueel-verborgen\">wordt </span>€ 98\.765,43</ins>",
        gewijzigd,
    )
    assert (
        'aandeel praktijk (%): <del><span class="visueel-verborgen">was </span>70%</del>' in gewijzigd
        and "Alleen met een POH ouderenzorg." in gewijzigd
    )
    # 2029: 100 000,00 -> nothing (0,00).
    assert "€ 0,00</ins>" in gewijzigd
    nieuw = rij("Nieuwe regel: avondspreekuur")
    assert ">nieuw</span>" in nieuw and "€ 1.234,56</ins>" in nieuw
    weg = rij("Innovatie: digitale triage")
    assert ">vervallen</span>" in weg and "€ 25.000,00</del>" in weg
    # The totals per year, old -> new: 2026 was 100 000 + 25 000, is 98 765,43.
    assert re.search(r"€ 125\.000,00</del> → <ins><span class=\"visueel-verborgen\">wordt </span>€ 98\.765,43", tekst)


def test_comparing_versions_that_do_not_exist_says_which_exist(contractwereld: Wereld) -> None:
    w = contractwereld
    for query in ("?van=abc", "?van=0&tot=999", "?tot=-3"):
        antwoord = _client(w.bewerker).get(_url(w, "vergelijken") + query)
        assert antwoord.status_code == 400
        assert "Kies twee wijzigingsnummers van dit contract (1 tot en met" in antwoord.content.decode()


def test_the_contract_page_costs_the_same_few_queries_with_200_lines_and_200_open_proposals(
    contractwereld: Wereld,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = contractwereld
    client = _client(w.bewerker)
    client.get(_url(w, "detail"))  # the first request of a session reads a little more (once)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(_url(w, "detail")).status_code == 200
    veel_regels_met_voorstellen(w, Contract.objects.get(pk=w.contract.pk), 200)  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as veel:
        pagina = client.get(_url(w, "detail")).content.decode()
    assert pagina.count("Open voorstel van Verzekeraar Zuid") == 200
    assert len(veel) == len(weinig), [q["sql"][:120] for q in veel.captured_queries]
    assert len(veel) <= 20


def test_a_new_line_is_proposed_on_its_form_and_exists_once_the_other_party_accepts_it(contractwereld: Wereld) -> None:
    w = contractwereld
    contract = Contract.objects.get(pk=w.contract.pk)  # type: ignore[attr-defined]
    activiteit = contract.regioplan.activiteiten.get()
    antwoord = _client(w.zorginkoper).post(
        _url(w, "regelvoorstel_nieuwe_afspraak"),
        {
            "titel": "Avondspreekuur in de wijk",
            "activiteit": activiteit.pk,
            "segment": "S2",
            "aandeel_praktijk": "80",
            "aandeel_regio": "20",
            "bedrag_2027": "12.345,67",
            "toelichting": "Past bij de activiteit in het plan.",
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert not Contractafspraak.objects.filter(titel="Avondspreekuur in de wijk").exists()
    pagina = _pagina(w, w.bewerker)
    assert "Voorgestelde nieuwe afspraken" in pagina and "Nog niet akkoord:" in pagina
    assert "Bedrag 2027: <del>" in pagina and "€ 12.345,67</ins>" in pagina
    voorstel = Regelvoorstel.objects.get(afspraak__isnull=True)
    _client(w.bewerker).post(_url(w, "regelvoorstel_aanvaarden", voorstel.pk))
    nieuw = Contractafspraak.objects.get(titel="Avondspreekuur in de wijk")
    assert {b.jaar: b.bedrag for b in nieuw.bedragen.all()} == {2027: Decimal("12345.67")}
    assert nieuw.akkoord_van_beide and nieuw.opgesteld_namens == w.verzekeraar
    assert _client(w.zorginkoper).post(_url(w, "regelvoorstel_nieuwe_afspraak"), {}).status_code == 400
