"""The demo regioplan: loaded through the services, once; a visitor sees a submitted plan with one approval."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from regio import wijzigingen
from regio.gesprekken.draden import leesbare_reacties
from regio.models import Documentwijziging, Gebruiker, Mandaat
from regioplan import services
from regioplan.access import mandaat_om_goed_te_keuren
from regioplan.demo import EINDJAAR, STARTJAAR, TITEL
from regioplan.gesprek import PLANGESPREK
from regioplan.models import (
    Activiteit,
    Goedkeuring,
    Meetpunt,
    Plandeel,
    PlanUitdaging,
    Reactie,
    Regioplan,
    Status,
)
from regioplan.tijdpad import tijdpad_grafiek

pytestmark = pytest.mark.django_db

MODELLEN = (Regioplan, Plandeel, PlanUitdaging, Activiteit, Meetpunt, Reactie, Goedkeuring, Documentwijziging, Mandaat)


def persoon(voornaam: str) -> Gebruiker:
    return Gebruiker.objects.get(email__startswith=f"{voornaam}@")


def demoplan() -> Regioplan:
    return Regioplan.objects.get(regio__slug="oostelijk-zuid-limburg", titel=TITEL)


def test_the_demo_plan_loads_once_mails_nobody_and_rerunning_changes_nothing(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_laden")
    assert mail.outbox == []  # the demo's comments are marked as already sent

    def tellingen() -> tuple[int, ...]:
        return tuple(m.objects.count() for m in MODELLEN)

    eerst = tellingen()
    plan = demoplan()
    versie = plan.versie
    call_command("demo_laden")
    assert tellingen() == eerst
    plan.refresh_from_db()
    assert plan.versie == versie and plan.status == Status.INGEDIEND


def test_the_demo_shows_every_part_of_a_regioplan_and_both_parties_at_work() -> None:
    call_command("demo_laden")
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


def test_the_plan_waits_for_the_insurer_whose_purchaser_can_adopt_it() -> None:
    call_command("demo_laden")
    plan = demoplan()
    assert plan.status == Status.INGEDIEND
    (goedkeuring,) = plan.goedkeuringen.all()
    assert goedkeuring.gebruiker == persoon("bram") and goedkeuring.versie == plan.versie
    assert goedkeuring.organisatie.naam == "Zorggroep Mijnstreek (demo)" and goedkeuring.ingetrokken_op is None
    assert mandaat_om_goed_te_keuren(plan, persoon("anna")) is None  # her demo mandate has run out

    services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=persoon("daan"))
    plan.refresh_from_db()
    assert plan.status == Status.VASTGESTELD
