"""The demo as `make run` loads it: every app's demo story, loaded once for this module (tests/eenmalig.py) on the
demo's own day, and loading it again changes nothing and mails nobody.

Loading the demo costs 15-20 CPU seconds; the tests below used to load it a dozen times, each in its own module.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, TestCase
from django.urls import reverse

from regio import wijzigingen
from regio.demo import DEMO_UITNODIGING
from regio.gesprekken.draden import leesbare_reacties
from regio.koepelgroep import KOEPELGROEP, koepelgroep_verzekeren
from regio.models import Gebruiker, Organisatie, Regio, Uitnodiging
from regio.tweestaps import totp_code
from regioplan import services
from regioplan.access import mandaat_om_goed_te_keuren
from regioplan.demo import EINDJAAR, STARTJAAR, TITEL
from regioplan.gesprek import PLANGESPREK
from regioplan.models import Reactie, Regioplan, Status
from regioplan.tijdpad import tijdpad_grafiek
from tests.contracten.test_rapportagemomenten import vandaag_is
from tests.eenmalig import eenmalige_wereld, kopie

pytestmark = pytest.mark.django_db

D = Decimal
# The demo's own day: what it makes from today (reporting dates, mandates, a result's date) is the same in every run.
DEMODAG = dt.date(2026, 12, 7)


@dataclass
class Demo:
    mails: list[str]  # subjects of the e-mails that loading sent (after its transactions' on-commit work ran)
    koepelrechten: set[str]  # the koepel group's permissions as the migration left them, before loading


def _rechten() -> set[str]:
    return set(Group.objects.get(name=KOEPELGROEP).permissions.values_list("codename", flat=True))


def _laden() -> Demo:
    koepelgroep_verzekeren()  # as the migration left it (a transactional test before this one may have emptied it)
    rechten = _rechten()
    voor = len(mail.outbox)
    with pytest.MonkeyPatch.context() as mp:
        vandaag_is(mp, DEMODAG)
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("demo_laden", stdout=io.StringIO())
    return Demo(mails=[str(m.subject) for m in mail.outbox[voor:]], koepelrechten=rechten)


gedeelde_demo = eenmalige_wereld("gedeelde_demo", _laden)


@pytest.fixture
def demo(gedeelde_demo: Demo, db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    vandaag_is(monkeypatch, DEMODAG)
    yield kopie(gedeelde_demo, "gedeelde_demo")


def persoon(voornaam: str) -> Gebruiker:
    return Gebruiker.objects.get(email__startswith=f"{voornaam}@")


def demoplan() -> Regioplan:
    return Regioplan.objects.get(regio__slug="oostelijk-zuid-limburg", titel=TITEL)


# --- loading ------------------------------------------------------------------------------------------------------


def test_loading_mails_nobody_and_loading_again_changes_no_row_of_any_table(demo: Demo) -> None:
    assert demo.mails == []  # the demo's comments, invitations and decisions are marked as already told

    def tellingen() -> dict[str, int]:
        # Not the history and the audit log: loading again saves the demo's regions, organisations, memberships and
        # indicators once more, and each save leaves a history row and an audit line (as any save does).
        return {
            m._meta.label: m._default_manager.count()
            for m in apps.get_models()
            if not m.__name__.startswith("Historical") and m._meta.label != "regio.Auditregel"
        }

    eerst = tellingen()
    plan = demoplan()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("demo_laden", stdout=io.StringIO())
    assert {k: v for k, v in tellingen().items() if v != eerst[k]} == {}
    herladen = demoplan()
    assert (herladen.versie, herladen.status) == (plan.versie, Status.INGEDIEND)
    assert mail.outbox == []


def test_the_demo_has_its_regions_gemeenten_made_up_organisations_and_one_open_invitation(demo: Demo) -> None:
    ozl = Regio.objects.get(slug="oostelijk-zuid-limburg")
    assert set(ozl.gemeenten.values_list("naam", flat=True)) == {
        "Heerlen",
        "Kerkrade",
        "Landgraaf",
        "Brunssum",
        "Simpelveld",
        "Voerendaal",
        "Beekdaelen",
    }
    assert all(o.is_demo and "(demo)" in o.naam for o in Organisatie.objects.all())
    # The zorggroep's manager has one open invitation to see; its made-up address is never mailed.
    (uitnodiging,) = Uitnodiging.objects.open()
    assert (uitnodiging.email, uitnodiging.uitgenodigd_door.email) == (
        DEMO_UITNODIGING,
        "bram@zorggroep-mijnstreek.test",
    )


def test_loading_keeps_the_one_koepel_group_with_the_same_permissions(demo: Demo) -> None:
    assert Group.objects.filter(name=KOEPELGROEP).count() == 1
    assert _rechten() == demo.koepelrechten
    koepel = Group.objects.get(name=KOEPELGROEP).user_set.get()
    assert koepel.is_staff


# --- two-factor ---------------------------------------------------------------------------------------------------


def test_koen_bram_and_daan_have_an_app_and_demo_code_prints_its_code(
    demo: Demo, capsys: pytest.CaptureFixture
) -> None:
    from regio.demo import DEMO_TOTP_SLEUTEL

    met_app = set(Authenticator.objects.filter(type=Authenticator.Type.TOTP).values_list("user__email", flat=True))
    assert met_app == {"koen@koepel.test", "bram@zorggroep-mijnstreek.test", "daan@zorgverzekeraar-zuid.test"}
    assert Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES).count() == 3
    capsys.readouterr()
    call_command("demo_code", "bram@zorggroep-mijnstreek.test")
    assert capsys.readouterr().out.strip() == totp_code(DEMO_TOTP_SLEUTEL)

    bram = Gebruiker.objects.get(email="bram@zorggroep-mijnstreek.test")
    client = Client()
    client.post(reverse("account_login"), {"login": bram.email, "password": "regio-demo-2026"})
    antwoord = client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SLEUTEL)})
    assert antwoord["Location"] == reverse("regio:mijn_regios")

    call_command("demo_code", "bram@zorggroep-mijnstreek.test", "--herstelcodes")
    assert len(capsys.readouterr().out.split()) == 10
    with pytest.raises(CommandError, match="geen tweestapsverificatie"):
        call_command("demo_code", "anna@zorggroep-mijnstreek.test")


# --- the regioplan ------------------------------------------------------------------------------------------------


def test_the_demo_shows_every_part_of_a_regioplan_and_both_parties_at_work(demo: Demo) -> None:
    plan = demoplan()
    assert "(demo)" in plan.titel and (plan.startjaar, plan.eindjaar) == (STARTJAAR, EINDJAAR) == (2026, 2029)

    delen = list(plan.delen.all())
    assert len(delen) == 4
    for deel in delen:
        assert "### " in deel.tekst and "Demo" in deel.tekst, deel.soort
        alineas = [a for a in deel.tekst.split("\n\n") if a.strip() and not a.startswith(("###", ">", "-", "1."))]
        assert 2 <= len(alineas) <= 4, deel.soort

    uitdagingen = list(plan.uitdagingen.all())
    assert all(u.duiding for u in uitdagingen)
    (niet,) = [u for u in uitdagingen if not u.opgenomen]
    assert niet.reden_niet and niet.prioriteit == len(uitdagingen)

    activiteiten = list(plan.activiteiten.select_related("doel", "verantwoordelijke").prefetch_related("meetpunten"))
    assert 6 <= len(activiteiten) <= 8
    assert {a.voortgang for a in activiteiten} >= {"gepland", "loopt", "afgerond", "uitgesteld"}
    assert len({a.verantwoordelijke for a in activiteiten}) >= 3
    for a in activiteiten:
        assert a.doel is not None and a.begroting is not None and a.begroting > 0, a.titel
        assert STARTJAAR <= a.start_jaar <= a.eind_jaar <= EINDJAAR, a.titel
        assert 1 <= len(a.meetpunten.all()) <= 3, a.titel
        for mp in a.meetpunten.all():
            assert mp.nulmeting is not None and mp.nulmeting_datum and mp.bron and mp.eigenaar_id, mp.omschrijving
            assert mp.streefdatum <= dt.date(EINDJAAR, 12, 31)

    grafiek = tijdpad_grafiek(activiteiten, startjaar=plan.startjaar, eindjaar=plan.eindjaar)
    assert grafiek is not None and len(grafiek.tabel_rijen) == len(activiteiten)

    # Both parties wrote in it: the plan's log says who, for which party.
    assert {w.namens.naam for w in wijzigingen.van(plan) if w.namens} >= {
        "Zorggroep Mijnstreek (demo)",
        "Zorgverzekeraar Zuid (demo)",
    }

    # A GP asks, the GP organisation answers, the insurer keeps a note to itself.
    vraag = Reactie.objects.get(regioplan=plan, auteur=persoon("carla"))
    assert vraag.activiteit is not None and vraag.intern_voor is None and "?" in vraag.tekst
    antwoord = Reactie.objects.get(regioplan=plan, antwoord_op=vraag)
    assert antwoord.auteur == persoon("anna") and antwoord.namens.naam == "Zorggroep Mijnstreek (demo)"
    notitie = Reactie.objects.get(regioplan=plan, auteur=persoon("daan"))
    assert notitie.intern_voor is not None and notitie.intern_voor.naam == "Zorgverzekeraar Zuid (demo)"
    assert notitie not in leesbare_reacties(PLANGESPREK, plan, persoon("carla"))
    assert notitie not in leesbare_reacties(PLANGESPREK, plan, persoon("anna"))
    assert notitie in leesbare_reacties(PLANGESPREK, plan, persoon("daan"))


def test_the_plan_waits_for_the_insurer_whose_purchaser_can_adopt_it(demo: Demo) -> None:
    plan = demoplan()
    assert plan.status == Status.INGEDIEND
    (goedkeuring,) = plan.goedkeuringen.all()
    assert goedkeuring.gebruiker == persoon("bram") and goedkeuring.versie == plan.versie
    assert goedkeuring.organisatie.naam == "Zorggroep Mijnstreek (demo)" and goedkeuring.ingetrokken_op is None
    assert mandaat_om_goed_te_keuren(plan, persoon("anna")) is None  # her demo mandate has run out

    services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=persoon("daan"))
    plan.refresh_from_db()
    assert plan.status == Status.VASTGESTELD


# --- the contracts ------------------------------------------------------------------------------------------------


def test_the_demo_contract_has_a_discussed_line_with_the_mention_shown(demo: Demo) -> None:
    from contracten.models import Reactie as Contractreactie

    vraag = Contractreactie.objects.get(antwoord_op=None, addendum=None)
    assert vraag.afspraak is not None and vraag.genoemd.get().email.startswith("anna@")
    assert vraag.antwoorden.count() == 1
    assert not Contractreactie.objects.filter(gemaild_op=None).exists()


def test_the_demo_contract_has_a_counter_proposed_line_and_was_signed_once_every_line_was_agreed(demo: Demo) -> None:
    from contracten.demo import ONDERHANDELD
    from contracten.models import Contract, Contractafspraak, Contractstatus, Regelvoorstel

    contract = Contract.objects.get(titel__contains="Jaarcontract")
    assert contract.status == Contractstatus.GETEKEND
    assert all(a.akkoord_van_beide for a in Contractafspraak.objects.filter(contract=contract))
    regel = Contractafspraak.objects.get(contract=contract, titel=ONDERHANDELD)
    spoor = list(Regelvoorstel.objects.filter(afspraak=regel).order_by("pk"))
    assert [(v.namens.naam, v.status, v.wijziging) for v in spoor] == [
        ("Zorgverzekeraar Zuid (demo)", "vervangen", {"bedrag_2026": "450000.00"}),
        ("Zorggroep Mijnstreek (demo)", "aanvaard", {"bedrag_2026": "480000.00"}),
    ]
    assert spoor[1].tegenvoorstel_op == spoor[0]
    assert regel.bedragen.get().bedrag == D("480000.00")


def test_the_demo_contract_has_one_signed_addendum_and_one_in_negotiation(demo: Demo) -> None:
    from contracten import addenda
    from contracten.demo import ADDENDUM_NIEUW
    from contracten.demo import TITEL as CONTRACT
    from contracten.models import Addendum, Addendumstatus, Contract

    contract = Contract.objects.get(titel=CONTRACT)
    eerste, tweede = Addendum.objects.filter(contract=contract).order_by("nummer")
    assert (eerste.status, tweede.status) == (Addendumstatus.GETEKEND, Addendumstatus.ONDERHANDELING)
    assert [o.organisatie.naam for o in tweede.ondertekeningen.filter(ingetrokken_op=None)] == [
        "Zorggroep Mijnstreek (demo)"
    ]
    ov = addenda.overzicht(contract)
    assert ov.geldend.eindjaar == contract.eindjaar + 1
    assert ADDENDUM_NIEUW in [r.titel for r in ov.geldend.regels.values()]
    # The addendum in negotiation indexes the POH line's last year by 3,1 %: 480.000 x 1,031 = 494.880.
    assert addenda.verschil_in_totaal(ov, tweede) == D("14880.00")
    # The insurer negotiates it: an open proposal on its line (2,8 %: 480.000 x 1,028 = 493.440) and a comment.
    (voorstel,) = tweede.voorstellen.filter(status="open")
    assert voorstel.namens.naam == "Zorgverzekeraar Zuid (demo)" and "493440.00" in str(voorstel.wijziging)
    assert tweede.reacties.filter(antwoord_op=None).count() == 1


def test_the_demos_signed_multi_year_contract_shows_2027_indexed_by_3_1_percent_confirmed_by_both(
    demo: Demo,
) -> None:
    from contracten import begroting, demo_jaarcyclus, jaarcyclus, selectors
    from contracten.financiering import jaartotalen
    from contracten.models import Contract, Contractstatus, Geldsoort

    contract = Contract.objects.get(titel=demo_jaarcyclus.TITEL)
    assert contract.status == Contractstatus.GETEKEND and contract.is_meerjarig
    standen = jaarcyclus.jaarstanden(contract)
    assert standen[2027].bevestigd and standen[2027].procent == D("3.1")
    assert not standen[2026].afspraak
    assert set(contract.afspraken.values_list("geldsoort", flat=True)) == {Geldsoort.STRUCTUREEL, Geldsoort.PROJECT}
    _2026, t2027 = jaartotalen(
        jaarcyclus.jaarbedragen(selectors.afspraken(contract)), jaarcyclus.bevestigde_procenten(standen), [2026, 2027]
    )
    # 150,000.00 x 3.1 % on the indexed structural line; the project line (60,000.00) is not indexed.
    assert (t2027.indexatie, t2027.totaal, t2027.project) == (D("4650.00"), D("214650.00"), D("60000.00"))
    # The scholing activity of 2027 is in the plan and funded by no line: flagged.
    vergelijking = begroting.per_jaar(contract, jaarcyclus.bevestigde_procenten(standen))[2027]
    assert [r.titel for r in vergelijking.niet_gefinancierd] == [demo_jaarcyclus.SCHOLING.titel]


def test_the_demo_contract_has_made_dates_a_confirmed_import_and_a_dispute(demo: Demo) -> None:
    from contracten.demo import TITEL as CONTRACT
    from contracten.demo_monitoring import BESTAND, PEILDATUM
    from contracten.models import Bevestiging, Meetresultaat, Rapportagemoment, Resultaatimport

    momenten = Rapportagemoment.objects.filter(contract__titel=CONTRACT)
    # Made from the points' frequencies when both signed: the year's report, due after the year.
    assert momenten.filter(uiterlijk=dt.date(2027, 1, 31)).exists()
    imp = Resultaatimport.objects.get(contract__titel=CONTRACT, bestandsnaam=BESTAND)
    assert imp.status == "opgeslagen" and imp.aantal_opgeslagen == 1
    resultaten = Meetresultaat.objects.filter(contract__titel=CONTRACT, peildatum=PEILDATUM).select_related(
        "vastgelegd_door", "beoordeeld_door"
    )
    staat = {
        (r.vastgelegd_door.email.split("@")[0], r.bevestiging, r.beoordeeld_door.email.split("@")[0])
        for r in resultaten
        if r.beoordeeld_door
    }
    assert ("daan", Bevestiging.BEVESTIGD, "anna") in staat
    assert ("anna", Bevestiging.BETWIST, "daan") in staat
