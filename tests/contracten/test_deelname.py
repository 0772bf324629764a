"""Practices' opt-in: inviting the region's practices, their managers' decisions, the participation rate, and
what a practice sees of the contract (never its amounts)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracten import deelname as opt_in
from contracten import services
from contracten.models import Contract, Contractstatus, Pakket, Praktijkdeelname
from regio import wijzigingen
from regio.dashboard import dashboard_voor
from regio.models import Deelname, Organisatie, Rol
from regioplan.models import Doel
from tests.personas import Wereld, _deelname, _lid, _org

pytestmark = pytest.mark.django_db

Besluit = Praktijkdeelname.Besluit
GISTEREN = timezone.localdate() - dt.timedelta(days=1)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _praktijk(wereld: Wereld, naam: str, regio: Any = None) -> Organisatie:
    org = _org(naam, "huisartsenpraktijk")
    _deelname(regio or wereld.regio, org, Deelname.DeelnameRol.DEELNEMER)
    return org


def _doel() -> Doel:
    return Doel.objects.filter(actief=True).first()  # type: ignore[return-value]


def _besluiten(w: Any, deelname: Praktijkdeelname | None = None, **kwargs: Any) -> Praktijkdeelname:
    velden: dict[str, Any] = {
        "besluit": Besluit.DOET_MEE,
        "besloten_op": GISTEREN,
        "onderaannemer_bevestigd": False,
        "doel": _doel(),
        "toelichting": "",
        "acting_user": w.praktijkhouder,
        **kwargs,
    }
    return opt_in.deelname_besluiten(deelname=deelname or w.deelname, **velden)


def _tekst(response: Any) -> str:
    """The page as a person reads it: text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _bewaren(naam: str, response: Any) -> None:
    """Keep a page for a look in the browser (not part of what the test asserts)."""
    Path(f"/tmp/deelname_{naam}.html").write_bytes(response.content)  # noqa: S108 - a place to look, asked for


# --- who can be invited ----------------------------------------------------------------------------------


def test_the_practices_of_the_region_are_the_gp_practices_taking_part_in_it(wereld: Wereld) -> None:
    anker = _praktijk(wereld, "Praktijk Het Anker")
    _praktijk(wereld, "Praktijk Elders", regio=wereld.andere_regio)
    gestopt = _org("Praktijk Gestopt", "huisartsenpraktijk")
    Deelname.objects.create(
        regio=wereld.regio,
        organisatie=gestopt,
        rol=Deelname.DeelnameRol.DEELNEMER,
        van=dt.date(2020, 1, 1),
        tot=dt.date(2021, 1, 1),
    )
    assert list(opt_in.praktijken_van_regio(wereld.regio)) == [wereld.praktijk, anker]


def test_the_zorggroep_invites_all_practices_of_the_region_not_yet_invited(
    contractwereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    w: Any = contractwereld
    anker = _praktijk(w, "Praktijk Het Anker")
    _lid(anker, Rol.BEHEERDER, naam="Ingrid Anker", email="ingrid@anker.test")
    versie = w.contract.versie
    client = _client(w.bewerker)
    url = reverse("contracten:uitnodigen", args=[w.regio.slug, w.contract.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"pakket": w.pakket.pk, "alle": "on"}, follow=True)

    assert response.status_code == 200
    assert "1 praktijk uitgenodigd voor Regionaal S3-pakket" in _tekst(response)
    rijen = Praktijkdeelname.objects.filter(pakket=w.pakket)
    assert sorted(r.praktijk.naam for r in rijen) == ["Praktijk De Linde", "Praktijk Het Anker"]
    # Inviting is carrying the contract out: logged, but the version (and any signature) stays.
    contract = Contract.objects.get(pk=w.contract.pk)
    assert contract.versie == versie
    assert (
        wijzigingen.van(contract)
        .filter(wat__contains="uitgenodigd voor Regionaal S3-pakket: Praktijk Het Anker")
        .exists()
    )
    # The new practice's manager is told by e-mail (the practice invited earlier is not mailed again).
    assert [m.to for m in mail.outbox] == [["ingrid@anker.test"]]
    assert "Regionaal S3-pakket" in mail.outbox[0].subject
    assert "/uitnodiging/" in mail.outbox[0].body
    assert "25.000" not in mail.outbox[0].body and "25000" not in mail.outbox[0].body
    assert Praktijkdeelname.objects.get(praktijk=anker).gemaild_op is not None

    # Asked again: nobody is invited twice.
    assert (
        opt_in.praktijken_uitnodigen(
            contract=contract, pakket=w.pakket, praktijken=[anker, w.praktijk], acting_user=w.bewerker
        )
        == 0
    )


def test_the_whole_contract_and_a_package_are_separate_invitations(
    contractwereld: Wereld, django_capture_on_commit_callbacks: Any
) -> None:
    w: Any = contractwereld
    with django_capture_on_commit_callbacks(execute=True):
        aantal = opt_in.praktijken_uitnodigen(
            contract=w.contract, pakket=None, praktijken=[w.praktijk], acting_user=w.zorginkoper
        )
    assert aantal == 1
    assert Praktijkdeelname.objects.filter(praktijk=w.praktijk).count() == 2
    assert [m.to for m in mail.outbox] == [["hans@praktijk.test"]]


def test_a_practice_of_another_region_cannot_be_invited(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    elders = _praktijk(w, "Praktijk Elders", regio=w.andere_regio)
    with pytest.raises(ValidationError, match="Geen praktijk van deze regio: Praktijk Elders"):
        opt_in.praktijken_uitnodigen(contract=w.contract, pakket=None, praktijken=[elders], acting_user=w.bewerker)
    # Nor an organisation of the region that is not a practice (the second insurer).
    with pytest.raises(ValidationError, match="Verzekeraar Noord"):
        opt_in.praktijken_uitnodigen(
            contract=w.contract, pakket=None, praktijken=[w.tweede_verzekeraar], acting_user=w.bewerker
        )
    # Through the page: the form refuses it, nothing is stored.
    url = reverse("contracten:uitnodigen", args=[w.regio.slug, w.contract.pk])
    response = _client(w.bewerker).post(url, {"pakket": "", "praktijken": [elders.pk]})
    assert response.status_code == 400
    assert "Er is niemand uitgenodigd" in _tekst(response)
    assert not Praktijkdeelname.objects.filter(praktijk=elders).exists()


def test_an_invitation_for_a_package_of_another_contract_is_refused(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    vreemd = Pakket.objects.create(contract=w.ander_contract, naam="Ander pakket")
    with pytest.raises(ValidationError, match="hoort niet bij dit contract"):
        opt_in.praktijken_uitnodigen(
            contract=w.contract, pakket=vreemd, praktijken=[w.praktijk], acting_user=w.bewerker
        )
    url = reverse("contracten:uitnodigen", args=[w.regio.slug, w.contract.pk])
    response = _client(w.bewerker).post(url, {"pakket": vreemd.pk, "alle": "on"})
    assert response.status_code == 400
    assert not Praktijkdeelname.objects.filter(pakket=vreemd).exists()


def test_an_empty_invitation_says_what_to_choose(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    url = reverse("contracten:uitnodigen", args=[w.regio.slug, w.contract.pk])
    response = _client(w.zorginkoper).post(url, {"pakket": ""})
    assert response.status_code == 400
    assert "Kies minstens één praktijk" in _tekst(response)


def test_a_practice_number_no_database_can_hold_is_refused_as_a_form_error(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    url = reverse("contracten:uitnodigen", args=[w.regio.slug, w.contract.pk])
    voor = Praktijkdeelname.objects.count()
    response = _client(w.bewerker).post(url, {"pakket": "", "praktijken": ["99999999999999999999999"]})
    assert response.status_code == 400
    assert "Er is niemand uitgenodigd" in _tekst(response)
    assert Praktijkdeelname.objects.count() == voor


# --- deciding ----------------------------------------------------------------------------------------------


def test_the_rate_reads_1_van_1_once_the_practice_joins(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    voor = opt_in.deelnamegraad(w.contract, w.pakket)
    assert (voor.uitgenodigd, voor.doet_mee, voor.geen_besluit) == (1, 0, 1)
    assert voor.tekst == "0 van 1 praktijk doet mee"

    _besluiten(w)

    na = opt_in.deelnamegraad(w.contract, w.pakket)
    assert (na.uitgenodigd, na.doet_mee, na.doet_niet_mee, na.geen_besluit) == (1, 1, 0, 0)
    assert na.tekst == "1 van 1 praktijk doet mee"
    assert na.procent == 100
    heel = opt_in.deelnamegraad(w.contract)
    assert (heel.uitgenodigd, heel.doet_mee) == (0, 0)

    response = _client(w.beheerder).get(reverse("contracten:deelnames", args=[w.regio.slug, w.contract.pk]))
    tekst = _tekst(response)
    assert response.status_code == 200
    assert "1 van 1 praktijk doet mee" in tekst
    assert '<meter min="0" max="1" value="1"' in " ".join(response.content.decode().split())
    assert "Praktijk De Linde" in tekst and "Hans Praktijkhouder" in tekst
    assert _doel().naam in tekst


def test_the_rate_of_seventy_practices(contractwereld: Wereld, django_assert_max_num_queries: Any) -> None:
    w: Any = contractwereld
    praktijken = [_praktijk(w, f"Praktijk {i:02d}") for i in range(69)]
    with django_assert_max_num_queries(15):  # however many practices: no query per practice
        opt_in.praktijken_uitnodigen(
            contract=w.contract, pakket=w.pakket, praktijken=praktijken, acting_user=w.bewerker
        )
    Praktijkdeelname.objects.filter(pakket=w.pakket).update(besluit=Besluit.DOET_MEE, besloten_op=GISTEREN)
    assert opt_in.deelnamegraad(w.contract, w.pakket).tekst == "70 van 70 praktijken doen mee"


def test_the_praktijken_tab_costs_the_same_queries_for_one_or_seventy_practices(
    contractwereld: Wereld, django_assert_max_num_queries: Any
) -> None:
    w: Any = contractwereld
    client = _client(w.bewerker)
    url = reverse("contracten:deelnames", args=[w.regio.slug, w.contract.pk])
    client.get(url)  # warm the session and the content types
    with CaptureQueriesContext(connection) as een:
        assert client.get(url).status_code == 200
    praktijken = [_praktijk(w, f"Praktijk {i:02d}") for i in range(69)]
    opt_in.praktijken_uitnodigen(
        contract=w.contract, pakket=w.pakket, praktijken=praktijken[:40], acting_user=w.bewerker
    )
    with django_assert_max_num_queries(len(een.captured_queries)):
        response = client.get(url)
    assert "0 van 70 praktijken doen mee" in _tekst(response)


def test_deciding_needs_a_date_that_is_not_in_the_future(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    with pytest.raises(ValidationError) as zonder:
        _besluiten(w, besloten_op=None)
    assert zonder.value.message_dict["besloten_op"] == ["Vul de datum van het besluit in."]
    with pytest.raises(ValidationError) as later:
        _besluiten(w, besloten_op=timezone.localdate() + dt.timedelta(days=1))
    assert "in de toekomst" in later.value.message_dict["besloten_op"][0]
    assert Praktijkdeelname.objects.get(pk=w.deelname.pk).besluit == Besluit.UITGENODIGD
    # Today is fine.
    assert _besluiten(w, besloten_op=timezone.localdate()).besluit == Besluit.DOET_MEE
    with pytest.raises(ValidationError, match="ligt voor de uitnodiging"):
        _besluiten(w, besloten_op=timezone.localdate() - dt.timedelta(days=61))


def test_a_package_that_asks_for_a_goal_needs_an_active_goal_to_join(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    with pytest.raises(ValidationError) as zonder:
        _besluiten(w, doel=None)
    assert "Kies het doel" in zonder.value.message_dict["doel"][0]
    oud = Doel.objects.create(naam="Oud doel", actief=False)
    with pytest.raises(ValidationError, match="kan niet meer worden gekozen"):
        _besluiten(w, doel=oud)
    rij = _besluiten(w, doel=_doel(), toelichting="Besproken in de praktijkvergadering.")
    assert rij.doel == _doel()
    assert rij.besloten_door == w.praktijkhouder
    assert (
        wijzigingen.van(w.contract)
        .filter(wat__startswith="Praktijk De Linde doet mee met Regionaal S3-pakket", namens=w.praktijk)
        .exists()
    )


def test_joining_s2_care_needs_the_subcontractor_confirmation(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    # The whole contract holds an S2 line; it asks no goal (contract.doel_kiezen is off).
    opt_in.praktijken_uitnodigen(contract=w.contract, pakket=None, praktijken=[w.praktijk], acting_user=w.bewerker)
    heel = Praktijkdeelname.objects.get(praktijk=w.praktijk, pakket=None)
    with pytest.raises(ValidationError) as fout:
        _besluiten(w, heel, doel=None, besloten_op=timezone.localdate())
    assert "onderaannemer van Zorggroep Eigen" in fout.value.message_dict["onderaannemer_bevestigd"][0]
    rij = _besluiten(w, heel, doel=_doel(), onderaannemer_bevestigd=True, besloten_op=timezone.localdate())
    assert rij.onderaannemer_bevestigd
    assert rij.doel is None  # the contract asks no goal, so none is stored
    # The S3 package is no S2 care: no confirmation asked.
    assert not opt_in.vraagt_onderaannemer(w.contract, w.pakket)
    assert _besluiten(w).onderaannemer_bevestigd is False


def test_opting_out_needs_no_goal_and_clears_goal_and_confirmation(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    _besluiten(w)
    rij = _besluiten(w, besluit=Besluit.DOET_NIET_MEE, doel=None)
    assert (rij.besluit, rij.doel, rij.onderaannemer_bevestigd) == (Besluit.DOET_NIET_MEE, None, False)
    graad = opt_in.deelnamegraad(w.contract, w.pakket)
    assert (graad.doet_mee, graad.doet_niet_mee) == (0, 1)


def test_changing_ones_mind_keeps_the_history(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    _besluiten(w, besloten_op=GISTEREN - dt.timedelta(days=30))
    _besluiten(w, besluit=Besluit.DOET_NIET_MEE, besloten_op=GISTEREN)

    historie = list(w.deelname.history.order_by("history_date"))
    assert [h.besluit for h in historie] == [Besluit.UITGENODIGD, Besluit.DOET_MEE, Besluit.DOET_NIET_MEE]
    assert historie[-1].history_user == w.praktijkhouder
    assert wijzigingen.van(w.contract).filter(wat__startswith="Besluit gewijzigd").exists()

    response = _client(w.lezer).get(reverse("contracten:uitnodiging", args=[w.regio.slug, w.deelname.pk]))
    tekst = _tekst(response)
    assert "doet niet mee" in tekst and "doet mee" in tekst
    assert "Anna Bewerker" in tekst  # who invited, in the history


def test_a_gp_reader_cannot_decide_for_the_practice(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    with pytest.raises(PermissionDenied):
        _besluiten(w, acting_user=w.lezer)
    url = reverse("contracten:uitnodiging_besluiten", args=[w.regio.slug, w.deelname.pk])
    response = _client(w.lezer).post(
        url, {"besluit": "doet-mee", "besloten_op": GISTEREN.isoformat(), "doel": _doel().pk}
    )
    assert response.status_code == 403
    assert Praktijkdeelname.objects.get(pk=w.deelname.pk).besluit == Besluit.UITGENODIGD
    # She sees the invitation and who decides, but no form.
    pagina = _client(w.lezer).get(reverse("contracten:uitnodiging", args=[w.regio.slug, w.deelname.pk]))
    assert "De beheerder van Praktijk De Linde legt het besluit vast: Hans Praktijkhouder." in _tekst(pagina)
    assert "Besluit vastleggen" not in _tekst(pagina)


def test_the_manager_decides_on_the_page_and_bad_input_stores_nothing(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    client = _client(w.praktijkhouder)
    url = reverse("contracten:uitnodiging_besluiten", args=[w.regio.slug, w.deelname.pk])

    fout = client.post(url, {"besluit": "doet-mee", "besloten_op": ""})
    assert fout.status_code == 400
    assert "Vul de datum van het besluit in." in _tekst(fout)
    zonder_doel = client.post(url, {"besluit": "doet-mee", "besloten_op": GISTEREN.isoformat()})
    assert zonder_doel.status_code == 400
    assert "Kies het doel waaraan uw praktijk werkt." in _tekst(zonder_doel)
    assert Praktijkdeelname.objects.get(pk=w.deelname.pk).besluit == Besluit.UITGENODIGD
    _bewaren("uitnodiging_fout", zonder_doel)

    goed = client.post(
        url, {"besluit": "doet-mee", "besloten_op": GISTEREN.isoformat(), "doel": _doel().pk}, follow=True
    )
    assert goed.status_code == 200
    assert "Vastgelegd: Praktijk De Linde doet mee." in _tekst(goed)
    rij = Praktijkdeelname.objects.get(pk=w.deelname.pk)
    assert (rij.besluit, rij.besloten_op, rij.doel) == (Besluit.DOET_MEE, GISTEREN, _doel())


def test_the_practice_page_shows_what_is_asked_but_no_amounts(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    Pakket.objects.filter(pk=w.pakket.pk).update(omschrijving="Innovatieprojecten voor de hele regio.")
    w.contract.afspraken.filter(segment="S3").update(voorwaarden="Triage via de regionale app.")
    response = _client(w.praktijkhouder).get(reverse("contracten:uitnodiging", args=[w.regio.slug, w.deelname.pk]))
    _bewaren("uitnodiging", response)
    tekst = _tekst(response)
    assert response.status_code == 200
    for verwacht in (
        "Meerjarencontract Eigen regio 2026-2029",
        "Zorggroep Eigen · Verzekeraar Zuid",
        "2026\u20132029",
        "Regionaal S3-pakket",
        "Innovatieprojecten voor de hele regio.",
        "Innovatie: digitale triage",
        "Triage via de regionale app.",
        "Besluit vastleggen",
    ):
        assert verwacht in tekst
    # Only the package's own lines; never the contract's amounts or finance. The practice's own share is shown
    # (tests/contracten/test_praktijkaandeel.py): half of the package line's 25.000 a year, for the only practice.
    assert "Praktijkondersteuner ouderenzorg" not in tekst
    for bedrag in ("100.000", "100000", "25000", "50.000"):
        assert bedrag not in tekst
    assert "Wat uw praktijk ontvangt" in tekst
    assert tekst.count("12.500,00") == 2


def test_an_undecided_invitation_can_be_withdrawn_a_decided_one_not(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    client = _client(w.bewerker)
    url = reverse("contracten:uitnodiging_intrekken", args=[w.regio.slug, w.contract.pk, w.deelname.pk])
    _besluiten(w)
    response = client.post(url, follow=True)
    assert "heeft al besloten" in _tekst(response)
    assert Praktijkdeelname.objects.filter(pk=w.deelname.pk).exists()

    Praktijkdeelname.objects.filter(pk=w.deelname.pk).update(besluit=Besluit.UITGENODIGD)
    response = client.post(url, follow=True)
    assert "De uitnodiging van Praktijk De Linde is ingetrokken." in _tekst(response)
    assert not Praktijkdeelname.objects.filter(pk=w.deelname.pk).exists()
    assert wijzigingen.van(w.contract).filter(wat__startswith="Uitnodiging ingetrokken").exists()
    assert "Nog geen praktijken uitgenodigd" in _tekst(response)


def test_a_signed_contract_still_takes_opt_ins_and_keeps_its_signatures(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    c = Contract.objects.get(pk=w.contract.pk)
    c = services.contract_aanbieden(contract=c, gelezen_versie=c.versie, acting_user=w.bewerker)
    for wie in (w.beheerder, w.zorginkoper):
        c = Contract.objects.get(pk=c.pk)
        services.contract_ondertekenen(contract=c, gelezen_versie=c.versie, acting_user=wie)
    c = Contract.objects.get(pk=c.pk)
    assert c.status == Contractstatus.GETEKEND
    opt_in.praktijken_uitnodigen(contract=c, pakket=None, praktijken=[w.praktijk], acting_user=w.bewerker)
    _besluiten(w)
    na = Contract.objects.get(pk=c.pk)
    assert (na.status, na.versie) == (Contractstatus.GETEKEND, c.versie)
    assert na.ondertekeningen.filter(ingetrokken_op=None).count() == 2


# --- who sees what -----------------------------------------------------------------------------------------


def test_the_second_insurer_gets_404_everywhere(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    client = _client(w.tweede_zorginkoper)
    c, d = w.contract, w.deelname
    for methode, naam, args in (
        ("get", "deelnames", [w.regio.slug, c.pk]),
        ("post", "uitnodigen", [w.regio.slug, c.pk]),
        ("post", "uitnodiging_intrekken", [w.regio.slug, c.pk, d.pk]),
        ("get", "uitnodiging", [w.regio.slug, d.pk]),
        ("post", "uitnodiging_besluiten", [w.regio.slug, d.pk]),
    ):
        assert getattr(client, methode)(reverse(f"contracten:{naam}", args=args)).status_code == 404, naam
    # Its own invitations page exists (it is a member of the region) but shows nothing of the contract.
    lijst = client.get(reverse("contracten:mijn_uitnodigingen", args=[w.regio.slug]))
    assert lijst.status_code == 200
    assert "Geen uitnodigingen" in _tekst(lijst)
    assert c.titel not in _tekst(lijst)
    assert Praktijkdeelname.objects.filter(pk=d.pk).exists()


def test_the_practice_sees_its_invitations_and_the_dashboard_tells_it(contractwereld: Wereld, settings: Any) -> None:
    w: Any = contractwereld
    lijst = _client(w.lezer).get(reverse("contracten:mijn_uitnodigingen", args=[w.regio.slug]))
    assert "Regionaal S3-pakket" in _tekst(lijst)
    assert "De beheerder van de praktijk besluit." in _tekst(lijst)
    _bewaren("uitnodigingen", lijst)

    request: Any = RequestFactory().get("/")  # stands for a signed-in request (IngelogdVerzoek)
    request.user = w.praktijkhouder
    html = opt_in.dashboard_onderdeel(dashboard_voor(request))
    assert "Uw praktijk Praktijk De Linde is uitgenodigd voor Regionaal S3-pakket" in html
    assert reverse("contracten:uitnodiging", args=[w.regio.slug, w.deelname.pk]) in html
    # Once decided it no longer waits; people outside the practice never see it.
    request.user = w.bewerker
    assert opt_in.dashboard_onderdeel(dashboard_voor(request)) == ""
    _besluiten(w)
    request.user = w.praktijkhouder
    assert opt_in.dashboard_onderdeel(dashboard_voor(request)) == ""

    settings.REGIO_DASHBOARD = [*settings.REGIO_DASHBOARD, "contracten.deelname.dashboard_onderdeel"]
    Praktijkdeelname.objects.filter(pk=w.deelname.pk).update(besluit=Besluit.UITGENODIGD)
    pagina = _client(w.praktijkhouder).get(reverse("regio:mijn_regios"))
    assert "Uitnodigingen voor uw praktijk" in _tekst(pagina)


def test_the_praktijken_tab_for_a_look(contractwereld: Wereld) -> None:
    w: Any = contractwereld
    _praktijk(w, "Praktijk Het Anker")
    _praktijk(w, "Praktijk De Brug")
    _besluiten(w)
    client = _client(w.bewerker)
    url = reverse("contracten:deelnames", args=[w.regio.slug, w.contract.pk])
    response = client.get(url)
    _bewaren("praktijken", response)
    tekst = _tekst(response)
    assert response.status_code == 200
    assert "Pakket: Regionaal S3-pakket" in tekst and "Het hele contract" in tekst
    assert "1 van 3 praktijken doet mee" in tekst
    assert "Alle nog niet uitgenodigde praktijken (2)" in tekst  # the package
    assert "Alle nog niet uitgenodigde praktijken (3)" in tekst  # the whole contract
    # An empty contract explains what to do.
    Praktijkdeelname.objects.all().delete()
    leeg = client.get(url)
    _bewaren("praktijken_leeg", leeg)
    assert "Nog geen praktijken uitgenodigd" in _tekst(leeg)
