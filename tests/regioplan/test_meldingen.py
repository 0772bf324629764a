"""Comments on the regioplan, internal notes, and the e-mails about them (sent once, after commit, or by the relay)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from regio import tasks as regio_tasks
from regio.gesprekken import meldingen as gesprekmeldingen
from regio.gesprekken.draden import leesbare_reacties
from regioplan import services, tasks
from regioplan.gesprek import PLANGESPREK
from regioplan.models import Goedkeuring, Plandeel, Plandeelsoort, Reactie, Regioplan
from regioplan.voorstellen import voorstel_beslissen
from tests.personas import Wereld
from tests.regioplan.werelden import (
    activiteit_maken,
    actueel,
    indienen,
    mandaat_voor_verzekeraar,
    plan_maken,
    voorstel_van_de_ander,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(wereld: Wereld) -> Regioplan:
    return plan_maken(wereld)


def _deel(plan: Regioplan, soort: str = Plandeelsoort.MISSIE_VISIE) -> Plandeel:
    return Plandeel.objects.get(regioplan=plan, soort=soort)


def _ontvangers(mailoutbox: list[Any]) -> list[str]:
    return sorted(adres for bericht in mailoutbox for adres in bericht.to)


# --- who may comment -------------------------------------------------------------------------------


def test_a_gp_of_a_participating_practice_can_comment_on_a_part(wereld: Wereld, plan: Regioplan) -> None:
    reactie = services.reactie_plaatsen(
        regioplan=plan, plandeel=_deel(plan), tekst="  Mooi plan, maar wie betaalt?  ", acting_user=wereld.lezer
    )
    assert reactie.namens == wereld.praktijk
    assert reactie.auteur == wereld.lezer
    assert reactie.tekst == "Mooi plan, maar wie betaalt?"
    assert reactie.intern_voor is None
    assert reactie.gemaild_op is None  # the e-mail goes out after commit, not before


def test_commenting_does_not_change_the_plan_or_withdraw_approvals(wereld: Wereld, plan: Regioplan) -> None:
    versie = actueel(plan).versie
    services.reactie_plaatsen(regioplan=plan, tekst="Eens.", acting_user=wereld.zorginkoper)
    assert actueel(plan).versie == versie


@pytest.mark.parametrize("persona", ["koepel", "buitenstaander"])
def test_koepel_staff_and_outsiders_cannot_comment(wereld: Wereld, plan: Regioplan, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        services.reactie_plaatsen(regioplan=plan, tekst="Ook een mening", acting_user=getattr(wereld, persona))
    assert not Reactie.objects.exists()


def test_an_empty_comment_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    with pytest.raises(ValidationError):
        services.reactie_plaatsen(regioplan=plan, tekst=" \n ", acting_user=wereld.bewerker)


def test_an_internal_note_is_written_for_the_authors_own_party(wereld: Wereld, plan: Regioplan) -> None:
    notitie = services.reactie_plaatsen(
        regioplan=plan, tekst="Onder ons: te duur.", intern_voor=wereld.zorggroep, acting_user=wereld.bewerker
    )
    assert notitie.intern_voor == wereld.zorggroep
    assert notitie.namens == wereld.zorggroep


def test_an_internal_note_for_another_party_than_ones_own_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    with pytest.raises(PermissionDenied):
        services.reactie_plaatsen(
            regioplan=plan, tekst="Namens de verzekeraar", intern_voor=wereld.verzekeraar, acting_user=wereld.bewerker
        )
    assert not Reactie.objects.exists()


def test_a_reply_belongs_to_the_thread_it_answers(wereld: Wereld, plan: Regioplan) -> None:
    activiteit = activiteit_maken(wereld, plan)
    vraag = services.reactie_plaatsen(
        regioplan=plan, activiteit=activiteit, tekst="Waarom dit kwartaal?", acting_user=wereld.zorginkoper
    )
    antwoord = services.reactie_plaatsen(
        regioplan=plan,
        antwoord_op=vraag,
        plandeel=_deel(plan),  # the reply's own subject is ignored: it answers the question
        tekst="Omdat de POH dan begint.",
        acting_user=wereld.bewerker,
    )
    assert antwoord.antwoord_op == vraag
    assert antwoord.activiteit == activiteit and antwoord.plandeel is None
    assert antwoord.intern_voor is None
    # A reply to the reply still hangs under the thread's first comment.
    derde = services.reactie_plaatsen(regioplan=plan, antwoord_op=antwoord, tekst="Helder.", acting_user=wereld.lezer)
    assert derde.antwoord_op == vraag
    assert derde.activiteit == activiteit


def test_a_reply_to_an_internal_note_stays_internal(wereld: Wereld, plan: Regioplan) -> None:
    notitie = services.reactie_plaatsen(
        regioplan=plan,
        plandeel=_deel(plan),
        tekst="Onder ons: te duur.",
        intern_voor=wereld.zorggroep,
        acting_user=wereld.bewerker,
    )
    antwoord = services.reactie_plaatsen(
        regioplan=plan, antwoord_op=notitie, tekst="Klopt.", acting_user=wereld.beheerder
    )
    assert antwoord.intern_voor == wereld.zorggroep
    assert antwoord.plandeel == _deel(plan)
    assert antwoord.namens == wereld.zorggroep


def test_another_party_cannot_reply_inside_an_internal_note(wereld: Wereld, plan: Regioplan) -> None:
    notitie = services.reactie_plaatsen(
        regioplan=plan, tekst="Onder ons: te duur.", intern_voor=wereld.zorggroep, acting_user=wereld.bewerker
    )
    with pytest.raises(PermissionDenied):
        services.reactie_plaatsen(
            regioplan=plan, antwoord_op=notitie, tekst="Ik lees mee", acting_user=wereld.zorginkoper
        )
    assert Reactie.objects.count() == 1


def test_a_reply_to_a_comment_on_another_plan_is_refused(wereld: Wereld, plan: Regioplan) -> None:
    ander_plan = services.regioplan_aanmaken(
        regio=wereld.regio,
        regiobeeld=plan.regiobeeld,
        titel="Ander plan",
        startjaar=plan.startjaar,
        eindjaar=plan.eindjaar,
        acting_user=wereld.bewerker,
    )
    elders = services.reactie_plaatsen(
        regioplan=ander_plan, plandeel=_deel(ander_plan), tekst="Elders", acting_user=wereld.bewerker
    )
    with pytest.raises(ValidationError):
        services.reactie_plaatsen(regioplan=plan, antwoord_op=elders, tekst="Hier?", acting_user=wereld.zorginkoper)
    with pytest.raises(ValidationError):
        services.reactie_plaatsen(
            regioplan=plan, plandeel=_deel(ander_plan), tekst="Verkeerd deel", acting_user=wereld.zorginkoper
        )
    assert Reactie.objects.filter(regioplan=plan).count() == 0


def test_resolving_a_reply_marks_the_threads_first_comment(wereld: Wereld, plan: Regioplan) -> None:
    vraag = services.reactie_plaatsen(regioplan=plan, tekst="Klopt dit getal?", acting_user=wereld.zorginkoper)
    antwoord = services.reactie_plaatsen(regioplan=plan, antwoord_op=vraag, tekst="Ja.", acting_user=wereld.bewerker)

    hoofd = services.reactie_oplossen(reactie=antwoord, opgelost=True, acting_user=wereld.zorginkoper)

    assert hoofd == vraag
    vraag.refresh_from_db()
    antwoord.refresh_from_db()
    assert vraag.opgelost_op is not None and vraag.opgelost_door == wereld.zorginkoper
    assert antwoord.opgelost_op is None

    services.reactie_oplossen(reactie=vraag, opgelost=False, acting_user=wereld.bewerker)
    vraag.refresh_from_db()
    assert vraag.opgelost_op is None and vraag.opgelost_door is None


# --- who reads what --------------------------------------------------------------------------------


def test_another_partys_internal_notes_are_hidden_from_the_reader(wereld: Wereld, plan: Regioplan) -> None:
    open_reactie = services.reactie_plaatsen(regioplan=plan, tekst="Voor iedereen", acting_user=wereld.bewerker)
    eigen = services.reactie_plaatsen(
        regioplan=plan, tekst="Zorggroep intern", intern_voor=wereld.zorggroep, acting_user=wereld.bewerker
    )
    van_verzekeraar = services.reactie_plaatsen(
        regioplan=plan, tekst="Verzekeraar intern", intern_voor=wereld.verzekeraar, acting_user=wereld.zorginkoper
    )

    assert set(leesbare_reacties(PLANGESPREK, plan, wereld.beheerder)) == {open_reactie, eigen}
    assert set(leesbare_reacties(PLANGESPREK, plan, wereld.zorginkoper)) == {open_reactie, van_verzekeraar}
    assert set(leesbare_reacties(PLANGESPREK, plan, wereld.lezer)) == {open_reactie}
    assert set(leesbare_reacties(PLANGESPREK, plan, wereld.koepel)) == {open_reactie}


# --- e-mail about comments -----------------------------------------------------------------------


def test_mentioned_people_and_the_other_contracting_partys_editors_get_mail_after_commit(
    wereld: Wereld, plan: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        reactie = services.reactie_plaatsen(
            regioplan=plan,
            plandeel=_deel(plan, Plandeelsoort.ICT_VISIE),
            tekst="Carla, klopt dit voor jullie HIS?",
            genoemd=[wereld.lezer],
            acting_user=wereld.bewerker,
        )
        assert mailoutbox == []  # not before the comment is committed
    # Carla because she is named; Daan edits for the other contracting party. Not Anna herself, not her
    # own party's beheerder, not the second insurer (it takes part, but does not contract).
    assert _ontvangers(mailoutbox) == sorted([wereld.lezer.email, wereld.zorginkoper.email])
    assert "Anna Bewerker" in mailoutbox[0].subject
    assert "Carla, klopt dit voor jullie HIS?" in mailoutbox[0].body
    assert "ICT-visie" in mailoutbox[0].body
    assert f"#reactie-{reactie.pk}" in mailoutbox[0].body
    reactie.refresh_from_db()
    assert reactie.gemaild_op is not None


def test_a_comment_of_a_practice_reaches_the_editors_of_both_contracting_parties(
    wereld: Wereld, plan: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.reactie_plaatsen(regioplan=plan, tekst="Wij doen mee.", acting_user=wereld.lezer)
    zorggroep = [wereld.bewerker.email, wereld.oud_gemandateerde.email, wereld.beheerder.email]
    assert _ontvangers(mailoutbox) == sorted([*zorggroep, wereld.zorginkoper.email])


def test_an_internal_note_is_mailed_only_to_members_of_its_party(
    wereld: Wereld, plan: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.reactie_plaatsen(
            regioplan=plan,
            tekst="Bram, gaan we hiermee akkoord?",
            intern_voor=wereld.zorggroep,
            genoemd=[wereld.beheerder],
            acting_user=wereld.bewerker,
        )
    assert _ontvangers(mailoutbox) == [wereld.beheerder.email]
    assert "interne notitie" in mailoutbox[0].subject


@pytest.mark.parametrize("persona", ["zorginkoper", "lezer"])
def test_mentioning_someone_outside_ones_party_in_an_internal_note_is_refused(
    wereld: Wereld, plan: Regioplan, persona: str
) -> None:
    with pytest.raises(ValidationError) as fout:
        services.reactie_plaatsen(
            regioplan=plan,
            tekst="Mag de ander dit zien?",
            intern_voor=wereld.zorggroep,
            genoemd=[getattr(wereld, persona)],
            acting_user=wereld.bewerker,
        )
    assert "alleen mensen noemen die deze reactie mogen lezen" in str(fout.value)
    assert not Reactie.objects.exists()


def test_the_author_never_gets_mail_about_their_own_comment(
    wereld: Wereld, plan: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.reactie_plaatsen(
            regioplan=plan, tekst="Notitie aan mezelf", genoemd=[wereld.zorginkoper], acting_user=wereld.zorginkoper
        )
    assert wereld.zorginkoper.email not in _ontvangers(mailoutbox)
    assert _ontvangers(mailoutbox) == sorted(
        [wereld.bewerker.email, wereld.oud_gemandateerde.email, wereld.beheerder.email]
    )


@pytest.mark.parametrize("persona", ["buitenstaander", "koepel"])
def test_mentioning_a_person_outside_the_regions_parties_is_refused_and_nobody_is_mailed(
    wereld: Wereld, plan: Regioplan, persona: str, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.reactie_plaatsen(
            regioplan=plan,
            tekst="Kijk eens mee",
            genoemd=[getattr(wereld, persona)],
            acting_user=wereld.zorginkoper,
        )
    assert mailoutbox == []
    assert not Reactie.objects.exists()


def test_running_the_mail_job_twice_sends_once(
    wereld: Wereld, plan: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        reactie = services.reactie_plaatsen(regioplan=plan, tekst="Eén keer graag", acting_user=wereld.zorginkoper)
    aantal = len(mailoutbox)
    assert aantal == 3  # the zorggroep's three editors
    assert gesprekmeldingen.reactie_mailen("regioplan.Reactie", reactie.pk) == 0
    assert regio_tasks.reactie_mailen.delay("regioplan.Reactie", reactie.pk).get() == 0
    assert len(mailoutbox) == aantal


def test_a_comment_nobody_needs_to_hear_about_is_still_marked_done(
    wereld: Wereld, plan: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notitie = services.reactie_plaatsen(
            regioplan=plan, tekst="Alleen voor mij", intern_voor=wereld.praktijk, acting_user=wereld.lezer
        )
    assert mailoutbox == []
    notitie.refresh_from_db()
    assert notitie.gemaild_op is not None  # so the relay does not pick it up again and again


# --- the relay, when the broker was down ----------------------------------------------------------


def _broker_weg(taak: Any) -> Any:
    return mock.patch.object(taak, "delay", side_effect=ConnectionRefusedError("broker down"))


def _ouder_maken(**kwargs: Any) -> None:
    drie_minuten_terug = timezone.now() - dt.timedelta(minutes=3)
    Reactie.objects.filter(**kwargs).update(geplaatst_op=drie_minuten_terug)


def test_a_comment_posted_while_the_broker_is_down_is_mailed_by_the_relay(
    wereld: Wereld, plan: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with _broker_weg(regio_tasks.reactie_mailen), django_capture_on_commit_callbacks(execute=True):
        reactie = services.reactie_plaatsen(regioplan=plan, tekst="Tijdens de storing", acting_user=wereld.zorginkoper)
    assert mailoutbox == []
    reactie.refresh_from_db()
    assert reactie.gemaild_op is None  # nothing lost: the row waits for the relay

    # Too fresh for the relay: the normal task may still be on its way.
    assert gesprekmeldingen.wachtende_reacties(dt.timedelta(minutes=2)) == []
    assert regio_tasks.wachtende_reacties_versturen.delay().get() == 0
    assert mailoutbox == []

    _ouder_maken(pk=reactie.pk)
    assert gesprekmeldingen.wachtende_reacties(dt.timedelta(minutes=2)) == [("regioplan.Reactie", reactie.pk)]
    assert regio_tasks.wachtende_reacties_versturen.delay().get() == 1
    assert _ontvangers(mailoutbox) == sorted(
        [wereld.bewerker.email, wereld.oud_gemandateerde.email, wereld.beheerder.email]
    )
    reactie.refresh_from_db()
    assert reactie.gemaild_op is not None

    # The next round finds nothing left to send.
    assert regio_tasks.wachtende_reacties_versturen.delay().get() == 0
    assert len(mailoutbox) == 3


def test_the_relay_picks_up_comments_once_the_clock_has_moved_on(
    wereld: Wereld, plan: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with _broker_weg(regio_tasks.reactie_mailen), django_capture_on_commit_callbacks(execute=True):
        reactie = services.reactie_plaatsen(regioplan=plan, tekst="Tijdens de storing", acting_user=wereld.lezer)
    straks = timezone.now() + dt.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=straks):
        assert gesprekmeldingen.wachtende_reacties(dt.timedelta(minutes=2)) == [("regioplan.Reactie", reactie.pk)]
        assert regio_tasks.wachtende_reacties_versturen.delay().get() == 1
    assert len(mailoutbox) == 4  # the editors of both contracting parties


def test_a_withdrawal_while_the_broker_is_down_is_mailed_by_the_relay(
    wereld: Wereld, plan: Regioplan, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    mandaat_voor_verzekeraar(wereld)
    plan = indienen(wereld, plan)
    gegeven = services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.zorginkoper)
    deel = _deel(plan)
    voorstel = voorstel_van_de_ander(wereld, deel, "Anders", aanvaarder=wereld.bewerker)
    with _broker_weg(tasks.intrekking_mailen), django_capture_on_commit_callbacks(execute=True):
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.bewerker)
    assert mailoutbox == []
    gegeven.refresh_from_db()
    assert gegeven.ingetrokken_op is not None and gegeven.intrekking_gemeld_op is None

    Goedkeuring.objects.filter(pk=gegeven.pk).update(ingetrokken_op=timezone.now() - dt.timedelta(minutes=3))
    assert tasks.wachtende_meldingen_versturen.delay().get() == 1
    assert _ontvangers(mailoutbox) == [wereld.zorginkoper.email]
    assert tasks.wachtende_meldingen_versturen.delay().get() == 0
    assert len(mailoutbox) == 1


def test_a_reply_reaches_whoever_wrote_in_the_thread_before(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    plan = plan_maken(wereld)
    deel = plan.delen.get(soort="governance")
    with django_capture_on_commit_callbacks(execute=True):
        vraag = services.reactie_plaatsen(regioplan=plan, tekst="Vraag", plandeel=deel, acting_user=wereld.lezer)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reactie_plaatsen(regioplan=plan, tekst="Antwoord", antwoord_op=vraag, acting_user=wereld.bewerker)
    assert "carla@praktijk.test" in {adres for bericht in mailoutbox for adres in bericht.to}


def test_who_withdraws_their_own_approval_by_editing_gets_no_mail_about_it(
    wereld: Wereld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    plan = plan_maken(wereld)
    plan = indienen(wereld, plan)
    services.regioplan_goedkeuren(regioplan=plan, gelezen_versie=plan.versie, acting_user=wereld.beheerder)
    deel = plan.delen.get(soort="ict-visie")
    voorstel = voorstel_van_de_ander(wereld, deel, "Nog iets", aanvaarder=wereld.beheerder)
    with django_capture_on_commit_callbacks(execute=True):
        voorstel_beslissen(voorstel=voorstel, aanvaard=True, toelichting="", acting_user=wereld.beheerder)
    assert mailoutbox == []
    goedkeuring = plan.goedkeuringen.get()
    assert goedkeuring.ingetrokken_op is not None and goedkeuring.intrekking_gemeld_op is not None
