"""No silent withdrawals on the regiobeeld: the edit forms say whose agreement a save withdraws, the people whose
agreement lapsed are mailed once after commit, anyone can see what changed since an agreement, and each part has
a history with differences and restore."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from regio import wijzigingen
from regiobeeld import selectors, services, tasks
from regiobeeld.models import Akkoord, Deel, Regiobeeld, Uitdaging
from tests.matrix import ingelogd
from tests.personas import Wereld
from tests.regiobeeld.werelden import akkoordmandaten

pytestmark = pytest.mark.django_db


@pytest.fixture
def rb(wereld: Wereld) -> Regiobeeld:
    akkoordmandaten(wereld)
    return services.regiobeeld_aanmaken(regio=wereld.regio, jaar=2026, acting_user=wereld.bewerker)


def _url(rb: Regiobeeld, naam: str, *args: object) -> str:
    return reverse(f"regiobeeld:{naam}", args=[rb.regio.slug, rb.jaar, *args])


def _deel(rb: Regiobeeld, soort: str = "trends") -> Deel:
    return Deel.objects.get(regiobeeld=rb, soort=soort)


def _schrijven(rb: Regiobeeld, tekst: str, door: Any, soort: str = "trends") -> None:
    deel = _deel(rb, soort)
    services.deel_opslaan(deel=deel, gelezen_versie=deel.versie, duiding=tekst, acting_user=door)


def _akkoord(rb: Regiobeeld, door: Any) -> Akkoord:
    return services.akkoord_geven(regiobeeld=Regiobeeld.objects.get(pk=rb.pk), acting_user=door)


# --- who a save would withdraw ---------------------------------------------------------------------------------


def test_the_selector_names_the_agreements_that_stand_and_nothing_once_a_change_withdrew_them(
    wereld: Wereld, rb: Regiobeeld
) -> None:
    assert not selectors.zou_intrekken(rb)
    bram = _akkoord(rb, wereld.beheerder)
    daan = _akkoord(rb, wereld.zorginkoper)
    intrekking = selectors.zou_intrekken(rb)
    assert intrekking.staand == [daan, bram]  # by party name: Verzekeraar Zuid, Zorggroep Eigen
    assert str(intrekking.wat) == "het akkoord"
    _schrijven(rb, "Meer zorg thuis.", wereld.bewerker)
    assert not selectors.zou_intrekken(rb)
    assert Akkoord.objects.filter(ingetrokken_op__isnull=True).count() == 0
    assert "Meer zorg thuis" not in Akkoord.objects.get(pk=bram.pk).ingetrokken_omdat
    assert "Trends in het zorglandschap" in Akkoord.objects.get(pk=bram.pk).ingetrokken_omdat


def test_the_part_and_challenge_forms_say_whose_agreement_saving_withdraws_and_saving_still_works(
    wereld: Wereld, rb: Regiobeeld
) -> None:
    services.uitdaging_opslaan(uitdaging=Uitdaging(regiobeeld=rb, titel="Vergrijzing"), acting_user=wereld.bewerker)
    akkoord = _akkoord(rb, wereld.beheerder)
    op = timezone.localtime(akkoord.gegeven_op)
    verwacht = f"Opslaan trekt het akkoord in van Zorggroep Eigen (Bram Beheerder, {op.day} "
    anna = ingelogd(wereld.bewerker)
    uitdaging = rb.uitdagingen.get()
    formulieren = ("deel_bewerken", "trends"), ("uitdaging_nieuw",), ("uitdaging_bewerken", uitdaging.pk)
    for url in (_url(rb, *f) for f in formulieren):
        html = anna.get(url).content.decode()
        assert verwacht in html, url
        # Beside the save button: the warning comes right before it.
        opslaan = re.search(r">\s*Opslaan\s*</button>", html)
        assert opslaan is not None and html.index(verwacht) < opslaan.start(), url
    antwoord = anna.post(_url(rb, "deel_bewerken", "trends"), {"duiding": "Nieuw", "versie": _deel(rb).versie})
    assert antwoord.status_code == 302
    assert _deel(rb).duiding == "Nieuw"
    assert "Opslaan trekt" not in anna.get(_url(rb, "deel_bewerken", "trends")).content.decode()


def test_without_a_standing_agreement_the_forms_warn_of_nothing(wereld: Wereld, rb: Regiobeeld) -> None:
    html = ingelogd(wereld.bewerker).get(_url(rb, "deel_bewerken", "trends")).content.decode()
    assert "Opslaan trekt" not in html


# --- the e-mail ---------------------------------------------------------------------------------------------------


def test_those_whose_agreement_lapsed_are_mailed_once_after_commit_but_not_the_person_who_changed_it(
    wereld: Wereld, rb: Regiobeeld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    bram = _akkoord(rb, wereld.beheerder)
    daan = _akkoord(rb, wereld.zorginkoper)
    with django_capture_on_commit_callbacks(execute=True):
        _schrijven(rb, "Daan schrijft.", wereld.zorginkoper)
        assert mailoutbox == []  # not before the change is committed
    assert [m.to for m in mailoutbox] == [[wereld.beheerder.email]]
    bericht = mailoutbox[0]
    assert "Uw akkoord met het regiobeeld 2026 van Eigen regio is ingetrokken" in bericht.subject
    assert "namens Zorggroep Eigen" in bericht.body
    assert "Trends in het zorglandschap" in bericht.body
    assert _url(rb, "sinds_akkoord", bram.pk) in bericht.body
    # Daan made the change himself: his agreement is withdrawn and marked told, without a mail.
    assert Akkoord.objects.get(pk=daan.pk).intrekking_gemeld_op is not None
    # A retried task sends nothing twice.
    assert tasks.intrekking_mailen.delay([bram.pk, daan.pk]).get() == 0
    assert len(mailoutbox) == 1


def test_the_relay_sends_the_mail_of_a_withdrawal_whose_task_never_ran(
    wereld: Wereld, rb: Regiobeeld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    bram = _akkoord(rb, wereld.beheerder)
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down: the task never went out
        _schrijven(rb, "Anna schrijft.", wereld.bewerker)
    assert mailoutbox == []
    assert tasks.wachtende_meldingen_versturen.delay().get() == 0  # too recent: its task may still be on its way
    Akkoord.objects.filter(pk=bram.pk).update(ingetrokken_op=timezone.now() - dt.timedelta(minutes=5))
    assert tasks.wachtende_meldingen_versturen.delay().get() == 1
    assert [m.to for m in mailoutbox] == [[wereld.beheerder.email]]
    assert tasks.wachtende_meldingen_versturen.delay().get() == 0


# --- what changed since the agreement ------------------------------------------------------------------------------


def test_anyone_who_reads_the_regiobeeld_sees_what_changed_since_an_agreement(wereld: Wereld, rb: Regiobeeld) -> None:
    _schrijven(rb, "De zorgvraag groeit snel.", wereld.bewerker, "zorgvraag")
    services.uitdaging_opslaan(uitdaging=Uitdaging(regiobeeld=rb, titel="Vergrijzing"), acting_user=wereld.bewerker)
    akkoord = _akkoord(rb, wereld.beheerder)
    _schrijven(rb, "De zorgvraag groeit langzaam.", wereld.zorginkoper, "zorgvraag")
    services.uitdaging_opslaan(uitdaging=Uitdaging(regiobeeld=rb, titel="Wachttijden"), acting_user=wereld.bewerker)
    services.uitdaging_verwijderen(uitdaging=rb.uitdagingen.get(titel="Vergrijzing"), acting_user=wereld.bewerker)

    detail = ingelogd(wereld.lezer).get(_url(rb, "detail")).content.decode()
    assert _url(rb, "sinds_akkoord", akkoord.pk) in detail
    html = ingelogd(wereld.lezer).get(_url(rb, "sinds_akkoord", akkoord.pk)).content.decode()
    assert "Wat is er veranderd sinds het akkoord van Zorggroep Eigen" in html
    # Marked by more than colour: struck through and underlined, with words for screen readers.
    assert '<del><span class="visueel-verborgen">[verwijderd:] </span>snel.</del>' in html
    assert '<ins><span class="visueel-verborgen">[toegevoegd:] </span>langzaam.</ins>' in html
    nieuw = html[html.index("Wachttijden") :]
    assert "nieuw" in nieuw[: nieuw.index("</li>")]
    weg = html[html.index("Vergrijzing") :]
    assert "vervallen" in weg[: weg.index("</li>")]


def test_nothing_changed_since_a_standing_agreement(wereld: Wereld, rb: Regiobeeld) -> None:
    _schrijven(rb, "Tekst.", wereld.bewerker)
    akkoord = _akkoord(rb, wereld.beheerder)
    html = ingelogd(wereld.bewerker).get(_url(rb, "sinds_akkoord", akkoord.pk)).content.decode()
    assert "Sindsdien is er niets veranderd" in html
    assert "<del>" not in html and "<ins>" not in html


# --- history, difference and restore of a part ------------------------------------------------------------------


def test_a_parts_history_lists_every_save_and_shows_the_difference_between_two(wereld: Wereld, rb: Regiobeeld) -> None:
    _schrijven(rb, "Eerste versie van de trends.", wereld.bewerker)
    _schrijven(rb, "Tweede versie van de trends.", wereld.zorginkoper)
    detail = ingelogd(wereld.lezer).get(_url(rb, "detail")).content.decode()
    assert _url(rb, "deel_historie", "trends") in detail
    html = ingelogd(wereld.lezer).get(_url(rb, "deel_historie", "trends")).content.decode()
    assert "Anna Bewerker" in html and "Daan Inkoper" in html
    assert "[verwijderd:] </span>Eerste</del>" in html and "[toegevoegd:] </span>Tweede</ins>" in html
    assert "Deze tekst terugzetten" not in html  # a reader cannot restore


def test_restoring_an_earlier_text_is_a_new_version_that_withdraws_agreement_and_is_recorded(
    wereld: Wereld, rb: Regiobeeld, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    _schrijven(rb, "Goede tekst.", wereld.bewerker)
    goed = _deel(rb).history.order_by("-history_date").first()
    _schrijven(rb, "Slechte tekst.", wereld.bewerker)
    akkoord = _akkoord(rb, wereld.zorginkoper)
    versie = Regiobeeld.objects.get(pk=rb.pk).versie
    anna = ingelogd(wereld.bewerker)
    assert "Deze tekst terugzetten" in anna.get(_url(rb, "deel_historie", "trends")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = anna.post(_url(rb, "deel_herstellen", "trends", goed.history_id))
    assert antwoord.status_code == 302
    assert _deel(rb).duiding == "Goede tekst."
    assert Regiobeeld.objects.get(pk=rb.pk).versie == versie + 1
    assert Akkoord.objects.get(pk=akkoord.pk).ingetrokken_op is not None
    assert [m.to for m in mailoutbox] == [[wereld.zorginkoper.email]]
    laatste = wijzigingen.van(Regiobeeld.objects.get(pk=rb.pk)).first()
    assert laatste is not None and "teruggezet" in laatste.wat and laatste.gebruiker == wereld.bewerker
    # The text that was there stays in the history.
    assert "Slechte tekst." in [h.duiding for h in _deel(rb).history.all()]


def test_a_reader_cannot_restore_and_an_unknown_version_changes_nothing(wereld: Wereld, rb: Regiobeeld) -> None:
    _schrijven(rb, "Tekst.", wereld.bewerker)
    eerste = _deel(rb).history.order_by("history_date").first()
    assert ingelogd(wereld.lezer).post(_url(rb, "deel_herstellen", "trends", eerste.history_id)).status_code == 403
    versie = Regiobeeld.objects.get(pk=rb.pk).versie
    antwoord = ingelogd(wereld.bewerker).post(_url(rb, "deel_herstellen", "trends", 999999), follow=True)
    assert "Die eerdere versie bestaat niet (meer)." in antwoord.content.decode()
    assert Regiobeeld.objects.get(pk=rb.pk).versie == versie
    assert _deel(rb).duiding == "Tekst."
